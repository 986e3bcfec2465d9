"""Candidate recall: the share of gold primary terms the candidate engine finds, before any decision.

usage: python benchmarks/bench_candidates.py [--split dev]

A gold primary term counts as found when some term candidate has its category and sides that stand for the gold
giver and receiver, a side the sentence leaves open counting as the main deal's (the decisions fill it with the
sides they choose); "named" counts only candidates whose sentence names both sides. Sides are matched with the
eval's matcher (a government body standing for its state). Prints both shares and the candidates per text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.eval.cases import load_cases  # noqa: E402
from summarizer.eval.matching import resolve  # noqa: E402
from summarizer.features import Text  # noqa: E402
from summarizer.prepass import analyse  # noqa: E402
from summarizer.training.labels import party_index  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="seeds")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    total = named = found = 0
    per_text = []
    for case in load_cases(Path(args.seeds), split=args.split):
        primary = [t for t in case.gold.terms if t.primary]
        if not primary:
            continue
        t = Text(analyse(case.article.text))
        per_text.append(len(t.pre.term_candidates))
        rows = [(party_index(t, c.giver, case.gold), party_index(t, c.receiver, case.gold), c.category)
                for c in t.pre.term_candidates if not c.negated]
        for term in primary:
            total += 1
            giver, receiver = resolve(term.giver, case.gold.parties), resolve(term.receiver, case.gold.parties)
            named += any(r == (giver, receiver, term.category) for r in rows)
            found += any(cat == term.category and g in (giver, None) and r in (receiver, None)
                         and not (g is None and r == giver) for g, r, cat in rows)
    print(f"{args.split}: {total} primary terms; candidates with both sides named {named / total:.2f}, "
          f"with open sides filled {found / total:.2f}; median {statistics.median(per_text):.0f} candidates per text")


if __name__ == "__main__":
    main()
