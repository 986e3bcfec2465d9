"""Eval cases on disk: ``<dir>/<case>/article.txt``, ``gold.json`` and an optional ``source.json``.

A directory may hold ``split.json``: ``{"dev": [...], "test": [...], "synthetic": [...]}``, each a list of
case folder names. ``dev`` and ``test`` are real published texts (tune on dev only), ``synthetic`` the
texts written for the project; a case listed nowhere is in the group ``unsplit``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.schema import GoldLabel, Party, Source, Term
from summarizer.text import Article, read_article

SPLIT_FILE = "split.json"
GROUPS = ("dev", "test", "synthetic")
SPLITS = ("dev", "test", "real", "synthetic", "all")
# the fields a gold label may hold, per level; anything else is reported by name
_FIELDS = {
    "": set(GoldLabel.model_fields),
    "parties": set(Party.model_fields),
    "terms": set(Term.model_fields),
    "sources": set(Source.model_fields),
}
_NULL_AS_EMPTY = {"parties": {"aliases": []}, "sources": {"affiliation": ""}}


@dataclass(frozen=True)
class Case:
    id: str
    article: Article
    gold: GoldLabel
    source: dict | None = None
    group: str = "unsplit"  # dev, test, synthetic or unsplit (see split.json)

    @property
    def real(self) -> bool:
        return self.group in ("dev", "test")


def tolerant_gold(raw: object, where: str) -> dict:
    """A gold label as other tools write it, made strict: ``null`` aliases or affiliation read as empty;
    an unknown field is an error that names it."""
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a gold label is a JSON object")
    unknown = [f"{k!r}" for k in raw if k not in _FIELDS[""]]
    fixed = dict(raw)
    for level in ("parties", "terms", "sources"):
        items = fixed.get(level)
        if not isinstance(items, list):
            continue
        cleaned = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                cleaned.append(item)
                continue
            unknown += [f"'{level}[{i}].{k}'" for k in item if k not in _FIELDS[level]]
            item = dict(item)
            for key, empty in _NULL_AS_EMPTY.get(level, {}).items():
                if key in item and item[key] is None:
                    item[key] = empty
            cleaned.append(item)
        fixed[level] = cleaned
    if unknown:
        raise InputError(f"{where}: not a valid gold label (unknown field(s): {', '.join(unknown)})")
    return fixed


def load_case(folder: Path, group: str = "unsplit") -> Case:
    """One case folder; a clear InputError when a file is missing or the gold label is invalid."""
    article_path, gold_path = folder / "article.txt", folder / "gold.json"
    if not article_path.is_file() or not gold_path.is_file():
        raise InputError(f"{folder}: a case needs article.txt and gold.json")
    article = read_article(article_path, name=str(article_path))
    try:
        raw = json.loads(gold_path.read_text(encoding="utf-8"))
        gold = GoldLabel.model_validate(tolerant_gold(raw, str(gold_path)))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(
            f"{gold_path}: not a valid gold label ({exc.error_count()} error(s); {where}: {first['msg']})"
        ) from None
    except ValueError as exc:
        raise InputError(f"{gold_path}: not JSON ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{gold_path}: cannot read ({exc})") from None
    source = None
    source_path = folder / "source.json"
    if source_path.is_file():
        try:
            source = json.loads(source_path.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            source = None
    article = Article(id=folder.name, text=article.text)
    return Case(id=folder.name, article=article, gold=gold, source=source, group=group)


def load_split(directory: Path) -> dict[str, str]:
    """Case name -> group, from ``split.json`` (empty when the directory has none)."""
    path = Path(directory) / SPLIT_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable split file ({exc})") from None
    if not isinstance(data, dict) or set(data) - set(GROUPS):
        raise InputError(f"{path}: a split file maps {', '.join(GROUPS)} to lists of case names")
    groups: dict[str, str] = {}
    for group, names in data.items():
        for name in names:
            if name in groups:
                raise InputError(f"{path}: case {name!r} is in both {groups[name]} and {group}")
            groups[name] = group
    return groups


def in_split(group: str, split: str) -> bool:
    """Whether a case of ``group`` belongs to the selection ``split`` (dev, test, real, synthetic, all)."""
    return split == "all" or group == split or (split == "real" and group in ("dev", "test"))


def load_cases(directory: Path, only: list[str] | None = None, split: str = "all") -> list[Case]:
    """Every case folder under ``directory`` (sorted), or the ones named in ``only``, within ``split``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of cases")
    if split not in SPLITS:
        raise InputError(f"--split must be one of {', '.join(SPLITS)}, not {split!r}")
    groups = load_split(directory)
    folders = sorted(p for p in directory.iterdir() if p.is_dir() and (p / "gold.json").exists())
    folders = [f for f in folders if in_split(groups.get(f.name, "unsplit"), split)]
    if only:
        wanted = set(only)
        folders = [f for f in folders if f.name in wanted]
        missing = wanted - {f.name for f in folders}
        if missing:
            raise InputError(f"{directory}: no such case(s): {', '.join(sorted(missing))}")
    if not folders:
        within = "" if split == "all" else f" in split {split!r}"
        raise InputError(f"{directory}: no cases{within} (folders with article.txt and gold.json)")
    return [load_case(f, groups.get(f.name, "unsplit")) for f in folders]
