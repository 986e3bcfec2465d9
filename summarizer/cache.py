"""A response cache on disk: one JSON file per summary.

The key covers everything that decides a summary: the model's name and file
hash, the prompt's hash (template and examples), the schema's hash, the caps
and the article's text. API keys are never part of a key or an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from summarizer.models.presets import cache_dir
from summarizer.schema import Extraction, Summary


@lru_cache(maxsize=1)
def schema_hash() -> str:
    """Hash of the Extraction and Summary JSON Schemas."""
    text = json.dumps([Extraction.model_json_schema(), Summary.model_json_schema()], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def cache_key(*, model: str, model_sha256: str | None, prompt_hash: str, limits: str, article: str) -> str:
    """The hex key of one (model, prompt, schema, caps, article) combination."""
    parts = [
        model,
        model_sha256 or "",
        prompt_hash,
        schema_hash(),
        limits,
        hashlib.sha256(article.encode()).hexdigest(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class ResponseCache:
    """Summaries stored under ``<dir>/<key[:2]>/<key>.json``, written atomically."""

    def __init__(self, directory: Path | None = None):
        default = os.environ.get("SUMMARIZER_RESPONSE_CACHE_DIR") or cache_dir() / "responses"
        self.directory = Path(directory) if directory else Path(default)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Summary | None:
        """The cached summary, or None (a corrupt entry counts as a miss)."""
        try:
            return Summary.model_validate_json(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, summary: Summary) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(summary.model_dump_json(), encoding="utf-8")
        os.replace(tmp, path)
