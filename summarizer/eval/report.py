"""Eval reports: predictions/<case>.json, report.json, report.md and a self-contained report.html."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.eval.runner import CaseResult, EvalRun
from summarizer.eval.scorers import match_parties, match_sources, term_scores
from summarizer.render import evidence_spans, highlight, to_json

# the headline figures, in the order reports show them
FIELDS = [
    ("validity", "validity"),
    ("parties_f1", "parties F1"),
    ("terms_f1", "terms F1"),
    ("terms_primary_recall", "primary terms recall"),
    ("sources_f1", "sources F1"),
    ("status", "status"),
    ("evidence", "evidence strength"),
    ("grounding", "grounding"),
]
# counts shown beside the figures: per case the count, overall and per group the total over cases
COUNTS = [("terms_unsupported", "unsupported terms")]
RUN_FIGURES = [
    ("tokens_in", "tokens in"),
    ("tokens_evaluated", "prompt tokens evaluated"),
    ("tokens_out", "tokens out"),
    ("attempts", "attempts"),
    ("seconds", "seconds"),
]


def report_dict(run: EvalRun) -> dict[str, Any]:
    """Everything per case and overall, plus what ran."""
    return {
        "run": run.info,
        "overall": run.overall,
        "groups": run.groups,
        "cases": [
            {"case": r.case.id, "group": r.case.group, "error": r.error, "scores": r.scores} for r in run.results
        ],
    }


def overall_value(figures: dict[str, Any], key: str) -> Any:
    """A figure of an aggregate: a count's total over cases, else the figure itself."""
    if key in dict(COUNTS):
        return figures.get(f"{key}_total")
    return figures.get(key)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"
    return str(value)


def to_markdown(run: EvalRun) -> str:
    """The tables: overall, then one row per case."""
    info, overall = run.info, run.overall
    lines = [
        f"# Eval report — {info['model']}",
        "",
        f"prompt `{info['prompt_template']}` ({info['prompt_hash']}) · schema {info['schema_version']} · "
        f"{info['cases']} cases · {info['date']} · {info['machine']}",
        "",
    ]
    groups = {f"{g} ({len([r for r in run.results if r.case.group == g])})": v for g, v in run.groups.items()}
    shown = groups if len(groups) > 1 else {}
    lines += ["| figure | overall | " + " | ".join(shown) + " |", "| --- " * (2 + len(shown)) + "|"]
    for key, label in FIELDS + COUNTS + RUN_FIGURES:
        cells = [_fmt(overall_value(overall, key))] + [_fmt(overall_value(v, key)) for v in shown.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    columns = FIELDS + COUNTS + RUN_FIGURES
    lines += ["", "| case | group | " + " | ".join(label for _, label in columns) + " | error |"]
    lines.append("| --- " * (len(columns) + 3) + "|")
    for r in run.results:
        cells = [_fmt(r.scores.get(key)) for key, _ in FIELDS if key != "validity"]
        cells.insert(0, _fmt(r.scores.get("valid")))
        cells += [_fmt(r.scores.get(key)) for key, _ in COUNTS + RUN_FIGURES]
        err = (r.error or {}).get("message", "")
        lines.append(f"| {r.case.id} | {r.case.group} | " + " | ".join(cells) + f" | {err} |")
    return "\n".join(lines) + "\n"


def _marks(result: CaseResult) -> dict[str, Any]:
    """Gold and predicted items, each marked matched or not (misses and false positives)."""
    gold, pred = result.case.gold, result.summary
    if pred is None:
        return {
            "parties": ([], [(p, False) for p in gold.parties]),
            "terms": ([], [(t, False) for t in gold.terms]),
            "sources": ([], [(s, False) for s in gold.sources]),
        }
    party_pairs = match_parties(pred.parties, gold.parties)
    term_pairs = term_scores(pred.terms, gold.terms, pred.parties, gold.parties, party_pairs).pairs
    source_pairs = match_sources(pred.sources, gold.sources)
    out = {}
    for name, pairs, p_items, g_items in (
        ("parties", party_pairs, pred.parties, gold.parties),
        ("terms", term_pairs, pred.terms, gold.terms),
        ("sources", source_pairs, pred.sources, gold.sources),
    ):
        hit_p, hit_g = {i for i, _ in pairs}, {j for _, j in pairs}
        out[name] = ([(x, i in hit_p) for i, x in enumerate(p_items)], [(x, j in hit_g) for j, x in enumerate(g_items)])
    return out


def to_html(run: EvalRun) -> str:
    """One self-contained page: overall scores, a bar per field, and every case."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.PackageLoader("summarizer", "templates"), autoescape=True)
    cases = []
    for r in run.results:
        article = r.case.article.text
        spans = evidence_spans(r.summary) if r.summary else []
        cases.append({"r": r, "marks": _marks(r), "article_html": Markup(highlight(article, spans))})
    bars = [(label, run.overall.get(key)) for key, label in FIELDS]
    return env.get_template("report.html.j2").render(
        run=run,
        info=run.info,
        overall=run.overall,
        bars=bars,
        cases=cases,
        fields=FIELDS,
        counts=COUNTS,
        run_figures=RUN_FIGURES,
        fmt=_fmt,
        overall_value=overall_value,
    )


def write_run(run: EvalRun, out: Path) -> None:
    """Write the run directory."""
    out = Path(out)
    (out / "predictions").mkdir(parents=True, exist_ok=True)
    for r in run.results:
        target = out / "predictions" / f"{r.case.id}.json"
        if r.summary is not None:
            target.write_text(to_json(r.summary), encoding="utf-8")
        else:
            target.write_text(json.dumps({"id": r.case.id, "error": r.error}, indent=2) + "\n", encoding="utf-8")
    (out / "report.json").write_text(json.dumps(report_dict(run), indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(to_markdown(run), encoding="utf-8")
    (out / "report.html").write_text(to_html(run), encoding="utf-8")
