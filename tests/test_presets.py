"""Preset files are assembled once into the cache and refused when their SHA-256 is wrong."""

from __future__ import annotations

import hashlib

import pytest

from summarizer.errors import ModelError
from summarizer.models import presets
from summarizer.models.presets import Preset, resolve_preset


def _preset(tmp_path, sha: str, parts) -> Preset:
    return Preset(
        name="tiny", title="t", pip="p", sha256=sha, size_mb=0, origin="o", parts=lambda: parts, filename="tiny.gguf"
    )


def test_parts_are_assembled_verified_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    parts = []
    for i, chunk in enumerate([b"GGUF" + b"a" * 100, b"b" * 50]):
        path = tmp_path / f"part{i}"
        path.write_bytes(chunk)
        parts.append(path)
    sha = hashlib.sha256(b"GGUF" + b"a" * 100 + b"b" * 50).hexdigest()
    monkeypatch.setitem(presets.PRESETS, "tiny", _preset(tmp_path, sha, parts))
    first = resolve_preset("tiny")
    assert first == tmp_path / "cache" / "models" / "tiny.gguf"
    assert first.read_bytes() == b"GGUF" + b"a" * 100 + b"b" * 50
    mtime = first.stat().st_mtime_ns
    assert resolve_preset("tiny") == first and first.stat().st_mtime_ns == mtime  # not rebuilt


def test_a_wrong_checksum_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    part = tmp_path / "only.gguf"
    part.write_bytes(b"not the model")
    monkeypatch.setitem(presets.PRESETS, "tiny", _preset(tmp_path, "0" * 64, [part, part]))
    with pytest.raises(ModelError, match="expected 0000"):
        resolve_preset("tiny")
    assert not (tmp_path / "cache" / "models" / "tiny.gguf").exists()
    monkeypatch.setitem(presets.PRESETS, "tiny", _preset(tmp_path, "0" * 64, [part]))
    with pytest.raises(ModelError, match="has SHA-256"):
        resolve_preset("tiny")


def test_unknown_and_missing_presets_say_what_to_do(monkeypatch):
    with pytest.raises(ModelError, match="unknown preset 'nope'"):
        resolve_preset("nope")
    monkeypatch.setitem(presets.PRESETS, "tiny", _preset(None, "0" * 64, None))
    with pytest.raises(ModelError, match="not installed"):
        resolve_preset("tiny")
