"""A release given by whoever the text says holds the people (family ``cues.custody``)."""

from __future__ import annotations

import re
from collections import Counter

from summarizer.prepass.exchanges import (
    _VOICE,
    _demonym_state,
    _kind,
    _prep_obj,
    _resolve,
)
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Candidate, ExchangeCue

_HOLD_VERBS = frozenset("detain hold imprison jail kidnap abduct capture incarcerate seize arrest".split())
_HOLD_NOUNS = frozenset("captivity custody detention prison jail".split())
_RELEASES = frozenset("release free return secure".split())
_RELEASE_WORDS = re.compile(r"\b(?:release|freedom|return|home)\b", re.I)


def holders(parsed: Parsed, cands: list[Candidate]) -> Counter:
    """Who holds the people a text is about, by how often: "detained in Russia", "held by Hamas", "in Russian
    custody", "taken hostage by the FARC" (a state, armed group or organisation)."""
    found: Counter = Counter()
    body = [x.number for x in parsed.sentences if x.number > 1 and not x.heading][:3]
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        weight = 3 if sent.number == 1 or sent.number in body else 1  # the lead names the main release
        for tok in span:
            lemma = tok.lemma_.lower()
            passive_take = lemma == "take" and any(c.dep_ == "auxpass" for c in tok.children)
            if (lemma in _HOLD_VERBS or passive_take) and tok.pos_ == "VERB":
                obj = _prep_obj(tok, ("in", "by"))
            elif lemma in ("hostage", "captive") and tok.pos_ in ("NOUN", "ADJ"):
                obj = _prep_obj(tok, ("by",)) or _prep_obj(tok.head, ("by",))
            elif lemma in _HOLD_NOUNS and tok.pos_ == "NOUN":
                obj = _prep_obj(tok, ("in", "by")) or next(
                    (c for c in tok.children if c.dep_ in ("amod", "poss", "compound")), None)
                if obj is None and tok.head.lower_ == "in":  # "in Russian custody"
                    obj = next((c for c in tok.children if c.dep_ == "amod"), None)
            else:
                continue
            holder = _resolve(parsed, sent.number, obj, cands) if obj is not None else None
            if holder is None and obj is not None:
                holder = _demonym_state(obj, cands) if obj.pos_ == "ADJ" else None
            kind = _kind(cands, holder) if holder else ""
            if holder and kind in ("state", "armed_group", "organization", "government_body"):
                found[holder] += weight
    return found


def _custody(parsed: Parsed, cues: list[ExchangeCue], cands: list[Candidate]) -> list[ExchangeCue]:
    """A release with no giver named ("secured her release", "the release of Mark Frerichs") is given by whoever
    the text says holds the people: the one holder it names most often ("wrongfully detained in Venezuela")."""
    from dataclasses import replace

    releases = [c for c in cues if c.giver is None and not c.negated and c.cue in _RELEASES and (
        c.cue != "secure" or _RELEASE_WORDS.search(c.item or ""))]
    if not releases:
        return cues
    counts = holders(parsed, cands).most_common(2)
    if not counts or len(counts) > 1 and counts[0][1] == counts[1][1]:
        return cues
    holder = counts[0][0]
    voice = _VOICE.get()  # in a first-person text, the government that speaks secured the release
    out = []
    for c in cues:
        if c in releases and c.receiver != holder:
            receiver = c.receiver or (voice if voice != holder else None)
            c = replace(c, giver=holder, receiver=receiver)
        out.append(c)
    return out
