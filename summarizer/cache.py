"""A response cache on disk: one JSON file per model reading of an article.

What is cached is the model's validated reading (the ``Extraction``) with its
cost, not the finished summary: clean-up and grounding are pure and cheap, so a
rerun redoes them and a change to them shows up without calling the model. The
key covers everything that decides the reading: the model's name and file hash,
the prompt's hash (template and examples), the schema's hash, the caps and the
article's text. API keys are never part of a key or an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from summarizer.atomic import write_atomically
from summarizer.models.presets import cache_dir
from summarizer.schema import Extraction, Summary


@dataclass(frozen=True)
class Reading:
    """A model's validated reading of one article and what it cost."""

    extraction: Extraction
    attempts: int
    tokens_in: int
    tokens_out: int
    seconds: float
    cached: bool = False


@lru_cache(maxsize=1)
def schema_hash() -> str:
    """Hash of the Extraction and Summary JSON Schemas."""
    text = json.dumps([Extraction.model_json_schema(), Summary.model_json_schema()], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def cache_key(*, model: str, model_sha256: str | None, prompt_hash: str, settings: str, article: str) -> str:
    """The hex key of one (model, prompt, schema, caps and decoding settings, article) combination."""
    parts = [
        model,
        model_sha256 or "",
        prompt_hash,
        schema_hash(),
        settings,
        hashlib.sha256(article.encode()).hexdigest(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class ResponseCache:
    """Model readings (:class:`Reading`) stored under ``<dir>/<key[:2]>/<key>.json``, and the answers of the
    steps reading under ``<dir>/steps/<key[:2]>/<key>.json``, written atomically."""

    def __init__(self, directory: Path | None = None):
        default = os.environ.get("SUMMARIZER_RESPONSE_CACHE_DIR") or cache_dir() / "responses"
        self.directory = Path(directory) if directory else Path(default)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Reading | None:
        """The cached reading, or None (a corrupt entry counts as a miss)."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            extraction = Extraction.model_validate(data.pop("extraction"))
            return Reading(extraction=extraction, **data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, key: str, reading: Reading) -> None:
        """Store a reading atomically (:func:`summarizer.atomic.write_atomically`: fsync'd, no temp file left)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {
            "extraction": reading.extraction.model_dump(mode="json"),
            "attempts": reading.attempts,
            "tokens_in": reading.tokens_in,
            "tokens_out": reading.tokens_out,
            "seconds": reading.seconds,
        }
        write_atomically(path, json.dumps(entry))

    def _step_path(self, key: str) -> Path:
        return self.directory / "steps" / key[:2] / f"{key}.json"

    def get_answer(self, key: str) -> dict | None:
        """A stored step answer with its cost (see ``summarizer.model_calls``), or None; corrupt is a miss."""
        try:
            entry = json.loads(self._step_path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) else None

    def put_answer(self, key: str, entry: dict) -> None:
        """Store a step answer atomically."""
        path = self._step_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(entry))
