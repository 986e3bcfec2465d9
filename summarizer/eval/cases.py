"""Eval cases on disk: ``<dir>/<case>/article.txt``, ``gold.json`` and an optional ``source.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.schema import GoldLabel
from summarizer.text import Article, read_article


@dataclass(frozen=True)
class Case:
    id: str
    article: Article
    gold: GoldLabel
    source: dict | None = None


def load_case(folder: Path) -> Case:
    """One case folder; a clear InputError when a file is missing or the gold label is invalid."""
    article_path, gold_path = folder / "article.txt", folder / "gold.json"
    if not article_path.is_file() or not gold_path.is_file():
        raise InputError(f"{folder}: a case needs article.txt and gold.json")
    article = read_article(article_path, name=str(article_path))
    try:
        gold = GoldLabel.model_validate_json(gold_path.read_text(encoding="utf-8"))
    except ValidationError as exc:
        raise InputError(
            f"{gold_path}: not a valid gold label ({exc.error_count()} error(s): {exc.errors()[0]['msg']})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{gold_path}: cannot read ({exc})") from None
    source = None
    source_path = folder / "source.json"
    if source_path.is_file():
        try:
            source = json.loads(source_path.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            source = None
    return Case(id=folder.name, article=Article(id=folder.name, text=article.text), gold=gold, source=source)


def load_cases(directory: Path, only: list[str] | None = None) -> list[Case]:
    """Every case folder under ``directory`` (sorted), or the ones named in ``only``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of cases")
    folders = sorted(p for p in directory.iterdir() if p.is_dir() and (p / "gold.json").exists())
    if only:
        wanted = set(only)
        folders = [f for f in folders if f.name in wanted]
        missing = wanted - {f.name for f in folders}
        if missing:
            raise InputError(f"{directory}: no such case(s): {', '.join(sorted(missing))}")
    if not folders:
        raise InputError(f"{directory}: no cases (folders with article.txt and gold.json)")
    return [load_case(f) for f in folders]
