"""Print the README's preset table from eval runs: python scripts/preset_table.py runs/A runs/B ...

Each argument is a run directory written by `summarize eval --out`; the figures are read from its
report.json, never typed in.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.eval.compare import load_report  # noqa: E402
from summarizer.eval.report import FIELDS, RUN_FIGURES  # noqa: E402

COLUMNS = FIELDS + RUN_FIGURES


def main(runs: list[str]) -> None:
    print("| model | prompt | cases | " + " | ".join(label for _, label in COLUMNS) + " |")
    print("| --- " * (len(COLUMNS) + 3) + "|")
    for run in runs:
        report = load_report(Path(run))
        info, overall = report["run"], report["overall"]
        cells = []
        for key, _ in COLUMNS:
            value = overall.get(key)
            cells.append("–" if value is None else (f"{value:.2f}" if value < 10 else f"{value:.0f}"))
        print(f"| {info['model']} | {info['prompt_template']} | {info['cases']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
