"""The steps reading at its edges: an endpoint that ignores the schema, one-sentence and over-long articles."""

from __future__ import annotations

import pytest

from summarizer import summarize
from summarizer.errors import InputError
from summarizer.models.base import Model
from summarizer.models.scripted import ScriptedBackend
from summarizer.pipeline import summarize_article
from summarizer.reading_config import ReadingConfig
from summarizer.text import article_from_text
from tests.conftest import GOOD_REPLY
from tests.fault_server import FaultServer
from tests.test_faults import remote
from tests.test_steps_scripted import ACCORD

# the model decides the status: a step it is asked whenever the text reports a deal
ASK = ReadingConfig.parse(decide=["status=model"])


def test_an_endpoint_that_ignores_the_schema_is_re_asked_and_the_summary_still_comes():
    """The fault server answers every step with a whole single-reading summary: the step never validates, it is
    re-asked with the errors up to the model's cap on attempts, and the fitted decision's status stays."""
    with FaultServer(default="ok", good_reply=GOOD_REPLY) as srv:
        summary = summarize(ACCORD, model=remote(srv, attempts=3), reading="steps", config=ASK)
    steps = summary.meta.steps
    assert [s.name for s in steps] == ["status"]
    assert all(s.answer is None and s.attempts == 3 and "no valid" in (s.error or "") for s in steps)
    assert len(srv.requests) == 3
    reask = srv.requests[1]["body"]["messages"]
    assert reask[-2]["role"] == "assistant" and "validation" in reask[-1]["content"].lower()
    # the step sent its own small schema, never the single reading's
    schemas = [r["body"]["response_format"]["json_schema"]["schema"] for r in srv.requests]
    assert {tuple(sorted(s["properties"])) for s in schemas} == {("sentence", "status")}
    assert [p.name for p in summary.parties[:2]] == ["Turkey", "Ukraine"] and summary.status == "agreed"
    for quote in summary.all_quotes():
        assert ACCORD[quote.start : quote.end] == quote.text


def test_a_one_line_article_is_read_without_a_model_call():
    backend = ScriptedBackend(lambda messages: pytest.fail("nothing to ask"))
    summary = summarize("Storm closes schools in the north", model=Model(backend), reading="steps", config=ASK)
    assert backend.requests == [] and summary.terms == [] and summary.status == "unclear"
    assert summary.headline == "Storm closes schools in the north"  # a no-deal text's brief says what it is about


class SmallContext(ScriptedBackend):
    """A scripted backend that reports a small context and counts tokens, as the embedded one does."""

    def count_tokens(self, text: str) -> int | None:
        return len(text.split())

    def context_size(self) -> int | None:
        return 2048


def test_an_article_too_long_for_the_context_is_read_from_its_start_and_says_so():
    sentences = " ".join(f"Turkey and Ukraine reached accord {n} on harvesters and wheat." for n in range(400))
    backend = SmallContext(lambda messages: {"sentence": 2, "status": "agreed"})
    summary = summarize(f"Harvester accord\n\n{sentences}", model=Model(backend), reading="steps", config=ASK)
    shown = backend.requests[0][1]["content"]
    assert "[1] Harvester accord\n[2] Turkey and Ukraine reached accord 0" in shown
    assert "[401]" not in shown and "later sentences are not shown" in shown
    assert len(shown.split()) < 2048
    assert any("the model read sentences 1-" in note and "of 401" in note for note in summary.meta.cleanup)
    assert summary.claims[0].evidence[0].text == "Turkey and Ukraine reached accord 0 on harvesters and wheat."


def test_an_article_whose_lead_does_not_fit_the_context_is_refused():
    title = "Harvester accord " + "very " * 3000
    backend = SmallContext(lambda messages: pytest.fail("refused before any call"))
    with pytest.raises(InputError, match=r"context of 2,048, and not even its lead fits; raise --n-ctx"):
        summarize(f"{title}\n\nTurkey and Ukraine reached an accord on wheat.", model=Model(backend),
                  reading="steps", config=ASK)
    assert backend.requests == []


def test_an_article_too_long_for_the_context_is_read_whole_when_no_model_is_asked():
    sentences = " ".join(f"Russia sold {n} tanks to Belarus, officials said." for n in range(400))
    backend = SmallContext(lambda messages: pytest.fail("nothing to ask"))
    summary = summarize_article(article_from_text(f"Tank deal\n\n{sentences}"), model=Model(backend),
                                reading="steps")
    assert [(t.giver, t.receiver) for t in summary.terms][0] == ("Russia", "Belarus")


def test_hundreds_of_sentences_that_fit_are_read():
    sentences = " ".join(f"Turkey and Ukraine reached accord {n} on harvesters and wheat." for n in range(300))
    backend = ScriptedBackend(lambda messages: {"sentence": 300, "status": "agreed"})
    summary = summarize(f"Harvester accord\n\n{sentences}", model=Model(backend), reading="steps", config=ASK)
    assert [p.name for p in summary.parties[:2]] == ["Turkey", "Ukraine"]
    assert [s.name for s in summary.meta.steps] == ["status"]
    assert summary.claims[0].evidence[0].text.startswith("Turkey and Ukraine reached accord 298")
