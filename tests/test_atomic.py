"""One atomic write for the package: fsync'd before the rename, no temporary file left on error."""

from __future__ import annotations

import os

import pytest

from summarizer.atomic import atomic_open, write_atomically
from summarizer.cache import Reading, ResponseCache
from summarizer.schema import Extraction
from tests.test_pipeline_scripted import NO_DEAL


def reading(seconds: float = 1.0) -> Reading:
    return Reading(Extraction.model_validate(NO_DEAL), attempts=1, tokens_in=10, tokens_out=5, seconds=seconds)


def test_write_atomically_replaces_the_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_atomically(target, "new")
    write_atomically(tmp_path / "bytes.bin", b"\x00\x01")
    assert target.read_text() == "new" and (tmp_path / "bytes.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bytes.bin", "out.txt"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())  # like a plain open, not 0600


def test_an_error_while_writing_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as fh:
            fh.write("half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_the_cache_writes_through_fsync_and_cleans_up_on_error(tmp_path, monkeypatch):
    cache = ResponseCache(tmp_path / "cache")
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr("summarizer.atomic.os.fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    cache.put("ab" + "0" * 62, reading(1.0))
    assert len(synced) == 1  # flushed to disk before the rename
    assert cache.get("ab" + "0" * 62).seconds == 1.0

    def failing(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("summarizer.atomic.os.fsync", failing)
    with pytest.raises(OSError):
        cache.put("ab" + "0" * 62, reading(2.0))
    assert cache.get("ab" + "0" * 62).seconds == 1.0  # the old entry stands
    assert [p.name for p in (tmp_path / "cache" / "ab").iterdir()] == ["ab" + "0" * 62 + ".json"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
