"""Numbered sentences with offsets: lines first, then spaCy's sentence boundaries inside each paragraph.

The first non-empty line is the title and stays one sentence (number 1). A short line that ends
without final punctuation or a comma is a heading. ``article[s.start:s.end] == s.text`` for every sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from summarizer.prepass import nlp
from summarizer.prepass.types import Sentence

HEADING_MAX_WORDS = 14
_FINAL = tuple('.!?;:,"\u201d\u2019\')\u2026')  # a line ending with a comma goes on in the next ("... said,")
_LINE = re.compile(r"[^\n]+")
# "KYIV, Feb 14 - ", "GOMA, Democratic Republic of Congo, April 22 - ": blanked before parsing (a dateline
# parses as the subject of the first verb), kept in the first sentence's text.
DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{2,40}(?:,[^\n\-\u2013\u2014]{0,60})?\s+[-\u2013\u2014]\s+")


@dataclass(frozen=True)
class Line:
    """A non-empty line of the article: its stripped text and offsets."""

    start: int
    end: int
    text: str


@dataclass
class Parsed:
    """The article, its sentences and the spaCy spans behind them (internal to the pre-pass)."""

    text: str
    sentences: list[Sentence]
    spans: list[Any]  # spaCy Span per sentence, same order
    bases: list[int]  # article offset of the Doc each span belongs to

    def offset(self, number: int, token: Any) -> tuple[int, int]:
        """Article offsets of a token of sentence ``number``."""
        base = self.bases[number - 1]
        return base + token.idx, base + token.idx + len(token.text)

    def subtree_offsets(self, number: int, token: Any) -> tuple[int, int]:
        """Article offsets of the phrase a token of sentence ``number`` heads (the token and its dependents)."""
        return self.offset(number, token.left_edge)[0], self.offset(number, token.right_edge)[1]

    def span_offsets(self, number: int, span: Any) -> tuple[int, int]:
        """Article offsets of a spaCy span (or token list) inside sentence ``number``."""
        base = self.bases[number - 1]
        return base + span.start_char, base + span.end_char


def lines(text: str) -> list[Line]:
    """Non-empty lines, stripped, with their offsets."""
    out = []
    for m in _LINE.finditer(text):
        raw = m.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        out.append(Line(start, start + len(stripped), stripped))
    return out


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence."""
    return len(line.split()) <= HEADING_MAX_WORDS and not line.endswith(_FINAL)


def parse(text: str) -> Parsed:
    """Split and parse ``text``: one spaCy Doc per line, its sentences numbered from 1 (the title first)."""
    found = lines(text)
    datelines = [DATELINE.match(ln.text) if i else None for i, ln in enumerate(found)]
    docs = nlp.parse_many([" " * m.end() + ln.text[m.end() :] if m else ln.text for ln, m in zip(found, datelines,
                                                                                                  strict=True)])
    sentences: list[Sentence] = []
    spans: list[Any] = []
    bases: list[int] = []
    for index, (line, doc) in enumerate(zip(found, docs, strict=True)):
        if index == 0 or is_heading(line.text):
            pieces = [doc[:]]
        else:
            pieces = list(doc.sents)
        for k, span in enumerate(pieces):
            raw = span.text
            stripped = raw.strip()
            if not stripped:
                continue
            start = line.start + span.start_char + (len(raw) - len(raw.lstrip()))
            if k == 0 and datelines[index]:
                stripped = line.text[: span.end_char].strip()
                start = line.start
            heading = index > 0 and len(pieces) == 1 and is_heading(line.text)
            sentences.append(Sentence(len(sentences) + 1, start, start + len(stripped), stripped, heading))
            spans.append(span)
            bases.append(line.start)
    return Parsed(text, sentences, spans, bases)
