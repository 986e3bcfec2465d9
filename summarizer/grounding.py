"""Locate quotes in the article text. Pure functions, no model.

A quote is looked for in three passes:

1. exactly;
2. after normalising both sides (runs of whitespace to one space, curly quote
   marks and apostrophes to straight ones, dashes to '-');
3. by fuzzy alignment (rapidfuzz ``partial_ratio_alignment``, case and
   punctuation ignored), accepted at a score of ``FUZZY_THRESHOLD`` or more.

The span returned always slices the article itself, so
``article[span.start:span.end] == span.text`` holds by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FUZZY_THRESHOLD = 90.0
_MIN_FUZZY_CHARS = 12

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int
    how: str  # "exact" | "normalised" | "fuzzy"


@lru_cache(maxsize=16)  # one article is searched for many quotes
def _normalise_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalise ``text`` and return, for each output char, its index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    translated = text.translate(_CHAR_MAP)
    previous_space = False
    for i, ch in enumerate(translated):
        if ch.isspace():
            if previous_space:
                continue
            previous_space = True
            out.append(" ")
        else:
            previous_space = False
            out.append(ch)
        index.append(i)
    return "".join(out), tuple(index)


def normalise(text: str) -> str:
    """The normal form used by the second pass."""
    return _SPACE.sub(" ", text.translate(_CHAR_MAP)).strip()


def locate(quote: str, article: str) -> Span | None:
    """Find ``quote`` in ``article``; None when no pass finds it."""
    needle = quote.strip()
    if not needle:
        return None
    start = article.find(needle)
    if start >= 0:
        return Span(needle, start, start + len(needle), "exact")

    norm_article, index = _normalise_with_map(article)
    norm_needle = normalise(needle)
    pos = norm_article.find(norm_needle)
    if pos >= 0 and norm_needle:
        begin = index[pos]
        end = index[pos + len(norm_needle) - 1] + 1
        return Span(article[begin:end], begin, end, "normalised")

    if len(needle) < _MIN_FUZZY_CHARS:
        return None
    return _fuzzy(needle, article)


@lru_cache(maxsize=16)
def _fold(text: str) -> str:
    """Lower-case and blank out punctuation, keeping every index in place."""
    return "".join((low if len(low := ch.lower()) == 1 else ch) if ch.isalnum() else " " for ch in text)


def _fuzzy(needle: str, article: str) -> Span | None:
    from rapidfuzz import fuzz

    result = fuzz.partial_ratio_alignment(_fold(needle), _fold(article))
    if result is None or result.score < FUZZY_THRESHOLD:
        return None
    begin, end = result.dest_start, result.dest_end
    # trim whitespace the alignment may have caught at the edges
    while begin < end and article[begin].isspace():
        begin += 1
    while end > begin and article[end - 1].isspace():
        end -= 1
    if end - begin < len(needle) * 0.7:
        return None
    return Span(article[begin:end], begin, end, "fuzzy")
