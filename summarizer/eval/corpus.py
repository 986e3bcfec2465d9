"""What a seeds directory holds, counted from its files: kinds of deal, statuses, publishers, lengths, splits.

``describe(seeds)`` returns the counts; ``markdown(counts)`` the tables that ``scripts/describe_corpus.py``
writes to ``seeds/README.md``. Pure apart from reading the files; no model.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DEAL_KINDS = ("acquisition", "arms", "sanctions", "trade", "energy", "ceasefire", "prisoners", "other", "no_deal")
TEXT_TYPES = ("news_report", "government_statement", "transcript")
# who published a text, in groups large enough to score apart (seeds/LABELLING.md says which is which)
PUBLISHER_FAMILIES = (
    "white_house", "state", "defense", "treasury", "justice", "other_us_gov",
    "wikinews", "voa", "other_news", "uk_gov", "eu", "other_gov",
)
# periods kept back for checks on texts nobody on the team has seen: (family, year, month or None for the year)
RESERVED = (
    *(("wikinews", 2019, m) for m in (1, 7, 9, 10, 11)),
    ("wikinews", 2020, 1), ("wikinews", 2020, 6),
    ("white_house", 2023, None), ("white_house", 2025, None),
    ("state", 2021, None), ("state", 2022, None),
    ("voa", 2009, None), ("voa", 2020, None),
)
# length bands in words (title and body), lower bounds
BANDS = ((0, "under 300"), (300, "300–449"), (450, "450–799"), (800, "800–1,499"), (1500, "1,500 and over"))
# outlets named in the publisher field, folded to one name each
_OUTLETS = (
    ("voice of america", "Voice of America"),
    ("wikinews", "Wikinews"),
    ("white house", "The White House"),
    ("department of state", "US Department of State"),
    ("department of defense", "US Department of Defense"),
    ("defense security cooperation", "US Defense Security Cooperation Agency"),
    ("federal trade commission", "US Federal Trade Commission"),
)


def word_count(text: str) -> int:
    """Words of a text: runs separated by white space."""
    return len(text.split())


def is_reserved(family: str, date: str) -> bool:
    """Whether a text of ``family`` dated ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) falls in a reserved period."""
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 else None
    return any(f == family and y == year and m in (None, month) for f, y, m in RESERVED)


def outlet(publisher: str) -> str:
    """The outlet a publisher field names ("Voice of America (VOA News)" -> "Voice of America")."""
    low = publisher.lower()
    for key, name in _OUTLETS:
        if key in low:
            return name
    return re.split(r"\s*\(", publisher, maxsplit=1)[0].strip() or "unknown"


@dataclass(frozen=True)
class CaseFacts:
    """One case as the corpus tables count it."""

    id: str
    group: str
    words: int
    status: str
    deal_kind: str
    text_type: str
    outlet: str
    date: str
    family: str = "unknown"  # publisher_family of source.json


def case_facts(seeds: Path) -> list[CaseFacts]:
    """Facts of every case folder in ``seeds`` (its group from ``split.json``)."""
    split = json.loads((seeds / "split.json").read_text(encoding="utf-8"))
    group_of = {case: group for group, cases in split.items() if isinstance(cases, list) for case in cases}
    out = []
    for folder in sorted(p for p in seeds.iterdir() if p.is_dir()):
        source_file = folder / "source.json"
        source = json.loads(source_file.read_text(encoding="utf-8")) if source_file.exists() else {}
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        out.append(
            CaseFacts(
                id=folder.name,
                group=group_of.get(folder.name, "unsplit"),
                words=word_count((folder / "article.txt").read_text(encoding="utf-8")),
                status=gold["status"],
                deal_kind=source.get("deal_kind", "unknown"),
                text_type=source.get("text_type", "unknown"),
                outlet=outlet(source.get("publisher", "")),
                date=str(source.get("date", "")),
                family=source.get("publisher_family", "unknown"),
            )
        )
    return out


def band(words: int) -> str:
    """The length band of a word count."""
    return [name for low, name in BANDS if words >= low][-1]


def describe(seeds: Path) -> dict:
    """The corpus counts: per group, and per kind of deal, status, outlet, text type and length band."""
    facts = case_facts(seeds)
    real = [f for f in facts if f.group in ("dev", "test")]
    groups = ("dev", "test")

    def table(key) -> dict[str, dict[str, int]]:
        rows: dict[str, Counter] = {}
        for f in real:
            rows.setdefault(key(f), Counter())[f.group] += 1
        return {row: {g: counts[g] for g in groups} for row, counts in sorted(rows.items())}

    words = [f.words for f in real]
    return {
        "cases": Counter(f.group for f in facts),
        "real": len(real),
        "median_words": statistics.median(words) if words else 0,
        "over_800": sum(1 for w in words if w > 800),
        "median_words_by_group": {g: statistics.median([f.words for f in real if f.group == g] or [0]) for g in groups},
        "deal_kind": table(lambda f: f.deal_kind),
        "status": table(lambda f: f.status),
        "family": table(lambda f: f.family),
        "outlet": table(lambda f: f.outlet),
        "text_type": table(lambda f: f.text_type),
        "length": {name: counts for name, counts in _ordered_bands(table(lambda f: band(f.words)))},
    }


def _ordered_bands(rows: dict[str, dict[str, int]]):
    for _, name in BANDS:
        if name in rows:
            yield name, rows[name]


def markdown(counts: dict) -> str:
    """``seeds/README.md``: the corpus in tables, real texts by group."""
    cases = counts["cases"]
    lines = [
        "# The cases in seeds/",
        "",
        "Generated by `python scripts/describe_corpus.py` from the case files (`split.json`, each case's",
        "`gold.json` and `source.json`); do not edit by hand. How the cases are labelled: `LABELLING.md`.",
        "",
        f"{counts['real']} real published texts ({cases.get('dev', 0)} dev, {cases.get('test', 0)} test) and "
        f"{cases.get('synthetic', 0)} synthetic ones. Real texts: median {counts['median_words']:,.0f} words "
        f"(dev {counts['median_words_by_group']['dev']:,.0f}, test {counts['median_words_by_group']['test']:,.0f}), "
        f"{counts['over_800']} over 800 words.",
    ]
    for key, title in (
        ("deal_kind", "Kind of deal"),
        ("status", "Status of the main deal"),
        ("text_type", "Kind of text"),
        ("family", "Publisher family"),
        ("outlet", "Publisher"),
        ("length", "Length in words"),
    ):
        lines += ["", f"## {title}", "", f"| {title.lower()} | dev | test | all |", "| --- | ---: | ---: | ---: |"]
        for row, c in counts[key].items():
            lines.append(f"| {row} | {c['dev']} | {c['test']} | {c['dev'] + c['test']} |")
    return "\n".join(lines) + "\n"
