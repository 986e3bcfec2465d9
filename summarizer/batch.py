"""``summarize batch``: many articles to one JSONL file, N at a time, resumable.

Every input yields exactly one record, appended (and fsync'd) as it completes::

    {"id": "...", "summary": {...}}
    {"id": "...", "error": {"type": "input|model|extraction|internal", "message": "...", "attempts": 0}}

``--resume`` skips ids that already have a summary, re-runs those with an error record, and leaves
exactly one record per id (the newest) in the output, rewritten atomically.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.atomic import atomic_open
from summarizer.cache import ResponseCache
from summarizer.errors import InputError, SummarizerError
from summarizer.models.base import Model
from summarizer.prompts import Prompt
from summarizer.text import ARTICLE_SUFFIXES, Article, article_from_text, read_article

ERROR_TYPES = {"input", "model", "extraction"}


@dataclass(frozen=True)
class BatchItem:
    """One input: an id and a way to read its article (which may raise :class:`InputError`)."""

    id: str
    load: Callable[[], Article]


@dataclass
class BatchResult:
    """What a batch did: ``ok``, ``failed``, ``skipped`` (already summarised) and ``retried``
    (had an error record before this resumed run)."""

    counts: dict[str, int] = field(default_factory=lambda: {"ok": 0, "failed": 0, "skipped": 0, "retried": 0})

    @property
    def failed(self) -> int:
        return self.counts["failed"]


# --------------------------------------------------------------------------------------------- inputs


def _load_path(article_id: str, path: Path) -> Article:
    return Article(id=article_id, text=read_article(path).text)


def _raise(error: InputError) -> Article:
    raise error


# loaders are partials of module functions, so an item pickles (the Ray engine ships items to workers)
def _loaded(article_id: str, path: Path) -> Callable[[], Article]:
    return functools.partial(_load_path, article_id, path)


def _from_text(article_id: str, text: Any) -> Callable[[], Article]:
    return functools.partial(article_from_text, text, article_id)


def _failing(error: InputError) -> Callable[[], Article]:
    return functools.partial(_raise, error)


def items_from_directory(root: Path) -> list[BatchItem]:
    """Article files under ``root``, recursively; id = path relative to ``root`` without its suffix."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
    if not files:
        raise InputError(f"{root}: no article files (.txt, .md, .html, .htm) in this directory")
    items: list[BatchItem] = []
    seen: set[str] = set()
    for path in files:
        rel = path.relative_to(root)
        article_id = rel.with_suffix("").as_posix()
        if article_id in seen:  # a.txt and a.md: the second keeps its suffix and fails
            items.append(BatchItem(rel.as_posix(), _failing(InputError(f"{rel}: duplicate id {article_id!r}"))))
            continue
        seen.add(article_id)
        items.append(BatchItem(article_id, _loaded(article_id, path)))
    return items


def items_from_jsonl(lines: Iterable[bytes], base: Path) -> list[BatchItem]:
    """One item per non-blank line: ``{"id", "text"}`` or ``{"id", "path"}`` (relative paths from ``base``).

    A bad line becomes an item that fails with an :class:`InputError`, under its id when it has one,
    else ``line N``.
    """
    items: list[BatchItem] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        label = f"line {number}"
        try:
            entry = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            items.append(BatchItem(label, _failing(InputError(f"{label}: not valid UTF-8"))))
            continue
        except ValueError as exc:
            items.append(BatchItem(label, _failing(InputError(f"{label}: not valid JSON ({exc.msg})"))))
            continue
        raw_id = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
            items.append(BatchItem(label, _failing(InputError(f'{label}: expected {{"id": ..., "text" or "path"}}'))))
            continue
        article_id = str(raw_id)
        if article_id in seen:
            error = InputError(f"{label}: duplicate id {article_id!r} (first on line {seen[article_id]})")
            items.append(BatchItem(label, _failing(error)))
            continue
        seen[article_id] = number
        if "text" in entry:
            items.append(BatchItem(article_id, _from_text(article_id, entry["text"])))
        elif isinstance(entry.get("path"), str):
            path = Path(entry["path"])
            items.append(BatchItem(article_id, _loaded(article_id, path if path.is_absolute() else base / path)))
        else:
            items.append(BatchItem(article_id, _failing(InputError(f'{article_id}: needs "text" or "path"'))))
    return items


def read_items(source: str) -> list[BatchItem]:
    """INPUT of ``summarize batch``: a directory, a JSONL file, or '-' (JSONL on stdin)."""
    if source == "-":
        return items_from_jsonl(sys.stdin.buffer.read().splitlines(), Path.cwd())
    path = Path(source)
    if path.is_dir():
        return items_from_directory(path)
    if not path.is_file():
        raise InputError(f"{source}: no such file or directory")
    if path.suffix.lower() in ARTICLE_SUFFIXES:
        raise InputError(f"{source}: one article; use `summarize run` for it, or give a directory or a JSONL file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror})") from None
    return items_from_jsonl(data.splitlines(), path.parent)


# --------------------------------------------------------------------------------------------- output


def read_records(path: Path) -> dict[str, dict[str, Any]]:
    """The newest record per id in a JSONL output; unreadable lines (a truncated last line) are skipped."""
    records: dict[str, dict[str, Any]] = {}
    if not path.is_file():
        return records
    for line in path.read_bytes().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            records.pop(record["id"], None)  # keep file order by recency
            records[record["id"]] = record
    return records


def write_records_atomically(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Replace ``path`` by the records (see :mod:`summarizer.atomic`)."""
    with atomic_open(path, "w") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


class _Appender:
    """Appends one JSON line per record, flushed and fsync'd, from any thread.

    Once closed (the batch was interrupted) a late record from a worker still in flight is
    dropped: that article was in flight, and ``--resume`` redoes it.
    """

    def __init__(self, path: Path, fresh: bool):
        self._fh = path.open("w" if fresh else "a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> bool:
        """Append ``record``; False when the appender is already closed."""
        with self._lock:
            if self._fh.closed:
                return False
            self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._fh.flush()
            os.fsync(self._fh.fileno())
            return True

    def close(self) -> None:
        with self._lock:
            self._fh.close()


# --------------------------------------------------------------------------------------------- one article


class _CountingBackend:
    """Counts model calls per thread, so an error record can say how many attempts an article took."""

    def __init__(self, inner: Any):
        self._inner = inner
        self._local = threading.local()

    def reset(self) -> None:
        self._local.calls = 0

    @property
    def calls(self) -> int:
        return getattr(self._local, "calls", 0)

    def chat(self, **kwargs: Any) -> Any:
        self._local.calls = self.calls + 1
        return self._inner.chat(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _secret_free(message: str) -> str:
    key = os.environ.get("OPENAI_API_KEY")
    return message.replace(key, "***") if key and len(key) >= 8 else message


def error_record(article_id: str, exc: BaseException, attempts: int) -> dict[str, Any]:
    """An error record: the error's kind (or ``internal``), a one-line message, the model calls made."""
    if isinstance(exc, SummarizerError):
        kind = exc.kind if exc.kind in ERROR_TYPES else "internal"
        message = str(exc)
        attempts = getattr(exc, "attempts", 0) or attempts
    else:
        kind = "internal"
        message = f"{type(exc).__name__}: {exc}"
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    message = _secret_free(" | ".join(lines) or type(exc).__name__)
    return {"id": article_id, "error": {"type": kind, "message": message, "attempts": attempts}}


class RecordProcessor:
    """The per-record work of ``summarize batch``, the same for every engine (local threads, Ray workers).

    Built once per model (per process or Ray worker); calling it with an item returns that item's one
    record, a summary or an error record, and never raises for a failure of the article. Safe to call
    from several threads at once. ``reading`` (steps or single) defaults to the model's own;
    ``prompt`` is the single reading's template (or its name), or the steps reading's directory.
    """

    def __init__(
        self,
        model: Model,
        prompt: Prompt | str | None = None,
        cache: ResponseCache | None = None,
        reading: str | None = None,
    ):
        from summarizer.pipeline import default_reading
        from summarizer.prompts import load_prompt

        self.reading = reading or default_reading(model)
        self.prompt = prompt if isinstance(prompt, Prompt) or self.reading != "single" else load_prompt(prompt)
        self.cache = cache
        self._counter = _CountingBackend(model.backend)
        self.model = Model(self._counter, model.limits)  # type: ignore[arg-type]

    def __call__(self, item: BatchItem) -> dict[str, Any]:
        return process_record(item, self.model, self._counter, self.prompt, self.cache, self.reading)


def process_record(
    item: BatchItem,
    model: Model,
    counter: _CountingBackend,
    prompt: Prompt | str | None,
    cache: ResponseCache | None,
    reading: str,
) -> dict[str, Any]:
    """One item to its one record: ``{"id", "summary"}``, or an error record when anything fails.

    ``model`` calls go through ``counter`` (so an error record can say how many attempts were made);
    :class:`RecordProcessor` builds both once per model.
    """
    from summarizer.pipeline import summarize_article

    counter.reset()
    try:
        summary = summarize_article(item.load(), model=model, prompt=prompt, cache=cache, reading=reading)
        return {"id": item.id, "summary": summary.model_dump(mode="json")}
    except Exception as exc:  # one article's failure never stops the batch
        return error_record(item.id, exc, counter.calls)


# --------------------------------------------------------------------------------------------- the batch


def run_batch(
    items: list[BatchItem],
    model: Model,
    out_path: Path,
    jobs: int = 1,
    resume: bool = False,
    prompt: Prompt | str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: ResponseCache | None = None,
    reading: str | None = None,
) -> BatchResult:
    """Summarise ``items`` into ``out_path`` (JSONL), ``jobs`` at a time.

    ``progress(done, total)`` is called after each record. With ``resume``, ids that already have a
    summary in ``out_path`` are skipped and the file ends with exactly one record per id. ``reading``
    (steps or single) defaults to the model's own; ``prompt`` is the single reading's template, or the
    steps reading's directory of step prompts.
    """
    process = RecordProcessor(model, prompt=prompt, cache=cache, reading=reading)
    result = BatchResult()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    previous = read_records(out_path) if resume else {}
    todo = [item for item in items if "summary" not in previous.get(item.id, {})]
    result.counts["skipped"] = len(items) - len(todo)
    result.counts["retried"] = sum(1 for item in todo if item.id in previous)
    if resume:
        write_records_atomically(out_path, previous.values())  # also drops a truncated last line

    appender = _Appender(out_path, fresh=not resume)

    def work(item: BatchItem) -> dict[str, Any]:
        # the record is on disk before this worker takes its next article
        record = process(item)
        appender.write(record)
        return record

    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="batch")
    try:
        futures = [pool.submit(work, item) for item in todo]
        for done, future in enumerate(as_completed(futures), start=1):
            record = future.result()
            result.counts["ok" if "summary" in record else "failed"] += 1
            if progress:
                progress(done, len(todo))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C, start nothing new
        appender.close()
    if resume:
        write_records_atomically(out_path, read_records(out_path).values())
    return result
