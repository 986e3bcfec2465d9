"""Print the README's eval tables from eval runs: python scripts/preset_table.py runs/A runs/B ...

Each argument is a run directory written by `summarize eval --out`; the figures are read from its
report.json, never typed in. A run over several groups of cases (real dev, real test, synthetic; see
seeds/split.json) gives one row per group, each group's figures apart: deal detection over its texts, the content
figures over its deal texts (summarizer/eval/views.py).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.eval.compare import load_report  # noqa: E402
from summarizer.eval.views import HEADLINE, RUN_FIGURES, figure  # noqa: E402

COLUMNS = HEADLINE + RUN_FIGURES


def _cell(value: object) -> str:
    if value is None:
        return "–"
    assert isinstance(value, (int, float))
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def rows(run: Path) -> list[str]:
    """One table row per group of cases in the run."""
    report = load_report(run)
    info = report["run"]
    groups = report.get("groups") or {"all": report["overall"]}
    out = []
    for group, overall in groups.items():
        seconds = [
            c["scores"]["seconds"]
            for c in report["cases"]
            if c.get("group", "all") == group and c["scores"].get("seconds") is not None
        ]
        median = statistics.median(seconds) if seconds else None
        cells = [_cell(figure(overall, key)) for key, _ in COLUMNS] + [_cell(median)]
        reading = info.get("reading", "single")
        n = f"{overall.get('cases')} ({overall.get('deal_cases')} deal)"
        label = f"{info['model']} | {reading} ({info['prompt_template']}) | {group} | {n}"
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    return out


def main(runs: list[str]) -> None:
    print("| model | reading (prompt) | cases | n | " + " | ".join(label for _, label in COLUMNS) + " | median s |")
    print("| --- " * (len(COLUMNS) + 5) + "|")
    for run in runs:
        for row in rows(Path(run)):
            print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
