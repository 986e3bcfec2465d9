"""The corpus of real texts in seeds/, checked from its files: size, lengths, split, licences, reserved dates."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys

import pytest

from summarizer.eval.corpus import DEAL_KINDS, TEXT_TYPES, case_facts, outlet, word_count
from summarizer.schema import GoldLabel
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"
SPLIT = json.loads((SEEDS / "split.json").read_text(encoding="utf-8"))
REAL = sorted(SPLIT["dev"] + SPLIT["test"])
FULL_LENGTH = [c for c in REAL if int(c[:3]) >= 200]  # the whole texts added with the full-length corpus


def source(case: str) -> dict:
    return json.loads((SEEDS / case / "source.json").read_text(encoding="utf-8"))


def test_the_split_is_large_enough_and_every_case_is_in_one_group():
    assert len(REAL) >= 100 and len(SPLIT["test"]) >= 40
    groups = [set(SPLIT[g]) for g in ("dev", "test", "synthetic")]
    assert not (groups[0] & groups[1] or groups[0] & groups[2] or groups[1] & groups[2])
    on_disk = {p.name for p in SEEDS.iterdir() if p.is_dir()}
    assert set().union(*groups) == on_disk


def test_the_real_texts_are_full_length():
    words = [word_count((SEEDS / c / "article.txt").read_text(encoding="utf-8")) for c in REAL]
    assert statistics.median(words) >= 450
    assert sum(1 for w in words if w > 800) >= 20


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
    for field in ("title", "url", "publisher", "date", "license_note", "deal_kind", "text_type"):
        assert str(src.get(field, "")).strip(), f"{case}: no {field}"
    assert re.match(r"^\d{4}(-\d{2}){0,2}$", src["date"]), src["date"]
    assert src["deal_kind"] in DEAL_KINDS and src["text_type"] in TEXT_TYPES
    gold = GoldLabel.model_validate_json((SEEDS / case / "gold.json").read_text(encoding="utf-8"))
    assert (src["deal_kind"] == "no_deal") == (not gold.terms), f"{case}: deal_kind and label disagree"


# Reserved for an outside check (issue 15): none of these may be among the texts added with the full corpus.
def reserved(publisher: str, date: str) -> bool:
    year, month = int(date[:4]), int(date[5:7]) if len(date) >= 7 else 0
    name = outlet(publisher)
    if name == "Wikinews":
        return (year, month) in {(2019, 1), (2019, 7), (2019, 9), (2019, 10), (2019, 11), (2020, 1), (2020, 6)}
    if name == "The White House":
        return year in (2023, 2025)
    if name == "US Department of State":
        return year in (2021, 2022)
    if name == "Voice of America":
        return year in (2009, 2020)
    return False


@pytest.mark.parametrize("case", FULL_LENGTH)
def test_no_added_text_is_from_a_reserved_period(case):
    src = source(case)
    assert not reserved(src["publisher"], src["date"]), f"{case}: {src['publisher']} {src['date']} is reserved"
    assert src["license_note"] and ("public domain" in src["license_note"] or "CC BY" in src["license_note"])


def test_the_reserved_periods_are_recognised():
    assert reserved("Wikinews", "2019-10-02") and reserved("The White House", "2023-05-01")
    assert reserved("U.S. Department of State (press statement)", "2022-01-03") and reserved("Voice of America", "2020")
    assert not reserved("Wikinews", "2019-08-08") and not reserved("The White House", "2024-08-01")


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
