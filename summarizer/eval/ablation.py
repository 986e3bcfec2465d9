"""The ablation: the steps reading with everything on, then with each rule family off and each step decided
the other way, over the same cases; what each part adds, with paired 95% intervals.

``summarize eval ablation CASES --split test`` runs it and writes ``ablation.md`` and ``ablation.json``; the
README's ablation table is that file's table. A family whose removal makes no figure worse beyond noise on
test is not earning its keep there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.cache import ResponseCache
from summarizer.eval.cases import Case
from summarizer.eval.runner import EvalRun, run_eval
from summarizer.eval.stats import verdict
from summarizer.eval.views import figure, paired_figure
from summarizer.models.base import Model
from summarizer.reading_config import DEFAULT, FAMILIES, STEPS, ReadingConfig

# the figures the ablation table shows, in order (all: higher is better): deal detection over all texts, the
# content figures over deal texts (summarizer/eval/views.py)
FIGURES = (
    ("deal_recall", "deal recall"),
    ("deal_precision", "deal precision"),
    ("parties_f1", "parties F1"),
    ("terms_f1", "terms F1"),
    ("terms_primary_recall", "primary recall"),
    ("sources_f1", "sources F1"),
    ("status", "status"),
    ("evidence", "evidence"),
)


@dataclass
class Variant:
    """One configuration of the reading and its run."""

    label: str
    config: ReadingConfig
    run: EvalRun | None = None


def variants(base: ReadingConfig = DEFAULT, families: list[str] | None = None, steps: bool = True) -> list[Variant]:
    """The default, one variant per family switched off, and one per step decided the other way."""
    out = [Variant("everything on (default)" if base == DEFAULT else f"everything on ({base.label})", base)]
    for family in families if families is not None else list(FAMILIES):
        out.append(Variant(f"without {family}", base.without(family)))
    if steps:
        for step, (deciders, _, _) in STEPS.items():
            for who in deciders:
                if who != base.decider(step):
                    out.append(Variant(f"{step} decided by {who}", base.deciding(step, who)))
    return out


def run_ablation(
    cases: list[Case],
    model: Model,
    cache: ResponseCache | None,
    chosen: list[Variant],
    on_variant: Callable[[Variant], None] | None = None,
    prompts: str | None = None,
) -> list[Variant]:
    """Run every variant over the same cases (the steps reading; ``prompts``: a directory of step prompts)."""
    for variant in chosen:
        variant.run = run_eval(cases, model, prompts, cache, reading="steps", config=variant.config)
        if on_variant:
            on_variant(variant)
    return chosen


def _scores(run: EvalRun) -> list[dict[str, Any]]:
    return [r.scores for r in run.results]


def table(chosen: list[Variant]) -> dict[str, Any]:
    """Every variant's figures and, beside the default, the paired difference to it with its interval."""
    base = chosen[0].run
    assert base is not None
    rows = []
    for variant in chosen:
        run = variant.run
        assert run is not None
        row: dict[str, Any] = {"variant": variant.label, "config": variant.config.label, "figures": {}}
        for key, _ in FIGURES:
            value = figure(run.overall, key)
            diff = None if variant is chosen[0] else paired_figure(_scores(base), _scores(run), key)
            row["figures"][key] = {
                "value": value,
                "difference": None if diff is None else {"mean": diff[0], "low": diff[1], "high": diff[2]},
                "verdict": None if variant is chosen[0] else verdict(diff),
            }
        row["terms_unsupported_total"] = figure(run.overall, "terms_unsupported")
        row["model_calls"] = sum(len(r.summary.meta.steps) for r in run.results if r.summary is not None)
        rows.append(row)
    return {
        "cases": len(base.results),
        "deal_cases": base.overall["deal_cases"],
        "groups": sorted({r.case.group for r in base.results}),
        "rows": rows,
    }


def _cell(figure: dict[str, Any], first: bool) -> str:
    value = figure["value"]
    shown = "–" if value is None else f"{value:.2f}"
    if first or figure["difference"] is None:
        return shown
    d = figure["difference"]
    mark = {"better": " ▲", "worse": " ▼"}.get(figure["verdict"], "")
    return f"{shown} ({d['mean']:+.2f} [{d['low']:+.2f}, {d['high']:+.2f}]){mark}"


def markdown(result: dict[str, Any]) -> str:
    """The ablation table: a row per variant, each figure with its paired difference to the default and a 95%
    interval; ▲/▼ where the interval excludes 0 (removing the family makes that figure better/worse)."""
    header = "| variant | " + " | ".join(label for _, label in FIGURES) + " | unsupported | model calls |"
    lines = [
        f"Ablation over {result['cases']} cases ({', '.join(result['groups'])}; {result.get('deal_cases', '?')} "
        "deal texts: deal detection over all cases, the other figures over the deal texts); each cell: the figure, then "
        "its paired difference to the default with a 95% bootstrap interval; ▼ worse / ▲ better than the "
        "default beyond noise.",
        "",
        header,
        "| --- " * (len(FIGURES) + 3) + "|",
    ]
    for i, row in enumerate(result["rows"]):
        cells = [_cell(row["figures"][key], i == 0) for key, _ in FIGURES]
        lines.append(
            f"| {row['variant']} | " + " | ".join(cells) + f" | {row['terms_unsupported_total']} | {row['model_calls']} |"
        )
    return "\n".join(lines) + "\n"


def write(result: dict[str, Any], out: Path) -> None:
    """``ablation.json`` and ``ablation.md`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "ablation.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / "ablation.md").write_text(markdown(result), encoding="utf-8")
