"""Deterministic repairs of a model's extraction. Pure: no model, no I/O.

Small models repeat list items, list one party twice under two names, and
name a giver that is not among the parties. Each repair applied is written
into ``notes`` so that ``meta.cleanup`` shows what changed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from summarizer.categories import category_from_item
from summarizer.grounding import locate
from summarizer.schema import Claim, Extraction, Party, Quote, Source, Term

_ARTICLES = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]")
NAME_MATCH_THRESHOLD = 90.0


def name_key(name: str) -> str:
    """Case, punctuation, leading articles and extra spaces removed."""
    text = _PUNCT.sub(" ", name.lower().replace("\u2019", "'").replace("'s ", " "))
    text = " ".join(text.split())
    return _ARTICLES.sub("", text)


@lru_cache(maxsize=1)
def _state_aliases() -> dict[str, str]:
    """name_key of a capital or short name -> the country it stands for (summarizer/data/state_aliases.json)."""
    table = json.loads((Path(__file__).parent / "data" / "state_aliases.json").read_text(encoding="utf-8"))
    index = {}
    for country, aliases in table.items():
        for name in [country, *aliases]:
            index[name_key(name)] = country
    return index


def state_of(name: str) -> str | None:
    """The country a name stands for (itself, its capital or a short form), if it is one we know."""
    return _state_aliases().get(name_key(name))


def same_entity(a: str, b: str) -> bool:
    """Names of one party: :func:`names_match`, or a country and its capital (Moscow and Russia)."""
    if names_match(a, b):
        return True
    state = state_of(a)
    return state is not None and state == state_of(b)


def names_match(a: str, b: str, threshold: float = NAME_MATCH_THRESHOLD) -> bool:
    """Equal after :func:`name_key`, or a fuzzy ``token_set_ratio`` of at least ``threshold``."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(ka, kb) >= threshold


@dataclass
class Cleaned:
    parties: list[Party]
    terms: list[Term]
    sources: list[Source]
    claims: list[Claim]
    quotes_dropped: int = 0
    notes: list[str] = field(default_factory=list)


def ground(quote: str, article: str) -> tuple[list[Quote], bool]:
    """Evidence list for one quote; the flag says a non-empty quote was dropped."""
    if not quote.strip():
        return [], False
    span = locate(quote, article)
    if span is None:
        return [], True
    return [Quote(text=span.text, start=span.start, end=span.end)], False


def merge_parties(parties: list[Party], notes: list[str]) -> list[Party]:
    """Merge parties that are the same entity (by name or alias)."""
    merged: list[Party] = []
    for party in parties:
        name = party.name.strip()
        if not name:
            notes.append("dropped a party with an empty name")
            continue
        names = [name, *party.aliases]
        twin = next((m for m in merged if any(same_entity(n, o) for n in names for o in [m.name, *m.aliases])), None)
        if twin is None:
            merged.append(Party(name=name, aliases=[], kind=party.kind))
            twin = merged[-1]
        else:
            notes.append(f"merged party {name!r} into {twin.name!r}")
            if state_of(name) == name and twin.name != name:  # the country's own name beats its capital
                names.append(twin.name)
                twin.name, twin.kind = name, "state"
        for alias in names:
            alias = alias.strip()
            if (
                alias
                and name_key(alias) != name_key(twin.name)
                and all(name_key(alias) != name_key(a) for a in twin.aliases)
            ):
                twin.aliases.append(alias)
    return merged


def mentioned(name: str, article: str) -> bool:
    """Whether ``name`` occurs in the article: as written (case ignored), or by close fuzzy alignment."""
    needle = name.strip().lower()
    if len(needle) < 2:
        return False
    if needle in article.lower():
        return True
    if len(needle) < 5:
        return False
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(needle, article.lower()) >= NAME_MATCH_THRESHOLD


def drop_unmentioned(parties: list[Party], article: str, notes: list[str]) -> list[Party]:
    """Keep parties the article names (under their name or an alias); invented names go."""
    kept = []
    for party in parties:
        names = [n for n in [party.name, *party.aliases] if mentioned(n, article)]
        if not names:
            notes.append(f"dropped party {party.name!r}: not named in the article")
            continue
        if names[0] != party.name and not mentioned(party.name, article):
            notes.append(f"renamed party {party.name!r} to {names[0]!r}, the name the article uses")
        kept.append(Party(name=names[0], aliases=names[1:], kind=party.kind))
    return kept


def resolve_party(name: str, parties: list[Party]) -> Party | None:
    """The listed party that ``name`` refers to, by name, alias or fuzzy match."""
    for party in parties:
        if any(name_key(name) == name_key(n) for n in [party.name, *party.aliases]):
            return party
    for party in parties:
        if any(same_entity(name, n) for n in [party.name, *party.aliases]):
            return party
    return None


def clean(extraction: Extraction, article: str) -> Cleaned:
    """Apply every repair and ground every quote against ``article``."""
    notes: list[str] = []
    dropped = 0
    parties = merge_parties(
        [Party(name=p.name, aliases=list(p.aliases), kind=p.kind) for p in extraction.parties], notes
    )
    parties = drop_unmentioned(parties, article, notes)

    terms: list[Term] = []
    seen_terms: set[tuple[str, str, str, str]] = set()
    for t in extraction.terms:
        ends = []
        for role, name in (("giver", t.giver), ("receiver", t.receiver)):
            party = resolve_party(name, parties) if name.strip() else None
            if party is None and mentioned(name, article):
                party = Party(name=name.strip(), aliases=[], kind="other")
                parties.append(party)
                notes.append(f"added party {party.name!r}, named as a {role} but not listed")
            ends.append(party)
        giver, receiver = ends
        if giver is None or receiver is None:
            missing = "giver" if giver is None else "receiver"
            notes.append(f"dropped a term whose {missing} is not a party named in the article")
            continue
        if giver is receiver:
            notes.append(f"dropped a term where {giver.name!r} gives to itself")
            continue
        category = t.category
        implied = category_from_item(t.item)
        if implied and implied != category:
            notes.append(f"relabelled {t.item!r} from {category} to {implied}")
            category = implied
        key = (giver.name, receiver.name, category, name_key(t.item))
        if key in seen_terms:
            notes.append(f"dropped a repeated term ({giver.name} -> {receiver.name}: {t.item})")
            continue
        seen_terms.add(key)
        evidence, lost = ground(t.quote, article)
        dropped += lost
        terms.append(
            Term(
                giver=giver.name,
                receiver=receiver.name,
                category=category,
                item=t.item.strip(),
                primary=t.primary,
                evidence=evidence,
            )
        )

    sources: list[Source] = []
    for s in extraction.sources:
        if not s.name.strip():
            notes.append("dropped a source with an empty name")
            continue
        if s.kind != "anonymous" and not mentioned(s.name, article):
            notes.append(f"dropped source {s.name!r}: not named in the article")
            continue
        evidence, lost = ground(s.quote, article)
        dropped += lost
        twin = next((x for x in sources if names_match(x.name, s.name)), None)
        if twin is not None:
            notes.append(f"merged repeated source {s.name!r}")
            twin.evidence.extend(q for q in evidence if q not in twin.evidence)
            continue
        sources.append(
            Source(
                name=s.name.strip(),
                affiliation=s.affiliation.strip(),
                kind=s.kind,
                on_record=s.on_record,
                evidence=evidence,
            )
        )

    evidence, lost = ground(extraction.status_quote, article)
    dropped += lost
    claims = [Claim(statement=q.text, evidence=[q]) for q in evidence]  # the article's words, not a template
    if dropped:
        notes.append(f"dropped {dropped} quote(s) not found in the article")
    return Cleaned(parties=parties, terms=terms, sources=sources, claims=claims, quotes_dropped=dropped, notes=notes)
