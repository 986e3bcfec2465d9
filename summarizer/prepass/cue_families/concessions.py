"""Concessions: on a condition ("if ..."), and trade barriers lowered or market access given (family ``cues.concessions``)."""

from __future__ import annotations

from typing import Any

from summarizer.prepass.exchanges import (
    _SAY,
    _demonym_state,
    _item_span,
    _negated,
    _resolve,
    _resolve_phrase,
    _subject,
)
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Candidate, ExchangeCue

_CONCESSIONS = frozenset("""reduce cut lower drop lift open end remove ease halt stop withdraw scrap eliminate
    release free accept recognize recognise abolish suspend""".split())


def _clause_subject(parsed: Parsed, number: int, verb: Any, cands: list[Candidate]) -> str | None:
    """The party doing ``verb``: its subject (through 'are willing to'), a pronoun taken back to the subject of
    the reporting verb it depends on ('Wealthy nations say they are willing to ...')."""
    node = verb
    for _ in range(3):
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            break
        if node.dep_ in ("xcomp", "acomp", "conj") and node.head.i != node.i:
            node = node.head
        else:
            return None
    else:
        return None
    if subj.pos_ == "PRON":
        up = node
        for _ in range(3):
            if up.dep_ != "ccomp" or up.head.i == up.i:
                return None
            up = up.head
            if up.lemma_.lower() in _SAY | {"insist", "argue", "offer"}:
                speaker = next((c for c in up.children if c.dep_ == "nsubj"), None)
                return _resolve_phrase(parsed, number, speaker, cands) if speaker is not None else None
        return None
    return _resolve_phrase(parsed, number, subj, cands)


def _verb_phrase(parsed: Parsed, number: int, verb: Any) -> tuple[str, int, int] | None:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    _, _, end = _item_span(parsed, number, obj)
    start, _ = parsed.offset(number, verb)
    return parsed.text[start:end], start, end


def _conditional_cues(parsed: Parsed, number: int, span: Any, cands: list[Candidate]) -> list[ExchangeCue]:
    """'Wealthy nations are willing to reduce farm subsidies if developing nations drop import tariffs': each side's
    concession goes to the other (cue "if", the verb phrase as the item)."""
    out: list[ExchangeCue] = []
    for cond in span:
        if cond.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in ("if", "provided") for c in cond.children):
            continue
        if cond.lemma_.lower() not in _CONCESSIONS:
            continue
        main = cond.head
        inside = {t.i for t in cond.subtree}
        offer = main if main.lemma_.lower() in _CONCESSIONS else next(
            (t for t in main.subtree if t.i not in inside and t.pos_ == "VERB" and t.lemma_.lower() in _CONCESSIONS),
            None)
        if offer is None:
            continue
        a = _clause_subject(parsed, number, offer, cands)
        b = _clause_subject(parsed, number, cond, cands)
        given, asked = _verb_phrase(parsed, number, offer), _verb_phrase(parsed, number, cond)
        if not a or not b or a == b or given is None or asked is None:
            continue
        out.append(ExchangeCue(number, "if", a, b, given[0], given[1], given[2], _negated(offer)))
        out.append(ExchangeCue(number, "if", b, a, asked[0], asked[1], asked[2], _negated(cond)))
    return out


_CUT_VERBS = frozenset("remove eliminate reduce lower cut lift waive drop ease suspend exempt scrap end".split())
_BARRIERS = frozenset("tariff duty barrier restriction sanction quota ban fee levy".split())
_OPEN_VERBS = frozenset("expand provide grant open extend ensure give".split())


def _trade_concessions(parsed: Parsed, number: int, span: Any, cands: list[Candidate]) -> list[ExchangeCue]:
    """A trade concession: 'India will eliminate tariffs on U.S. industrial goods', 'Jordan will remove non-tariff
    barriers and expand market access for U.S. goods', 'the United States will lower the tariff on India'. The
    subject gives it (cue "concession", the verb phrase as the item) to the owner of the goods: the state an
    'on'/'for'/'from' phrase names, or its demonym ('U.S. goods'); the other side stays open when none does."""
    out: list[ExchangeCue] = []
    for verb in span:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in _CUT_VERBS | _OPEN_VERBS:
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            continue
        head = obj.lemma_.lower()
        barrier = lemma in _CUT_VERBS and (head in _BARRIERS or head.rstrip("s") in _BARRIERS)
        access = lemma in _OPEN_VERBS and head == "access"
        if not (barrier or access):
            continue
        tail = [t for t in obj.subtree if not t.is_punct]
        start, _ = parsed.offset(number, verb)
        _, end = parsed.offset(number, max(tail, key=lambda t: t.i))
        phrase = (parsed.text[start:end], start, end)  # "eliminate tariffs on U.S. industrial goods"
        giver = _resolve(parsed, number, _subject(verb), cands)
        receiver = None
        for node in (obj, verb):
            for prep in node.children:
                if prep.dep_ == "prep" and prep.lower_ in ("on", "for", "from", "to"):
                    pobj = next((o for o in prep.children if o.dep_ == "pobj"), None)
                    if pobj is None:
                        continue
                    receiver = _resolve(parsed, number, pobj, cands) or _demonym_state(pobj, cands) or next(
                        (_demonym_state(m, cands) or _resolve(parsed, number, m, cands)
                         for m in pobj.children if m.dep_ in ("compound", "amod", "nmod", "poss")), None)
                    if receiver:
                        break
            if receiver:
                break
        if giver is None and receiver is None or giver == receiver:
            continue
        out.append(ExchangeCue(number, "concession", giver, receiver, *phrase, _negated(verb)))
    return out
