"""The steps reading through a scripted backend: each step's request and the assembled summary."""

from __future__ import annotations

import json

import pytest

from summarizer import summarize
from summarizer.models.base import Model
from summarizer.models.scripted import ScriptedBackend

ARTICLE = (
    "Russia offers North Korea food for munitions\n\n"
    "Russia is offering North Korea food in exchange for munitions, White House spokesman John Kirby said on "
    "Thursday.\n\n"
    "Under the proposed deal, North Korea would send artillery shells to Russia, Kirby told reporters.\n\n"
    "Pyongyang has not commented on the report."
)

# no transfer verb and no "in exchange for": the pre-pass finds no exchange cue, so the model is asked
ACCORD = (
    "Ankara and Kyiv reach drone accord\n\n"
    "Turkey and Ukraine reached an accord on Bayraktar drones and wheat on Monday, officials said.\n\n"
    "Under the accord, the drones go to Kyiv and Ukrainian wheat goes to Turkish mills, Trade Minister Omer Bolat "
    "said."
)

NO_DEAL = (
    "Typhoon floods northern provinces\n\n"
    "Heavy rain flooded three provinces on Monday, the weather agency PAGASA said.\n\n"
    "Schools were closed and thousands of families moved to shelters, local officials said."
)


def question(messages: list[dict]) -> str:
    """The step's question (a re-ask ends with the validation errors, the question stays in the user turn)."""
    asked = [m["content"] for m in messages if m["role"] == "user" and "Question:" in m["content"]]
    return asked[-1].rsplit("Question:", 1)[1]


def scripted_answers(messages: list[dict]) -> dict:
    """Answer each step by its question, as a careful reader of ACCORD would."""
    q = question(messages)
    if "two sides" in q:
        return {"sentence": 2, "first_side": "Turkey", "second_side": "Ukraine"}
    if "what does Turkey give or offer to Ukraine" in q:
        return {"sentence": 3, "category": "aircraft", "item": "the drones"}
    if "what does Ukraine give or offer to Turkey" in q:
        return {"sentence": 3, "category": "food", "item": "Ukrainian wheat"}
    if "status" in q:
        return {"sentence": 2, "status": "agreed"}
    raise AssertionError(f"unexpected question: {q}")


@pytest.fixture
def backend():
    return ScriptedBackend(scripted_answers)


def test_each_step_shares_the_article_prefix_and_asks_its_question_last(backend):
    summarize(ACCORD, model=Model(backend), reading="steps")
    requests = backend.requests
    assert [question(r).split("?")[0].strip() for r in requests] == [
        "The article reports a deal, trade or exchange. Which sentence states the main deal most clearly, and "
        "who are its two sides (the two that give something to each other)",
        "In the main deal, what does Turkey give or offer to Ukraine",
        "In the main deal, what does Ukraine give or offer to Turkey",
        "What is the status of the main deal between Turkey and Ukraine",
    ]
    systems = {r[0]["content"] for r in requests}
    prefixes = {r[1]["content"].rsplit("Question:", 1)[0] for r in requests}
    assert len(systems) == 1 and len(prefixes) == 1
    prefix = prefixes.pop()
    assert prefix.startswith("<article>\n[1] Ankara and Kyiv reach drone accord\n[2] Turkey and Ukraine reached")
    assert "[3] Under the accord" in prefix and "</article>" in prefix and "Names in the article:" in prefix
    # a source (the minister who speaks) is never offered as a side
    assert "Options for the sides: Ukraine; Turkey" in question(requests[0])
    assert "Omer Bolat" not in question(requests[0])
    # the status options are narrowed to the cues found (reached -> agreed) and unclear
    assert "- agreed:" in question(requests[3]) and "- implemented:" not in question(requests[3])


def test_the_answers_are_assembled_into_a_grounded_summary(backend):
    summary = summarize(ACCORD, model=Model(backend), reading="steps")
    assert summary.meta.reading == "steps"
    assert [s.name for s in summary.meta.steps] == ["sides", "gives", "gives", "status"]
    assert [p.name for p in summary.parties] == ["Turkey", "Ukraine"]
    assert "Kyiv" in summary.parties[1].aliases
    terms = [(t.giver, t.receiver, t.category, t.item) for t in summary.terms]
    # "the drones" are weapons whatever the model said: the item's words decide
    assert terms == [("Turkey", "Ukraine", "weapons", "the drones"), ("Ukraine", "Turkey", "food", "Ukrainian wheat")]
    assert summary.status == "agreed"
    assert summary.terms[1].evidence[0].text.startswith("Under the accord")
    bolat = next(s for s in summary.sources if s.name == "Omer Bolat")
    assert bolat.kind == "official" and bolat.on_record
    assert summary.evidence_strength == "probably_true" and "Omer Bolat" in summary.evidence_rationale
    for quote in summary.all_quotes():
        assert ACCORD[quote.start : quote.end] == quote.text
    assert summary.claims[0].evidence[0].text == summary.claims[0].statement
    assert summary.headline == "Turkey and Ukraine: an agreed deal, the drones for Ukrainian wheat"


def test_exchange_cues_answer_sides_and_terms_and_the_model_only_the_status():
    backend = ScriptedBackend(lambda messages: {"sentence": 3, "status": "proposed"})
    summary = summarize(ARTICLE, model=Model(backend), reading="steps")
    assert [question(r).split("?")[0].strip()[:30] for r in backend.requests] == ["What is the status of the main"]
    assert [p.name for p in summary.parties] == ["Russia", "North Korea"]
    terms = [(t.giver, t.receiver, t.category, t.item) for t in summary.terms]
    assert terms == [("Russia", "North Korea", "food", "food"), ("North Korea", "Russia", "munitions", "munitions")]
    assert summary.status == "proposed"
    assert "sides from exchange cues: Russia and North Korea" in summary.meta.cleanup
    kirby = next(s for s in summary.sources if s.name == "John Kirby")
    assert kirby.kind == "official" and kirby.on_record
    assert summary.evidence_strength == "probably_true"
    for quote in summary.all_quotes():
        assert ARTICLE[quote.start : quote.end] == quote.text


def test_an_article_without_a_deal_asks_nothing_and_judges_nothing():
    backend = ScriptedBackend(lambda messages: pytest.fail("no step should be asked"))
    summary = summarize(NO_DEAL, model=Model(backend), reading="steps")
    assert backend.requests == []
    assert summary.parties == [] and summary.terms == []
    assert summary.status == "unclear" and summary.evidence_strength == "cannot_be_judged"
    assert [(s.name, s.on_record) for s in summary.sources][-1] == ("local officials", False)


def test_an_answer_outside_the_options_is_re_asked_with_the_error(backend):
    replies = iter(
        [
            {"sentence": 2, "first_side": "Omer Bolat", "second_side": "Ukraine"},  # not an option
            {"sentence": 2, "first_side": "Turkey", "second_side": "Ukraine"},
        ]
    )

    def answer(messages):
        if "two sides" in question(messages):
            return next(replies)
        return scripted_answers(messages)

    backend = ScriptedBackend(answer)
    summary = summarize(ACCORD, model=Model(backend), reading="steps")
    assert [p.name for p in summary.parties] == ["Turkey", "Ukraine"]
    assert summary.meta.steps[0].attempts == 2
    reask = backend.requests[1]
    assert reask[-2]["role"] == "assistant" and "Omer Bolat" in reask[-2]["content"]
    assert "first_side" in reask[-1]["content"]


def test_the_step_cache_serves_every_answer_on_a_rerun(tmp_path, backend):
    from summarizer.cache import ResponseCache

    cache = ResponseCache(tmp_path)
    from summarizer.pipeline import summarize_article
    from summarizer.text import article_from_text

    first = summarize_article(article_from_text(ACCORD), model=Model(backend), cache=cache, reading="steps")
    calls = len(backend.requests)
    assert calls == 4
    again = summarize_article(article_from_text(ACCORD), model=Model(backend), cache=cache, reading="steps")
    assert len(backend.requests) == calls
    assert again.meta.cached and all(s.cached for s in again.meta.steps)
    assert json.loads(again.model_dump_json(exclude={"meta"})) == json.loads(first.model_dump_json(exclude={"meta"}))
