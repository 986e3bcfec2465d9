"""Evidence or nothing, the lead first, statements' authors: the steps reading's promises, checked on every case
in seeds/ and on texts written for these tests. A scripted model answers through the real model boundary."""

from __future__ import annotations

import pytest

from summarizer.eval.cases import load_cases
from summarizer.eval.scorers import term_supported
from summarizer.models.base import Model
from summarizer.models.scripted import ScriptedBackend
from summarizer.pipeline import summarize_article
from summarizer.text import article_from_text
from tests.conftest import ROOT

CASES = load_cases(ROOT / "seeds")


def nothing_given(messages: list[dict]) -> dict:
    """A model that says every side gives nothing: only what the text states in code's reading remains."""
    return {"sentence": 0, "category": "nothing", "item": ""}


def wheat_everywhere(messages: list[dict]) -> dict:
    """A model that claims a stock item in the first sentence: an item not in that sentence must be dropped."""
    return {"sentence": 1, "category": "food", "item": "two million tonnes of wheat"}


@pytest.mark.parametrize("answer", [nothing_given, wheat_everywhere], ids=["nothing", "stock-item"])
def test_every_term_of_every_case_has_a_sentence_that_contains_its_item(answer):
    model = Model(ScriptedBackend(answer))
    terms = 0
    for case in CASES:
        summary = summarize_article(case.article, model=model, reading="steps")
        text = case.article.text
        for term in summary.terms:
            terms += 1
            assert term.evidence, f"{case.id}: {term} has no evidence"
            quote = term.evidence[0]
            assert text[quote.start : quote.end] == quote.text
            assert term.item.lower() in quote.text.lower(), f"{case.id}: {term.item!r} not in {quote.text!r}"
            assert term_supported(term)
            assert "two million tonnes of wheat" not in term.item or "two million tonnes of wheat" in text
    assert terms > 100  # the check ran over real terms


LEAD_AND_BACKGROUND = (
    "Norway agrees to sell Peru six patrol boats\n\n"
    "Norway has agreed to sell Peru six patrol boats for $300 million, the two governments said on Monday.\n\n"
    "The boats will be delivered next year, Peru's defence minister Ana Ruiz said.\n\n"
    + " ".join(
        f"In {year}, Chile sold Bolivia {n} transport trucks, and Chile later supplied Bolivia with spare parts."
        for year, n in ((2015, 40), (2016, 30), (2017, 20), (2018, 10))
    )
    + "\n\nChile and Bolivia have traded military goods for decades, analysts say."
)


def test_a_long_text_with_a_background_deal_keeps_the_leads_deal_as_primary():
    model = Model(ScriptedBackend(nothing_given))
    summary = summarize_article(article_from_text(LEAD_AND_BACKGROUND), model=model, reading="steps")
    assert [p.name for p in summary.parties[:2]] == ["Norway", "Peru"]
    primary = {(t.giver, t.receiver, t.category) for t in summary.terms if t.primary}
    assert ("Norway", "Peru", "other") in primary or ("Norway", "Peru", "military_equipment") in primary or any(
        t[:2] == ("Norway", "Peru") for t in primary
    )
    assert ("Peru", "Norway", "money") in primary
    assert all({t.giver, t.receiver} == {"Norway", "Peru"} for t in summary.terms if t.primary)
    background = [t for t in summary.terms if not t.primary]
    assert all({t.giver, t.receiver} == {"Chile", "Bolivia"} for t in background)
    assert summary.status == "agreed"


STATEMENT = (
    "Statement from Foreign Minister Ilse Berg on the Release of Karl Weiss\n\n"
    "Today I welcome Karl Weiss home. He was wrongfully detained in Belarus for three years, and our government "
    "secured his release after months of talks.\n\n"
    "We thank everyone who worked for this day."
)


def test_a_first_person_statement_has_its_author_as_an_on_record_source():
    model = Model(ScriptedBackend(nothing_given))
    summary = summarize_article(article_from_text(STATEMENT), model=model, reading="steps")
    berg = next(s for s in summary.sources if s.name == "Ilse Berg")
    assert berg.kind == "official" and berg.on_record and berg.affiliation == "Foreign Minister"
    assert berg.evidence[0].text.startswith("Statement from Foreign Minister Ilse Berg")
    # the release is given by whoever held him, stated in the sentence that says so
    assert ("Belarus", "people") in [(t.giver, t.category) for t in summary.terms]
    assert all(t.giver == "Belarus" for t in summary.terms)
    assert summary.status == "implemented"


NO_DEAL_LONG = "Storm floods the coast\n\n" + " ".join(
    f"Rescue teams from {town} worked through the night, officials said, and the army sent trucks to help "
    f"families near {town} move to shelters." for town in ("Arlen", "Brisk", "Corran", "Dunmore", "Elsby") * 9
)


def test_a_long_report_with_no_deal_in_its_lead_gives_no_deal():
    model = Model(ScriptedBackend(lambda messages: pytest.fail("no step to ask")))
    summary = summarize_article(article_from_text(NO_DEAL_LONG), model=model, reading="steps")
    assert len(NO_DEAL_LONG.split()) > 1000
    assert summary.parties == [] and summary.terms == [] and summary.status == "unclear"
    assert summary.evidence_strength == "cannot_be_judged"


def test_the_evidence_table():
    from summarizer.evidence import SourceFact, grade_evidence

    side_a = SourceFact("Ilse Berg", "official", True, True)
    side_b = SourceFact("Mart Kask", "official", True, True)
    third = SourceFact("UN envoy", "official", True, False)
    unnamed = SourceFact("officials", "anonymous", False, False)
    grade = lambda **kw: grade_evidence(has_deal=True, status="agreed", hedges=[], **kw).strength  # noqa: E731
    assert grade_evidence(has_deal=False, status="unclear", sources=[], hedges=[]).strength == "cannot_be_judged"
    assert grade(sources=[side_a, side_b]) == "confirmed"
    assert grade(sources=[side_a], joint=True) == "confirmed"  # a joint statement: both sides state it
    assert grade(sources=[side_a]) == "probably_true" and grade(sources=[third]) == "probably_true"
    assert grade(sources=[unnamed]) == "possibly_true" and grade(sources=[]) == "possibly_true"
    assert grade_evidence(has_deal=True, status="denied", sources=[unnamed], hedges=[]).strength == "improbable"
    assert grade_evidence(has_deal=True, status="agreed", sources=[third], hedges=["reportedly"]).strength == (
        "possibly_true"
    )


def test_a_joint_statement_of_both_sides_is_confirmed():
    text = (
        "Joint Statement of Norway and Peru on Patrol Boats\n\n"
        "Norway will sell Peru six patrol boats for $300 million.\n\nThe boats will be delivered next year."
    )
    model = Model(ScriptedBackend(nothing_given))
    summary = summarize_article(article_from_text(text), model=model, reading="steps")
    assert summary.evidence_strength == "confirmed" and "joint statement" in summary.evidence_rationale


SANCTIONS_AROUND_A_SWAP = (
    "Ostland offers Westmark grain for tanks\n\n"
    "Ostland would give Westmark 200,000 tonnes of grain in exchange for 40 tanks, officials said on Monday. "
    "Both countries are under sanctions, and the sale would break the sanctions.\n\n"
    "Westmark has said it will lift sanctions on Ostland's banks once the tanks are delivered."
)


def test_the_term_decision_sees_sanctions_named_but_not_lifted():
    """The feature behind it: a candidate whose item names sanctions counts as a measure unless it lifts them."""
    from summarizer.features import TERM, TermRow, Text
    from summarizer.prepass import analyse

    pre = analyse(SANCTIONS_AROUND_A_SWAP)
    measure = TERM.table["measure_item"][1]
    seen = {}
    for cand in pre.term_candidates:
        if "sanctions" in cand.item.lower():
            row = TermRow(cand, "Westmark", "Ostland", False, False, ("Ostland", "Westmark"))
            seen[cand.trigger == "lift"] = measure(Text(pre), row)
    assert seen == {True: 0.0, False: 1.0}


def test_the_deal_probability_is_reported_for_a_deal_and_for_none():
    from summarizer.render import to_markdown

    model = Model(ScriptedBackend(lambda messages: pytest.fail("no step to ask")))
    deal = summarize_article(article_from_text(SANCTIONS_AROUND_A_SWAP), model=model, reading="steps")
    none = summarize_article(article_from_text(NO_DEAL_LONG), model=model, reading="steps")
    assert none.meta.deal_probability < none.meta.deal_threshold <= deal.meta.deal_probability
    assert f"**Deal reported:** probability {deal.meta.deal_probability:.2f}" in to_markdown(deal)


def test_the_seed_articles_sanctions_are_no_term_of_its_deal():
    """The README's first command: sanctions the article names beside the food-for-arms offer are not given in it."""
    from tests.conftest import SEED_ARTICLE

    model = Model(ScriptedBackend(lambda messages: pytest.fail("no step to ask")))
    summary = summarize_article(article_from_text(SEED_ARTICLE.read_text(encoding="utf-8")), model=model,
                                reading="steps")
    assert ("Russia", "North Korea", "food") in {(t.giver, t.receiver, t.category) for t in summary.terms}
    assert not [t for t in summary.terms if "sanction" in t.item.lower()]
    assert "Russia would give North Korea food in exchange for" in summary.summary
