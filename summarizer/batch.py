"""``summarize batch``: many articles to one JSONL file, N at a time, resumable.

Every input yields exactly one record, appended (and fsync'd) as it completes::

    {"id": "...", "summary": {...}}
    {"id": "...", "error": {"type": "input|model|extraction|internal", "message": "...", "attempts": 0}}

``--resume`` skips ids that already have a summary, re-runs those with an error record, and leaves
exactly one record per id (the newest) in the output, rewritten atomically.
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.batch_input import BatchItem
from summarizer.batch_records import Done, compact, scan
from summarizer.cache import ResponseCache
from summarizer.errors import SummarizerError
from summarizer.id_index import IdIndex
from summarizer.models.base import Model
from summarizer.prompts import Prompt
from summarizer.reading_config import ReadingConfig

ERROR_TYPES = {"input", "model", "extraction"}


@dataclass
class BatchResult:
    """What a batch did: ``ok``, ``failed``, ``skipped`` (already summarised) and ``retried``
    (had an error record before this resumed run)."""

    counts: dict[str, int] = field(default_factory=lambda: {"ok": 0, "failed": 0, "skipped": 0, "retried": 0})

    @property
    def failed(self) -> int:
        return self.counts["failed"]


# --------------------------------------------------------------------------------------------- input and output


class TodoFeed:
    """The items a batch still has to do, pulled lazily from its input: ids already summarised in the
    output are skipped (and counted), ids with an error record are counted as retried, an id given
    twice is done once. ``total`` (items to do) is None until the input has been read to its end;
    up to ``lookahead`` items are read ahead, so a small batch knows its total from the start."""

    def __init__(self, items: Iterable[BatchItem], done: Done, counts: dict[str, int], lookahead: int = 1000):
        self._items = iter(items)
        self._done = done
        self._counts = counts
        self._seen = IdIndex()
        self._ahead: deque[BatchItem] = deque()
        self._given = 0
        self.total: int | None = None
        self._fill(lookahead)

    def _fill(self, n: int) -> None:
        while len(self._ahead) < n and self.total is None:
            item = next(self._items, None)
            if item is None:
                self.total = self._given + len(self._ahead)
            elif not self._seen.add(item.id):
                continue
            elif item.id in self._done.summarised:
                self._counts["skipped"] += 1
            else:
                self._counts["retried"] += int(item.id in self._done.failed)
                self._ahead.append(item)

    def empty(self) -> bool:
        """True when no item is left to do."""
        self._fill(1)
        return not self._ahead

    def next(self) -> BatchItem | None:
        """The next item to do, or None when there is none left."""
        self._fill(1)
        if not self._ahead:
            return None
        self._given += 1
        return self._ahead.popleft()


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
        brief: str = "template",
        config: ReadingConfig | None = None,
    ):
        from summarizer.pipeline import default_reading
        from summarizer.prompts import load_prompt

        self.reading = reading or default_reading(model)
        self.prompt = prompt if isinstance(prompt, Prompt) or self.reading != "single" else load_prompt(prompt)
        self.cache = cache
        self.brief = brief
        self.config = config
        self._counter = _CountingBackend(model.backend)
        self.model = Model(self._counter, model.limits)  # type: ignore[arg-type]

    def __call__(self, item: BatchItem) -> dict[str, Any]:
        return process_record(item, self.model, self._counter, self.prompt, self.cache, self.reading, self.brief,
                              self.config)


def process_record(
    item: BatchItem,
    model: Model,
    counter: _CountingBackend,
    prompt: Prompt | str | None,
    cache: ResponseCache | None,
    reading: str,
    brief: str = "template",
    config: ReadingConfig | None = None,
) -> dict[str, Any]:
    """One item to its one record: ``{"id", "summary"}``, or an error record when anything fails.

    ``model`` calls go through ``counter`` (so an error record can say how many attempts were made);
    :class:`RecordProcessor` builds both once per model.
    """
    from summarizer.pipeline import summarize_article

    counter.reset()
    try:
        summary = summarize_article(item.load(), model=model, prompt=prompt, cache=cache, reading=reading,
                                    brief=brief, config=config)
        return {"id": item.id, "summary": summary.model_dump(mode="json")}
    except Exception as exc:  # one article's failure never stops the batch
        return error_record(item.id, exc, counter.calls)


# --------------------------------------------------------------------------------------------- the batch


def run_batch(
    items: Iterable[BatchItem],
    model: Model,
    out_path: Path,
    jobs: int = 1,
    resume: bool = False,
    prompt: Prompt | str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    cache: ResponseCache | None = None,
    reading: str | None = None,
    brief: str = "template",
    config: ReadingConfig | None = None,
) -> BatchResult:
    """Summarise ``items`` (any iterable, read lazily) into ``out_path`` (JSONL), ``jobs`` at a time.

    ``progress(done, total)`` is called after each record (``total`` is None until the input has been
    read to its end). With ``resume``, ids that already have a summary in ``out_path`` are skipped and
    the file ends with exactly one record per id. ``reading`` (steps or single) defaults to the model's
    own; ``prompt`` is the single reading's template, or the steps reading's directory of step prompts;
    ``config`` (steps only) switches rule families off and says who decides each step. An embedded model
    answers one call at a time (one model, one lock), so ``jobs`` > 1 helps endpoints and the model-free parts
    only.
    """
    process = RecordProcessor(model, prompt=prompt, cache=cache, reading=reading, brief=brief, config=config)
    result = BatchResult()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if resume:
        compact([out_path])  # drops a truncated last line, and a record superseded by a later one
    feed = TodoFeed(items, scan([out_path]) if resume else Done(), result.counts)
    appender = _Appender(out_path, fresh=not resume)

    def work(item: BatchItem) -> dict[str, Any]:
        # the record is on disk before this worker takes its next article
        record = process(item)
        appender.write(record)
        return record

    jobs = max(1, jobs)
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="batch")
    running: set[Future[dict[str, Any]]] = set()
    finished = 0
    try:
        while True:
            while len(running) < 2 * jobs and (item := feed.next()) is not None:
                running.add(pool.submit(work, item))
            if not running:
                break
            ready, running = wait(running, return_when=FIRST_COMPLETED)
            for future in ready:
                record = future.result()
                result.counts["ok" if "summary" in record else "failed"] += 1
                finished += 1
                if progress:
                    progress(finished, feed.total)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C, start nothing new
        appender.close()
    if resume:
        compact([out_path])
    return result
