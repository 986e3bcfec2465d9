"""The one model boundary: messages and a pydantic schema in, a validated object out.

A *backend* knows how to send one OpenAI-style chat request (llama.cpp in
process, an OpenAI-compatible server, or a script in tests). :class:`Model`
wraps any backend with instructor, which validates each reply against the
schema and re-asks with the validation errors. Around instructor this class
keeps three promises of its own:

* a re-ask carries the original prompt, the last reply and its errors, never
  every failed reply (instructor appends them all; the request is trimmed here);
* a cap on attempts and on tokens spent across them;
* a record of attempts, tokens and seconds for ``meta``.

Nothing here imports a model library at module import time.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from summarizer.errors import ExtractionError, ModelError

T = TypeVar("T", bound=BaseModel)

# instructor logs each failed attempt at ERROR with the model's output; our errors say it once.
logging.getLogger("instructor").addHandler(logging.NullHandler())
log = logging.getLogger("summarizer.model")


class Backend(Protocol):
    """One chat completion, OpenAI-style. Returns an ``openai`` ChatCompletion
    (or a dict of the same shape)."""

    name: str
    file_sha256: str | None

    def chat(self, *, messages: list[dict[str, Any]], schema: dict[str, Any], max_tokens: int) -> Any: ...

    def count_tokens(self, text: str) -> int | None: ...

    def context_size(self) -> int | None: ...


@dataclass
class CallStats:
    """What one structured call cost."""

    attempts: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    tokens_cached: int = 0  # prompt tokens the backend reused from an earlier call (a shared prefix)
    seconds: float = 0.0
    last_output: str | None = None


class TokenBudgetExceeded(Exception):
    pass


class RepetitionLoop(Exception):
    """A backend stopped a reply because the model was repeating itself (raised by its ``chat``)."""

    def __init__(self, message: str, *, tokens_in: int, tokens_out: int, output: str):
        super().__init__(message)
        self.tokens_in = tokens_in
        self.tokens_out = tokens_out
        self.output = output


@dataclass
class Limits:
    """Caps for one structured call."""

    max_attempts: int = 3
    max_tokens_per_call: int = 1400
    max_total_tokens: int = 16_000


class Model:
    """A backend made safe for structured output. Build once, use for many calls."""

    def __init__(self, backend: Backend, limits: Limits | None = None):
        self.backend = backend
        self.limits = limits or Limits()

    @property
    def name(self) -> str:
        return self.backend.name

    @property
    def file_sha256(self) -> str | None:
        return self.backend.file_sha256

    @property
    def settings(self) -> str:
        """Everything besides model, prompt and article that shapes a reading: caps and decoding."""
        return f"{self.limits!r} {getattr(self.backend, 'decoding', '')}".strip()

    def __repr__(self) -> str:
        return f"Model({self.backend.name!r})"

    def extract(
        self, messages: list[dict[str, str]], response_model: type[T], context: dict[str, Any]
    ) -> tuple[T, CallStats]:
        """Ask until ``response_model`` validates (with ``context``) or a cap is reached."""
        import instructor
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

        stats = CallStats()
        limits = self.limits
        prompt_len = len(messages)
        schema = response_model.model_json_schema()
        started = time.perf_counter()

        def create(**kwargs: Any) -> Any:
            sent = kwargs["messages"]
            if len(sent) > prompt_len + 2:  # keep the prompt, the last reply and its errors
                sent = list(sent[:prompt_len]) + list(sent[-2:])
            spent = stats.tokens_in + stats.tokens_out
            if stats.attempts and spent >= limits.max_total_tokens:
                raise TokenBudgetExceeded(f"token budget of {limits.max_total_tokens} spent ({spent} tokens)")
            stats.attempts += 1
            wanted = (kwargs.get("response_format") or {}).get("json_schema", {}).get("schema", schema)
            try:
                reply = self.backend.chat(messages=sent, schema=wanted, max_tokens=limits.max_tokens_per_call)
            except RepetitionLoop as exc:  # final, like a reply cut off at max_tokens
                stats.tokens_in += exc.tokens_in
                stats.tokens_out += exc.tokens_out
                stats.last_output = exc.output
                raise
            completion = _as_completion(reply)
            usage = completion.usage
            if usage is not None:
                stats.tokens_in += usage.prompt_tokens or 0
                stats.tokens_out += usage.completion_tokens or 0
                details = getattr(usage, "prompt_tokens_details", None)
                stats.tokens_cached += (getattr(details, "cached_tokens", None) or 0) if details else 0
            stats.last_output = completion.choices[0].message.content if completion.choices else None
            log.info(
                "%s: attempt %d, %d messages, tokens so far %d in / %d out, %.1f s",
                self.backend.name,
                stats.attempts,
                len(sent),
                stats.tokens_in,
                stats.tokens_out,
                time.perf_counter() - started,
            )
            return completion

        patched = instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA)
        try:
            result = patched(
                messages=[dict(m) for m in messages],
                response_model=response_model,
                max_retries=max(limits.max_attempts - 1, 0),  # instructor: retries after the first
                context=context,
            )
        except InstructorRetryException as exc:
            cause = _root_cause(exc)
            if isinstance(cause, ModelError):
                raise cause from None
            raise _gave_up(stats, _first_line(cause)) from None
        except RepetitionLoop as exc:
            raise _gave_up(stats, str(exc)) from None
        except IncompleteOutputException:
            cut = f"the reply was cut off at max_tokens ({limits.max_tokens_per_call} tokens per call)"
            raise _gave_up(stats, cut) from None
        finally:
            stats.seconds = time.perf_counter() - started
        return result, stats


def _gave_up(stats: CallStats, why: str) -> ExtractionError:
    """The error for a call that ended without a valid object, carrying what it cost and produced."""
    return ExtractionError(
        f"no valid summary after {stats.attempts} attempt(s): {why}",
        attempts=stats.attempts,
        last_output=stats.last_output,
        tokens_in=stats.tokens_in,
        tokens_out=stats.tokens_out,
    )


def _as_completion(reply: Any) -> Any:
    from openai.types.chat import ChatCompletion

    if isinstance(reply, ChatCompletion):
        return reply
    if isinstance(reply, dict):
        return ChatCompletion.model_validate(reply)
    raise ModelError(f"backend returned {type(reply).__name__}, expected a chat completion")


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while seen.__cause__ is not None and seen.__cause__ is not seen:
        seen = seen.__cause__
    return seen


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) > 6:
        lines = lines[:6] + ["..."]
    return " | ".join(ln.strip() for ln in lines)
