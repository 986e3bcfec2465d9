"""The embedded backend's request shaping and loop guard, with llama.cpp replaced by a recording stand-in.

tests/test_real_models.py runs the same paths against the real model."""

from __future__ import annotations

import pytest

from summarizer.models import embedded
from summarizer.models.base import RepetitionLoop, TokenBudgetExceeded
from summarizer.models.embedded import LOOP_RUN, EmbeddedBackend, repeating_period

PROMPT_TOKENS = 7


class FakeLlama:
    """Streams ``reply`` one token (word) at a time, calling the logits processors the way llama.cpp does."""

    def __init__(self):
        self.calls = []
        self.reply = ["{}"]
        self.closed = False

    def tokenize(self, data: bytes, add_bos: bool = False, special: bool = False) -> list[int]:
        return list(range(len(data.split())))  # one token per word

    def create_chat_completion(self, **kwargs):
        self.calls.append(kwargs)
        assert kwargs["stream"] is True
        return self._stream(kwargs["logits_processor"], kwargs["max_tokens"])

    def _stream(self, processors, max_tokens):
        ids = list(range(1000, 1000 + PROMPT_TOKENS))
        try:
            for n, word in enumerate(self.reply):
                for proc in processors:
                    proc(ids, None)
                if n == max_tokens:
                    yield {"choices": [{"delta": {}, "finish_reason": "length"}]}
                    return
                ids.append(hash(word) % 997)
                yield {"choices": [{"delta": {"content": word}, "finish_reason": None}]}
            for proc in processors:
                proc(ids, None)  # the sample that picks end-of-turn
            yield {"choices": [{"delta": {}, "finish_reason": "stop"}]}
        except GeneratorExit:
            self.closed = True
            raise


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


def test_a_reply_is_assembled_from_the_stream_with_exact_token_counts(fake, tmp_path):
    fake.reply = ['{"a":', ' "b"', "}"]
    backend = EmbeddedBackend(tmp_path / "m.gguf", name="m", file_sha256=None)
    out = backend.chat(messages=[{"role": "user", "content": "hi"}], schema={}, max_tokens=100)
    assert out["choices"][0]["message"]["content"] == '{"a": "b"}'
    assert out["choices"][0]["finish_reason"] == "stop"
    assert out["usage"] == {
        "prompt_tokens": PROMPT_TOKENS,
        "completion_tokens": 3,
        "total_tokens": PROMPT_TOKENS + 3,
        "prompt_tokens_details": {"cached_tokens": 0},  # a fake llama has no timings to read
    }


def test_a_looping_reply_is_stopped_early(fake, tmp_path):
    fake.reply = ['{"a": "'] + ["0"] * 500 + ['"}']
    backend = EmbeddedBackend(tmp_path / "m.gguf", name="m", file_sha256=None)
    with pytest.raises(RepetitionLoop, match="1-token pattern") as info:
        backend.chat(messages=[{"role": "user", "content": "hi"}], schema={}, max_tokens=1000)
    assert fake.closed
    assert info.value.tokens_in == PROMPT_TOKENS
    assert LOOP_RUN < info.value.tokens_out < LOOP_RUN + 5
    assert info.value.output.startswith('{"a": "000')


def test_repeated_objects_are_not_a_loop(fake, tmp_path):
    item = '{"name": "Russia", "kind": "state", "aliases": []},'.split(" ")  # a 6-word block, repeated
    block = [w + str(i) for i, w in enumerate(item * 2)]  # 12 distinct tokens: longer than LOOP_MAX_PERIOD
    fake.reply = block * 6
    backend = EmbeddedBackend(tmp_path / "m.gguf", name="m", file_sha256=None)
    out = backend.chat(messages=[{"role": "user", "content": "hi"}], schema={}, max_tokens=1000)
    assert out["usage"]["completion_tokens"] == len(block) * 6


@pytest.mark.parametrize(
    ("tokens", "period"),
    [
        ([5] * 32, 1),
        ([1, 2] * 16, 2),
        ([1, 2, 3, 4, 5, 6, 7, 8] * 4, 8),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9] * 4, None),  # longer than the largest period watched
        ([5] * 31 + [6], None),
        (list(range(32)), None),
        ([1, 2, 3] * 10 + [1, 2], 3),  # the run may end mid-block
    ],
)
def test_repeating_period(tokens, period):
    assert repeating_period(tokens) == period


def test_the_grammar_schema_allows_an_article_with_no_deal(fake, tmp_path):
    import json

    from summarizer.models.base import Model
    from summarizer.schema import Extraction
    from tests.test_pipeline_scripted import NO_DEAL

    fake.reply = [json.dumps(NO_DEAL)]
    backend = EmbeddedBackend(tmp_path / "m.gguf", name="m", file_sha256=None)
    messages = [{"role": "user", "content": "Typhoon hits coast"}]
    extraction, _ = Model(backend).extract(messages, Extraction, context={"article": "Typhoon hits coast"})
    assert extraction.parties == extraction.terms == extraction.sources == []
    schema = fake.calls[-1]["response_format"]["schema"]
    for name in ("parties", "terms", "sources"):
        assert schema["properties"][name].get("minItems", 0) == 0, name


class OneAtATimeLlama:
    """A stand-in that notices two calls inside it at once: each call waits a while for a second one."""

    active = 0
    peak = 0
    guard = None

    def __init__(self, **kwargs):
        import threading

        cls = type(self)
        cls.guard = cls.guard or threading.Lock()
        self.second = threading.Event()

    def tokenize(self, data: bytes, add_bos: bool = False, special: bool = False) -> list[int]:
        return list(range(len(data.split())))

    def create_chat_completion(self, **kwargs):
        return self._stream(kwargs["logits_processor"])

    def _stream(self, processors):
        cls = type(self)
        with cls.guard:
            cls.active += 1
            cls.peak = max(cls.peak, cls.active)
            if cls.active > 1:
                self.second.set()
        try:
            self.second.wait(0.5)  # a second call that can get in gets in now
            for proc in processors:
                proc(list(range(PROMPT_TOKENS)), None)
            yield {"choices": [{"delta": {"content": "{}"}, "finish_reason": None}]}
            for proc in processors:
                proc(list(range(PROMPT_TOKENS + 1)), None)
            yield {"choices": [{"delta": {}, "finish_reason": "stop"}]}
        finally:
            with cls.guard:
                cls.active -= 1


def test_two_backends_on_one_loaded_model_never_run_it_at_once(monkeypatch, tmp_path):
    import sys
    import threading
    import types

    fake_module = types.ModuleType("llama_cpp")
    fake_module.Llama = OneAtATimeLlama
    monkeypatch.setitem(sys.modules, "llama_cpp", fake_module)
    monkeypatch.setattr(embedded, "_LOADED", {})
    monkeypatch.setattr(embedded, "_MODEL_LOCKS", {}, raising=False)
    monkeypatch.setattr(OneAtATimeLlama, "peak", 0)
    path = tmp_path / "m.gguf"
    a = EmbeddedBackend(path, name="m", file_sha256=None, n_threads=2)
    b = EmbeddedBackend(path, name="m", file_sha256=None, n_threads=2)  # a second load_model() of the same file
    assert a.llama is b.llama  # one llama.cpp context ...

    errors = []

    def call(backend):
        try:
            backend.chat(messages=[{"role": "user", "content": "hi"}], schema={}, max_tokens=100)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(x,)) for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert OneAtATimeLlama.peak == 1  # ... used by one call at a time
