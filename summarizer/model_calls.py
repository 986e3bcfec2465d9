"""One step's call to the model, through the one model boundary, with a response cache keyed by the request.

The key is the rendered request itself (model, its file hash, caps and decoding, every message, the answer's
JSON Schema), so a changed prompt, article or schema misses and everything else hits.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.cache import ResponseCache
from summarizer.models.base import Model


@dataclass(frozen=True)
class StepCall:
    """What one step asked, answered and cost."""

    name: str
    prompt_hash: str
    answer: dict[str, Any] | None  # None when the model gave no valid answer within the caps
    attempts: int
    tokens_in: int
    tokens_out: int
    seconds: float
    tokens_cached: int = 0  # prompt tokens reused from the shared prefix
    cached: bool = False  # served from the response cache
    error: str | None = None


_STORED = ("attempts", "tokens_in", "tokens_out", "seconds", "tokens_cached")


def request_key(model: Model, messages: list[dict[str, str]], schema: dict[str, Any]) -> str:
    """The hex key of one rendered request."""
    parts = [
        "step",
        model.name,
        model.file_sha256 or "",
        model.settings,
        json.dumps(messages, ensure_ascii=False),
        json.dumps(schema, sort_keys=True),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def ask(
    model: Model,
    messages: list[dict[str, str]],
    answer_model: type[BaseModel],
    *,
    name: str,
    prompt_hash: str,
    cache: ResponseCache | None = None,
) -> tuple[BaseModel | None, StepCall]:
    """Ask one step; a cached answer is validated again, a failed call is recorded, not raised."""
    from summarizer.errors import ExtractionError

    key = request_key(model, messages, answer_model.model_json_schema()) if cache is not None else ""
    entry = cache.get_answer(key) if cache is not None else None
    if entry is not None:
        try:
            answer = answer_model.model_validate(entry["answer"])
            fields = {k: entry[k] for k in ("attempts", "tokens_in", "tokens_out", "seconds")}
            return answer, StepCall(
                name, prompt_hash, entry["answer"], **fields, tokens_cached=entry.get("tokens_cached", 0), cached=True
            )
        except (ValidationError, KeyError, TypeError):
            pass  # a stale or corrupt entry is a miss
    started = time.perf_counter()
    try:
        answer, stats = model.extract(messages, answer_model, context={})
    except ExtractionError as exc:
        call = StepCall(name, prompt_hash, None, exc.attempts, exc.tokens_in, exc.tokens_out,
                        round(time.perf_counter() - started, 3), error=str(exc))
        return None, call
    dumped = answer.model_dump(mode="json")
    call = StepCall(name, prompt_hash, dumped, stats.attempts, stats.tokens_in, stats.tokens_out,
                    round(stats.seconds, 3), tokens_cached=stats.tokens_cached)
    if cache is not None:
        cache.put_answer(key, {"answer": dumped, **{k: v for k, v in vars(call).items() if k in _STORED}})
    return answer, call

