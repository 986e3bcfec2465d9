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
    "Ankara and Kyiv reach harvester accord\n\n"
    "Turkey and Ukraine reached an accord on harvesters and wheat on Monday, officials said.\n\n"
    "Under the accord, the harvesters go to Kyiv and Ukrainian wheat goes to Turkish mills, Trade Minister Omer Bolat "
    "said."
)

# an arms deal with a price, and no cue says who sells: the model is asked which side supplies
SALE = (
    "Drone deal agreed\n\n"
    "A deal on Bayraktar drones at a price of $50 million was agreed by Turkey and Ukraine on Monday, officials "
    "said.\n\n"
    "The drones go to Kyiv next year."
)

NO_DEAL = (
    "Typhoon floods northern provinces\n\n"
    "Heavy rain flooded three provinces on Monday, the weather agency PAGASA said.\n\n"
    "Schools were closed and thousands of families moved to shelters, local officials said."
)

from summarizer.reading_config import ReadingConfig  # noqa: E402

# the hand rules of the cues decide every step these tests do not give to the model (the fitted decisions are
# tested in test_fitted.py); the steps these tests exercise ask the model what each side gives
HAND = ["deal=code", "sides=code", "terms=code", "status=code", "sources=code"]
ASK = ReadingConfig.parse(decide=["gives=model", *HAND])


def question(messages: list[dict]) -> str:
    """The step's question (a re-ask ends with the validation errors, the question stays in the user turn)."""
    asked = [m["content"] for m in messages if m["role"] == "user" and "Question:" in m["content"]]
    return asked[-1].rsplit("Question:", 1)[1]


def scripted_answers(messages: list[dict]) -> dict:
    """Answer each step by its question, as a careful reader of ACCORD would."""
    q = question(messages)
    if "what does Turkey give or offer to Ukraine" in q:
        return {"sentence": 3, "category": "technology", "item": "the harvesters"}
    if "what does Ukraine give or offer to Turkey" in q:
        return {"sentence": 3, "category": "food", "item": "Ukrainian wheat"}
    if "status" in q:
        return {"sentence": 2, "status": "agreed"}
    raise AssertionError(f"unexpected question: {q}")


@pytest.fixture
def backend():
    return ScriptedBackend(scripted_answers)


def test_each_step_shares_the_article_prefix_and_asks_its_question_last(backend):
    summarize(ACCORD, model=Model(backend), reading="steps", config=ASK)
    requests = backend.requests
    assert [question(r).split("?")[0].strip() for r in requests] == [
        "In the main deal, what does Turkey give or offer to Ukraine",
        "In the main deal, what does Ukraine give or offer to Turkey",
    ]
    systems = {r[0]["content"] for r in requests}
    prefixes = {r[1]["content"].rsplit("Question:", 1)[0] for r in requests}
    assert len(systems) == 1 and len(prefixes) == 1
    prefix = prefixes.pop()
    assert prefix.startswith("<article>\n[1] Ankara and Kyiv reach harvester accord\n[2] Turkey and Ukraine reached")
    assert "[3] Under the accord" in prefix and "</article>" in prefix and "Names in the article:" in prefix


def test_the_answers_are_assembled_into_a_grounded_summary(backend):
    summary = summarize(ACCORD, model=Model(backend), reading="steps", config=ASK)
    assert summary.meta.reading == "steps"
    assert [s.name for s in summary.meta.steps] == ["gives", "gives"]
    # "Turkey and Ukraine reached an accord" names the sides; the minister who speaks is a source, not a side
    assert [p.name for p in summary.parties] == ["Turkey", "Ukraine"]
    assert "sides from exchange cues and deal pairs: Turkey and Ukraine" in summary.meta.cleanup
    assert "Kyiv" in summary.parties[1].aliases
    terms = [(t.giver, t.receiver, t.category, t.item) for t in summary.terms]
    assert terms == [
        ("Turkey", "Ukraine", "technology", "the harvesters"),
        ("Ukraine", "Turkey", "food", "Ukrainian wheat"),
    ]
    # the status by rule from its cues: "reach" in the title, "reached" in the lead
    assert summary.status == "agreed" and summary.claims[0].about == "status"
    assert summary.claims[0].statement == "Ankara and Kyiv reach harvester accord"
    assert summary.terms[1].evidence[0].text.startswith("Under the accord")
    bolat = next(s for s in summary.sources if s.name == "Omer Bolat")
    assert bolat.kind == "official" and bolat.on_record
    assert summary.evidence_strength == "probably_true" and "Omer Bolat" in summary.evidence_rationale
    for quote in summary.all_quotes():
        assert ACCORD[quote.start : quote.end] == quote.text
    assert all(c.evidence[0].text == c.statement for c in summary.claims)
    assert [c.about for c in summary.claims] == ["status", "term"]  # both terms rest on sentence 3
    assert summary.headline == "Turkey is to give Ukraine the harvesters in exchange for Ukrainian wheat"


def test_a_kind_of_deal_never_makes_a_term_the_text_does_not_state():
    """An arms deal whose text names no giver: the model is asked what each side gives; an item that is not in
    the sentence it names is dropped, one that is becomes a term with that sentence as evidence."""

    def answer(messages):
        q = question(messages)
        if "what does Turkey give or offer to Ukraine" in q:
            return {"sentence": 2, "category": "weapons", "item": "Bayraktar drones"}
        if "what does Ukraine give or offer to Turkey" in q:
            return {"sentence": 2, "category": "money", "item": "a payment for the drones"}  # not in sentence 2
        raise AssertionError(f"unexpected question: {q}")

    backend = ScriptedBackend(answer)
    summary = summarize(SALE, model=Model(backend), reading="steps", config=ASK)
    assert [s.name for s in summary.meta.steps] == ["gives", "gives"]
    assert [(t.giver, t.receiver, t.category, t.item) for t in summary.terms] == [
        ("Turkey", "Ukraine", "weapons", "Bayraktar drones")
    ]
    (term,) = summary.terms
    assert term.item in term.evidence[0].text and SALE[term.evidence[0].start : term.evidence[0].end] == term.evidence[0].text
    assert any("dropped the model's item 'a payment for the drones'" in note for note in summary.meta.cleanup)
    assert "kind of deal: arms" in summary.meta.cleanup
    assert summary.status == "agreed"


def test_with_the_model_deciding_nothing_the_frame_alone_gives_no_terms():
    from summarizer.pipeline import summarize_article
    from summarizer.reading_config import ReadingConfig
    from summarizer.text import article_from_text

    backend = ScriptedBackend(lambda messages: pytest.fail("gives is decided by code here"))
    config = ReadingConfig.parse(decide=["gives=code", *HAND])
    summary = summarize_article(article_from_text(SALE), model=Model(backend), reading="steps", config=config)
    assert backend.requests == [] and summary.terms == []
    assert [p.name for p in summary.parties] == ["Turkey", "Ukraine"] and summary.status == "agreed"


def test_exchange_cues_answer_sides_and_terms_and_the_model_is_not_asked():
    backend = ScriptedBackend(lambda messages: pytest.fail("the cues say everything"))
    summary = summarize(ARTICLE, model=Model(backend), reading="steps", config=ASK)
    assert backend.requests == []
    assert [p.name for p in summary.parties] == ["Russia", "North Korea"]
    terms = [(t.giver, t.receiver, t.category, t.item) for t in summary.terms]
    # a barter: each direction from the sentence that states it, "in exchange for" giving the munitions back
    assert terms == [("Russia", "North Korea", "food", "food"), ("North Korea", "Russia", "munitions", "munitions")]
    assert all(t.item in t.evidence[0].text for t in summary.terms)
    assert summary.status == "proposed"
    assert "sides from exchange cues and deal pairs: Russia and North Korea" in summary.meta.cleanup
    kirby = next(s for s in summary.sources if s.name == "John Kirby")
    assert kirby.kind == "official" and kirby.on_record
    assert summary.evidence_strength == "probably_true"
    for quote in summary.all_quotes():
        assert ARTICLE[quote.start : quote.end] == quote.text


def test_an_article_without_a_deal_asks_nothing_and_judges_nothing():
    backend = ScriptedBackend(lambda messages: pytest.fail("no step should be asked"))
    summary = summarize(NO_DEAL, model=Model(backend), reading="steps", config=ASK)
    assert backend.requests == []
    assert summary.parties == [] and summary.terms == []
    assert summary.status == "unclear" and summary.evidence_strength == "cannot_be_judged"
    assert [(s.name, s.on_record) for s in summary.sources][-1] == ("local officials", False)


def test_an_answer_outside_the_options_is_re_asked_with_the_error():
    replies = iter(
        [
            {"sentence": 9, "category": "weapons", "item": "Bayraktar drones"},  # the text has 3 sentences
            {"sentence": 2, "category": "weapons", "item": "Bayraktar drones"},
            {"sentence": 0, "category": "nothing", "item": ""},
        ]
    )

    backend = ScriptedBackend(lambda messages: next(replies))
    summary = summarize(SALE, model=Model(backend), reading="steps", config=ASK)
    assert [(s.name, s.attempts) for s in summary.meta.steps] == [("gives", 2), ("gives", 1)]
    assert [(t.giver, t.category) for t in summary.terms] == [("Turkey", "weapons")]
    reask = backend.requests[1]
    assert reask[-2]["role"] == "assistant" and '"sentence": 9' in reask[-2]["content"].replace("'", '"')
    assert "sentence" in reask[-1]["content"]


def test_a_step_that_never_answers_validly_is_recorded_and_the_summary_still_comes():
    backend = ScriptedBackend(lambda messages: {"sentence": 99, "category": "nothing", "item": ""})
    summary = summarize(SALE, model=Model(backend), reading="steps", config=ASK)
    first, second = summary.meta.steps
    assert first.answer is None and "no valid" in first.error and first.attempts == 3  # the model's cap
    assert summary.status == "agreed"  # by rule: "agreed" in the title and the lead
    assert [p.name for p in summary.parties] == ["Turkey", "Ukraine"]
    assert summary.terms == []  # no term without a sentence that states it


def test_the_step_cache_serves_every_answer_on_a_rerun(tmp_path, backend):
    from summarizer.cache import ResponseCache

    cache = ResponseCache(tmp_path)
    from summarizer.pipeline import summarize_article
    from summarizer.text import article_from_text

    first = summarize_article(article_from_text(ACCORD), model=Model(backend), cache=cache, reading="steps", config=ASK)
    calls = len(backend.requests)
    assert calls == 2
    again = summarize_article(article_from_text(ACCORD), model=Model(backend), cache=cache, reading="steps", config=ASK)
    assert len(backend.requests) == calls
    assert again.meta.cached and all(s.cached for s in again.meta.steps)
    assert json.loads(again.model_dump_json(exclude={"meta"})) == json.loads(first.model_dump_json(exclude={"meta"}))


def test_deal_words_without_a_deal_ask_nothing():
    """A cup final that 'offers' fans a parade: deal words, but no cue links two candidates, no kind of deal
    fits and the lead names no deal."""
    text = (
        "Harwick beat Northbridge to win the cup\n\n"
        "Harwick Athletic won the national cup on Saturday, beating Northbridge United 2-1 in London, the league "
        "said.\n\n"
        "Harwick will offer its fans a parade through the city on Sunday."
    )
    backend = ScriptedBackend(lambda messages: pytest.fail("no deal to ask about"))
    summary = summarize(text, model=Model(backend), reading="steps", config=ASK)
    assert backend.requests == [] and summary.parties == [] and summary.terms == []
    assert summary.evidence_strength == "cannot_be_judged"
    assert any("the title and lead name no deal" in note for note in summary.meta.cleanup)


def test_by_default_code_decides_every_step_and_no_model_is_called():
    """The better decider of each step on the test split was code (README, "Code or model")."""
    backend = ScriptedBackend(lambda messages: pytest.fail("code decides every step by default"))
    summary = summarize(ACCORD, model=Model(backend), reading="steps")
    assert backend.requests == [] and summary.meta.steps == []
    assert [p.name for p in summary.parties] == ["Turkey", "Ukraine"] and summary.status == "agreed"
