"""Every gold label in seeds/ keeps the contract and refers to its own article."""

from __future__ import annotations

import json

import pytest

from summarizer.eval.cases import load_cases
from summarizer.schema import GoldLabel
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"
CASES = sorted(p for p in SEEDS.iterdir() if p.is_dir())
GOLD_FIELDS = {"status", "parties", "terms", "sources", "evidence_strength", "evidence_rationale"}


def test_there_are_enough_cases_and_they_cover_every_status():
    assert len(CASES) >= 16
    golds = [GoldLabel.model_validate_json((c / "gold.json").read_text()) for c in CASES]
    assert {g.status for g in golds} >= {
        "proposed",
        "negotiating",
        "agreed",
        "implemented",
        "collapsed",
        "denied",
        "unclear",
    }
    assert sum(1 for g in golds if not g.terms) >= 2  # articles with no deal
    assert sum(1 for g in golds if any(not t.primary for t in g.terms)) >= 3  # earlier or related deals
    kinds = {s.kind for g in golds for s in g.sources}
    assert {"official", "anonymous", "document", "news_media"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_gold_label_is_valid_and_grounded_in_its_article(case):
    raw = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    assert set(raw) == GOLD_FIELDS
    gold = GoldLabel.model_validate(raw)
    article = (case / "article.txt").read_text(encoding="utf-8")
    title, blank, *_ = article.split("\n", 2)
    assert title.strip() and blank == ""
    lowered = article.lower()
    names = [p.name for p in gold.parties]
    for party in gold.parties:
        for name in [party.name, *party.aliases]:
            assert name.lower() in lowered, f"{case.name}: party name {name!r} is not in the article"
    for term in gold.terms:
        assert term.giver in names and term.receiver in names, f"{case.name}: {term.giver} -> {term.receiver}"
        assert term.giver != term.receiver


def test_load_cases_reads_every_seed():
    cases = load_cases(SEEDS)
    assert [c.id for c in cases] == [c.name for c in CASES]
    assert all(c.article.text.strip() and c.gold == GoldLabel.model_validate_json((SEEDS / c.id / "gold.json").read_text()) for c in cases)
