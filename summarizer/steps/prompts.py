"""The step prompts: files in ``prompts/steps/``, rendered with Jinja2.

``context.j2`` holds the shared prefix (the system text and the numbered article); each other file is the
question of one step. Every file's name and hash go into ``meta.steps``; the hash of them all is the
reading's ``prompt_hash``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.prompts import PROMPTS_DIR

STEPS_DIR = PROMPTS_DIR / "steps"
STEP_NAMES = ("gives", "sides", "status")


@dataclass(frozen=True)
class StepPrompt:
    """One template file of the steps reading."""

    name: str
    path: Path
    source: str

    @property
    def hash(self) -> str:
        """First 16 hex digits of the SHA-256 of the file."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:16]

    def render(self, **values: Any) -> str:
        """The question text with ``values`` filled in (a missing value is an error, not a blank)."""
        return _compile(self.source).render(**values).strip()

    def macro(self, name: str, *args: Any) -> str:
        """Call one macro of the file (``context.j2`` defines ``system()`` and ``context(...)``)."""
        return str(getattr(_compile(self.source).module, name)(*args)).strip()


@dataclass(frozen=True)
class StepPrompts:
    """The context template and one question template per step."""

    context: StepPrompt
    questions: dict[str, StepPrompt]

    @property
    def name(self) -> str:
        return "steps"

    @property
    def hash(self) -> str:
        """One hash over every file, in a fixed order."""
        digest = hashlib.sha256(self.context.source.encode("utf-8"))
        for name in sorted(self.questions):
            digest.update(name.encode("utf-8"))
            digest.update(self.questions[name].source.encode("utf-8"))
        return digest.hexdigest()[:16]


@lru_cache(maxsize=16)
def _compile(source: str):
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    return env.from_string(source)


def _read(directory: Path, name: str) -> StepPrompt:
    path = directory / f"{name}.j2"
    if not path.is_file():
        raise InputError(f"step prompt {path} not found")
    return StepPrompt(name=name, path=path, source=path.read_text(encoding="utf-8"))


def load_step_prompts(directory: str | Path | None = None) -> StepPrompts:
    """The step templates from ``directory`` (default ``prompts/steps``)."""
    folder = Path(directory) if directory else STEPS_DIR
    return StepPrompts(context=_read(folder, "context"), questions={n: _read(folder, n) for n in STEP_NAMES})
