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


# figures that are a mean of per-case values (the report's own aggregation), so a bootstrap over cases belongs
# to them; validity is the mean of each case's "valid"
INTERVAL_FIELDS = [key for key, _ in FIELDS if key != "grounding"]


def score_key(key: str) -> str:
    """The per-case score a figure averages: ``valid`` for validity, else the figure's own key."""
    return "valid" if key == "validity" else key


def intervals(results: list[CaseResult]) -> dict[str, list[float] | None]:
    """95% bootstrap interval of each mean figure over ``results`` (cases resampled with replacement)."""
    from summarizer.eval.stats import bootstrap_ci

    out: dict[str, list[float] | None] = {}
    for key in INTERVAL_FIELDS:
        ci = bootstrap_ci([r.scores.get(score_key(key)) for r in results])
        out[key] = None if ci is None else [round(ci[0], 4), round(ci[1], 4)]
    return out


def report_dict(run: EvalRun) -> dict[str, Any]:
    """Everything per case and overall, plus what ran, with 95% intervals (see ``intervals_method``) and what
    kind of mistake each miss is (``summarizer/eval/error_classes.py``)."""
    from summarizer.eval.error_classes import report_section
    from summarizer.eval.stats import LEVEL, RESAMPLES, SEED

    return {
        "run": run.info,
        "overall": run.overall,
        "groups": run.groups,
        "intervals": {
            "overall": intervals(run.results),
            **{g: intervals([r for r in run.results if r.case.group == g]) for g in run.groups},
        },
        "intervals_method": (
            f"percentile bootstrap over cases: {RESAMPLES} resamples with replacement, seed {SEED}, level {LEVEL}; "
            "each resample recomputes the figure as the report does (the mean of per-case values)"
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


def _with_interval(value: Any, ci: list[float] | None) -> str:
    if ci is None or not isinstance(value, (int, float)):
        return _fmt(value)
    return f"{_fmt(value)} ({ci[0]:.2f}–{ci[1]:.2f})"


def to_markdown(run: EvalRun, report: dict[str, Any] | None = None) -> str:
    """The tables: overall (each mean figure with its 95% interval), then one row per case; ``report`` is the
    run's :func:`report_dict` when the caller has it already."""
    info, overall = run.info, run.overall
    report = report or report_dict(run)
    spans = report["intervals"]
    lines = [
        f"# Eval report — {info['model']}",
        "",
        f"prompt `{info['prompt_template']}` ({info['prompt_hash']}) · schema {info['schema_version']} · "
        f"{info['cases']} cases · {info['date']} · {info['machine']}",
        "",
    ]
    groups = {g: (f"{g} ({len([r for r in run.results if r.case.group == g])})", v) for g, v in run.groups.items()}
    shown = groups if len(groups) > 1 else {}
    lines += [
        "Mean figures carry a 95% bootstrap interval over cases (report.json: `intervals`, `intervals_method`).",
        "",
        "| figure | overall | " + " | ".join(name for name, _ in shown.values()) + " |",
        "| --- " * (2 + len(shown)) + "|",
    ]
    for key, label in FIELDS + COUNTS + RUN_FIGURES:
        cells = [_with_interval(overall_value(overall, key), spans["overall"].get(key))]
        cells += [_with_interval(overall_value(v, key), spans[g].get(key)) for g, (_, v) in shown.items()]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    classes = report["error_classes"]
    lines += ["", "Kinds of mistakes over all cases (summarizer/eval/error_classes.py):", ""]
    for field, counts in classes["totals"].items():
        lines.append(f"- {field}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    lines += _confusion_lines("Status", classes["status_confusion"])
    lines += _confusion_lines("Evidence strength", classes["evidence_confusion"])
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
    spans = report["intervals"]["overall"]
    bars = [(label, run.overall.get(key), spans.get(key)) for key, label in FIELDS]
    return env.get_template("report.html.j2").render(
        classes=report["error_classes"],
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
        score_key=score_key,
    )


def write_run(run: EvalRun, out: Path) -> dict[str, Any]:
    """Write the run directory; returns the run's :func:`report_dict` (what report.json holds)."""
    out = Path(out)
    (out / "predictions").mkdir(parents=True, exist_ok=True)
    for r in run.results:
        target = out / "predictions" / f"{r.case.id}.json"
        if r.summary is not None:
            target.write_text(to_json(r.summary), encoding="utf-8")
        else:
            target.write_text(json.dumps({"id": r.case.id, "error": r.error}, indent=2) + "\n", encoding="utf-8")
    report = report_dict(run)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(to_markdown(run, report), encoding="utf-8")
    (out / "report.html").write_text(to_html(run, report), encoding="utf-8")
    return report
