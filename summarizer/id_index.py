"""A set of article ids in 16 bytes per id, for batches of millions of articles.

A batch must remember ids without holding the articles: the ids already seen in the input (a
duplicate across shards is an error), the ids already summarised in OUT (``--resume`` skips them) and
the ids already written (a task Ray ran twice is written once). A Python ``set`` of str costs about
90 bytes per id (85 MiB per million, ``benchmarks/bench_batch_memory.py --index-only``); this keeps each id's 128-bit BLAKE2b digest in sorted numpy arrays (16 bytes), a
few sorted runs merged as they grow (each merge of two sorted runs is a linear timsort pass), with the
newest ids in a small set until a run is full. Two different ids share a digest with probability about
n²/2¹²⁹ (for 10 million ids, 1 in 10²⁴): the index treats them as one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

RUN = 1 << 16  # ids kept in the set before they become a sorted run


def digest(article_id: str) -> bytes:
    """The 16-byte key of an id."""
    return hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class IdIndex:
    """A growing set of ids (``add``, ``in``, ``len``)."""

    def __init__(self, ids: Iterable[str] = ()):
        self._recent: set[bytes] = set()
        self._runs: list[np.ndarray] = []  # sorted, each at least twice the size of the next
        self._size = 0
        for article_id in ids:
            self.add(article_id)

    def __len__(self) -> int:
        return self._size

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self._has(digest(article_id))

    def add(self, article_id: str) -> bool:
        """Add ``article_id``; False when it was already there."""
        key = digest(article_id)
        if self._has(key):
            return False
        self._recent.add(key)
        self._size += 1
        if len(self._recent) >= RUN:
            self._flush()
        return True

    def nbytes(self) -> int:
        """Bytes held by the sorted runs (the recent set adds at most ~7 MiB)."""
        return sum(run.nbytes for run in self._runs)

    def _has(self, key: bytes) -> bool:
        if key in self._recent:
            return True
        probe = np.array([key], dtype="S16")  # compared as 16 bytes: numpy drops a bytes' trailing NULs
        for run in self._runs:
            at = int(run.searchsorted(probe[0]))
            if at < len(run) and run[at : at + 1] == probe:
                return True
        return False

    def _flush(self) -> None:
        run = np.array(sorted(self._recent), dtype="S16")
        self._recent = set()
        self._runs.append(run)
        while len(self._runs) > 1 and len(self._runs[-2]) <= 2 * len(self._runs[-1]):
            newer = self._runs.pop()
            merged = np.concatenate([self._runs.pop(), newer])
            merged.sort(kind="stable")  # two sorted runs: timsort merges them in one pass
            self._runs.append(merged)
