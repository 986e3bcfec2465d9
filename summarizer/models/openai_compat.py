"""The OpenAI-compatible backend: OpenAI, Ollama, vLLM, a llama.cpp server.

Transport faults (timeouts, dropped connections, 429 and 5xx) are retried here
with tenacity, honouring ``Retry-After``; the openai client's own retries are
off so that one place counts them. The API key is handed to the client and
never put into a message, log or error.
"""

from __future__ import annotations

import json
import os
from typing import Any, Literal

from summarizer.errors import ModelError

SchemaFormat = Literal["json_schema", "json_object"]
_MAX_RETRY_AFTER = 60.0


class OpenAIBackend:
    """Chat completions over HTTP."""

    file_sha256 = None

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 120.0,
        transport_retries: int = 4,
        schema_format: SchemaFormat = "json_schema",
        temperature: float = 0.0,
        max_context_chars: int = 200_000,
        backoff: float = 1.0,
    ):
        self.model = model
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
        self.name = f"{model}@{self.base_url}"
        self._api_key = api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"
        self.timeout = timeout
        self.transport_retries = transport_retries
        self.schema_format = schema_format
        self.temperature = temperature
        self.max_context_chars = max_context_chars
        self.backoff = backoff
        self._client: Any = None

    def __repr__(self) -> str:  # never show the key
        return f"OpenAIBackend(model={self.model!r}, base_url={self.base_url!r})"

    @property
    def client(self) -> Any:
        if self._client is None:
            import openai

            self._client = openai.OpenAI(
                base_url=self.base_url, api_key=self._api_key, timeout=self.timeout, max_retries=0
            )
        return self._client

    def _response_format(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.schema_format == "json_object":  # llama-cpp-python's server
            return {"type": "json_object", "schema": schema}
        return {"type": "json_schema", "json_schema": {"name": "Extraction", "schema": schema}}

    def chat(self, *, messages: list[dict[str, Any]], schema: dict[str, Any], max_tokens: int) -> Any:
        """One chat completion, retried on transport faults."""
        import openai
        from tenacity import Retrying, retry_if_exception, stop_after_attempt

        def transient(exc: BaseException) -> bool:
            if isinstance(
                exc, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError, json.JSONDecodeError)
            ):
                return True
            return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500

        retrying = Retrying(
            stop=stop_after_attempt(self.transport_retries + 1),
            retry=retry_if_exception(transient),
            wait=self._wait,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self.client.chat.completions.create(
                        model=self.model,
                        messages=messages,
                        response_format=self._response_format(schema),
                        max_tokens=max_tokens,
                        temperature=self.temperature,
                    )
        except openai.APITimeoutError:
            raise ModelError(f"{self.base_url}: no answer within {self.timeout:g} s") from None
        except openai.APIConnectionError:
            raise ModelError(
                f"{self.base_url}: cannot connect, or the connection dropped (is the server running?)"
            ) from None
        except json.JSONDecodeError:
            raise ModelError(f"{self.base_url}: the server's answer is not valid JSON") from None
        except openai.AuthenticationError:
            raise ModelError(f"{self.base_url}: the API key was refused (401)") from None
        except openai.APIStatusError as exc:
            raise ModelError(f"{self.base_url}: HTTP {exc.status_code} from the server") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, retry_state: Any) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        response = getattr(exc, "response", None)
        header = response.headers.get("retry-after") if response is not None else None
        if header:
            try:
                return min(float(header), _MAX_RETRY_AFTER)
            except ValueError:
                pass
        return min(self.backoff * 2 ** (retry_state.attempt_number - 1), 30.0)

    def count_tokens(self, text: str) -> int | None:
        return None

    def context_size(self) -> int | None:
        return None
