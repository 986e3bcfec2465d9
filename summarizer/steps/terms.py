"""What a term of the reading is, and how the model's answer to the gives step is held to its sentence.

A term exists only where a sentence states it: the fitted decisions keep a term candidate whose item is words of
its sentence (``summarizer/fitted/decisions.py``); where the ``gives`` step asks the model, its item is kept only
when it is words of the sentence it names and that sentence names a side (:func:`locate_item`). Either way the
sentence is the term's evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.prepass.types import Candidate, PrePass


@dataclass(frozen=True)
class Given:
    """One term: who gives what to whom, the sentence that says it, and how it was found."""

    giver: str
    receiver: str
    category: str
    item: str
    sentence: int
    primary: bool = True
    how: str = ""  # "fitted:<family>/<trigger> p=0.87" or "model:gives/<category's source>"


def whole_words_in(item: str, text: str) -> bool:
    """Whether ``item`` occurs in ``text`` as whole words ("tech" is not a word of "high-tech imports")."""
    return re.search(rf"(?<![\w'\u2019-]){re.escape(item)}(?![\w'\u2019-])", text) is not None


def locate_item(pre: PrePass, number: int, item: str) -> str | None:
    """The model's item as the words of sentence ``number`` (case aside), or None when they are not there."""
    if not 1 <= number <= len(pre.sentences) or not item.strip():
        return None
    text = pre.sentence(number).text
    wanted = " ".join(item.split()).strip(" .,;:")
    at = text.lower().find(wanted.lower())
    if at < 0 or not wanted or not whole_words_in(text[at : at + len(wanted)], text):
        return None
    return text[at : at + len(wanted)]


def mentions_side(pre: PrePass, number: int, side: Candidate) -> bool:
    """Whether sentence ``number`` names the side (any of its mentions)."""
    return any(m.sentence == number for m in side.mentions)
