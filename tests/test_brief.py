"""The brief: written by a model from the checked facts, checked by code, the template's when it fails."""

from __future__ import annotations

import json

import pytest

from summarizer import summarize
from summarizer.brief import Brief, CheckContext, Headline, check, facts, sentences_of, wants_headline, write_brief
from summarizer.models.base import Model
from summarizer.models.scripted import ScriptedBackend
from tests.conftest import ROOT

ARTICLE = (ROOT / "seeds" / "000_russia_nk_food_arms" / "article.txt").read_text(encoding="utf-8")


def never(messages):
    raise AssertionError("the reading asks no model")


@pytest.fixture(scope="module")
def summary():
    return summarize(ARTICLE, model=Model(ScriptedBackend(never)), reading="steps")


def context(summary):
    return CheckContext(summary, facts(summary, ARTICLE.split("\n", 1)[0]), ARTICLE, (("Japan",),))


def test_the_facts_name_the_sides_the_status_the_terms_and_the_sources(summary):
    lines = facts(summary, "title")
    assert lines[0] == "The deal is between Russia and North Korea."
    assert lines[1].startswith("Status of the deal: proposed")
    assert any(line.startswith("Russia gives North Korea:") for line in lines)
    assert any(line.startswith("Source on the record: John Kirby") for line in lines)


def test_a_faithful_brief_passes(summary):
    good = Brief(headline="Russia offers North Korea food for munitions",
                 summary="Russia would give North Korea food in exchange for munitions, John Kirby said. "
                         "The deal is proposed and the evidence is probably true.")
    assert check(good, context(summary)) == []


def citing(who):
    """A faithful brief that cites ``who`` for it."""
    return Brief(headline="Russia offers North Korea food for munitions",
                 summary=f"Russia would give North Korea food in exchange for munitions, {who} said.")


def test_an_abbreviation_the_article_writes_with_dots_may_be_written_without(summary):
    assert not [p for p in check(citing("US officials"), context(summary)) if "'US'" in p]
    assert any("'EU'" in p for p in check(citing("EU officials"), context(summary)))


def test_a_dotted_abbreviation_does_not_end_a_sentence():
    assert sentences_of("U.S. officials said so. Mr. Kirby agreed! The deal is proposed.") == [
        "U.S. officials said so.", "Mr. Kirby agreed!", "The deal is proposed."]


def test_the_initials_of_a_name_in_the_article_are_a_known_name(summary):
    assert not [p for p in check(citing("OFAC"), context(summary)) if "'OFAC'" in p]
    assert any("'OFAX'" in p for p in check(citing("OFAX"), context(summary)))


def test_a_status_the_brief_says_the_deal_has_not_reached_is_no_claim_of_it(summary):
    brief = Brief(headline="Russia offers North Korea food for munitions",
                  summary="Russia would give North Korea food for munitions; the deal is proposed, not yet carried out.")
    assert not [p for p in check(brief, context(summary)) if "status" in p]


@pytest.mark.parametrize(
    ("headline", "text", "fault"),
    [
        ("Russia offers North Korea food", "North Korea would give Russia food, John Kirby said.",
         "facts have it the other way"),
        ("Russia offers North Korea food", "Russia would give North Korea food worth $90 million.",
         "the number 90"),
        ("Russia offers North Korea food", "Russia would give North Korea food, Vladimir Ilyich said.",
         "the name 'Vladimir'"),
        ("Russia offers North Korea food", "Russia delivered food to North Korea last week.", "but its status is"),
        ("Russia offers North Korea food", "Russia would give North Korea food, and Japan would watch.",
         "it names Japan"),
        ("Russia offers North Korea food in a long headline that keeps going well past fourteen words here",
         "Russia would give North Korea food.", "more than 14 words"),
    ],
)
def test_a_brief_written_to_fail_is_caught(summary, headline, text, fault):
    problems = check(Brief(headline=headline, summary=text), context(summary))
    assert any(fault in p for p in problems), problems


def brief_reply(*replies):
    """A scripted model that writes these briefs in turn."""
    queue = list(replies)

    def reply(messages):
        assert "<facts>" in messages[-1]["content"]
        return json.dumps(queue.pop(0))

    return reply


def test_a_refused_brief_is_asked_again_with_its_faults_and_the_second_is_kept(summary):
    backend = ScriptedBackend(brief_reply(
        {"headline": "North Korea feeds Russia", "summary": "North Korea would give Russia food."},
        {"headline": "Russia offers North Korea food", "summary": "Russia would give North Korea food."},
    ))
    out = write_brief(summary, Model(backend), ARTICLE)
    assert out.meta.brief == "model" and out.headline == "Russia offers North Korea food"
    assert "other way" in out.meta.brief_notes[0]
    assert "the facts have it the other way" in backend.requests[1][-1]["content"]  # the reasons go back
    assert [s.name for s in out.meta.steps][-2:] == ["brief", "brief"]


def test_a_brief_that_fails_twice_leaves_the_template(summary):
    bad = {"headline": "North Korea feeds Russia", "summary": "North Korea would give Russia food."}
    out = write_brief(summary, Model(ScriptedBackend(brief_reply(bad, bad))), ARTICLE)
    assert out.meta.brief == "template" and out.headline == summary.headline and len(out.meta.brief_notes) == 2


def test_no_kept_brief_names_a_name_or_number_that_is_in_neither_the_facts_nor_the_article(summary):
    invented = [
        {"headline": "Russia offers North Korea food", "summary": f"Russia would give North Korea food, {who} said."}
        for who in ("Kirby", "Alexei Petrov", "the Kremlin", "Ashot Mkrtychev", "Lars Holm")
    ] + [{"headline": "Russia offers food", "summary": f"Russia would give North Korea {n} tonnes of food."}
         for n in ("1,000", "two million", "45")]
    known = (ARTICLE + " " + " ".join(facts(summary, ""))).lower()
    for reply in invented:
        out = write_brief(summary, Model(ScriptedBackend(brief_reply(reply, reply))), ARTICLE)
        if out.meta.brief == "model":
            for word in out.summary.replace(",", "").replace(".", "").split():
                if word[0].isupper() or word[0].isdigit():
                    assert word.lower() in known, (word, out.summary)


@pytest.mark.parametrize(
    ("headline", "fault"),
    [
        ("North Korea would give Russia food", "facts have it the other way"),
        ("Russia offers North Korea food worth $90 million", "the number 90"),
        ("Russia Offers North Korea Food In New Trade Alliance", "the name 'Alliance'"),
        ("Russia delivered food to North Korea", "but its status is"),
        ("Russia offers food", "it does not name North Korea"),
    ],
)
def test_a_headline_standing_alone_written_to_fail_is_caught(summary, headline, fault):
    problems = check(Headline(headline=headline), context(summary))
    assert any(fault in p for p in problems), problems


def test_a_title_case_headline_standing_alone_passes_when_its_words_are_the_article_s(summary):
    assert check(Headline(headline="Russia Proposes Food for North Korea Munitions"), context(summary)) == []


def test_the_template_keeps_a_headline_that_states_the_deal_and_a_no_deal_title(summary):
    out = summarize(ARTICLE, model=Model(ScriptedBackend(never)), reading="steps", brief="headline")
    assert out.meta.brief == "template" and out.headline == summary.headline and not wants_headline(summary)
    assert "states the deal in one clause" in out.meta.brief_notes[0]
    no_deal = summarize("Rain in Oslo\n\nIt rained in Oslo on Monday.", model=Model(ScriptedBackend(never)),
                        reading="steps", brief="headline")
    assert no_deal.headline == "Rain in Oslo" and "keeps its title" in no_deal.meta.brief_notes[0]


def test_the_model_may_write_the_headline_alone_and_the_template_keeps_the_summary(summary):
    backend = ScriptedBackend(brief_reply({"headline": "Russia offers North Korea food worth $90 million"},
                                          {"headline": "Russia offers North Korea food for munitions"}))
    bare = summary.model_copy(update={"terms": []})  # no clause to state: the template says sides and status
    assert wants_headline(bare)
    out = write_brief(bare, Model(backend), ARTICLE, headline_only=True)
    assert out.meta.brief == "headline" and out.headline == "Russia offers North Korea food for munitions"
    assert out.summary == summary.summary  # the template's paragraph
    assert "'Russia offers North Korea food worth $90 million'" in out.meta.brief_notes[0]
    assert "the number 90" in out.meta.brief_notes[0]
    assert [s.name for s in out.meta.steps][-2:] == ["headline", "headline"]
    assert "one headline" in backend.requests[0][-1]["content"]


def test_a_side_may_be_named_by_its_initials_and_a_hyphenated_name_by_its_parts(summary):
    ctx = context(summary)
    assert check(Headline(headline="Russia Offers NK Food for Munitions From Kim Jong-Un"), ctx) == []
    assert any("'Kim-Ilsung'" in p for p in check(Headline(headline="Russia Offers NK Food for Munitions From "
                                                                     "Kim-Ilsung"), ctx))

