"""Eval reports: predictions/<case>.json, report.json, report.md and a self-contained report.html."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.eval.runner import CaseResult, EvalRun
from summarizer.eval.scorers import match_parties, match_sources, term_scores
from summarizer.eval.views import (
    ALL_TEXTS,
    CONTENT_FIELDS,
    COUNTS,
    DETECTION_FIELDS,
    HEADLINE,
    RUN_FIGURES,
    figure,
    interval,
)
from summarizer.render import evidence_spans, highlight, to_json

# the per-case columns of the case table (a case has no detection figure: its gold and predicted deal instead)
CASE_FIELDS = [("valid", "valid"), *CONTENT_FIELDS, ("grounding", "grounding")]
# the columns of a per-family (``--by``) table
BY_FIELDS = [*DETECTION_FIELDS, *CONTENT_FIELDS]


def report_dict(run: EvalRun, by: list[str] | None = None) -> dict[str, Any]:
    """Everything per case and overall, plus what ran: deal detection, content figures on deal texts and every
    figure on all texts (``summarizer/eval/views.py``), each with a 95% interval (see ``intervals_method``), the
    same per group and per value of each ``by`` field of ``source.json``, and what kind of mistake each miss is
    (``summarizer/eval/error_classes.py``)."""
    from summarizer.eval.error_classes import report_section
    from summarizer.eval.runner import by_field
    from summarizer.eval.stats import LEVEL, RESAMPLES, SEED

    return {
        "run": run.info,
        "headline": "deal detection over all texts; content figures over the texts whose gold reports a deal "
        "(deal_texts); every figure over all texts beside them (all_texts)",
        "overall": run.overall,
        "groups": run.groups,
        "by": {name: by_field(run.results, name) for name in by or []},
        "intervals_method": (
            f"percentile bootstrap over cases: {RESAMPLES} resamples with replacement, seed {SEED}, level {LEVEL}; "
            "each resample recomputes the figure as the report does (the mean of per-case values; precision, "
            "recall and F1 of deal detection from the resampled 2x2 table)"
        ),
        "error_classes": report_section(run.results),
        "cases": [
            {"case": r.case.id, "group": r.case.group, "error": r.error, "scores": r.scores} for r in run.results
        ],
    }


def _confusion_lines(title: str, matrix: dict[str, dict[str, int]]) -> list[str]:
    predicted = sorted({p for row in matrix.values() for p in row})
    lines = ["", f"{title} (rows: gold, columns: predicted)", "", "| gold \\ predicted | " + " | ".join(predicted) + " |"]
    lines.append("| --- " * (len(predicted) + 1) + "|")
    for gold, row in matrix.items():
        lines.append(f"| {gold} | " + " | ".join(str(row.get(p, "")) for p in predicted) + " |")
    return lines


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"
    return str(value)


def _with_interval(value: Any, ci: list[float] | None) -> str:
    if ci is None or not isinstance(value, (int, float)):
        return _fmt(value)
    return f"{_fmt(value)} ({ci[0]:.2f}–{ci[1]:.2f})"


def cell(v: dict[str, Any], key: str, spans: bool = True) -> str:
    """One figure of a view with its interval (``spans``), as the tables print it."""
    return _with_interval(figure(v, key), interval(v, key) if spans else None)


def detection_table(v: dict[str, Any]) -> str:
    """The 2×2 table of deal detection, on one line."""
    d = v["detection"]
    return f"deal found in {d['tp']} of {d['tp'] + d['fn']} deal texts; {d['fp']} of {d['fp'] + d['tn']} no-deal texts read as a deal"


def detection_matrix(v: dict[str, Any]) -> list[str]:
    """The 2×2 table of deal detection as Markdown: gold rows, read columns."""
    d = v["detection"]
    return [
        "| gold \\ read | deal | no deal |",
        "| --- | --- | --- |",
        f"| deal | {d['tp']} | {d['fn']} |",
        f"| no deal | {d['fp']} | {d['tn']} |",
    ]


def views_table(views: dict[str, dict[str, Any]], keys: list[tuple[str, str]]) -> list[str]:
    """A Markdown table: a row per figure, a column per view."""
    lines = ["| figure | " + " | ".join(views) + " |", "| --- " * (1 + len(views)) + "|"]
    for key, label in keys:
        lines.append(f"| {label} | " + " | ".join(cell(v, key) for v in views.values()) + " |")
    return lines


def by_table(field: str, views: dict[str, dict[str, Any]]) -> list[str]:
    """A Markdown table: a row per value of ``field`` (its cases and deal texts), a column per figure."""
    lines = [
        f"| {field} | cases (deal) | " + " | ".join(label for _, label in BY_FIELDS) + " |",
        "| --- " * (2 + len(BY_FIELDS)) + "|",
    ]
    for value, v in views.items():
        cells = [cell(v, key) for key, _ in BY_FIELDS]
        lines.append(f"| {value} | {v['cases']} ({v['deal_cases']}) | " + " | ".join(cells) + " |")
    return lines


def column_views(run: EvalRun) -> dict[str, dict[str, Any]]:
    """Overall, then each group when there is more than one, named with their case counts."""
    out = {f"overall ({run.overall['cases']}; {run.overall['deal_cases']} deal)": run.overall}
    if len(run.groups) > 1:
        out.update({f"{g} ({v['cases']}; {v['deal_cases']} deal)": v for g, v in run.groups.items()})
    return out


def to_markdown(run: EvalRun, report: dict[str, Any] | None = None) -> str:
    """The tables: the headline (deal detection, content figures on deal texts, machinery on all texts), the
    content figures on all texts, the per-field tables, mistakes, then one row per case; ``report`` is the run's
    :func:`report_dict` when the caller has it already."""
    info = run.info
    report = report or report_dict(run)
    columns = column_views(run)
    lines = [
        f"# Eval report — {info['model']}",
        "",
        f"prompt `{info['prompt_template']}` ({info['prompt_hash']}) · schema {info['schema_version']} · "
        f"{info['cases']} cases · {info['date']} · {info['machine']}",
        "",
        "Deal detection is over all texts; the content figures are over the texts whose gold reports a deal (a "
        "reading that says nothing scores full marks on a no-deal text); validity, grounding, counts and run "
        "figures are over all texts. Each mean figure carries a 95% bootstrap interval over cases (report.json: "
        "`intervals_method`).",
        "",
        *views_table(columns, [*HEADLINE, *COUNTS, *RUN_FIGURES]),
        "",
        "Deal detection over all cases (rows: gold, columns: what the reading says):",
        "",
        *detection_matrix(run.overall),
        "",
        *[f"- {name}: {detection_table(v)}" for name, v in columns.items()],
        "",
        "Content figures over all texts (no-deal texts included):",
        "",
        *views_table(columns, [(ALL_TEXTS + key, label) for key, label in CONTENT_FIELDS]),
    ]
    for field, views in report.get("by", {}).items():
        lines += ["", f"By {field} (content figures on deal texts):", "", *by_table(field, views)]
    classes = report["error_classes"]
    lines += ["", "Kinds of mistakes over all cases (summarizer/eval/error_classes.py):", ""]
    for field, counts in classes["totals"].items():
        lines.append(f"- {field}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    lines += _confusion_lines("Status", classes["status_confusion"])
    lines += _confusion_lines("Evidence strength", classes["evidence_confusion"])
    case_columns = [("gold_deal", "gold deal"), ("pred_deal", "deal read"), *CASE_FIELDS, *COUNTS, *RUN_FIGURES]
    lines += ["", "| case | group | " + " | ".join(label for _, label in case_columns) + " | error |"]
    lines.append("| --- " * (len(case_columns) + 3) + "|")
    for r in run.results:
        cells = [_fmt(r.scores.get(key)) for key, _ in case_columns]
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


def to_html(run: EvalRun, report: dict[str, Any] | None = None) -> str:
    """One self-contained page: overall scores, a bar per field, and every case; ``report`` as for
    :func:`to_markdown`."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.PackageLoader("summarizer", "templates"), autoescape=True)
    cases = []
    for r in run.results:
        article = r.case.article.text
        spans = evidence_spans(r.summary) if r.summary else []
        cases.append({"r": r, "marks": _marks(r), "article_html": Markup(highlight(article, spans))})
    report = report or report_dict(run)
    bars = [(label, figure(run.overall, key), interval(run.overall, key)) for key, label in HEADLINE]
    return env.get_template("report.html.j2").render(
        classes=report["error_classes"],
        info=run.info,
        bars=bars,
        cases=cases,
        columns=column_views(run),
        headline=[*HEADLINE, *COUNTS, *RUN_FIGURES],
        all_texts=[(ALL_TEXTS + key, label) for key, label in CONTENT_FIELDS],
        by=report.get("by", {}),
        by_fields=BY_FIELDS,
        case_fields=[("gold_deal", "gold deal"), ("pred_deal", "deal read"), *CASE_FIELDS, *COUNTS, *RUN_FIGURES],
        cell=cell,
        detection_table=detection_table,
        fmt=_fmt,
    )


def write_run(run: EvalRun, out: Path, by: list[str] | None = None) -> dict[str, Any]:
    """Write the run directory; returns the run's :func:`report_dict` (what report.json holds)."""
    out = Path(out)
    (out / "predictions").mkdir(parents=True, exist_ok=True)
    for r in run.results:
        target = out / "predictions" / f"{r.case.id}.json"
        if r.summary is not None:
            target.write_text(to_json(r.summary), encoding="utf-8")
        else:
            target.write_text(json.dumps({"id": r.case.id, "error": r.error}, indent=2) + "\n", encoding="utf-8")
    report = report_dict(run, by)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(to_markdown(run, report), encoding="utf-8")
    (out / "report.html").write_text(to_html(run, report), encoding="utf-8")
    return report
