"""Atomic file writes: a temporary file beside the target, flushed and fsync'd, then ``os.replace``.

Readers see the old file or the new one, never a half-written one; on any error the temporary
file is removed and the target is left as it was. Every atomic write in the package goes
through here (the response cache, batch output rewrites, assembled model files).
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _temporary_name(path: Path) -> Path:
    """A name beside ``path`` that no other process or thread picks (hidden, ends in ``.tmp``)."""
    token = f"{os.getpid()}.{threading.get_ident()}.{secrets.token_hex(4)}"
    return path.with_name(f".{path.name}.{token}.tmp")


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file to write ``path``'s new content; on a clean exit it replaces ``path``.

    ``mode`` is ``"w"`` (text, ``encoding``) or ``"wb"``. The file is created with the usual
    permissions (0666 less the umask), like a plain ``open``.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes only: mode 'w' or 'wb', not {mode!r}")
    path = Path(path)
    tmp = _temporary_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, mode, encoding=None if mode == "wb" else encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_atomically(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Replace ``path`` by ``data`` (text or bytes) atomically."""
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w", encoding=encoding) as fh:
        fh.write(data)
