"""The steps reading at its edges: an endpoint that ignores the schema, one-sentence and over-long articles."""

from __future__ import annotations

import pytest

from summarizer import summarize
from summarizer.errors import InputError
from summarizer.models.base import Model
from summarizer.models.scripted import ScriptedBackend
from tests.conftest import GOOD_REPLY
from tests.fault_server import FaultServer
from tests.test_faults import remote
from tests.test_steps_scripted import SALE


def test_an_endpoint_that_ignores_the_schema_is_re_asked_and_the_summary_still_comes():
    """The fault server answers every step with a whole single-reading summary: no step validates, each is
    re-asked with the errors up to the model's cap on attempts, and the summary is assembled from what code found."""
    with FaultServer(default="ok", good_reply=GOOD_REPLY) as srv:
        summary = summarize(SALE, model=remote(srv, attempts=3), reading="steps")
    steps = summary.meta.steps
    assert [s.name for s in steps] == ["supplier"]
    assert all(s.answer is None and s.attempts == 3 and "no valid" in (s.error or "") for s in steps)
    assert len(srv.requests) == 3
    reask = srv.requests[1]["body"]["messages"]
    assert reask[-2]["role"] == "assistant" and "validation" in reask[-1]["content"].lower()
    # each step sent its own small schema, never the single reading's
    schemas = [r["body"]["response_format"]["json_schema"]["schema"] for r in srv.requests]
    assert {tuple(sorted(s["properties"])) for s in schemas} == {("sentence", "supplier")}
    assert [p.name for p in summary.parties] == ["Turkey", "Ukraine"] and summary.status == "agreed"
    for quote in summary.all_quotes():
        assert SALE[quote.start : quote.end] == quote.text


def test_a_one_line_article_is_read_without_a_model_call():
    backend = ScriptedBackend(lambda messages: pytest.fail("nothing to ask"))
    summary = summarize("Storm closes schools in the north", model=Model(backend), reading="steps")
    assert backend.requests == [] and summary.terms == [] and summary.status == "unclear"
    assert summary.headline == "No deal reported"


class SmallContext(ScriptedBackend):
    """A scripted backend that reports a small context and counts tokens, as the embedded one does."""

    def count_tokens(self, text: str) -> int | None:
        return len(text.split())

    def context_size(self) -> int | None:
        return 2048


def test_an_article_too_long_for_the_context_is_refused_when_the_model_must_read_it():
    sentences = " ".join(f"Turkey and Ukraine reached accord {n} on harvesters and wheat." for n in range(400))
    backend = SmallContext(lambda messages: pytest.fail("refused before any call"))
    with pytest.raises(InputError, match=r"needs about [\d,]+ tokens .* context of 2,048; raise --n-ctx"):
        summarize(f"Harvester accord\n\n{sentences}", model=Model(backend), reading="steps")
    assert backend.requests == []


def test_an_article_too_long_for_the_context_is_read_when_the_cues_say_everything():
    sentences = " ".join(f"Russia sold {n} tanks to Belarus, officials said." for n in range(400))
    backend = SmallContext(lambda messages: pytest.fail("nothing to ask"))
    summary = summarize(f"Tank deal\n\n{sentences}", model=Model(backend), reading="steps")
    assert [(t.giver, t.receiver) for t in summary.terms][0] == ("Russia", "Belarus")


def test_hundreds_of_sentences_that_fit_are_read():
    sentences = " ".join(f"Turkey and Ukraine reached accord {n} on harvesters and wheat." for n in range(300))
    backend = ScriptedBackend(lambda messages: {"sentence": 300, "category": "food", "item": "wheat"})
    summary = summarize(f"Harvester accord\n\n{sentences}", model=Model(backend), reading="steps")
    assert [p.name for p in summary.parties] == ["Turkey", "Ukraine"]
    assert [s.name for s in summary.meta.steps] == ["gives", "gives"]
    assert summary.terms[0].evidence[0].text.startswith("Turkey and Ukraine reached accord 298")
