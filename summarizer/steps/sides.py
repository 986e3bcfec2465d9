"""The two sides of the main deal, from the lead first.

In order, the first that gives two sides decides:

1. the pair the exchange cues and deal pairs ("a deal between A and B", "A and B signed") name, each weighted
   by where it stands (the title most, then the lead; later sentences little): background deals later in a long
   text are outweighed by the one the lead names;
2. a lead cue with one side named: that side and the most salient other candidate of the lead;
3. salience (family ``salience``): the two candidates the title and lead name most, then the whole text.

Only candidates that can be a side are considered (not the text's sources, news outlets or people, unless a cue
makes them a giver or receiver). The ``sides`` step may instead ask the model to choose among them.
"""

from __future__ import annotations

import re
from collections import Counter

from summarizer.prepass import sources as source_groups
from summarizer.prepass.exchanges import body_state
from summarizer.prepass.types import Candidate, PrePass
from summarizer.reading_config import DEFAULT, ReadingConfig
from summarizer.steps.lead import lead_numbers, weight

MAX_SIDE_OPTIONS = 8


def movers(pre: PrePass) -> set[str]:
    """Candidates that some exchange cue makes a giver or receiver."""
    return {name for e in pre.exchanges if not e.negated for name in (e.giver, e.receiver) if name}


# the last word of a name that is an event, a document, a law or a programme, not a party ("Operation Epic Fury",
# "Annapolis Conference", "Nuclear Non-Proliferation Treaty", "CHIPS and Science Act")
_NOT_A_PARTY = re.compile(
    r"^operation\b|\b(?:conference|summit|treaty|act|law|program|programme|initiative|plan|strategy|framework|"
    r"declaration|memorandum|convention|agreement|accord|deal|pact|charter|resolution)$|^state of the union$",
    re.IGNORECASE,
)


# what follows the first words of a law's name: "CHIPS [and Science Act]", "Inflation Reduction [Act]"
_LAW_AFTER = re.compile(r"(?:\s+(?:and|&|of)\s+[A-Z][\w-]*)*\s+Act\b")


def side_options(pre: PrePass, config: ReadingConfig = DEFAULT) -> list[Candidate]:
    """Candidates that could be a side, in salience order. Left out, unless a cue makes them a giver or receiver:
    news outlets, people (in a prisoner swap they are what is exchanged) and names only a title-case headline gives
    (spaCy reads "Ukraine Reach Temporary Gas" as one name); without the ``sides.filters`` family also the text's
    sources. With that family, a side may speak (a company announcing its own deal), and left out even when a cue
    names them are events, documents, laws and programmes, places (a city, a province), names only headings give,
    and people, unless fewer than two others remain."""
    speakers = {g.candidate for g in source_groups(pre) if g.candidate}
    moving = movers(pre)
    title_case = _title_case(pre.sentences[0].text) if pre.sentences else False
    headings = {s.number for s in pre.sentences if s.heading}

    def possible(c: Candidate) -> bool:
        if c.name in moving:
            return True
        headline_only = title_case and c.sentences == [1]
        speaker_only = c.name in speakers and not config.on("sides.filters")
        return not speaker_only and c.kind != "person" and not c.news_media and not headline_only

    options = [c for c in pre.candidates if possible(c)]
    if not config.on("sides.filters"):
        return options

    def a_party(c: Candidate) -> bool:
        if _NOT_A_PARTY.search(c.name) or c.kind == "other" and c.label in ("GPE", "LOC", "FAC"):
            return False
        if sum(1 for m in c.mentions if _LAW_AFTER.match(pre.text, m.end)) * 2 >= len(c.mentions):
            return False  # "CHIPS" of the "CHIPS and Science Act"
        return not set(c.sentences) <= headings

    options = [c for c in options if a_party(c)]
    states = {c.name: c for c in pre.candidates if c.kind == "state"}
    fold = _folding(pre, config)
    folded: list[Candidate] = []
    for c in options:  # a state's own body is the state ("Government of Sweden", "Russian Defense Ministry")
        c = states[fold[c.name]] if c.name in fold else c
        if c not in folded:
            folded.append(c)
    others = [c for c in folded if c.kind != "person"]
    return others if len(others) >= 2 else folded


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def first_mention(candidate: Candidate) -> int:
    """Sides are listed in the text's order."""
    return min((m.start for m in candidate.mentions), default=0)


def pair_votes(pre: PrePass, options: list[Candidate], config: ReadingConfig) -> Counter:
    """Weighted votes for each pair of options that a cue or a deal pair names as the two sides (a state's own
    body voting for the state, with the ``sides.filters`` family)."""
    names = {c.name for c in options}
    fold = _folding(pre, config)
    votes: Counter = Counter()
    for e in pre.exchanges:
        giver, receiver = fold.get(e.giver or "", e.giver), fold.get(e.receiver or "", e.receiver)
        if not e.negated and giver in names and receiver in names and giver != receiver:
            votes[frozenset((giver, receiver))] += weight(pre, e.sentence, config)
    for number, a, b in pre.deal_pairs:
        a, b = fold.get(a, a), fold.get(b, b)
        if a in names and b in names and a != b:
            votes[frozenset((a, b))] += weight(pre, number, config)
    return votes


def _folding(pre: PrePass, config: ReadingConfig) -> dict[str, str]:
    """Government body -> the state it acts for (with the ``sides.filters`` family)."""
    if not config.on("sides.filters"):
        return {}
    states = {c.name for c in pre.candidates if c.kind == "state"}
    return {c.name: found for c in pre.candidates if (found := body_state(c, states))}


def lead_salience(pre: PrePass, options: list[Candidate], config: ReadingConfig) -> list[Candidate]:
    """Options by their mentions, each weighted by where it stands (the title and lead most); with the lead family
    off, by the pre-pass's salience order."""
    if not config.on("lead"):
        return list(options)
    def score(c: Candidate) -> tuple[float, int]:  # the title 4, the lead 2, any later mention 0.25
        return (sum(weight(pre, m.sentence, config) for m in c.mentions), c.count)

    return sorted(options, key=score, reverse=True)


def sides_by_code(pre: PrePass, config: ReadingConfig) -> tuple[tuple[Candidate, Candidate] | None, str]:
    """The two sides by the rules in this module's docstring, and a note on how they were found."""
    options = side_options(pre, config)
    by_name = {c.name: c for c in options}
    votes = pair_votes(pre, options, config)
    if votes:
        (pair, _), *_ = votes.most_common(1)
        first, second = sorted((by_name[n] for n in pair), key=first_mention)
        return (first, second), f"sides from exchange cues and deal pairs: {first.name} and {second.name}"
    ranked = lead_salience(pre, options, config)[:MAX_SIDE_OPTIONS]
    lead = set(lead_numbers(pre)) if config.on("lead") else {s.number for s in pre.sentences}
    for e in pre.exchanges:  # a lead cue with one side named
        known = e.giver or e.receiver
        if e.negated or e.sentence not in lead or known not in by_name or (e.giver and e.receiver):
            continue
        other = next((c for c in ranked if c.name != known), None)
        if other is not None:
            first, second = sorted((by_name[known], other), key=first_mention)
            return (first, second), f"sides: {known}, named by a lead cue, and the most salient other, {other.name}"
    if config.on("salience") and len(ranked) >= 2:
        first, second = sorted(ranked[:2], key=first_mention)
        return (first, second), f"sides: the two most salient candidates, {first.name} and {second.name}"
    return None, "no two sides found"


def side_choices(pre: PrePass, config: ReadingConfig) -> list[Candidate]:
    """The options the ``sides`` step offers the model: cue movers first, then by salience in the lead."""
    options = side_options(pre, config)
    moving = movers(pre)
    ranked = lead_salience(pre, options, config)
    ranked.sort(key=lambda c: c.name not in moving)
    return ranked[:MAX_SIDE_OPTIONS]
