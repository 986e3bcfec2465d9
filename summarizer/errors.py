"""Errors the library raises. Each carries a one-line message meant for users."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class: a failure with a clear, user-facing message."""

    kind = "error"


class InputError(SummarizerError):
    """The article cannot be read or is not usable text."""

    kind = "input"


class ModelError(SummarizerError):
    """A model could not be found, loaded or reached."""

    kind = "model"


class ExtractionError(SummarizerError):
    """The model did not produce a valid summary within the caps."""

    kind = "extraction"

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        last_output: str | None = None,
        tokens_in: int = 0,
        tokens_out: int = 0,
    ):
        super().__init__(message)
        self.attempts = attempts
        self.last_output = last_output
        self.tokens_in = tokens_in
        self.tokens_out = tokens_out
