"""The steps reading through a scripted backend: the fitted decisions by default (no model call), and each step
the model may decide, with its request, its re-asks, its cache and the assembled summary."""

from __future__ import annotations

import json

import pytest

from summarizer import summarize
from summarizer.models.base import Model
from summarizer.models.scripted import ScriptedBackend
from summarizer.reading_config import ReadingConfig

ARTICLE = (
    "Russia offers North Korea food for munitions\n\n"
    "Russia is offering North Korea food in exchange for munitions, White House spokesman John Kirby said on "
    "Thursday.\n\n"
    "Under the proposed deal, North Korea would send artillery shells to Russia, Kirby told reporters.\n\n"
    "Pyongyang has not commented on the report."
)

ACCORD = (
    "Ankara and Kyiv reach harvester accord\n\n"
    "Turkey and Ukraine reached an accord on harvesters and wheat on Monday, officials said.\n\n"
    "Under the accord, the harvesters go to Kyiv and Ukrainian wheat goes to Turkish mills, Trade Minister Omer Bolat "
    "said."
)

NO_DEAL = (
    "Typhoon floods northern provinces\n\n"
    "Heavy rain flooded three provinces on Monday, the weather agency PAGASA said.\n\n"
    "Schools were closed and thousands of families moved to shelters, local officials said."
)

# the model decides the sides and the status (the questions it is always asked when the text reports a deal)
ASK = ReadingConfig.parse(decide=["sides=model", "status=model"])


def question(messages: list[dict]) -> str:
    """The step's question (a re-ask ends with the validation errors, the question stays in the user turn)."""
    asked = [m["content"] for m in messages if m["role"] == "user" and "Question:" in m["content"]]
    return asked[-1].rsplit("Question:", 1)[1]


def careful_reader(messages: list[dict]) -> dict:
    """Answer each step of ACCORD as a careful reader would."""
    q = question(messages)
    if "Which two of these" in q:
        return {"sentence": 2, "first": "Turkey", "second": "Ukraine"}
    if "status" in q:
        return {"sentence": 2, "status": "agreed"}
    raise AssertionError(f"unexpected question: {q}")


@pytest.fixture
def backend():
    return ScriptedBackend(careful_reader)


def test_by_default_the_fitted_decisions_decide_and_no_model_is_called():
    backend = ScriptedBackend(lambda messages: pytest.fail("the fitted decisions decide every step by default"))
    summary = summarize(ACCORD, model=Model(backend), reading="steps")
    assert backend.requests == [] and summary.meta.steps == []
    assert [p.name for p in summary.parties[:2]] == ["Turkey", "Ukraine"] and summary.status == "agreed"
    assert any(note.startswith("sides Turkey") for note in summary.meta.cleanup)


def test_a_model_that_decides_the_sides_by_default_is_asked_them_unless_the_caller_says_otherwise():
    """As the default preset: the model's own deciders apply to the steps the caller does not name."""
    backend = ScriptedBackend(careful_reader, decides=("sides",))
    summary = summarize(ACCORD, model=Model(backend), reading="steps")
    assert [s.name for s in summary.meta.steps] == ["sides"] and summary.meta.steps[0].answer is not None
    assert [p.name for p in summary.parties[:2]] == ["Turkey", "Ukraine"]
    quiet = ScriptedBackend(lambda messages: pytest.fail("sides=fitted was asked for"), decides=("sides",))
    summary = summarize(ACCORD, model=Model(quiet), reading="steps", config=ReadingConfig.parse(decide=["sides=fitted"]))
    assert quiet.requests == [] and summary.meta.steps == []
    both = ScriptedBackend(careful_reader, decides=("sides",))
    summary = summarize(ACCORD, model=Model(both), reading="steps", config=ReadingConfig.parse(decide=["status=model"]))
    assert [s.name for s in summary.meta.steps] == ["sides", "status"]


def test_a_models_own_deciders_fill_only_the_steps_a_configuration_leaves_open():
    config = ReadingConfig.parse(without=["background"], decide=["status=model"])
    merged = config.under((("sides", "model"), ("status", "fitted")))
    assert merged.decider("sides") == "model" and merged.decider("status") == "model"
    assert merged.decider("gives") == "fitted" and not merged.on("background")
    assert merged.label == "-background sides=model status=model"
    assert ReadingConfig().under(()).label == "default"
    assert ReadingConfig.parse(decide=["sides=fitted"]).under((("sides", "model"),)).label == "sides=fitted"


def test_each_step_shares_the_article_prefix_and_asks_its_question_last(backend):
    summarize(ACCORD, model=Model(backend), reading="steps", config=ASK)
    requests = backend.requests
    assert [question(r).split("?")[0].strip()[:40] for r in requests] == [
        "The main deal is the one the title and t", "What is the status of the main deal betw"]
    systems = {r[0]["content"] for r in requests}
    prefixes = {r[1]["content"].rsplit("Question:", 1)[0] for r in requests}
    assert len(systems) == 1 and len(prefixes) == 1
    prefix = prefixes.pop()
    assert prefix.startswith("<article>\n[1] Ankara and Kyiv reach harvester accord\n[2] Turkey and Ukraine reached")
    assert "[3] Under the accord" in prefix and "</article>" in prefix and "Names in the article:" in prefix


def test_the_models_answers_are_assembled_into_a_grounded_summary(backend):
    summary = summarize(ACCORD, model=Model(backend), reading="steps", config=ASK)
    assert [s.name for s in summary.meta.steps] == ["sides", "status"]
    assert [p.name for p in summary.parties[:2]] == ["Turkey", "Ukraine"]
    assert "sides chosen by the model: Turkey and Ukraine" in summary.meta.cleanup
    assert summary.status == "agreed" and summary.claims[0].about == "status"
    assert summary.claims[0].statement.startswith("Turkey and Ukraine reached")
    bolat = next(s for s in summary.sources if s.name == "Omer Bolat")
    assert bolat.kind == "official" and bolat.on_record
    for quote in summary.all_quotes():
        assert ACCORD[quote.start : quote.end] == quote.text
    for term in summary.terms:  # evidence or nothing
        assert term.item in term.evidence[0].text


def test_the_gives_step_is_asked_only_where_no_term_says_it_and_its_item_must_be_words_of_its_sentence():
    asked = []

    def answer(messages):
        q = question(messages)
        asked.append(q)
        if "give or offer to Ukraine" in q:
            return {"sentence": 3, "category": "technology", "item": "the harvesters"}
        return {"sentence": 3, "category": "money", "item": "a payment for the harvesters"}  # not in sentence 3

    summary = summarize(ACCORD, model=Model(ScriptedBackend(answer)), reading="steps",
                        config=ReadingConfig.parse(decide=["gives=model"]))
    fitted = summarize(ACCORD, model=Model(ScriptedBackend(answer)), reading="steps")
    directions = {("Turkey", "Ukraine"), ("Ukraine", "Turkey")}
    without = {d for d in directions if not any((t.giver, t.receiver) == d for t in fitted.terms)}
    assert len(asked) == len(without)  # one question per direction no fitted term covers
    assert all(t.item in t.evidence[0].text for t in summary.terms)
    assert not any(t.item == "a payment for the harvesters" for t in summary.terms)


def test_an_article_without_a_deal_asks_nothing_and_judges_nothing():
    backend = ScriptedBackend(lambda messages: pytest.fail("no step should be asked"))
    summary = summarize(NO_DEAL, model=Model(backend), reading="steps", config=ASK)
    assert backend.requests == []
    assert summary.parties == [] and summary.terms == []
    assert summary.status == "unclear" and summary.evidence_strength == "cannot_be_judged"


def test_an_answer_outside_the_options_is_re_asked_with_the_error():
    replies = iter([
        {"sentence": 2, "first": "Turkey", "second": "Ukraine"},
        {"sentence": 9, "status": "agreed"},  # the text has 3 sentences
        {"sentence": 2, "status": "agreed"},
    ])
    backend = ScriptedBackend(lambda messages: next(replies))
    summary = summarize(ACCORD, model=Model(backend), reading="steps", config=ASK)
    assert [(s.name, s.attempts) for s in summary.meta.steps] == [("sides", 1), ("status", 2)]
    reask = backend.requests[2]
    assert reask[-2]["role"] == "assistant" and '"sentence": 9' in reask[-2]["content"].replace("'", '"')
    assert "sentence" in reask[-1]["content"] and summary.status == "agreed"


def test_a_step_that_never_answers_validly_is_recorded_and_the_fitted_answer_stays():
    backend = ScriptedBackend(lambda messages: {"sentence": 99, "first": "Mars", "second": "Venus", "status": "x"})
    summary = summarize(ACCORD, model=Model(backend), reading="steps", config=ASK)
    fitted = summarize(ACCORD, model=Model(backend), reading="steps")
    first, second = summary.meta.steps
    assert first.answer is None and "no valid" in first.error and first.attempts == 3  # the model's cap
    assert [p.name for p in summary.parties] == [p.name for p in fitted.parties]
    assert summary.status == fitted.status


def test_the_step_cache_serves_every_answer_on_a_rerun(tmp_path, backend):
    from summarizer.cache import ResponseCache
    from summarizer.pipeline import summarize_article
    from summarizer.text import article_from_text

    cache = ResponseCache(tmp_path)
    first = summarize_article(article_from_text(ACCORD), model=Model(backend), cache=cache, reading="steps", config=ASK)
    calls = len(backend.requests)
    assert calls == 2
    again = summarize_article(article_from_text(ACCORD), model=Model(backend), cache=cache, reading="steps", config=ASK)
    assert len(backend.requests) == calls
    assert again.meta.cached and all(s.cached for s in again.meta.steps)
    assert json.loads(again.model_dump_json(exclude={"meta"})) == json.loads(first.model_dump_json(exclude={"meta"}))


def test_a_barter_in_one_sentence_gives_each_direction_from_the_words_that_state_it():
    backend = ScriptedBackend(lambda messages: pytest.fail("the fitted decisions decide"))
    summary = summarize(ARTICLE, model=Model(backend), reading="steps")
    assert [p.name for p in summary.parties[:2]] == ["Russia", "North Korea"]
    terms = {(t.giver, t.receiver, t.category) for t in summary.terms}
    assert ("Russia", "North Korea", "food") in terms and ("North Korea", "Russia", "munitions") in terms
    assert all(t.item in t.evidence[0].text for t in summary.terms)
    kirby = next(s for s in summary.sources if s.name == "John Kirby")
    assert kirby.kind == "official" and kirby.on_record
