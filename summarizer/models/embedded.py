"""The embedded backend: llama-cpp-python running a GGUF file in this process.

llama-cpp-python 0.3.x ignores ``response_format={"type": "json_schema"}``
(the model then writes free text) but honours
``{"type": "json_object", "schema": ...}``, which it compiles into a grammar.
This backend always hands the schema over in that second form.

Small models loop ("0000…", "the the the…") until the token cap. The reply is
streamed past a :class:`LoopGuard` that watches the sampled tokens; when the
last ``LOOP_RUN`` tokens repeat a block of at most ``LOOP_MAX_PERIOD`` tokens
the reply is stopped and :class:`RepetitionLoop` raised, minutes earlier than
the cap would end it. Blocks longer than that (a repeated object in a list)
are left to the schema's list bounds and the clean-up's de-duplication.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError
from summarizer.models.base import RepetitionLoop, TokenBudgetExceeded

_LOADED: dict[tuple[str, int, int], Any] = {}
_TEMPLATE_OVERHEAD = 8  # chat-template tokens per message, a safe upper bound for ChatML
_MIN_ANSWER_TOKENS = 256
_LOAD_LOCK = threading.Lock()
# One lock per loaded model: a llama.cpp context runs one call at a time, and every EmbeddedBackend on
# the same (path, n_ctx, n_threads) shares the one Llama object of _LOADED, so they share its lock too.
_MODEL_LOCKS: dict[tuple[str, int, int], threading.Lock] = {}
LOOP_RUN = 32
LOOP_MAX_PERIOD = 8


def repeating_period(tokens: Sequence[int], max_period: int = LOOP_MAX_PERIOD) -> int | None:
    """The smallest period p <= max_period with which ``tokens`` repeat throughout, else None."""
    n = len(tokens)
    for p in range(1, min(max_period, n // 2) + 1):
        if all(tokens[i] == tokens[i - p] for i in range(p, n)):
            return p
    return None


class LoopGuard:
    """A llama.cpp logits processor that only watches: counts prompt and sampled tokens, spots a loop.

    It never changes the logits (exceptions cannot leave llama.cpp's sampler callback, so it
    raises nothing; the streaming caller checks ``period`` after each piece of text).
    """

    def __init__(self, run: int = LOOP_RUN, max_period: int = LOOP_MAX_PERIOD):
        self.run = run
        self.max_period = max_period
        self.prompt_tokens: int | None = None
        self.sampled = 0
        self.period: int | None = None

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        if self.prompt_tokens is None:
            self.prompt_tokens = len(input_ids)  # the first sample sees the prompt alone
        self.sampled += 1
        if self.period is None and len(input_ids) - self.prompt_tokens >= self.run:
            self.period = repeating_period(list(input_ids[-self.run :]), self.max_period)
        return scores


def default_threads() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def close_all() -> None:
    """Free every loaded model; registered at exit so llama.cpp never frees during interpreter teardown."""
    with _LOAD_LOCK:
        while _LOADED:
            _, llama = _LOADED.popitem()
            try:
                llama.close()
            except Exception:  # noqa: BLE001 - best effort at exit
                pass


atexit.register(close_all)


def model_lock(path: Path, n_ctx: int, n_threads: int) -> threading.Lock:
    """The lock of the model :func:`load_llama` gives for these arguments (the same lock for every caller)."""
    with _LOAD_LOCK:
        return _MODEL_LOCKS.setdefault((str(path), n_ctx, n_threads), threading.Lock())


def load_llama(path: Path, n_ctx: int, n_threads: int) -> Any:
    """Load a GGUF file once per process and (path, n_ctx, n_threads)."""
    key = (str(path), n_ctx, n_threads)
    with _LOAD_LOCK:
        if key not in _LOADED:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise ModelError(
                    "the embedded model needs llama-cpp-python: "
                    'CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install llama-cpp-python'
                ) from exc
            try:
                _LOADED[key] = Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=n_threads,
                    n_threads_batch=n_threads,  # llama-cpp-python's default is every core, whatever n_threads says
                    n_batch=512,
                    verbose=False,
                    seed=0,
                )
            except (ValueError, RuntimeError) as exc:
                raise ModelError(f"cannot load {path}: {exc}") from None
        return _LOADED[key]


def reset_timings(llama: Any) -> None:
    """Zero llama.cpp's counters, so the next call's prompt evaluation can be read alone."""
    try:
        import llama_cpp

        llama_cpp.llama_perf_context_reset(llama._ctx.ctx)
    except (ImportError, AttributeError):  # pragma: no cover - another llama-cpp-python layout
        pass


def prompt_tokens_evaluated(llama: Any) -> int | None:
    """Prompt tokens llama.cpp evaluated since :func:`reset_timings` (the rest came from the reused prefix)."""
    try:
        import llama_cpp

        return int(llama_cpp.llama_perf_context(llama._ctx.ctx).n_p_eval)
    except (ImportError, AttributeError):  # pragma: no cover - another llama-cpp-python layout
        return None


class EmbeddedBackend:
    """llama.cpp in process. The Llama object is shared by every backend on the same file and settings,
    and so is the lock that lets one call at a time use it (:func:`model_lock`)."""

    default_reading = "steps"  # small models read best in narrow steps (see summarizer/steps)

    def __init__(
        self,
        path: Path,
        *,
        name: str,
        file_sha256: str | None,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        temperature: float = 0.0,
        repeat_penalty: float = 1.1,
        decides: tuple[str, ...] = (),
    ):
        self.path = Path(path)
        self.decides = decides  # the steps it decides when the caller names no decider (its preset's, measured)
        self.name = name
        self.file_sha256 = file_sha256
        self.n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        self.temperature = temperature
        self.repeat_penalty = repeat_penalty
        self._lock = model_lock(self.path, self.n_ctx, self.n_threads)
        self.decoding = (
            f"temperature={temperature} repeat_penalty={repeat_penalty} loop_guard={LOOP_RUN}/{LOOP_MAX_PERIOD}"
        )

    @property
    def llama(self) -> Any:
        return load_llama(self.path, self.n_ctx, self.n_threads)

    def chat(self, *, messages: list[dict[str, Any]], schema: dict[str, Any], max_tokens: int) -> Any:
        """One grammar-constrained chat completion, its answer budget clamped to the context left."""
        # a re-ask carries the last reply too: leave the answer only the room the context has
        prompt_tokens = self.count_tokens("\n".join(str(m.get("content", "")) for m in messages)) or 0
        room = self.n_ctx - prompt_tokens - _TEMPLATE_OVERHEAD * len(messages)
        if room < _MIN_ANSWER_TOKENS:
            raise TokenBudgetExceeded(f"the prompt leaves no room to answer in the {self.n_ctx}-token context")
        guard = LoopGuard()
        parts: list[str] = []
        finish = None
        with self._lock:
            reset_timings(self.llama)
            stream = self.llama.create_chat_completion(
                messages=messages,
                response_format={"type": "json_object", "schema": schema},
                max_tokens=min(max_tokens, room),
                temperature=self.temperature,
                repeat_penalty=self.repeat_penalty,
                seed=0,
                stream=True,
                logits_processor=[guard],
            )
            for chunk in stream:
                choice = chunk["choices"][0]
                parts.append(choice["delta"].get("content") or "")
                finish = choice.get("finish_reason") or finish
                if guard.period is not None:
                    stream.close()
                    raise RepetitionLoop(
                        f"the model repeated itself (a {guard.period}-token pattern for {guard.run} tokens) "
                        f"after {guard.sampled} output tokens; stopped early",
                        tokens_in=guard.prompt_tokens or 0,
                        tokens_out=guard.sampled,
                        output="".join(parts),
                    )
            evaluated = prompt_tokens_evaluated(self.llama)
        # the last sample of a finished reply is the end-of-turn token, which is not output
        tokens_out = guard.sampled - (1 if finish == "stop" else 0)
        prompt_total = guard.prompt_tokens or 0
        cached = max(prompt_total - evaluated, 0) if evaluated is not None else 0
        return {
            "id": "embedded",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.name,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "".join(parts)}, "finish_reason": finish}
            ],
            "usage": {
                "prompt_tokens": prompt_total,
                "completion_tokens": tokens_out,
                "total_tokens": prompt_total + tokens_out,
                "prompt_tokens_details": {"cached_tokens": cached},
            },
        }

    def count_tokens(self, text: str) -> int | None:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def context_size(self) -> int | None:
        return self.n_ctx
