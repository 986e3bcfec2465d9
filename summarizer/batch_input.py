"""INPUT of ``summarize batch``, read lazily: one :class:`BatchItem` at a time, never the whole input.

INPUT is one of

* a directory of article files (``.txt``, ``.md``, ``.html``, ``.htm``, searched recursively; id = the
  path relative to the directory without its suffix);
* a directory of JSONL shards: a directory with no article file and at least one ``*.jsonl`` (searched
  recursively, read in path order);
* a JSONL file, or a glob of JSONL files (quoted, so the tool expands it: ``'shards/*.jsonl'``,
  ``**`` for any depth), read in path order;
* ``-``: JSONL on stdin.

A JSONL line is ``{"id": ..., "text": ...}`` or ``{"id": ..., "path": ...}`` (a relative path is taken
from the JSONL file's directory). A line that cannot be read becomes an item that fails with an
:class:`InputError`, under its id when it has one, else ``line N`` (``SHARD line N`` when the input has
several files). An id given twice anywhere in the input is an error record for the later line: ids are
remembered in an :class:`~summarizer.id_index.IdIndex` (16 bytes each), never the articles.
"""

from __future__ import annotations

import functools
import glob
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.id_index import IdIndex
from summarizer.text import ARTICLE_SUFFIXES, Article, article_from_text, read_article

GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class BatchItem:
    """One input: an id and a way to read its article (which may raise :class:`InputError`)."""

    id: str
    load: Callable[[], Article]


# loaders are partials of module functions, so an item pickles (the Ray engine ships items to workers)


def _load_path(article_id: str, path: Path) -> Article:
    return Article(id=article_id, text=read_article(path).text)


def _raise(error: InputError) -> Article:
    raise error


def _loaded(article_id: str, path: Path) -> Callable[[], Article]:
    return functools.partial(_load_path, article_id, path)


def _from_text(article_id: str, text: Any) -> Callable[[], Article]:
    return functools.partial(article_from_text, text, article_id)


def _failing(error: InputError) -> Callable[[], Article]:
    return functools.partial(_raise, error)


def _failed(label: str, message: str) -> BatchItem:
    return BatchItem(label, _failing(InputError(message)))


# --------------------------------------------------------------------------------------------- readers


def _article_files(root: Path) -> Iterator[Path]:
    """Article files under ``root`` in path order, one directory listing at a time."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                yield Path(folder) / name


def items_from_directory(root: Path, seen: IdIndex | None = None) -> Iterator[BatchItem]:
    """Article files under ``root``; id = path relative to ``root`` without its suffix. Of ``a.txt`` and
    ``a.md`` the second fails (a duplicate id) under its name with suffix."""
    seen = IdIndex() if seen is None else seen
    for path in _article_files(root):
        rel = path.relative_to(root)
        article_id = rel.with_suffix("").as_posix()
        if not seen.add(article_id):
            yield _failed(rel.as_posix(), f"{rel}: duplicate id {article_id!r}")
            continue
        yield BatchItem(article_id, _loaded(article_id, path))


def items_from_jsonl(
    lines: Iterable[bytes], base: Path, seen: IdIndex | None = None, where: str = ""
) -> Iterator[BatchItem]:
    """One item per non-blank JSONL line (see the module's doc). ``base`` resolves relative paths;
    ``where`` names the file in labels and messages when the input has several; ``seen`` is shared by
    the files of one input so that a duplicate id across them is found."""
    seen = IdIndex() if seen is None else seen
    prefix = f"{where} " if where else ""
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        label = f"{prefix}line {number}"
        try:
            entry = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield _failed(label, f"{label}: not valid UTF-8")
            continue
        except ValueError as exc:
            yield _failed(label, f"{label}: not valid JSON ({exc.msg})")
            continue
        raw_id = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
            yield _failed(label, f'{label}: expected {{"id": ..., "text" or "path"}}')
            continue
        article_id = str(raw_id)
        if not seen.add(article_id):
            yield _failed(label, f"{label}: duplicate id {article_id!r} (an earlier line of the input has it)")
            continue
        if "text" in entry:
            yield BatchItem(article_id, _from_text(article_id, entry["text"]))
        elif isinstance(entry.get("path"), str):
            path = Path(entry["path"])
            yield BatchItem(article_id, _loaded(article_id, path if path.is_absolute() else base / path))
        else:
            yield _failed(article_id, f'{article_id}: needs "text" or "path"')


# --------------------------------------------------------------------------------------------- INPUT


@dataclass(frozen=True)
class BatchInput:
    """What INPUT names (``kind``: articles, jsonl, shards or stdin, and its ``files``); iterating it
    reads the items lazily, each time anew (stdin only once)."""

    source: str
    kind: str
    root: Path | None = None
    files: tuple[Path, ...] = ()

    def __iter__(self) -> Iterator[BatchItem]:
        seen = IdIndex()
        if self.kind == "stdin":
            yield from items_from_jsonl(sys.stdin.buffer, Path.cwd(), seen)
        elif self.kind == "articles":
            assert self.root is not None
            yield from items_from_directory(self.root, seen)
        else:
            for path in self.files:
                where = self._name(path) if len(self.files) > 1 or self.kind == "shards" else ""
                try:
                    fh = path.open("rb")
                except OSError as exc:  # gone or unreadable since INPUT was checked: its one error record
                    yield _failed(where or str(path), f"{where or path}: cannot read ({exc.strerror})")
                    continue
                with fh:
                    yield from items_from_jsonl(fh, path.parent, seen, where)

    def _name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if self.root else str(path)


def read_items(source: str) -> BatchInput:
    """INPUT of ``summarize batch`` (see the module's doc), checked now, read lazily when iterated."""
    if source == "-":
        return BatchInput(source, "stdin")
    path = Path(source)
    if path.is_dir():
        if next(_article_files(path), None) is not None:
            return BatchInput(source, "articles", root=path)
        shards = tuple(sorted(p for p in path.rglob("*.jsonl") if p.is_file()))
        if not shards:
            raise InputError(f"{source}: no article files (.txt, .md, .html, .htm) and no .jsonl shards here")
        return BatchInput(source, "shards", root=path, files=shards)
    if path.is_file():
        return BatchInput(source, "jsonl", files=(_jsonl_file(path, source),))
    if GLOB_CHARS & set(source):
        matches = sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
        if not matches:
            raise InputError(f"{source}: no file matches this pattern")
        return BatchInput(source, "jsonl", files=tuple(_jsonl_file(p, str(p)) for p in matches))
    raise InputError(f"{source}: no such file or directory")


def _jsonl_file(path: Path, shown: str) -> Path:
    if path.suffix.lower() in ARTICLE_SUFFIXES:
        raise InputError(f"{shown}: one article; use `summarize run` for it, or give a directory or a JSONL file")
    if not os.access(path, os.R_OK):
        raise InputError(f"{shown}: cannot read (permission denied)")
    return path
