"""The fitted decisions of the reading, applied to one analysed article. Pure: no model, no I/O beyond the weights.

In order: does the text report a deal (per text); which candidates are sides of the main deal and which are
parties (per candidate); which term candidates, their open sides filled in with the main deal's sides, are
terms (per candidate); the status (per text); which source candidates are sources, of which kind, on the record
or not (per source). Each is a linear model over ``summarizer/features.py`` fitted from the labelled dev texts
(``summarize train``); the rules here only put the answers together (one term per giver, receiver and category,
at most a few background terms).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from summarizer.features import (
    DEAL_FEATURES,
    GROUP,
    PAIR,
    PARTY,
    SOURCE,
    STATUS,
    STATUS_OPTIONS,
    TERM,
    TEXT,
    PairRow,
    StatusRow,
    TermGroup,
    TermRow,
    Text,
    best_row,
)
from summarizer.fitted.model import Weights
from summarizer.prepass.types import Candidate, PrePass, SourceGroup, TermCandidate

MAX_BACKGROUND_TERMS = 3
MAX_CATEGORIES_PER_DIRECTION = 5
MAX_SOURCES = 8
# the pair decision weighs every pair of the 4 candidates the side decision ranks first (of the first 6 when none
# of the 4 is named in the title or lead); 4 chosen by dev CV over 3 to 8
PAIR_OPTIONS = (4, 6)


def text_row(t: Text) -> dict[str, float]:
    return dict(zip(TEXT.names(), TEXT.row(t), strict=True))


def party_rows(t: Text) -> list[tuple[Candidate, dict[str, float]]]:
    names = PARTY.names()
    return [(c, dict(zip(names, PARTY.row(t, c), strict=True))) for c in t.pre.candidates if not c.document]


def fold(t: Text, name: str | None, sides: tuple[str, str]) -> str | None:
    """A state's own body stands for the state when the state is a side ("the Pentagon will send" -> the United
    States)."""
    if name is None or name in sides:
        return name
    state = t.state_of(name)
    return state if state in sides else name


def term_rows(t: Text, sides: tuple[str, str]) -> list[TermRow]:
    """Every term candidate with its sides: the ones it names (a body folded into its state), an open side filled
    with the main deal's other side (each side, when the named one is not a side), both open: both ways."""
    first, second = sides
    out: list[TermRow] = []
    own_names: dict[tuple[str, str], set[str]] = {}
    for c in t.pre.term_candidates:
        giver, receiver = fold(t, c.giver, sides), fold(t, c.receiver, sides)
        pairs: list[tuple[str, str, bool, bool]] = []
        if giver and receiver:
            pairs.append((giver, receiver, False, False))
        elif giver:
            others = [s for s in sides if s != giver]
            pairs += [(giver, o, False, True) for o in (others[:1] if giver in sides else others)]
        elif receiver:
            others = [s for s in sides if s != receiver]
            pairs += [(o, receiver, True, False) for o in (others[:1] if receiver in sides else others)]
        else:
            pairs += [(first, second, True, True), (second, first, True, True)]
        for g, r, gf, rf in pairs:
            if g == r or c.category is None:
                continue
            if (g, r) not in own_names:
                own_names[(g, r)] = names_of(t, (g, r))
            if not in_own_name(t.pre.text, c, own_names[(g, r)]):
                out.append(TermRow(c, g, r, gf, rf, sides))
    return out


def names_of(t: Text, names: tuple[str, ...]) -> set[str]:
    """How the text spells each of ``names`` and each body of theirs: names and aliases."""
    return {form for x in t.pre.candidates if x.name in names or t.state_of(x.name) in names
            for form in (x.name, *x.aliases)}


def in_own_name(text: str, c: TermCandidate, forms: set[str]) -> bool:
    """Whether the item is a part of one of ``forms`` (the names of its giver and receiver and of their bodies) as
    the text spells it around the item ('Company' of "Eli Lilly and Company Agrees to Pay ...", 'Aid' of
    "(Rite Aid)", 'Energy' of 'Department of Energy'); a whole name may be an item (a company that sells itself)."""
    for form in forms:
        start = max(0, c.item_end - len(form))
        for m in re.finditer(re.escape(form), text[start:c.item_start + len(form)]):
            s, e = start + m.start(), start + m.end()
            if s <= c.item_start and c.item_end <= e and (s, e) != (c.item_start, c.item_end):
                return True
    return False


def term_row(t: Text, row: TermRow) -> dict[str, float]:
    return dict(zip(TERM.names(), TERM.row(t, row), strict=True))


def term_groups(t: Text, sides: tuple[str, str]) -> list[TermGroup]:
    """The term rows grouped by giver, receiver and category, each with the same category's rows the other
    way."""
    by_key: dict[tuple[str, str, str], list[TermRow]] = {}
    for row in term_rows(t, sides):
        by_key.setdefault((row.giver, row.receiver, row.cand.category or ""), []).append(row)
    return [TermGroup(tuple(rows), tuple(by_key.get((r, g, c), ()))) for (g, r, c), rows in by_key.items()]


def group_row(t: Text, group: TermGroup) -> dict[str, float]:
    return dict(zip(GROUP.names(), GROUP.row(t, group), strict=True))


def source_row(t: Text, g: SourceGroup) -> dict[str, float]:
    return dict(zip(SOURCE.names(), SOURCE.row(t, g), strict=True))


def pick(row: dict[str, float], names: tuple[str, ...]) -> dict[str, float]:
    return {n: row[n] for n in names}


@dataclass
class FittedReading:
    """What the fitted decisions found in one article."""

    deal: float  # P(the text reports a deal)
    sides: tuple[Candidate, Candidate] | None = None
    side_scores: dict[str, float] = field(default_factory=dict)
    parties: list[Candidate] = field(default_factory=list)
    terms: list[tuple[TermRow, float]] = field(default_factory=list)  # kept, with P(term)
    status: str = "unclear"
    status_sentence: int | None = None
    sources: list[SourceGroup] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def side_options(t: Text, scores: dict[str, float]) -> list[Candidate]:
    """The candidates that may be a side, likeliest first: a government body of a state the text names counts as
    that state (the state takes the body's score when it is higher), as the labelling rules read it."""
    merged = dict(scores)
    for c in t.pre.candidates:
        state = t.state_of(c.name)
        if state and c.name in scores:
            merged[state] = max(merged.get(state, 0.0), scores[c.name])
    options = [c for c in t.pre.candidates if not t.state_of(c.name) and c.name in scores]
    return sorted(options, key=lambda c: -merged[c.name])


def pair_rows(t: Text, scores: dict[str, float]) -> list[PairRow]:
    """Every pair of the candidates the side decision ranks first (PAIR_OPTIONS: the first 4, the first 6 when
    none of the 4 is named in the title or lead) that the title or lead names one of: the main deal is the one
    the title and lead report (LABELLING.md), however often the text names another."""
    ranked = side_options(t, scores)
    few, more = PAIR_OPTIONS
    k = few if any(t.in_lead(c) for c in ranked[:few]) else more
    return [PairRow(a, b, logit(scores[a.name]), logit(scores[b.name]))
            for i, a in enumerate(ranked[:k]) for b in ranked[i + 1 : k] if t.in_lead(a) or t.in_lead(b)]


def pair_row(t: Text, row: PairRow) -> dict[str, float]:
    return dict(zip(PAIR.names(), PAIR.row(t, row), strict=True))


def choose_sides(t: Text, weights: Weights) -> tuple[tuple[Candidate, Candidate] | None, dict[str, float]]:
    """The pair of candidates most likely to be the main deal's sides, in the text's order, with each
    candidate's side score."""
    scores = {c.name: weights["side"].yes(row) for c, row in party_rows(t)}
    rows = pair_rows(t, scores)
    if not rows:
        return None, scores
    best = max(rows, key=lambda r: weights["pair"].yes(pair_row(t, r)))
    pair = sorted((best.a, best.b), key=lambda c: min((m.start for m in c.mentions), default=0))
    return (pair[0], pair[1]), scores


def choose_terms(t: Text, weights: Weights, sides: tuple[str, str]) -> list[tuple[TermRow, float]]:
    """The terms: each giver, receiver and category whose evidence the model keeps, stated by its plainest row;
    at most a few categories per direction of the main deal and a few background terms, likeliest first."""
    model = weights["term"]
    kept = []
    for group in term_groups(t, sides):
        p = model.yes(group_row(t, group))
        if p >= model.threshold:
            kept.append((best_row(t, group), p))
    kept.sort(key=lambda rp: -rp[1])
    out, background, per_direction = [], 0, {}
    for row, p in kept:
        main = {row.giver, row.receiver} == set(sides)
        if main:
            n = per_direction.get((row.giver, row.receiver), 0)
            if n >= MAX_CATEGORIES_PER_DIRECTION:
                continue
            per_direction[(row.giver, row.receiver)] = n + 1
        elif background >= MAX_BACKGROUND_TERMS:
            continue
        else:
            background += 1
        out.append((row, p))
    return sorted(out, key=lambda rp: (rp[0].cand.sentence, rp[0].cand.item_start))


def status_row(t: Text, option: str) -> dict[str, float]:
    return dict(zip(STATUS.names(), STATUS.row(t, StatusRow(option)), strict=True))


def choose_status(t: Text, weights: Weights) -> tuple[str, int | None]:
    """The status whose option the model scores highest, and the sentence of its first cue (lead first)."""
    status = max(STATUS_OPTIONS, key=lambda o: weights["status"].yes(status_row(t, o)))
    cues = [c for c in t.pre.status_cues if c.status == status]
    lead = [c for c in cues if c.sentence in t.lead]
    return status, (lead or cues)[0].sentence if (lead or cues) else None


def choose_sources(t: Text, weights: Weights) -> list[SourceGroup]:
    """The source candidates the model keeps, with the kind and record it gives them (at most eight, in order)."""
    out = []
    for g in t.groups:
        row = source_row(t, g)
        if weights["source"].yes(row) < weights["source"].threshold:
            continue
        # a named source is never anonymous (seeds/LABELLING.md), whatever the kind decision scores
        kinds = [k for k in weights["source_kind"].classes if not (g.candidate and k == "anonymous")]
        kind = weights["source_kind"].choose(row, kinds)
        # an unnamed source is off the record by definition (seeds/LABELLING.md), whatever the record decision says
        on_record = kind != "anonymous" and weights["source_on_record"].yes(row) >= weights["source_on_record"].threshold
        out.append(replace(g, kind=kind, on_record=on_record))  # type: ignore[arg-type]
    return out[:MAX_SOURCES]


def read_fitted(pre: PrePass, weights: Weights, groups: list[SourceGroup]) -> FittedReading:
    """Every fitted decision over one analysed article (``groups``: its source candidates)."""
    t = Text(pre, groups)
    deal = weights["deal"].yes(pick(text_row(t), DEAL_FEATURES))
    reading = FittedReading(deal=deal, sources=choose_sources(t, weights))
    if deal < weights["deal"].threshold:
        reading.notes.append(f"no deal: P(deal) {deal:.2f}")
        return reading
    sides, scores = choose_sides(t, weights)
    reading.side_scores = scores
    if sides is None:
        reading.notes.append("no two sides found")
        return reading
    reading.sides = sides
    names = (sides[0].name, sides[1].name)
    reading.notes.append(f"sides {names[0]} ({scores[names[0]]:.2f}) and {names[1]} ({scores[names[1]]:.2f}); "
                         f"P(deal) {deal:.2f}")
    reading.terms = choose_terms(t, weights, names)
    chosen = list(sides)
    for c, row in party_rows(t):  # a broker, mediator or host the patterns found, if the model keeps it
        if c not in chosen and c.name in pre.brokers and weights["party"].yes(row) >= weights["party"].threshold:
            chosen.append(c)
    for row, _ in reading.terms:
        for name in (row.giver, row.receiver):
            cand = pre.candidate(name)
            if cand is not None and cand not in chosen:
                chosen.append(cand)
    reading.parties = chosen
    reading.status, reading.status_sentence = choose_status(t, weights)
    return reading
