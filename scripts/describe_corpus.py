"""Write seeds/README.md: the corpus counted from its files (see summarizer.eval.corpus).

usage: python scripts/describe_corpus.py [SEEDS_DIR] [--check]
--check exits 1 when the README is not what the files give (CI and tests use it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.eval.corpus import describe, markdown


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    seeds = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "seeds"
    text = markdown(describe(seeds))
    target = seeds / "README.md"
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run python scripts/describe_corpus.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
