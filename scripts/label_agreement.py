"""Agreement between the labels of seeds/ and their blind second labels (gold.check.json), with the eval's own
scorers: parties F1, terms F1, sources F1, status, evidence strength, and whether both say deal or no deal.

usage: python scripts/label_agreement.py [SEEDS_DIR]
The second label scores as a prediction against gold.json. Note that gold.json is the adjudicated label, so this
measures the second labeller against the final label, not the two labellers against each other (LABELLING.md
records that figure, taken before adjudication).
"""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.eval.scorers import evidence_score, match_parties, party_scores, source_scores, term_scores
from summarizer.schema import GoldLabel

KEYS = ("parties_f1", "terms_f1", "sources_f1", "status", "evidence", "deal_or_not")


def agreement(first: GoldLabel, second: GoldLabel) -> dict[str, float]:
    """The figures of ``second`` scored against ``first``."""
    pairs = match_parties(second.parties, first.parties)
    return {
        "parties_f1": party_scores(second.parties, first.parties).f1,
        "terms_f1": term_scores(second.terms, first.terms, second.parties, first.parties, pairs).prf.f1,
        "sources_f1": source_scores(second.sources, first.sources).f1,
        "status": float(first.status == second.status),
        "evidence": evidence_score(second.evidence_strength, first.evidence_strength),
        "deal_or_not": float(bool(first.terms) == bool(second.terms)),
    }


def main(argv: list[str]) -> int:
    seeds = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "seeds"
    rows = []
    for case in sorted(p for p in seeds.iterdir() if (p / "gold.check.json").exists()):
        first = GoldLabel.model_validate_json((case / "gold.json").read_text(encoding="utf-8"))
        second = GoldLabel.model_validate_json((case / "gold.check.json").read_text(encoding="utf-8"))
        rows.append((case.name, agreement(first, second)))
    print("| case | " + " | ".join(KEYS) + " |")
    print("| --- " * (len(KEYS) + 1) + "|")
    for name, r in rows:
        print(f"| {name} | " + " | ".join(f"{r[k]:.2f}" for k in KEYS) + " |")
    if rows:
        means = [sum(r[k] for _, r in rows) / len(rows) for k in KEYS]
        print(f"| mean of {len(rows)} | " + " | ".join(f"{m:.2f}" for m in means) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
