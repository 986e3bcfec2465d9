"""Compare two eval runs and gate on thresholds. Pure apart from reading report.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.eval.views import COUNTS, HEADLINE, RUN_FIGURES, figure, known_figures


def load_report(run_dir: Path) -> dict[str, Any]:
    """A run's report.json (``run_dir`` may also be the file itself)."""
    path = Path(run_dir)
    path = path / "report.json" if path.is_dir() else path
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no report.json (run `summarize eval --out DIR` first)") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable report ({exc})") from None


def deltas(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, float | None, float | None, float | None]]:
    """(field, A, B, B - A) for every headline, count and run figure of the two reports' overall views."""
    rows = []
    for key in [k for k, _ in HEADLINE + COUNTS + RUN_FIGURES]:
        va, vb = figure(a["overall"], key), figure(b["overall"], key)
        diff = vb - va if isinstance(va, (int, float)) and isinstance(vb, (int, float)) else None
        rows.append((key, va, vb, diff))
    return rows


def paired(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """B against A over the cases both runs scored: per figure (deal detection, content figures on deal texts
    and on all texts, validity) the two values, the paired difference with its 95% bootstrap interval and a
    verdict (better, worse, within noise); the cases only one run has, listed."""
    from summarizer.eval.stats import verdict
    from summarizer.eval.views import PAIRED_FIELDS, paired_figure, view

    cases_a = {c["case"]: c["scores"] for c in a.get("cases", [])}
    cases_b = {c["case"]: c["scores"] for c in b.get("cases", [])}
    shared = [c for c in cases_a if c in cases_b]
    scores_a, scores_b = [cases_a[c] for c in shared], [cases_b[c] for c in shared]
    view_a, view_b = view(scores_a), view(scores_b)
    figures = {}
    for key in PAIRED_FIELDS:
        diff = paired_figure(scores_a, scores_b, key)
        figures[key] = {
            "a": figure(view_a, key),
            "b": figure(view_b, key),
            "difference": None if diff is None else {"mean": diff[0], "low": diff[1], "high": diff[2]},
            "verdict": verdict(diff),
        }
    return {
        "shared_cases": len(shared),
        "shared_deal_cases": view_a["deal_cases"],
        "only_in_a": sorted(set(cases_a) - set(cases_b)),
        "only_in_b": sorted(set(cases_b) - set(cases_a)),
        "figures": figures,
    }


def worse_beyond_noise(comparison: dict[str, Any], fields: list[str]) -> list[str]:
    """Messages for each gated field on which B is worse than A beyond noise (the interval of B - A below 0)."""
    from summarizer.eval.views import PAIRED_FIELDS

    unknown = [f for f in fields if f not in PAIRED_FIELDS]
    if unknown:
        raise InputError(f"--fail-if-worse {unknown[0]!r}: expected one of {', '.join(PAIRED_FIELDS)}")
    out = []
    for field in fields:
        fig = comparison["figures"][field]
        if fig["verdict"] == "worse":
            d = fig["difference"]
            out.append(f"{field} is worse by {-d['mean']:.3f} (95% interval {d['low']:+.3f} to {d['high']:+.3f})")
    return out


def parse_gates(specs: list[str]) -> list[tuple[str, float]]:
    """``FIELD=VALUE`` strings to pairs; a clear error for a bad spec or an unknown field."""
    known = known_figures()
    gates = []
    for spec in specs:
        field, sep, value = spec.partition("=")
        if not sep or field.strip() not in known:
            raise InputError(f"--fail-under {spec!r}: expected FIELD=VALUE with FIELD one of {', '.join(known)}")
        try:
            gates.append((field.strip(), float(value)))
        except ValueError:
            raise InputError(f"--fail-under {spec!r}: {value!r} is not a number") from None
    return gates


def failed_gates(overall: dict[str, Any], gates: list[tuple[str, float]]) -> list[str]:
    """Messages for each gate the figures of a view fall below (a missing figure fails); content figures are
    read on deal texts (see :func:`summarizer.eval.views.figure`)."""
    failures = []
    for field, floor in gates:
        value = figure(overall, field)
        if not isinstance(value, (int, float)) or value < floor:
            failures.append(f"{field} = {value if value is None else round(value, 4)} is below {floor}")
    return failures
