"""Views of a Summary: JSON, Markdown, and HTML with the evidence highlighted in the article."""

from __future__ import annotations

import html
from functools import lru_cache

from summarizer.schema import Quote, Summary

FORMATS = ("json", "md", "html")


def to_json(summary: Summary) -> str:
    """The summary as indented JSON (the contract's shape)."""
    return summary.model_dump_json(indent=2) + "\n"


def to_markdown(summary: Summary) -> str:
    """A readable Markdown report."""
    lines = [f"# {summary.headline}", "", summary.summary, ""]
    facts = [f"**Status:** {summary.status}", f"**Evidence:** {summary.evidence_strength} — {summary.evidence_rationale}"]
    if summary.meta.deal_probability is not None:
        facts.append(f"**Deal reported:** probability {summary.meta.deal_probability:.2f} (read as a deal from "
                     f"{summary.meta.deal_threshold:.2f})")
    lines.append("  \n".join(facts))  # two spaces: a Markdown line break
    lines.append("")
    lines += ["## Parties", ""]
    for p in summary.parties:
        aka = f" (also: {', '.join(p.aliases)})" if p.aliases else ""
        lines.append(f"- **{p.name}**{aka} — {p.kind}")
    lines += ["", "## Terms", ""]
    if not summary.terms:
        lines.append("_No deal terms found._")
    for t in summary.terms:
        tag = "" if t.primary else " _(earlier or related deal)_"
        lines.append(f"- {t.giver} → {t.receiver}: {t.item} [{t.category}]{tag}{_md_quotes(t.evidence)}")
    lines += ["", "## Sources", ""]
    for s in summary.sources:
        record = "on the record" if s.on_record else "not on the record"
        aff = f", {s.affiliation}" if s.affiliation else ""
        lines.append(f"- {s.name}{aff} — {s.kind}, {record}{_md_quotes(s.evidence)}")
    m = summary.meta
    lines += [
        "",
        "---",
        f"_{m.model} · prompt {m.prompt_template} ({m.prompt_hash}) · schema {m.schema_version} · "
        f"{m.tokens_in} tokens in, {m.tokens_out} out · {m.attempts} attempt(s) · {m.seconds:.1f} s_",
        "",
    ]
    return "\n".join(lines)


def _md_quotes(quotes: list[Quote]) -> str:
    return "".join(f"\n  > {q.text} `[{q.start}:{q.end}]`" for q in quotes)


def evidence_spans(summary: Summary) -> list[tuple[Quote, str]]:
    """Every quote with the id of the field it supports, e.g. ``term-0``."""
    spans: list[tuple[Quote, str]] = []
    for kind, items in (("term", summary.terms), ("source", summary.sources), ("claim", summary.claims)):
        for i, item in enumerate(items):
            spans.extend((q, f"{kind}-{i}") for q in item.evidence)
    return spans


def highlight(article: str, spans: list[tuple[Quote, str]]) -> str:
    """HTML of the article with each span wrapped in a link to its field (overlaps are skipped)."""
    out: list[str] = []
    cursor = 0
    for quote, target in sorted(spans, key=lambda s: (s[0].start, -s[0].end)):
        if quote.start < cursor or article[quote.start : quote.end] != quote.text:
            continue
        out.append(html.escape(article[cursor : quote.start]))
        out.append(f'<a class="ev" href="#{target}" title="{target}"><mark>{html.escape(quote.text)}</mark></a>')
        cursor = quote.end
    out.append(html.escape(article[cursor:]))
    return "".join(out)


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer", "templates"), autoescape=jinja2.select_autoescape(["html", "j2"])
    )
    return env.get_template("summary.html.j2")


def to_html(summary: Summary, article: str) -> str:
    """One self-contained page: the fields, and the article with evidence highlighted."""
    from markupsafe import Markup

    return _template().render(s=summary, article_html=Markup(highlight(article, evidence_spans(summary))))


def render(summary: Summary, fmt: str, article: str) -> str:
    """Dispatch on ``fmt`` (json, md, html)."""
    if fmt == "json":
        return to_json(summary)
    if fmt == "md":
        return to_markdown(summary)
    if fmt == "html":
        return to_html(summary, article)
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
