"""The corpus of real texts in seeds/, checked from its files: size, lengths, split, licences, reserved dates."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys

import pytest

from summarizer.eval.corpus import DEAL_KINDS, PUBLISHER_FAMILIES, TEXT_TYPES, case_facts, is_reserved, word_count
from summarizer.schema import GoldLabel
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"
SPLIT = json.loads((SEEDS / "split.json").read_text(encoding="utf-8"))
REAL = sorted(SPLIT["dev"] + SPLIT["test"])
FULL_LENGTH = [c for c in REAL if int(c[:3]) >= 200]  # the whole texts added with the full-length corpus
NEW = [c for c in REAL if int(c[:3]) >= 400]  # the texts of many publishers, added with the new test split


def source(case: str) -> dict:
    return json.loads((SEEDS / case / "source.json").read_text(encoding="utf-8"))


def test_the_split_is_large_enough_and_every_case_is_in_one_group():
    assert len(REAL) >= 190 and len(SPLIT["test"]) >= 60
    groups = [set(SPLIT[g]) for g in ("dev", "test", "synthetic")]
    assert not (groups[0] & groups[1] or groups[0] & groups[2] or groups[1] & groups[2])
    on_disk = {p.name for p in SEEDS.iterdir() if p.is_dir()}
    assert set().union(*groups) == on_disk


def test_the_real_texts_are_full_length():
    # whole texts: many government notes are short, so the median is lower than a news corpus's
    words = [word_count((SEEDS / c / "article.txt").read_text(encoding="utf-8")) for c in REAL]
    assert statistics.median(words) >= 350
    assert sum(1 for w in words if w > 800) >= 40


def test_every_length_band_and_every_status_is_in_both_dev_and_test():
    facts = [f for f in case_facts(SEEDS) if f.group in ("dev", "test")]
    for group in ("dev", "test"):
        mine = [f for f in facts if f.group == group]
        assert {f.status for f in mine} == {"proposed", "negotiating", "agreed", "implemented", "collapsed", "denied",
                                            "unclear"}
        assert any(f.words < 300 for f in mine) and any(f.words > 800 for f in mine)
        assert {f.text_type for f in mine} == set(TEXT_TYPES)


@pytest.mark.parametrize("case", REAL)
def test_every_real_text_says_where_it_comes_from_and_under_which_licence(case):
    src = source(case)
    for field in ("title", "url", "publisher", "publisher_family", "date", "license_note", "deal_kind", "text_type"):
        assert str(src.get(field, "")).strip(), f"{case}: no {field}"
    assert re.match(r"^\d{4}(-\d{2}){0,2}$", src["date"]), src["date"]
    assert src["deal_kind"] in DEAL_KINDS and src["text_type"] in TEXT_TYPES
    assert src["publisher_family"] in PUBLISHER_FAMILIES
    gold = GoldLabel.model_validate_json((SEEDS / case / "gold.json").read_text(encoding="utf-8"))
    assert (src["deal_kind"] == "no_deal") == (not gold.terms), f"{case}: deal_kind and label disagree"


LICENCES = ("public domain", "CC BY", "Open Government Licence")


@pytest.mark.parametrize("case", FULL_LENGTH)
def test_no_added_text_is_from_a_reserved_period(case):
    # reserved for checks on texts nobody on the team has seen (summarizer.eval.corpus.RESERVED)
    src = source(case)
    assert not is_reserved(src["publisher_family"], src["date"]), f"{case}: {src['publisher']} {src['date']}"
    assert any(name in src["license_note"] for name in LICENCES), src["license_note"]


def test_the_reserved_periods_are_recognised():
    assert is_reserved("wikinews", "2019-10-02") and is_reserved("white_house", "2023-05-01")
    assert is_reserved("state", "2022-01-03") and is_reserved("voa", "2020")
    assert not is_reserved("wikinews", "2019-08-08") and not is_reserved("white_house", "2024-08-01")
    assert not is_reserved("uk_gov", "2023-05-01")


def test_no_publisher_family_dominates_the_corpus():
    families = [source(c)["publisher_family"] for c in REAL]
    counts = {f: families.count(f) for f in set(families)}
    assert max(counts.values()) <= 0.35 * len(REAL), counts
    assert sum(1 for n in counts.values() if n >= 10) >= 6, counts


def test_the_test_split_is_new_texts_from_publishers_dev_barely_has():
    assert all(int(c[:3]) < 400 or c in NEW for c in REAL)
    assert all(c in SPLIT["dev"] for c in REAL if int(c[:3]) < 400), "every earlier text (the old test split too) is dev"
    test = SPLIT["test"]
    assert len(test) >= 60 and set(test) <= set(NEW)
    no_deal = [c for c in test if not json.loads((SEEDS / c / "gold.json").read_text(encoding="utf-8"))["terms"]]
    assert len(no_deal) >= 15
    dev_counts = {}  # as drawn: texts labelled after the draw (600 and up) joined dev later, on purpose
    for c in (c for c in SPLIT["dev"] if int(c[:3]) < 600):
        dev_counts[source(c)["publisher_family"]] = dev_counts.get(source(c)["publisher_family"], 0) + 1
    rare = {source(c)["publisher_family"] for c in test if dev_counts.get(source(c)["publisher_family"], 0) < 5}
    assert len(rare) >= 4, rare


def test_the_split_is_the_seeded_draw():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "draw_split.py"), "--check"], capture_output=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr.decode()


@pytest.mark.parametrize("case", FULL_LENGTH)
def test_items_are_words_of_their_article_and_second_labels_are_valid(case):
    article = (SEEDS / case / "article.txt").read_text(encoding="utf-8").lower()
    gold = GoldLabel.model_validate_json((SEEDS / case / "gold.json").read_text(encoding="utf-8"))
    for term in gold.terms:
        assert term.item.lower() in article, f"{case}: item {term.item!r} is not in the article"
    second = SEEDS / case / "gold.check.json"
    if second.exists():
        GoldLabel.model_validate_json(second.read_text(encoding="utf-8"))


def test_the_corpus_description_is_generated_from_the_files():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "describe_corpus.py"), "--check"], capture_output=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr.decode()
