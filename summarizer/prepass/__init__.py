"""The linguistic pre-pass: what code finds in an article before any model reads it.

``analyse(text)`` returns a :class:`PrePass` with numbered sentences, candidate parties, attributions,
exchange cues, status cues and hedges; ``sources(pre)`` collapses the attributions to one entry per source.
Pure functions of the text; spaCy is loaded on first use (``summarizer.prepass.nlp``), not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.prepass.types import (
    Attribution,
    Candidate,
    Hedge,
    Mention,
    PrePass,
    Sentence,
    SourceGroup,
    StatusCue,
    lookup_key,
)

if TYPE_CHECKING:
    from summarizer.reading_config import ReadingConfig

__all__ = [
    "Attribution",
    "Candidate",
    "Hedge",
    "Mention",
    "PrePass",
    "Sentence",
    "SourceGroup",
    "StatusCue",
    "analyse",
    "lookup_key",
    "sources",
]


def analyse(text: str, config: ReadingConfig | None = None) -> PrePass:
    """Everything the pre-pass finds in ``text`` (the article as the pipeline reads it), using the rule
    families ``config`` leaves on (all by default)."""
    from summarizer.candidates.descriptions import describe
    from summarizer.candidates.engine import deal_pairs, find_terms
    from summarizer.prepass import attributions, cues, parties, sentences, voice
    from summarizer.reading_config import DEFAULT

    config = config or DEFAULT
    parsed = sentences.parse(text)
    cands = parties.build(parsed)
    found = attributions.find(parsed, cands, config)
    speaker = voice.first_person_voice(parsed, cands, found) if config.on("voice") else None
    if config.on("voice") and speaker is None and any(a.cue == "author" for a in found):
        own = voice.own_government(parsed, cands)  # "our government", named as written
        if own is not None:
            cands = [*cands, own]
            speaker = own.name
    if speaker:  # a first-person text's own state acts and speaks through its author, not as a source of its own
        found = [a for a in found if not (a.candidate == speaker and a.kind == "government_body")]
    off = frozenset(f.split(".", 1)[1] for f in config.off if f.startswith("candidates."))
    terms = find_terms(parsed, cands, voice=speaker, off=off)
    described = [] if "descriptions" in off else describe(text, terms, cands, lambda n: _sentence_at(parsed, n))
    if described:  # parties named only by description: candidates too, and the roles read again with them
        cands = [*cands, *described]
        terms = find_terms(parsed, cands, voice=speaker, off=off)
    cands = [with_roles(parsed, c) for c in cands]
    pairs = deal_pairs(parsed, cands)
    return PrePass(
        text=text,
        sentences=parsed.sentences,
        candidates=cands,
        attributions=found,
        status_cues=cues.status_cues(parsed),
        hedges=cues.hedges(parsed),
        deal_pairs=pairs,
        voice=speaker,
        brokers=sorted(parties.brokers(parsed, cands)),
        term_candidates=terms,
    )


def with_roles(parsed, cand: Candidate) -> Candidate:
    """The candidate with each mention's grammatical role read from the parse."""
    from dataclasses import replace

    from summarizer.candidates.roles import mention_role

    cand.mentions = [replace(m, role=mention_role(parsed, m.sentence, m.start, m.end)) for m in cand.mentions]
    return cand


def _sentence_at(parsed, offset: int) -> int:
    """The number of the sentence an offset falls in (the last one starting at or before it)."""
    number = 1
    for s in parsed.sentences:
        if s.start <= offset:
            number = s.number
    return number


def sources(pre: PrePass) -> list[SourceGroup]:
    """One entry per distinct source, with the sentences that support it (see ``summarizer.prepass.source_groups``)."""
    from summarizer.prepass.source_groups import sources as collapse

    return collapse(pre)
