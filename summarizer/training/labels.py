"""What the gold label says about each candidate of a dev text: the targets the decisions are fitted to.

A candidate stands for a gold party when one of its names (or the state it is a body of) matches the gold
party's name or an alias by the eval's matcher (``summarizer/eval/matching.py``). A term row is a term when its
giver and receiver stand for a gold term's giver and receiver and its category is that term's. A source
candidate is a source when the eval's source matching pairs it with a gold source; its kind and record are then
the gold source's.
"""

from __future__ import annotations

from collections import Counter

from summarizer.eval.matching import names_match, resolve
from summarizer.eval.scorers import match_sources
from summarizer.features import TermRow, Text
from summarizer.prepass.types import SourceGroup
from summarizer.schema import GoldLabel, Source


def party_index(t: Text, name: str | None, gold: GoldLabel, through_state: bool = True) -> int | None:
    """The gold party a candidate stands for, or None; with ``through_state``, a government body stands for the
    gold party of its state."""
    if not name:
        return None
    cand = t.pre.candidate(name)
    names = [name, *(cand.aliases if cand else [])]
    state = t.state_of(name)
    for j, party in enumerate(gold.parties):
        gold_names = [party.name, *party.aliases]
        if any(names_match(n, g) for n in names for g in gold_names):
            return j
    if state and through_state:
        for j, party in enumerate(gold.parties):
            if any(names_match(state, g) for g in [party.name, *party.aliases]):
                return j
    return None


def is_side(t: Text, name: str, gold: GoldLabel, sides: set[int]) -> bool:
    """Whether a candidate is a side of the gold main deal: it stands for a side by its own names, or it is a
    government body of a side's state that the text does not name as a candidate (the body then acts for it)."""
    own = party_index(t, name, gold, through_state=False)
    if own is not None:
        return own in sides
    state = t.state_of(name)  # a body whose state is a candidate: the state is the side
    return state is None and party_index(t, name, gold) in sides


def side_parties(gold: GoldLabel) -> set[int]:
    """The gold parties that give or receive a primary term."""
    out = set()
    for term in gold.terms:
        if term.primary:
            for name in (term.giver, term.receiver):
                j = resolve(name, gold.parties)
                if j is not None:
                    out.add(j)
    return out


def gold_sides(t: Text, gold: GoldLabel) -> tuple[str, str] | None:
    """The candidates that stand for the two sides of the gold main deal (its most frequent primary pair), in the
    text's order; None when the candidates do not hold both."""
    pairs = Counter()
    for term in gold.terms:
        if term.primary:
            a, b = resolve(term.giver, gold.parties), resolve(term.receiver, gold.parties)
            if a is not None and b is not None and a != b:
                pairs[frozenset((a, b))] += 1
    if not pairs:
        return None
    wanted = pairs.most_common(1)[0][0]
    found: dict[int, str] = {}
    for c in t.pre.candidates:  # the most salient candidate standing for each gold side
        j = party_index(t, c.name, gold)
        if j in wanted and j not in found and t.state_of(c.name) is None:
            found[j] = c.name
    for c in t.pre.candidates:
        j = party_index(t, c.name, gold)
        if j in wanted and j not in found:
            found[j] = c.name
    if len(found) < 2:
        return None
    names = list(found.values())
    first = {c.name: min((m.start for m in c.mentions), default=0) for c in t.pre.candidates}
    a, b = sorted(names, key=lambda n: first.get(n, 0))
    return a, b


def term_is_gold(t: Text, row: TermRow, gold: GoldLabel) -> bool:
    """Whether a term row stands for a gold term (giver, receiver and category)."""
    g, r = party_index(t, row.giver, gold), party_index(t, row.receiver, gold)
    if g is None or r is None:
        return False
    return any(
        term.category == row.cand.category and resolve(term.giver, gold.parties) == g
        and resolve(term.receiver, gold.parties) == r
        for term in gold.terms
    )


def source_targets(groups: list[SourceGroup], gold: GoldLabel) -> list[Source | None]:
    """For each source candidate, the gold source it stands for (None when it is not a source)."""
    pred = [Source(name=g.name, affiliation=g.affiliation, kind=g.kind, on_record=g.on_record) for g in groups]
    pairs = dict(match_sources(pred, gold.sources))
    return [gold.sources[pairs[i]] if i in pairs else None for i in range(len(groups))]
