"""Parties the text names only by description ("successful offerors", "five commercial fishermen", "vulnerable
populations"): the phrases a term candidate's role reads where no named candidate stands, made candidates of
their own, named as written. Recall first: the decisions say whether one is a side.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.candidates.engine import pattern
from summarizer.categories import category_from_item
from summarizer.prepass.types import Candidate, Mention, TermCandidate, lookup_key

MAX_WORDS = 8
_LEADING = re.compile(r"^(?:the|a|an|its|their|his|her|our|this|these|those|such)\s+", re.IGNORECASE)
# a phrase that is a quantity, a date or a thing rather than someone
_NOT_SOMEONE = re.compile(r"^[\d$\u20ac\u00a3%.,\s]+$|\b(?:percent|per cent|years?|months?|days?|weeks?|times?|"
                          r"today|tomorrow|yesterday)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    return frozenset(pattern("descriptions")["heads"])


def names_someone(name: str) -> bool:
    """Whether a phrase's head noun (its last word before any 'of', 'in', 'from' ... phrase) names people, a
    group or an institution (``patterns/descriptions.json``)."""
    words = re.findall(r"[a-z]+", name.lower())
    for i, w in enumerate(words):
        if i and w in ("of", "in", "from", "at", "for", "with", "on", "to"):
            words = words[:i]
            break
    if not words:
        return False
    head = words[-1]
    forms = {head, head[:-1] if head.endswith("s") else head, head[:-2] if head.endswith("es") else head,
             head[:-3] + "y" if head.endswith("ies") else head}
    return bool(forms & _heads())


def _name(text: str) -> str:
    name = _LEADING.sub("", " ".join(text.split())).strip(" ,.;:")
    words = name.split()
    return " ".join(words[:MAX_WORDS])


def describe(text: str, terms: list[TermCandidate], cands: list[Candidate], sentence_of) -> list[Candidate]:
    """New candidates for the phrases that term candidates' roles read where no candidate stands, each with its
    mentions (every place its words occur); none that duplicates a candidate or names a thing or a quantity.
    ``sentence_of(offset)`` is the number of the sentence an offset falls in."""
    known = {lookup_key(n) for c in cands for n in [c.name, *c.aliases]}
    found: dict[str, Candidate] = {}
    for term in terms:
        for phrase in (term.giver_phrase, term.receiver_phrase):
            if phrase is None:
                continue
            name = _name(text[phrase[0] : phrase[1]])
            key = lookup_key(name)
            if not name or key in known or key in found or _NOT_SOMEONE.search(name):
                continue
            if category_from_item(name) is not None or not names_someone(name):
                continue
            mentions = [
                Mention(text[m.start() : m.end()], m.start(), m.end(), sentence_of(m.start()))
                for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE)
            ]
            if mentions:
                found[key] = Candidate(name=name, kind="other", mentions=mentions, label="DESC")
    return list(found.values())
