"""A fault-injection server that speaks the OpenAI chat-completions API, for tests and the soak script.

It listens on 127.0.0.1 only (a free port picked by the OS) and answers ``POST /v1/chat/completions``
with one *behaviour* per request. The behaviour comes from, in this order:

1. a marker in the article text, ``[fault:500,429,ok]``: the n-th request for that article gets the
   n-th behaviour (the last one repeats), so concurrent batch requests stay deterministic;
2. the server's ``plan``, a list consumed one behaviour per request;
3. ``default`` (``"ok"``).

Behaviours: ``ok`` (a valid summary built from the article), ``429`` (with ``Retry-After``), ``401``,
``500``, ``502``, ``503``, ``hang`` (no answer for ``hang_seconds``), ``drop`` (close the socket
without a response), ``malformed`` (a broken JSON body), ``truncated`` (``finish_reason: "length"``
and cut JSON content), ``schema`` (JSON that breaks the schema) and ``badquotes`` (quotes that are
not in the article). Every request is recorded (headers with lower-case names, parsed body, behaviour) for assertions.
"""

from __future__ import annotations

import copy
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BEHAVIOURS = (
    "ok",
    "429",
    "401",
    "500",
    "502",
    "503",
    "hang",
    "drop",
    "malformed",
    "truncated",
    "schema",
    "badquotes",
)
MARKER = re.compile(r"\[fault:([a-z0-9_,]+)\]")
INVENTED_QUOTE = "The treaty was signed in Vladivostok on a sunny Monday morning by both leaders"


def article_of(messages: list[dict[str, Any]]) -> str:
    """The article text of a request: between ``<article>\\n`` and ``\\n</article>`` in the last
    user message that contains them ("" when none does)."""
    for message in reversed(messages):
        content = str(message.get("content") or "")
        if message.get("role") == "user" and "<article>\n" in content and "\n</article>" in content:
            start = content.rindex("<article>\n") + len("<article>\n")
            end = content.index("\n</article>", start)
            return content[start:end]
    return ""


def _quotes(extraction: dict[str, Any]) -> list[str]:
    found = [extraction.get("status_quote", "")]
    found += [t.get("quote", "") for t in extraction.get("terms", [])]
    found += [s.get("quote", "") for s in extraction.get("sources", [])]
    return [q for q in found if q]


def minimal_extraction(article: str) -> dict[str, Any]:
    """A valid Extraction whose only quote is a line of the article (no deal terms)."""
    lines = [ln.strip() for ln in article.splitlines() if ln.strip()]
    usable = [ln for ln in lines if not MARKER.search(ln) and "</ article>" not in ln]
    quote = usable[0][:200].strip() if usable else ""
    title = quote[:140] or "An article"
    return {
        "headline": title,
        "status": "unclear",
        "status_quote": quote,
        "parties": [],
        "terms": [],
        "sources": [],
        "evidence_strength": "cannot_be_judged",
        "evidence_rationale": "Built by the fault server from the article's first line.",
        "summary": f"The article is titled: {title}",
    }


class FaultServer:
    """An OpenAI-compatible server on 127.0.0.1 that misbehaves on request. Use it as a context manager."""

    def __init__(
        self,
        plan: list[str] | None = None,
        *,
        default: str = "ok",
        good_reply: dict[str, Any] | None = None,
        retry_after: float = 0.1,
        hang_seconds: float = 3.0,
        delay: float = 0.0,
    ):
        self.plan = list(plan or [])
        self.default = default
        self.good_reply = good_reply
        self.retry_after = retry_after
        self.hang_seconds = hang_seconds
        self.delay = delay  # seconds before every answer, like a real model's latency
        self.requests: list[dict[str, Any]] = []
        self._per_article: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle ---------------------------------------------------------------------------------
    def start(self) -> FaultServer:
        handler = type("Handler", (_Handler,), {"fault_server": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fault-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes hanging handlers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # what to do --------------------------------------------------------------------------------
    def choose(self, article: str) -> str:
        """The behaviour for the next request about ``article``."""
        with self._lock:
            marker = MARKER.search(article)
            if marker:
                steps = marker.group(1).split(",")
                n = self._per_article.get(article, 0)
                self._per_article[article] = n + 1
                behaviour = steps[min(n, len(steps) - 1)]
            elif self.plan:
                behaviour = self.plan.pop(0)
            else:
                behaviour = self.default
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}")
        return behaviour

    def valid_content(self, article: str) -> dict[str, Any]:
        """``good_reply`` when all its quotes are in the article, else a minimal valid extraction."""
        if self.good_reply and all(q in article for q in _quotes(self.good_reply)):
            return copy.deepcopy(self.good_reply)
        return minimal_extraction(article)

    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(entry)

    def behaviours(self) -> list[str]:
        """The behaviour of every request so far, in order."""
        with self._lock:
            return [r["behaviour"] for r in self.requests]


class _Handler(BaseHTTPRequestHandler):
    fault_server: FaultServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        server = self.fault_server
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = {}
        messages = body.get("messages") or []
        article = article_of(messages)
        behaviour = server.choose(article) if self.path.endswith("/chat/completions") else "404"
        server.record(
            {
                "path": self.path,
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "body": body,
                "behaviour": behaviour,
                "time": time.monotonic(),
            }
        )
        if server.delay:
            server._stopping.wait(server.delay)
        try:
            self._answer(behaviour, body, article)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up first
            pass

    def _answer(self, behaviour: str, body: dict[str, Any], article: str) -> None:
        server = self.fault_server
        if behaviour == "404":
            self._send(404, {"error": {"message": "not found"}})
        elif behaviour == "429":
            self._send(429, {"error": {"message": "rate limited"}}, {"Retry-After": f"{server.retry_after:g}"})
        elif behaviour == "401":
            self._send(401, {"error": {"message": "bad key"}})
        elif behaviour in ("500", "502", "503"):
            self._send(int(behaviour), {"error": {"message": f"server error {behaviour}"}})
        elif behaviour == "hang":
            server._stopping.wait(server.hang_seconds)
            self._send(503, {"error": {"message": "hung"}})
        elif behaviour == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif behaviour == "malformed":
            self._send_raw(200, b'{"id": "cmpl-1", "object": "chat.completion", "choices": [{"index": 0, "mess')
        elif behaviour == "truncated":
            content = json.dumps(server.valid_content(article))
            self._send(200, _completion(body, content[: len(content) // 2], finish_reason="length"))
        elif behaviour == "schema":
            self._send(200, _completion(body, json.dumps({"headline": 42, "status": "maybe"})))
        elif behaviour == "badquotes":
            content = server.valid_content(article)
            content["status_quote"] = INVENTED_QUOTE
            self._send(200, _completion(body, json.dumps(content)))
        else:
            self._send(200, _completion(body, json.dumps(server.valid_content(article))))

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload).encode(), headers)

    def _send_raw(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _completion(body: dict[str, Any], content: str, finish_reason: str = "stop") -> dict[str, Any]:
    prompt_chars = sum(len(str(m.get("content") or "")) for m in body.get("messages") or [])
    return {
        "id": "cmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": str(body.get("model") or "m"),
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": {"role": "assistant", "content": content}}],
        "usage": {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(content) // 4,
            "total_tokens": (prompt_chars + len(content)) // 4,
        },
    }
