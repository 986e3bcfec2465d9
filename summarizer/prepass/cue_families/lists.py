"""What a package holds, as the text lists it right after a transfer (family ``cues.lists``)."""

from __future__ import annotations

import re

from summarizer.prepass.exchanges import (
    _item_span,
    _subject,
)
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import ExchangeCue

_INCLUDE_VERBS = frozenset("include contain comprise feature consist".split())
_PACKAGE_WORDS = frozenset("""package assistance capability capabilities this it deal agreement sale aid tranche drawdown
    sales weapons equipment system systems""".split())
_LIST_LINE = re.compile(r"^(?:[-\u2022*]\s+)(.+?)[;,.]?(?:\s+and)?$|^(.+?)(?:;|;\s+and|,\s+and)$")
MAX_LIST_LINES = 20


def _contents(parsed: Parsed, cues: list[ExchangeCue]) -> list[ExchangeCue]:
    """What a package holds, as the text lists it after a transfer: "These new capabilities include artillery
    systems, artillery ammunition and helicopters", "Included in this package are:" followed by one line per item.
    Each item is given like the transfer stated just before (within two sentences): same giver and receiver, one
    cue per item (cue "include")."""
    out: list[ExchangeCue] = []
    by_sentence = {s.number: s for s in parsed.sentences}
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        source = next((c for c in reversed(cues) if not c.negated and (c.giver or c.receiver)
                       and 0 <= sent.number - c.sentence <= 2), None)
        if source is None:
            continue
        items: list[tuple[int, str, int, int]] = []
        for verb in span:
            if verb.lemma_.lower() not in _INCLUDE_VERBS or verb.pos_ not in ("VERB", "AUX"):
                continue
            subj = _subject(verb)
            inverted = verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)  # "Included ... are:"
            if not inverted and (subj is None or subj.lemma_.lower() not in _PACKAGE_WORDS):
                continue
            obj = subj if inverted else next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and not (inverted and obj.lemma_.lower() in _PACKAGE_WORDS):
                for part in [obj, *obj.conjuncts]:
                    text, start, end = _item_span(parsed, sent.number, part)
                    items.append((sent.number, text, start, end))
        if sent.text.rstrip().endswith(":"):
            items.extend(_list_lines(parsed, by_sentence, sent.number))
        for number, text, start, end in items:
            if text and not any(c.item == text and c.sentence == number for c in out):
                out.append(ExchangeCue(number, "include", source.giver, source.receiver, text, start, end, False))
    return out


def _list_lines(parsed: Parsed, by_sentence: dict, number: int) -> list[tuple[int, str, int, int]]:
    """The lines that follow a line ending in a colon and read as list items (a bullet, or ending in ";")."""
    out = []
    base = parsed.bases[number - 1]
    n = number + 1
    last_open = False  # the line before ended in ";" or "and": the list goes on
    while n in by_sentence and len(out) < MAX_LIST_LINES:
        line = by_sentence[n]
        if parsed.bases[n - 1] == base:  # still the introducing paragraph
            n += 1
            continue
        m = _LIST_LINE.match(line.text)
        if m is None and last_open and len(line.text.split()) <= 25:
            m = re.match(r"^(.+?)\.?$", line.text)  # the last item: "Four counter-artillery radars."
            last_open = False
        elif m is not None:
            last_open = bool(re.search(r"(?:;|\band)$", line.text))
        if m is None:
            break
        text = (m.group(1) or (m.group(2) if m.lastindex and m.lastindex >= 2 else None) or "").strip()
        if not text:
            break
        start = line.start + line.text.index(text)
        out.append((n, text, start, start + len(text)))
        n += 1
    return out
