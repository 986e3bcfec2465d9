"""A batch's output records, read and compacted a line at a time: the local batch's JSONL file and the
Ray engine's parts are the same kind of thing, a list of JSONL files in the order they were written.

A record is ``{"id", "summary"}`` or ``{"id", "error"}``; a line that does not parse (the last line of a
file cut by a kill) is no record. Neither function holds the records: :func:`scan` keeps two
:class:`~summarizer.id_index.IdIndex` (16 bytes per id), :func:`compact` 24 bytes per line (a digest and a
line number), and about as much again while it sorts them.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from summarizer.atomic import atomic_open
from summarizer.id_index import IdIndex, digest


def records_in(path: Path) -> Iterator[tuple[bytes, dict[str, Any] | None]]:
    """Each line of ``path`` (without its newline) with its record, or None for a line that is no record."""
    with path.open("rb") as fh:
        for raw in fh:
            line = raw.rstrip(b"\r\n")
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            ok = isinstance(record, dict) and isinstance(record.get("id"), str)
            yield line, record if ok else None


def read_records(paths: Sequence[Path]) -> dict[str, dict[str, Any]]:
    """The newest record per id, in the order last written (this one holds every record: for small
    outputs and tests; a batch itself uses :func:`scan`)."""
    records: dict[str, dict[str, Any]] = {}
    for path in paths:
        if path.is_file():
            for _, record in records_in(path):
                if record is not None:
                    records.pop(record["id"], None)
                    records[record["id"]] = record
    return records


@dataclass
class Done:
    """What an output already holds: ids with a summary (``--resume`` skips them) and ids with an error
    record (rerun, and counted as retried)."""

    summarised: IdIndex = field(default_factory=IdIndex)
    failed: IdIndex = field(default_factory=IdIndex)


def scan(paths: Sequence[Path]) -> Done:
    """The ids the files already hold, read a line at a time."""
    done = Done()
    for path in paths:
        if not path.is_file():
            continue
        for _, record in records_in(path):
            if record is not None:
                (done.summarised if "summary" in record else done.failed).add(record["id"])
    return done


def compact(paths: Sequence[Path]) -> None:
    """Leave one record per id, the newest (a later file's, or a later line's), and no unreadable line.
    Only files that change are rewritten, each atomically; a file left empty is removed."""
    paths = [p for p in paths if p.is_file()]
    keys, numbers = bytearray(), array("q")
    sizes: list[int] = []  # lines per file
    line_no = 0
    for path in paths:
        start = line_no
        for _, record in records_in(path):
            if record is not None:
                keys += digest(record["id"])
                numbers.append(line_no)
            line_no += 1
        sizes.append(line_no - start)
    keep = _newest(np.frombuffer(keys, dtype="S16"), np.frombuffer(numbers, dtype=np.int64))  # views, no copy
    if len(keep) == line_no:  # every line a record, no id twice
        return
    first = 0
    for path, size in zip(paths, sizes, strict=True):
        kept = keep[keep.searchsorted(first) : keep.searchsorted(first + size)] - first
        if len(kept) < size:
            _rewrite(path, kept)
        first += size


def _newest(keys: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """The line numbers to keep: for each key, its last line (sorted)."""
    if not len(keys):
        return np.array([], dtype=np.int64)
    order = np.argsort(keys, kind="stable")  # equal keys stay in line order
    ordered = keys[order]
    last = np.ones(len(ordered), dtype=bool)
    last[:-1] = ordered[:-1] != ordered[1:]
    return np.sort(numbers[order][last])


def _rewrite(path: Path, kept: np.ndarray) -> None:
    """Rewrite ``path`` with the lines whose numbers are in ``kept`` (sorted); remove it if none."""
    if not len(kept):
        path.unlink()
        return
    wanted = iter(kept)
    next_kept = next(wanted)
    with atomic_open(path, "wb") as fh, path.open("rb") as source:
        for n, raw in enumerate(source):
            if n == next_kept:
                fh.write(raw.rstrip(b"\r\n") + b"\n")
                next_kept = next(wanted, -1)
