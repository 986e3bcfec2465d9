"""Logging for ``--verbose``: to stderr, with every known secret masked."""

from __future__ import annotations

import logging
import os
import sys

SECRET_ENV = ("OPENAI_API_KEY",)


class RedactSecrets(logging.Filter):
    """Replace each secret (whole: the value of each variable in :data:`SECRET_ENV`, 8 characters or
    more) in a record's final message with '***'."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 8]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self.secrets:
            message = message.replace(secret, "***")
        record.msg, record.args = message, None
        return True


def configure(verbose: bool) -> None:
    """Send summarizer's (and the HTTP client's) log to stderr when ``verbose``."""
    if not verbose:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(RedactSecrets([os.environ.get(name, "") for name in SECRET_ENV]))
    for name, level in (("summarizer", logging.DEBUG), ("openai", logging.DEBUG), ("httpx", logging.INFO)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
