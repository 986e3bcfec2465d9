"""The embedded backend's request shaping, with llama.cpp replaced by a recording stand-in."""

from __future__ import annotations

import pytest

from summarizer.models import embedded
from summarizer.models.base import TokenBudgetExceeded
from summarizer.models.embedded import EmbeddedBackend


class FakeLlama:
    def __init__(self):
        self.calls = []

    def tokenize(self, data: bytes, add_bos: bool = False, special: bool = False) -> list[int]:
        return list(range(len(data.split())))  # one token per word

    def create_chat_completion(self, **kwargs):
        self.calls.append(kwargs)
        return {"choices": [{"message": {"content": "{}"}}]}


@pytest.fixture
def fake(monkeypatch):
    llama = FakeLlama()
    monkeypatch.setattr(embedded, "load_llama", lambda *args: llama)
    return llama


def test_schema_goes_over_as_json_object_and_the_answer_fits_the_context(fake, tmp_path):
    backend = EmbeddedBackend(tmp_path / "m.gguf", name="m", file_sha256=None, n_ctx=1000)
    schema = {"type": "object"}
    backend.chat(messages=[{"role": "user", "content": "word " * 100}], schema=schema, max_tokens=5000)
    call = fake.calls[-1]
    assert call["response_format"] == {"type": "json_object", "schema": schema}
    assert call["max_tokens"] == 1000 - 100 - 8  # the context left after the prompt and its template
    backend.chat(messages=[{"role": "user", "content": "word " * 10}], schema=schema, max_tokens=300)
    assert fake.calls[-1]["max_tokens"] == 300


def test_a_prompt_that_leaves_no_room_stops_with_a_budget_error(fake, tmp_path):
    backend = EmbeddedBackend(tmp_path / "m.gguf", name="m", file_sha256=None, n_ctx=1000)
    with pytest.raises(TokenBudgetExceeded, match="no room to answer"):
        backend.chat(messages=[{"role": "user", "content": "word " * 900}], schema={}, max_tokens=500)
    assert fake.calls == []
