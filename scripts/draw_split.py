"""Draw seeds/split.json: every text of the earlier corpus (numbered below 400) in dev, and the texts added from
other publishers (400-599) split between dev and test by a seeded draw stratified by publisher family, and every
text labelled after that split was drawn (600 and up, added to fit the reading on more publishers) in dev.

usage: python scripts/draw_split.py [SEEDS_DIR] [--check]
--check exits 1 when split.json is not what the draw gives (the test of the corpus runs it).

Within a family the texts are ordered by deal or no deal, status and length, and dev takes every k-th one from
a seeded offset, so dev and test see the same mix; dev takes at most enough to bring the family to DEV_CAP texts
in dev, so that test measures how the reading carries to publishers it was barely fitted on. Synthetic cases stay
synthetic.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20261205
NEW_FROM = 400  # case numbers from here on are the texts added with the corpus of many publishers
DEV_FROM = 600  # ... and from here on texts added after the split was drawn: dev only, the test split stays as drawn
DEV_SHARE = 0.25  # of a family's new texts, dev takes about this share ...
DEV_CAP = 4  # ... but no more than brings the family to this many dev texts


def case_info(seeds: Path, case: str) -> tuple[str, bool, str, int]:
    source = json.loads((seeds / case / "source.json").read_text(encoding="utf-8"))
    gold = json.loads((seeds / case / "gold.json").read_text(encoding="utf-8"))
    words = len((seeds / case / "article.txt").read_text(encoding="utf-8").split())
    return source.get("publisher_family", "other"), bool(gold["terms"]), gold["status"], words


def draw(seeds: Path) -> dict[str, list[str]]:
    old = json.loads((seeds / "split.json").read_text(encoding="utf-8"))
    synthetic = sorted(old.get("synthetic", []))
    cases = sorted(p.name for p in seeds.iterdir() if p.is_dir() and (p / "gold.json").exists())
    real = [c for c in cases if c not in synthetic]
    dev = [c for c in real if int(c[:3]) < NEW_FROM or int(c[:3]) >= DEV_FROM]
    test: list[str] = []
    by_family: dict[str, list[str]] = {}
    for c in real:
        if NEW_FROM <= int(c[:3]) < DEV_FROM:
            by_family.setdefault(case_info(seeds, c)[0], []).append(c)
    in_dev = {f: sum(1 for c in dev if int(c[:3]) < NEW_FROM and case_info(seeds, c)[0] == f) for f in by_family}
    rng = random.Random(SEED)
    for family in sorted(by_family):
        members = sorted(by_family[family], key=lambda c: (not case_info(seeds, c)[1], case_info(seeds, c)[2],
                                                           case_info(seeds, c)[3], c))
        want = min(round(len(members) * DEV_SHARE), max(DEV_CAP - in_dev[family], 0))
        if want == 0:
            test += members
            continue
        step = len(members) / want
        offset = rng.random() * step
        chosen = {members[int(offset + k * step)] for k in range(want)}
        dev += [c for c in members if c in chosen]
        test += [c for c in members if c not in chosen]
    return {"dev": sorted(dev), "test": sorted(test), "synthetic": synthetic}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    seeds = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "seeds"
    split = draw(seeds)
    text = json.dumps(split, indent=2) + "\n"
    target = seeds / "split.json"
    if check:
        if target.read_text(encoding="utf-8") != text:
            print(f"{target} is not what the draw gives: run python scripts/draw_split.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print({k: len(v) for k, v in split.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
