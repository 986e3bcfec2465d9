"""The embedded backend: llama-cpp-python running a GGUF file in this process.

llama-cpp-python 0.3.x ignores ``response_format={"type": "json_schema"}``
(the model then writes free text) but honours
``{"type": "json_object", "schema": ...}``, which it compiles into a grammar.
This backend always hands the schema over in that second form.
"""

from __future__ import annotations

import atexit
import os
import threading
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError
from summarizer.models.base import TokenBudgetExceeded

_LOADED: dict[tuple[str, int, int], Any] = {}
_TEMPLATE_OVERHEAD = 8  # chat-template tokens per message, a safe upper bound for ChatML
_MIN_ANSWER_TOKENS = 256
_LOAD_LOCK = threading.Lock()


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
                    model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, n_batch=512, verbose=False, seed=0
                )
            except (ValueError, RuntimeError) as exc:
                raise ModelError(f"cannot load {path}: {exc}") from None
        return _LOADED[key]


class EmbeddedBackend:
    """llama.cpp in process. The Llama object is shared and guarded by a lock."""

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
    ):
        self.path = Path(path)
        self.name = name
        self.file_sha256 = file_sha256
        self.n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        self.temperature = temperature
        self.repeat_penalty = repeat_penalty
        self._lock = threading.Lock()

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
        with self._lock:
            return self.llama.create_chat_completion(
                messages=messages,
                response_format={"type": "json_object", "schema": schema},
                max_tokens=min(max_tokens, room),
                temperature=self.temperature,
                repeat_penalty=self.repeat_penalty,
                seed=0,
            )

    def count_tokens(self, text: str) -> int | None:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def context_size(self) -> int | None:
        return self.n_ctx
