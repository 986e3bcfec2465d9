"""Name matching for the eval, as the contract defines it ("How the eval matches").

The eval's ruler, kept apart from the clean-up's matching (``summarizer.cleanup``) on purpose: the
clean-up may learn new tricks (folding a capital into its country, dropping invented names) to make
the reader better, and none of them may move the ruler that measures it. Pure: no model, no I/O.

* A name's key ignores case, punctuation and articles: ``"The U.S. Treasury"`` and
  ``"u s treasury"`` have one key.
* Two names match when their keys are equal, or when rapidfuzz ``token_set_ratio`` of the keys
  is at least :data:`THRESHOLD` (90).
* A term's giver or receiver resolves to a party of its own side (prediction or gold) by name or
  alias: an equal key first, else the best fuzzy match; a name that matches no party resolves to
  nothing. There is no world knowledge here: "Moscow" is not "Russia" unless the party lists it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from summarizer.schema import Party

THRESHOLD = 90.0
ARTICLES = frozenset({"the", "a", "an"})
_NON_WORD = re.compile(r"[^\w\s]")


def match_key(name: str) -> str:
    """Lower case, punctuation to spaces, the articles "the", "a" and "an" dropped, spaces collapsed."""
    words = _NON_WORD.sub(" ", name.lower()).split()
    return " ".join(w for w in words if w not in ARTICLES)


def similarity(a: str, b: str) -> float:
    """rapidfuzz ``token_set_ratio`` of the two keys (0-100); 100 for equal keys."""
    ka, kb = match_key(a), match_key(b)
    if ka == kb:
        return 100.0 if ka else 0.0
    return float(fuzz.token_set_ratio(ka, kb))


def exact(a: str, b: str) -> bool:
    """The two names have one key (and it is not empty)."""
    ka = match_key(a)
    return bool(ka) and ka == match_key(b)


def names_match(a: str, b: str, threshold: float = THRESHOLD) -> bool:
    """Equal keys, or a fuzzy score of at least ``threshold``; an empty name matches nothing."""
    if not match_key(a) or not match_key(b):
        return False
    return similarity(a, b) >= threshold


def resolve(name: str, parties: Sequence[Party]) -> int | None:
    """Index of the party that ``name`` names (by name or alias), or None.

    An equal key wins; else the party with the best fuzzy score at or above the threshold, the
    earlier party on a tie.
    """
    if not match_key(name):
        return None
    for k, party in enumerate(parties):
        if any(exact(name, n) for n in [party.name, *party.aliases]):
            return k
    best: tuple[float, int] | None = None
    for k, party in enumerate(parties):
        score = max(similarity(name, n) for n in [party.name, *party.aliases])
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, k)
    return None if best is None else best[1]


__all__ = ["ARTICLES", "THRESHOLD", "exact", "match_key", "names_match", "resolve", "similarity"]
