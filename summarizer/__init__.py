"""summarizer: typed, source-grounded summaries of news articles about deals.

    from summarizer import summarize, load_model
    model = load_model()                 # the embedded default, loaded once
    summary = summarize(text, model=model)

Heavy modules (the model libraries) are imported only when a model is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "summarize": "summarizer.pipeline",
    "asummarize": "summarizer.pipeline",
    "summarize_file": "summarizer.pipeline",
    "summarize_article": "summarizer.pipeline",
    "load_model": "summarizer.models",
    "Model": "summarizer.models.base",
    "Limits": "summarizer.models.base",
    "ScriptedBackend": "summarizer.models.scripted",
    "Summary": "summarizer.schema",
    "ReadingConfig": "summarizer.reading_config",
    "SummarizerError": "summarizer.errors",
    "InputError": "summarizer.errors",
    "ModelError": "summarizer.errors",
    "ExtractionError": "summarizer.errors",
}

__all__ = [
    "__version__",
    "summarize",
    "asummarize",
    "summarize_file",
    "summarize_article",
    "load_model",
    "Model",
    "Limits",
    "ScriptedBackend",
    "Summary",
    "ReadingConfig",
    "SummarizerError",
    "InputError",
    "ModelError",
    "ExtractionError",
]

if TYPE_CHECKING:  # pragma: no cover
    from summarizer.errors import ExtractionError, InputError, ModelError, SummarizerError
    from summarizer.models import load_model
    from summarizer.models.base import Limits, Model
    from summarizer.models.scripted import ScriptedBackend
    from summarizer.pipeline import asummarize, summarize, summarize_article, summarize_file
    from summarizer.reading_config import ReadingConfig
    from summarizer.schema import Summary


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
