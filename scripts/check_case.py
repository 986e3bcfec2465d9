"""Check case folders of seeds/ as a labeller writes them: files, fields, label, grounding, reserved periods.

usage: python scripts/check_case.py seeds/400_state_x [seeds/401_... ...]
Prints one line per problem and exits 1 when there is any; silent and 0 when every case is well formed.
Checks what the tests check for every real case, so a labeller finds the problems before the test run does.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a checkout, installed or not

from summarizer.eval.corpus import DEAL_KINDS, PUBLISHER_FAMILIES, TEXT_TYPES, is_reserved  # noqa: E402
from summarizer.schema import GoldLabel  # noqa: E402

SOURCE_FIELDS = ("title", "url", "publisher", "publisher_family", "date", "license_note", "notes", "deal_kind",
                 "text_type")
GOLD_FIELDS = {"status", "parties", "terms", "sources", "evidence_strength", "evidence_rationale"}


def label_problems(label_path: Path, article: str) -> list[str]:
    """What is wrong with one label file (gold.json or gold.check.json) against its article."""
    raw = json.loads(label_path.read_text(encoding="utf-8"))
    problems = [f"{label_path.name}: fields {sorted(set(raw) ^ GOLD_FIELDS)} differ"] if set(raw) != GOLD_FIELDS else []
    try:
        gold = GoldLabel.model_validate(raw)
    except ValueError as exc:
        return [*problems, f"{label_path.name}: not a valid label: {exc}"]
    low = article.lower()
    names = [p.name for p in gold.parties]
    for party in gold.parties:
        problems += [f"{label_path.name}: party name {n!r} is not in the article"
                     for n in [party.name, *party.aliases] if n.lower() not in low]
    for term in gold.terms:
        if term.giver not in names or term.receiver not in names:
            problems.append(f"{label_path.name}: term {term.giver} -> {term.receiver}: both must be party names")
        if term.giver == term.receiver:
            problems.append(f"{label_path.name}: term gives {term.giver} to itself")
        if term.item.lower() not in low:
            problems.append(f"{label_path.name}: item {term.item!r} is not words of the article")
    if not gold.terms and (gold.parties or gold.status != "unclear" or gold.evidence_strength != "cannot_be_judged"):
        problems.append(f"{label_path.name}: a no-deal label has no parties, status unclear, cannot_be_judged")
    return problems


def case_problems(case: Path) -> list[str]:
    """Every problem of one case folder."""
    files = {p.name for p in case.iterdir()} if case.is_dir() else set()
    missing = [f for f in ("article.txt", "gold.json", "source.json") if f not in files]
    if missing:
        return [f"missing {', '.join(missing)}"]
    article = (case / "article.txt").read_text(encoding="utf-8")
    lines = article.split("\n", 2)
    problems = [] if len(lines) == 3 and lines[0].strip() and lines[1] == "" else [
        "article.txt: the title on line 1, a blank line 2, then the body"]
    if "\r" in article or article != article.rstrip() + "\n" and article != article.rstrip():
        problems.append("article.txt: LF line ends, no trailing blank lines")
    src = json.loads((case / "source.json").read_text(encoding="utf-8"))
    problems += [f"source.json: no {f}" for f in SOURCE_FIELDS if not str(src.get(f, "")).strip()]
    if src.get("publisher_family") not in PUBLISHER_FAMILIES:
        problems.append(f"source.json: publisher_family must be one of {', '.join(PUBLISHER_FAMILIES)}")
    if src.get("deal_kind") not in DEAL_KINDS or src.get("text_type") not in TEXT_TYPES:
        problems.append("source.json: deal_kind or text_type not in the lists of LABELLING.md")
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", str(src.get("date", ""))):
        problems.append("source.json: date as YYYY-MM-DD")
    elif is_reserved(str(src.get("publisher_family")), src["date"]):
        problems.append(f"source.json: {src['publisher_family']} {src['date']} is a reserved period")
    problems += label_problems(case / "gold.json", article)
    if (case / "gold.check.json").exists():
        problems += label_problems(case / "gold.check.json", article)
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    if (src.get("deal_kind") == "no_deal") != (not gold.get("terms")):
        problems.append("source.json deal_kind no_deal exactly when gold.json has no terms")
    return problems


def main(argv: list[str]) -> int:
    bad = 0
    for arg in argv:
        for problem in case_problems(Path(arg)):
            print(f"{Path(arg).name}: {problem}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
