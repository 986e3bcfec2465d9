"""A scripted backend for tests and demos: replies come from a list or a function.

It goes through exactly the same :class:`~summarizer.models.base.Model` path as
a real backend (instructor, validation, re-ask, caps), and records every
request it receives so tests can assert on what was sent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import Any

Reply = str | dict[str, Any]


class ScriptedBackend:
    """Answers each request with the next scripted reply (JSON text or a dict)."""

    file_sha256 = None

    def __init__(self, replies: Sequence[Reply] | Callable[[list[dict[str, Any]]], Reply], name: str = "scripted",
                 decides: tuple[str, ...] = ()):
        self.name = name
        self.decides = decides  # the steps it decides when the caller names no decider, as an embedded preset's
        self._replies = replies
        self.requests: list[list[dict[str, Any]]] = []
        self._lock = threading.Lock()

    def chat(self, *, messages: list[dict[str, Any]], schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        with self._lock:
            self.requests.append([dict(m) for m in messages])
            index = len(self.requests) - 1
        if callable(self._replies):
            reply = self._replies(messages)
        else:
            reply = self._replies[min(index, len(self._replies) - 1)]
        content = reply if isinstance(reply, str) else json.dumps(reply)
        prompt_chars = sum(len(str(m.get("content", ""))) for m in messages)
        return {
            "id": f"scripted-{index}",
            "object": "chat.completion",
            "created": 0,
            "model": self.name,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {
                "prompt_tokens": prompt_chars // 4,
                "completion_tokens": len(content) // 4,
                "total_tokens": (prompt_chars + len(content)) // 4,
            },
        }

    def count_tokens(self, text: str) -> int | None:
        return None

    def context_size(self) -> int | None:
        return None
