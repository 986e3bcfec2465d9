"""From a steps reading to a Summary: pure code, no model.

Every quote is a numbered sentence of the article, so ``article[start:end] == text`` holds by construction.
"""

from __future__ import annotations

import re

from summarizer.compose import compose_headline, compose_summary
from summarizer.evidence import SourceFact, grade_evidence
from summarizer.prepass import sources as source_groups
from summarizer.prepass.parties import body_state, leader_state
from summarizer.prepass.types import Candidate, PrePass, SourceGroup
from summarizer.schema import Claim, Meta, Party, Quote, Source, Summary, Term
from summarizer.steps.plan import StepsReading

MAX_SOURCE_QUOTES = 3


def sentence_quote(pre: PrePass, number: int | None) -> list[Quote]:
    """The numbered sentence as a quote (none for 0, None or a number out of range)."""
    if not number or not 1 <= number <= len(pre.sentences):
        return []
    s = pre.sentence(number)
    return [Quote(text=s.text, start=s.start, end=s.end)]


def party_of(candidate: Candidate, bodies: list[str] | None = None) -> Party:
    """The party of a candidate; ``bodies`` are the state's own government bodies the text names, listed among its
    names because the reading takes their acts as the state's ("the Department of Commerce will provide" is the
    United States giving), as the contract lists "Russian authorities" among Russia's."""
    aliases = [*candidate.aliases, *(b for b in bodies or () if b not in candidate.aliases)]
    return Party(name=candidate.name, aliases=aliases, kind=candidate.kind)


def state_bodies(pre: PrePass, parties: list[Candidate]) -> dict[str, list[str]]:
    """For each state among ``parties``, the government bodies acting for it that the text names (in the text's
    order), other than those that are parties themselves."""
    states = {c.name for c in parties if c.kind == "state"}
    chosen = {c.name for c in parties}
    out: dict[str, list[str]] = {}
    for c in pre.candidates:
        state = body_state(c, states)
        if state is not None and c.name not in chosen:
            out.setdefault(state, []).append(c.name)
    return out


def leaders_of(pre: PrePass, parties: list[Candidate], sides: tuple[Candidate, ...] = ()) -> dict[str, str]:
    """The persons among ``parties`` who head a state among them ("President of Egypt Abdel Fattah El-Sisi"), each
    with that state: the state is the party and the leader one of its names (seeds/LABELLING.md). A side stays a
    side (a deal keeps its two)."""
    states = {c.name for c in parties if c.kind == "state"}
    found = {c.name: leader_state(pre.text, c, states, pre.voice) for c in parties
             if c.kind == "person" and c not in sides}
    return {name: state for name, state in found.items() if state is not None}


def build_terms(reading: StepsReading, notes: list[str], leaders: dict[str, str] | None = None) -> list[Term]:
    """One term per direction and category found, each with the sentence that states it as its evidence; a
    leader's terms are their state's (``leaders``), once per giver, receiver and category."""
    leaders = leaders or {}
    terms: list[Term] = []
    seen: set[tuple[str, str, str]] = set()
    for given in reading.given:
        giver, receiver = leaders.get(given.giver, given.giver), leaders.get(given.receiver, given.receiver)
        if giver == receiver or (giver, receiver, given.category) in seen:
            continue
        seen.add((giver, receiver, given.category))
        notes.append(f"term {giver} -> {receiver} [{given.category}] from sentence {given.sentence}: {given.how}")
        terms.append(
            Term(
                giver=giver,
                receiver=receiver,
                category=given.category,
                item=given.item,
                primary=given.primary,
                evidence=sentence_quote(reading.pre, given.sentence),
            )
        )
    return terms


def chosen_parties(reading: StepsReading) -> list[Candidate]:
    """The two sides, the deal's brokers (family ``brokers``), then every other candidate a term names, in that
    order."""
    if not reading.sides:
        return []
    chosen = list(reading.parties) if reading.parties is not None else list(reading.sides)
    if reading.parties is None and reading.config.on("brokers"):  # sides chosen by the model
        for name in reading.pre.brokers:
            cand = reading.pre.candidate(name)
            if cand is not None and cand not in chosen:
                chosen.append(cand)
    for given in reading.given:
        for name in (given.giver, given.receiver):
            cand = reading.pre.candidate(name)
            if cand is not None and cand not in chosen:
                chosen.append(cand)
    return chosen


def build_parties(pre: PrePass, chosen: list[Candidate], leaders: dict[str, str]) -> list[Party]:
    """The parties of the chosen candidates: a leader folded into their state, each state with its bodies and
    leaders among its names."""
    bodies = state_bodies(pre, chosen)
    for name, state in leaders.items():
        bodies.setdefault(state, []).append(name)
    return [party_of(c, bodies.get(c.name)) for c in chosen if c.name not in leaders]


def build_sources(pre: PrePass, groups: list[SourceGroup]) -> list[Source]:
    return [
        Source(
            name=g.name,
            affiliation=g.affiliation,
            kind=g.kind,
            on_record=g.on_record,
            evidence=[q for n in g.sentences[:MAX_SOURCE_QUOTES] for q in sentence_quote(pre, n)],
        )
        for g in groups
    ]


def speaks_for(group: SourceGroup, side: Candidate) -> bool:
    """Whether a source is a side of the deal or speaks for it (its name or affiliation names the side)."""
    if group.candidate == side.name:
        return True
    words = f"{group.name} {group.affiliation}".lower()
    return any(re.search(rf"\b{re.escape(n.lower())}\b", words) for n in [side.name, *side.aliases] if len(n) > 2)


def build_claims(reading: StepsReading, terms: list[Term]) -> list[Claim]:
    """The article's own statements behind the status and each term, each with its sentence (once each)."""
    claims = [
        Claim(about="status", statement=q.text, evidence=[q]) for q in sentence_quote(reading.pre, reading.status_sentence)
    ]
    seen = {c.statement for c in claims}
    for term in terms:
        for quote in term.evidence:
            if quote.text not in seen:
                seen.add(quote.text)
                claims.append(Claim(about="term", statement=quote.text, evidence=[quote]))
    return claims


# a text both sides issue together, as its title or lead says
_JOINT = re.compile(r"\bjoint (?:statement|declaration|communiqu[eé]|understanding|readout)\b|"
                    r"\bmemorandum of understanding between\b", re.IGNORECASE)


def stated_jointly(reading: StepsReading) -> bool:
    """Whether the title or lead presents the deal as stated by both sides together."""
    from summarizer.prepass.lead import lead_numbers

    if not reading.sides:
        return False
    return any(_JOINT.search(reading.pre.sentence(n).text) for n in lead_numbers(reading.pre))


def assemble(reading: StepsReading, meta: Meta) -> Summary:
    """The Summary of a steps reading; ``meta`` is filled in by the caller."""
    pre = reading.pre
    notes = list(reading.notes)
    groups = reading.sources if reading.sources is not None else source_groups(pre)
    chosen = chosen_parties(reading)
    leaders = leaders_of(pre, chosen, reading.sides or ())
    parties = build_parties(pre, chosen, leaders)
    terms = build_terms(reading, notes, leaders)
    sources = build_sources(pre, groups)
    status = reading.status if reading.has_deal else "unclear"
    title = pre.sentences[0].text if pre.sentences else ""
    facts = [
        SourceFact(g.name, g.kind, g.on_record, any(speaks_for(g, side) for side in reading.sides or ()))
        for g in groups
    ]
    hedges = [h.word for h in pre.hedges if h.sentence in {reading.status_sentence, reading.deal_sentence}]
    grade = grade_evidence(has_deal=reading.has_deal, status=status, sources=facts, hedges=hedges,
                           joint=stated_jointly(reading))
    meta.cleanup = notes
    return Summary(
        headline=compose_headline(parties, terms, status, title),
        summary=compose_summary(parties, terms, sources, status, grade.strength, title),
        status=status,
        parties=parties,
        terms=terms,
        sources=sources,
        claims=build_claims(reading, terms),
        evidence_strength=grade.strength,
        evidence_rationale=grade.rationale,
        meta=meta,
    )
