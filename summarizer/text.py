"""Reading articles: decoding, HTML stripping and newline normalisation.

The text returned by :func:`normalise_article` is the text every quote offset
refers to. What is applied (and so what users must apply to reproduce the
offsets) is stated in :data:`NORMALISATION`.
"""

from __future__ import annotations

import codecs
import html
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from summarizer.errors import InputError

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
"""File suffixes read as articles when a directory is given."""

NORMALISATION = (
    "decoded as UTF-8 (UTF-16/UTF-32 when a byte-order mark says so; a UTF-8 BOM is dropped); "
    "HTML reduced to its text when the input is an HTML page; CRLF and CR turned into LF; "
    "trailing whitespace at the end of the text removed"
)

MAX_INPUT_BYTES = 20_000_000

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls but tab, LF, VT, FF, CR
_MAX_CONTROL_SHARE = 0.05
_PRINTABLE_ASCII = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}
_MAX_ASCII_SHARE_FOR_WIDE = 0.85


@dataclass(frozen=True)
class Article:
    """An article ready for the pipeline: ``text`` is what offsets refer to."""

    id: str
    text: str


def decode(data: bytes, name: str = "input") -> str:
    """Bytes to text, refusing binary and undecodable input with a clear message."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is larger than the {MAX_INPUT_BYTES:,}-byte limit")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding != "utf-8-sig":
                _check_wide(data[len(bom) :], encoding, name)
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: not valid {encoding} text ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {exc.start}: {exc.reason}); convert it to UTF-8 first"
        ) from None


def _check_wide(payload: bytes, encoding: str, name: str) -> None:
    """Refuse bytes after a UTF-16/32 byte-order mark that cannot be, or are unlikely to be, that encoding.

    A byte count that is no multiple of the code unit cannot be. Bytes that are nearly all printable
    ASCII are 8-bit text behind a stray mark (``FF FE`` + ``garbage`` reads as four CJK characters):
    real UTF-16 or UTF-32 text has NUL or high bytes in most code units.
    """
    unit = 2 if encoding == "utf-16" else 4
    if len(payload) % unit:
        raise InputError(
            f"{name}: not valid {encoding} text (a byte-order mark says {encoding.upper()}, but "
            f"{len(payload):,} bytes follow it, not a multiple of {unit})"
        )
    if payload and sum(b in _PRINTABLE_ASCII for b in payload) / len(payload) >= _MAX_ASCII_SHARE_FOR_WIDE:
        raise InputError(
            f"{name}: not valid {encoding} text (a byte-order mark says {encoding.upper()}, but the bytes "
            "after it are 8-bit text); remove the mark or convert the file to UTF-8"
        )


def check_text(text: str, name: str = "input") -> None:
    """Refuse text that did not decode cleanly: replacement characters, control characters, no letters."""
    if "\ufffd" in text:
        raise InputError(
            f"{name}: the text has {text.count(chr(0xFFFD)):,} replacement character(s) (U+FFFD): it was decoded "
            "with errors somewhere before; fix its encoding first"
        )
    controls = len(_CONTROL.findall(text))
    if controls and controls / len(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"{name}: looks like a binary file ({controls:,} control characters), not text")
    if not any(ch.isalpha() for ch in text):
        raise InputError(f"{name}: the text has no letters; not an article")


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head", "svg"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip += 1
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_to_text(page: str) -> str:
    """Reduce an HTML page to title + paragraphs of text."""
    parser = _TextExtractor()
    parser.feed(page)
    parser.close()
    body = "".join(parser.parts)
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in body.splitlines()]
    paragraphs = re.split(r"\n{2,}", "\n".join(lines))
    blocks = [p.strip() for p in paragraphs if p.strip()]
    title = html.unescape(" ".join("".join(parser.title).split()))
    if title and (not blocks or blocks[0] != title):
        blocks.insert(0, title)
    return "\n\n".join(blocks)


def normalise_article(raw: str, name: str = "input") -> str:
    """Apply :data:`NORMALISATION`; refuse empty text and text that did not decode cleanly (:func:`check_text`)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_SNIFF.match(text):
        text = html_to_text(text)
    text = text.rstrip()
    if not text.strip():
        raise InputError(f"{name}: the article is empty")
    check_text(text, name)
    return text


def read_article(source: str | Path, name: str | None = None) -> Article:
    """Read one article from a path, or from standard input when ``source`` is '-'."""
    if str(source) == "-":
        data = sys.stdin.buffer.read()
        label = name or "stdin"
    else:
        path = Path(source)
        label = name or str(path)
        if not path.exists():
            raise InputError(f"{label}: no such file")
        if path.is_dir():
            raise InputError(f"{label}: is a directory")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{label}: cannot read ({exc.strerror})") from None
    return Article(
        id=Path(label).stem if label != "stdin" else "stdin", text=normalise_article(decode(data, label), label)
    )


def article_from_text(text: str, id: str = "text") -> Article:
    """Wrap text already in memory."""
    if not isinstance(text, str):
        raise InputError(f"{id}: expected text (str), got {type(text).__name__}")
    return Article(id=id, text=normalise_article(text, id))
