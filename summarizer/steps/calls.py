"""One step's call to the model, through the one model boundary, with a response cache keyed by the request.

The key is the rendered request itself (model, its file hash, caps and decoding, every message, the answer's
JSON Schema), so a changed prompt, article or schema misses and everything else hits.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
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

    key = request_key(model, messages, answer_model.model_json_schema()) if cache is not None else None
    if cache is not None and key is not None:
        entry = _get(cache, key)
        if entry is not None:
            try:
                answer = answer_model.model_validate(entry["answer"])
                call = StepCall(name, prompt_hash, entry["answer"], entry["attempts"], entry["tokens_in"],
                                entry["tokens_out"], entry["seconds"], entry.get("tokens_cached", 0), cached=True)
                return answer, call
            except (ValidationError, KeyError, TypeError):
                pass
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
    if cache is not None and key is not None:
        _put(cache, key, {"answer": dumped, "attempts": call.attempts, "tokens_in": call.tokens_in,
                              "tokens_out": call.tokens_out, "seconds": call.seconds,
                              "tokens_cached": call.tokens_cached})
    return answer, call


def _path(cache: ResponseCache, key: str) -> Path:
    return cache.directory / "steps" / key[:2] / f"{key}.json"


def _get(cache: ResponseCache, key: str) -> dict[str, Any] | None:
    """A stored answer, or None (a corrupt entry counts as a miss)."""
    try:
        entry = json.loads(_path(cache, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) else None


def _put(cache: ResponseCache, key: str, entry: dict[str, Any]) -> None:
    path = _path(cache, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(entry), encoding="utf-8")
    os.replace(tmp, path)
