"""Prompt templates: files in ``prompts/``, rendered with Jinja2 into chat messages.

A template defines two macros, ``system()`` and ``user(article)``; few-shot examples are
not passed to the template but sent as chat turns (see :meth:`Prompt.messages`).
Its name and a hash of its text go into every summary's ``meta``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from summarizer.errors import InputError

# A wheel carries the templates as summarizer/_prompts; a source checkout keeps them in prompts/.
_PACKAGED = Path(__file__).resolve().parent / "_prompts"
PROMPTS_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "prompts"
DEFAULT_PROMPT = "summarize_v5"


@dataclass(frozen=True)
class Example:
    """A few-shot example: an article and the JSON answer for it."""

    article: str
    answer: str


@dataclass(frozen=True)
class Prompt:
    name: str
    path: Path
    source: str
    examples: tuple[Example, ...] = ()  # from <name>.examples.json beside the template

    @property
    def hash(self) -> str:
        """First 16 hex digits of the SHA-256 of the template text and its examples."""
        digest = hashlib.sha256(self.source.encode("utf-8"))
        for ex in self.examples:
            digest.update(ex.article.encode("utf-8"))
            digest.update(ex.answer.encode("utf-8"))
        return digest.hexdigest()[:16]

    def messages(self, article: str, examples: tuple[Example, ...] | None = None) -> list[dict[str, str]]:
        """Chat messages for one article: the system prompt, each example as a user turn
        and the assistant's answer, then the article (``examples`` overrides the template's)."""
        examples = self.examples if examples is None else examples
        module = _compile(self.source).module
        messages = [{"role": "system", "content": str(module.system()).strip()}]
        for ex in examples:
            messages.append({"role": "user", "content": str(module.user(_fence(ex.article))).strip()})
            messages.append({"role": "assistant", "content": ex.answer})
        messages.append({"role": "user", "content": str(module.user(_fence(article))).strip()})
        return messages


def _fence(article: str) -> str:
    """The article cannot close its own <article> fence."""
    return article.replace("</article>", "</ article>")


@lru_cache(maxsize=16)
def _compile(source: str):
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    return env.from_string(source)


def load_prompt(name_or_path: str | None = None) -> Prompt:
    """A template by name (a file in ``prompts/``) or by path."""
    name_or_path = name_or_path or DEFAULT_PROMPT
    candidate = Path(name_or_path)
    if candidate.suffix != ".j2":
        candidate = PROMPTS_DIR / f"{name_or_path}.j2"
    if not candidate.is_file():
        known = ", ".join(sorted(p.stem for p in PROMPTS_DIR.glob("*.j2")))
        raise InputError(f"prompt {name_or_path!r} not found (known: {known})")
    return Prompt(
        name=candidate.stem,
        path=candidate,
        source=candidate.read_text(encoding="utf-8"),
        examples=load_examples(candidate.with_name(candidate.stem + ".examples.json")),
    )


def load_examples(path: Path) -> tuple[Example, ...]:
    """Few-shot examples: a JSON list of {"article", "answer"}; answers are rendered as compact JSON."""
    if not path.is_file():
        return ()
    items = json.loads(path.read_text(encoding="utf-8"))
    return tuple(Example(article=i["article"], answer=json.dumps(i["answer"], ensure_ascii=False)) for i in items)
