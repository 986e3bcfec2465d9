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
# "KYIV, Feb 14 - ", "GOMA, Democratic Republic of Congo, April 22 - ", "(WASHINGTON, D.C., August 2, 2019) - ":
# left out of the parse (a dateline parses as the subject of the first verb, and joins the phrases it touches),
# kept in the first sentence's text.
DATELINE = re.compile(r"^\(?[A-Z][A-Z .'\-]{2,40}(?:,[^\n\-\u2013\u2014]{0,60})?\)?\s+[-\u2013\u2014]\s+")
# the article's first line after the title may spell its place in title case ("New Delhi \u2014 ",
# "Washington, D.C. - "): capitalised words, and a capital after the dash ("Semiconductors \u2013 those tiny ..."
# is no dateline)
FIRST_DATELINE = re.compile(r"^\(?[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]*){0,3}(?:,[^\n\-\u2013\u2014]{0,60})?\)?"
                            r"\s+[-\u2013\u2014]\s+(?=[A-Z\"\u201c(])")


def dateline(line: str, first: bool = False) -> int:
    """The length of the dateline a line of the body begins with (0 if none); ``first``: the line after the
    title."""
    m = DATELINE.match(line) or (FIRST_DATELINE.match(line) if first else None)
    return m.end() if m else 0


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

    def opens_line(self, number: int) -> bool:
        """Whether sentence ``number`` is the first of its line (a paragraph's first sentence)."""
        return number == 1 or self.bases[number - 2] != self.bases[number - 1]

    def dateline_end(self, number: int) -> int:
        """The article offset where sentence ``number``'s dateline ends and its parse begins, or -1."""
        base = self.bases[number - 1]
        return base if base > self.sentences[number - 1].start else -1

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
    # where each line's parse begins: after its dateline, if it has one (the title never does)
    shifts = [dateline(ln.text, i == 1) if i else 0 for i, ln in enumerate(found)]
    docs = nlp.parse_many([ln.text[shift:] for ln, shift in zip(found, shifts, strict=True)])
    sentences: list[Sentence] = []
    spans: list[Any] = []
    bases: list[int] = []
    for index, (line, doc, shift) in enumerate(zip(found, docs, shifts, strict=True)):
        if index == 0 or is_heading(line.text):
            pieces = [doc[:]]
        else:
            pieces = list(doc.sents)
        base = line.start + shift
        for k, span in enumerate(pieces):
            raw = span.text
            stripped = raw.strip()
            if not stripped:
                continue
            start = base + span.start_char + (len(raw) - len(raw.lstrip()))
            if k == 0 and shift:  # the dateline stays in the first sentence's text
                stripped = line.text[: shift + span.end_char].strip()
                start = line.start
            heading = index > 0 and len(pieces) == 1 and is_heading(line.text)
            sentences.append(Sentence(len(sentences) + 1, start, start + len(stripped), stripped, heading))
            spans.append(span)
            bases.append(base)
    return Parsed(text, sentences, spans, bases)
