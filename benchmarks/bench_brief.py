"""The brief: how often each embedded preset's brief passes the check, and what it adds to an article's time.

usage: python benchmarks/bench_brief.py [--split dev] [--limit 20] [--preset NAME ...] [--facts-by NAME]
                                       [--headline] [--out briefs.jsonl]

For each case (the first LIMIT of the split, in name order) the reading runs once (no model call; with --facts-by,
the reading that preset gets by default, e.g. the 1.5B choosing the sides) and each preset writes its brief from
the same facts; printed per preset: briefs kept (passed the check, at most two
asks), the median and 90th-percentile seconds the brief adds, beside the median seconds of the reading itself,
all measured in this run. --headline asks each preset for the headline alone where the template's can say no
more than sides and status (the template's summary kept); the seconds then count the texts not asked.
--out writes every brief with the template's beside it, for a person to read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer import load_model  # noqa: E402
from summarizer.brief import write_brief  # noqa: E402
from summarizer.eval.cases import load_cases  # noqa: E402
from summarizer.models.base import Model  # noqa: E402
from summarizer.models.scripted import ScriptedBackend  # noqa: E402
from summarizer.pipeline import summarize_article  # noqa: E402


def never(messages: list[dict[str, str]]) -> str:
    raise AssertionError("the reading asks no model")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="seeds")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--preset", action="append", default=None)
    parser.add_argument("--out", default=None)
    parser.add_argument("--headline", action="store_true", help="the model writes the headline alone")
    parser.add_argument("--facts-by", default=None, help="read the facts in this preset's default reading")
    args = parser.parse_args()
    presets = args.preset or ["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"]
    cases = load_cases(Path(args.seeds), split=args.split)[: args.limit]
    reader = load_model(args.facts_by) if args.facts_by else Model(ScriptedBackend(never))
    readings = []
    for case in cases:
        started = time.perf_counter()
        summary = summarize_article(case.article, model=reader, reading="steps")
        readings.append((case, summary, time.perf_counter() - started))
    rows = []
    for preset in presets:
        model = load_model(preset)
        added, kept, asked = [], 0, 0
        for case, summary, _ in readings:
            started = time.perf_counter()
            briefed = write_brief(summary, model, case.article.text, headline_only=args.headline)
            added.append(time.perf_counter() - started)
            kept += briefed.meta.brief != "template"
            asked += len(briefed.meta.steps) > len(summary.meta.steps)
            rows.append({"case": case.id, "preset": preset, "kept": briefed.meta.brief != "template",
                         "headline": briefed.headline, "summary": briefed.summary, "notes": briefed.meta.brief_notes,
                         "template_headline": summary.headline, "template_summary": summary.summary,
                         "seconds": round(added[-1], 2)})
        added.sort()
        print(f"{preset}: asked on {asked}/{len(readings)}, {kept} briefs kept; added seconds median {statistics.median(added):.1f}, "
              f"90th percentile {added[int(0.9 * (len(added) - 1))]:.1f}")
    how = f"{args.facts_by}'s default reading" if args.facts_by else "no model call"
    print(f"the reading itself ({how}): median {statistics.median(r[2] for r in readings):.2f} s")
    if args.out:
        Path(args.out).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
