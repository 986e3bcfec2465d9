"""Exchange cues: phrases that move something from one party to another.

- a transfer verb with giver, receiver and item: "Russia is offering North Korea food" (giver = subject,
  receiver = indirect object or "to"), "Russia would receive weapons from Pyongyang" (receiver = subject,
  giver = "from"), "provide Russia with military assistance" (receiver = object, item = "with");
- "in exchange for X" / "in return for X": X moves the other way from the verb the phrase hangs on;
- "food for arms" / "food-for-arms": two items, one each way, parties unknown;
- a cease-fire both sides sign or a halt both agree to: one "ceasefire" cue each way;
- people "on their way back to A from B": "return", from B to A;
- a concession on a condition ("willing to reduce subsidies if developing nations drop tariffs"): "if", each way;
- the buyer's "price" for a purchase, sale or contract ("for $625 million", "worth 5.2 billion crowns"; no item
  for an acquisition between companies that states none);
- a cue with one side open takes the other side of the deal the lead names ("a deal struck between A and B",
  "A announced a deal with B", "Russia, Ukraine Reach Gas Deal"), and a state's own body gives for the state.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

from summarizer.prepass.parties import candidate_at
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Candidate, ExchangeCue, lookup_key
from summarizer.reading_config import DEFAULT, ReadingConfig

GIVE_VERBS = frozenset(
    """sell supply deliver provide send ship give offer release free transfer pay export lend return grant donate
    hand swap exchange trade furnish""".split()
)
TAKE_VERBS = frozenset("buy purchase acquire receive import obtain secure get procure".split())
SYMMETRIC = frozenset({"swap", "exchange", "trade"})
GIVE_NOUNS = frozenset("sale delivery supply shipment transfer export provision donation handover".split())
TAKE_NOUNS = frozenset("purchase acquisition import takeover procurement".split())
CONTRACT_NOUNS = frozenset("contract deal agreement order".split())
# Verbs whose subject owns the transfer noun they take: "completed its acquisition", "resumed gas deliveries".
_OWN_VERBS = frozenset(
    """complete finalize finalise close make conclude agree resume begin start continue expand increase seek plan
    pursue propose offer launch terminate abandon cancel announce drop scrap withdraw""".split()
)
_FOR_PATTERN = re.compile(r"\b([A-Za-z][a-z]+)[- ]for[- ]([a-z]+)(?=[- ](?:deal|swap|exchange|trade|barter|scheme|"
                          r"arrangement|agreement|pact|programme|program|deals|swaps)\b)")
_SAY = frozenset({"say", "announce", "tell", "state", "confirm", "report", "add"})
_NOT_GOODS = frozenset("""fire gunfire shot shots blow blows insult insults accusation accusations word words view
    views idea ideas greeting greetings pleasantry pleasantries barb barbs threat threats delegation delegations
    envoy envoys message messages signal signals letter letters condolence condolences congratulation
    congratulations invitation invitations warning warnings""".split())
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you", "who", "which", "that"})


def find(
    parsed: Parsed,
    cands: list[Candidate],
    config: ReadingConfig = DEFAULT,
    voice: str | None = None,
    pairs: list[tuple[int, str, str]] | None = None,
) -> list[ExchangeCue]:
    """Every exchange cue the families ``config`` leaves on find, in reading order; ``voice`` is the state a
    first-person "we" stands for (see ``voice.py``); ``pairs`` the text's :func:`deal_pairs` when the caller has
    them already."""
    token = _VOICE.set(voice)
    try:
        return _find(parsed, cands, config, deal_pairs(parsed, cands) if pairs is None else pairs)
    finally:
        _VOICE.reset(token)


# the state "we" stands for while one text's cues are found
_VOICE: ContextVar[str | None] = ContextVar("voice", default=None)
_FIRST_PERSON_BODIES = frozenset({"government", "administration"})


def _find(
    parsed: Parsed, cands: list[Candidate], config: ReadingConfig, pairs: list[tuple[int, str, str]]
) -> list[ExchangeCue]:
    from summarizer.prepass.cue_families.concessions import _conditional_cues, _trade_concessions
    from summarizer.prepass.cue_families.custody import _custody
    from summarizer.prepass.cue_families.lists import _contents
    from summarizer.prepass.cue_families.payments import _payments

    verbs, exchange = config.on("cues.verbs"), config.on("cues.exchange")
    out: list[ExchangeCue] = []
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        for tok in span:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and (lemma in GIVE_VERBS or lemma in TAKE_VERBS) and tok.dep_ not in (
                    "amod", "compound"):
                if verbs:
                    out.extend(_verb_cues(parsed, sent.number, tok, cands))
            elif tok.pos_ == "VERB" and lemma == "arrive":
                cue = _arrival(parsed, sent.number, tok, cands) if verbs else None
                if cue is not None:
                    out.append(cue)
            elif (tok.pos_ == "NOUN" or tok.pos_ == "PROPN" and sent.number == 1) and (
                    lemma in GIVE_NOUNS or lemma in TAKE_NOUNS):  # "Arms Sale to Taiwan" in a title
                cue = _noun_cue(parsed, sent.number, tok, cands) if verbs else None
                if cue is not None:
                    out.append(cue)
            elif tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "dobj" and c.lemma_.lower() in CONTRACT_NOUNS
                                                    for c in tok.children):
                cue = _contract_cue(parsed, sent.number, tok, cands) if verbs else None
                if cue is not None:
                    out.append(cue)
            elif tok.lower_ == "for" and tok.i >= 2 and _preceded_by(tok, ("in", "exchange")) or (
                    tok.lower_ == "for" and tok.i >= 2 and _preceded_by(tok, ("in", "return"))):
                cue = _in_exchange(parsed, sent.number, tok, cands) if exchange else None
                if cue is not None:
                    out.append(cue)
        if exchange:
            out.extend(_x_for_y(parsed, sent.number, sent.start, sent.text))
        if config.on("cues.truce"):
            out.extend(_truce_cues(parsed, sent.number, span, cands))
        if config.on("cues.concessions"):
            conditional = _conditional_cues(parsed, sent.number, span, cands)
            out.extend(conditional)
            taken = {c.item_start for c in conditional}  # a concession on a condition is already both ways
            out.extend(c for c in _trade_concessions(parsed, sent.number, span, cands) if c.item_start not in taken)
        if verbs:
            out.extend(_way_back(parsed, sent.number, span, cands))
    if config.on("cues.lists"):
        out.extend(_contents(parsed, out))
    if config.on("cues.payments"):
        out.extend(_payments(parsed, out, cands))
    if config.on("cues.custody"):
        out = _custody(parsed, out, cands)
    if config.on("cues.fill"):
        out = _bodies_to_states(out, cands)
        body = [x.number for x in parsed.sentences if x.number > 1 and not x.heading][:2]
        out = _fill_sides(out, pairs + _swap_pairs(parsed, out), {1, *body})
    out.sort(key=lambda c: (c.sentence, c.item_start if c.item_start is not None else 1 << 30))
    return out


def _preceded_by(tok: Any, words: tuple[str, str]) -> bool:
    doc = tok.doc
    return doc[tok.i - 2].lower_ == words[0] and doc[tok.i - 1].lower_ == words[1]


_BODY_NOUNS = frozenset(
    """government authority authorities force forces army military navy troop troops regime administration side
    official officials leadership ministry businesses companies firms producers manufacturers exporters importers
    buyers""".split()
)


def _resolve(parsed: Parsed, number: int, tok: Any | None, cands: list[Candidate]) -> str | None:
    """The candidate a noun phrase names: one whose mention covers the phrase's head; else its possessor state
    ("Ukraine's Armed Forces"); else the state of a demonym on a body noun ("Russian forces"); else, for "the
    government", the most salient state and, for "the company", the company named last before; else None."""
    if tok is None:
        return None
    if tok.lower_ in ("it", "its"):  # "Nordhavn said it had completed ...": the reporting verb's subject
        node = tok.head
        for _ in range(4):
            if node.lemma_.lower() in _SAY and node.pos_ == "VERB":
                subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
                return None if subj is None or subj.pos_ == "PRON" else _resolve(parsed, number, subj, cands)
            if node.head is node:
                break
            node = node.head
        return None
    if tok.text in ("we", "We", "us", "I") or tok.lower_ in _FIRST_PERSON_BODIES and any(
            c.lower_ in ("our", "my", "this") for c in tok.children):
        return _VOICE.get()  # "we are providing Ukraine", "my Administration secured"
    if tok.lower_ in _PRONOUNS:
        return None
    start, end = parsed.offset(number, tok)
    head_hit = _covering(cands, start, end) or candidate_at(cands, start, end)
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        p_start, p_end = parsed.offset(number, poss)
        owner = _covering(cands, p_start, p_end)
        if owner is not None and _kind(cands, owner) == "state" and (head_hit is None or _kind(cands, head_hit) in (
                "government_body", "other", "organization")):
            return owner
    if head_hit:
        return head_hit
    toks = [t for t in tok.subtree if t.dep_ not in ("conj", "cc", "relcl", "acl", "appos", "prep") or t is tok]
    s0, _ = parsed.offset(number, min(toks, key=lambda t: t.i))
    _, e0 = parsed.offset(number, max(toks, key=lambda t: t.i))
    text_hit = _by_text(cands, parsed.text[s0:e0])
    if text_hit:
        return text_hit
    lemma = tok.lemma_.lower()
    if tok.lower_ in ("rebel", "rebels") or any(c.dep_ in ("amod", "compound") and c.lower_ in (
            "rebel", "rebels", "militant", "insurgent") for c in tok.children):  # "rebel delegates": the armed group
        armed = [c.name for c in cands if c.kind == "armed_group"]
        if armed:
            return armed[0]
    if lemma in _BODY_NOUNS:
        for mod in tok.children:
            if mod.dep_ in ("amod", "compound", "nmod"):
                m_start, m_end = parsed.offset(number, mod)
                hit = _covering(cands, m_start, m_end)
                if hit is not None and _kind(cands, hit) == "state":
                    return hit
        if lemma == "government" and (any(c.lower_ == "the" for c in tok.children) or not any(
                c.dep_ in ("det", "poss", "amod", "compound") for c in tok.children)):
            return next((c.name for c in cands if c.kind == "state"), None)
    if lemma in ("company", "firm", "group", "buyer", "seller") and any(c.lower_ == "the" for c in tok.children):
        best = None
        for c in cands:
            if c.kind != "company":
                continue
            before = [m.start for m in c.mentions if m.start < start]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), c.name)
        return best[1] if best else None
    return None


def _kind(cands: list[Candidate], name: str) -> str:
    return next((c.kind for c in cands if c.name == name), "other")


def _by_text(cands: list[Candidate], text: str) -> str | None:
    """The candidate whose name or alias is this text ("DoD" where spaCy missed the mention)."""
    key = lookup_key(text)
    for c in cands:
        if lookup_key(c.name) == key or any(lookup_key(a) == key for a in c.aliases):
            return c.name
    return None


def _covering(cands: list[Candidate], start: int, end: int) -> str | None:
    for c in cands:
        for m in c.mentions:
            if m.start <= start and end <= m.end:
                return c.name
    return None


def _subject(verb: Any) -> Any | None:
    """The verb's subject (the one nearest before it: a dateline "KYIV," can parse as a second subject), or
    the subject of the verb or noun it depends on ("signed an agreement to buy", "agreed to supply")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for c in verb.children:  # "Russia, locked in a standoff with Ukraine, has agreed": the subject went to "locked"
        if c.dep_ == "advcl" and c.i < verb.i and c.tag_ in ("VBN", "VBD") and not any(
                a.dep_ in ("nsubjpass", "auxpass") for a in c.children):
            inner = next((a for a in c.children if a.dep_ == "nsubj" and a.i < c.i), None)
            if inner is not None:
                return inner
    if verb.dep_ in ("acl", "relcl", "advcl", "xcomp") and verb.head.pos_ == "NOUN" and any(
            c.lower_ == "to" for c in verb.children):  # "signed a deal to purchase", "knowledge of a deal to sell"
        node = verb.head
        for _ in range(4):
            if node.dep_ not in ("dobj", "pobj", "prep", "attr") or node.head is node:
                break
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return _subject(node)
        return None
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head is not verb:
        head = verb.head
        if verb.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in head.children) and head.lemma_.lower() in (
                "help", "allow", "ask", "urge"):
            return next(c for c in head.children if c.dep_ == "dobj")
        if head.pos_ in ("VERB", "AUX"):
            return _subject(head)
    return None


def _item_span(parsed: Parsed, number: int, tok: Any) -> tuple[str, int, int]:
    """The item's noun phrase: the head with its modifiers, "of" phrases and conjuncts; other prepositional
    phrases, clauses and appositions left out ("food for arms deal in desperate search ..." -> "food for
    arms deal")."""
    toks = sorted(_item_tokens(tok, top=True), key=lambda t: t.i)
    # keep the contiguous run around the head
    run = [t for t in toks if t.i <= tok.i]
    while len(run) > 1 and run[-1].i - run[-2].i > 1:
        run.pop(-2) if False else run.pop(0)
    after = [t for t in toks if t.i > tok.i]
    out = [t for t in toks if t.i <= tok.i]
    last = tok.i
    for t in after:
        if t.i != last + 1:
            break
        out.append(t)
        last = t.i
    while out and (out[-1].is_punct or out[-1].dep_ == "cc"):
        out.pop()
    while out and (out[0].is_punct or out[0].dep_ == "cc"):
        out.pop(0)
    start, _ = parsed.offset(number, out[0])
    _, end = parsed.offset(number, out[-1])
    return parsed.text[start:end], start, end


def _item_tokens(tok: Any, top: bool = False) -> list[Any]:
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis") or c.dep_ == "punct" and c.i > tok.i:
            continue
        if c.dep_ == "prep" and c.lower_ != "of" and c.i > tok.i:
            continue
        if c.dep_ == "npadvmod" and c.i > tok.i:
            continue
        out.extend(_item_tokens(c))
    return out


def _prep_obj(verb: Any, preps: tuple[str, ...], also: Any | None = None) -> Any | None:
    holders = [verb] + ([also] if also is not None else [])
    for h in holders:
        for c in h.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                obj = next((o for o in c.children if o.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return None


def _verb_parts(verb: Any) -> tuple[Any | None, Any | None, Any | None]:
    """(giver, receiver, item) tokens of a transfer verb, from its own dependents."""
    lemma = verb.lemma_.lower()
    subj = _subject(verb)
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    dative = next((c for c in verb.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if passive is not None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subj = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
        dobj = passive
    if subj is None and verb.dep_ in ("pcomp", "conj") and passive is None:
        subj = _sanctioned(verb)
    if dobj is None and passive is None:  # "buying and storing Iranian crude oil": the object is shared
        conj = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"), None)
        dobj = next((c for c in conj.children if c.dep_ == "dobj"), None) if conj is not None else None
    if lemma in TAKE_VERBS:
        giver = _prep_obj(verb, ("from",), dobj)
        if giver is None and dobj is not None:
            giver = next((o for t in dobj.subtree if t.dep_ == "prep" and t.lower_ == "from" for o in t.children
                          if o.dep_ == "pobj"), None)
        return giver, subj, dobj
    receiver = dative or _prep_obj(verb, ("to",), dobj)
    if lemma in ("provide", "supply", "furnish") and dobj is not None and (
            dobj.pos_ == "PROPN" or dobj.ent_type_ in ("GPE", "ORG", "PERSON", "NORP")):
        with_obj = _prep_obj(verb, ("with",), dobj)
        if with_obj is not None:
            return subj, dobj, with_obj
    if lemma == "hand" and not any(c.lower_ == "over" for c in verb.children):
        return None, None, None
    return subj, receiver, dobj


def _arrival(parsed: Parsed, number: int, verb: Any, cands: list[Candidate]) -> ExchangeCue | None:
    """'77 tons of Chinese-supplied weapons have arrived in Zimbabwe': from the state on the item (or 'from X')
    to the place it arrived in."""
    item_t = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if item_t is None or item_t.pos_ not in ("NOUN", "PROPN") or item_t.lower_ in _PRONOUNS:
        return None
    receiver = _resolve(parsed, number, _prep_obj(verb, ("in", "at", "to")), cands)
    giver = _resolve(parsed, number, _prep_obj(verb, ("from",)), cands) or _demonym_state(item_t, cands)
    if giver is None or receiver is None or giver == receiver:
        return None
    item, s, e = _item_span(parsed, number, item_t)
    return ExchangeCue(number, "arrive", giver, receiver, item, s, e, _negated(verb))


def _sanctioned(verb: Any) -> Any | None:
    """'sanctioning Huaying Terminal, an oil terminal, for buying Iranian oil': the one 'for' a gerund is about."""
    node = verb
    if node.dep_ == "conj" and node.head.dep_ == "pcomp":  # "for buying and storing"
        node = node.head
    if node.dep_ != "pcomp" or node.head.lower_ != "for" or node.head.i < 2 or _preceded_by(
            node.head, ("in", "exchange")) or _preceded_by(node.head, ("in", "return")):
        return None
    owner = node.head.head
    if owner.dep_ == "appos":  # "Luqing Co., Ltd., a teapot refinery, for purchasing"
        owner = owner.head
    if owner.pos_ in ("NOUN", "PROPN"):
        return owner
    if owner.pos_ == "VERB":
        return next((c for c in owner.children if c.dep_ == "dobj"), None)
    return None


def _demonym_state(item_t: Any, cands: list[Candidate]) -> str | None:
    """'Iranian crude oil': the state a demonym on the item names, if it is a candidate."""
    from summarizer.prepass.parties import state_of

    for c in item_t.subtree:
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.pos_ in ("ADJ", "PROPN"):
            state = state_of(c.text)
            if state and any(x.name == state for x in cands):
                return state
    return None


def _verb_cues(parsed: Parsed, number: int, verb: Any, cands: list[Candidate]) -> list[ExchangeCue]:
    giver_t, receiver_t, item_t = _verb_parts(verb)
    lemma = verb.lemma_.lower()
    if item_t is None and lemma in GIVE_VERBS and receiver_t is not None:
        split = _leading_party(parsed, number, receiver_t, cands)  # "hand over to Essar iron ore deposits"
        if split is not None:
            receiver, item, i_start, i_end = split
            cue = "hand over" if lemma == "hand" else lemma
            return [ExchangeCue(number, cue, _resolve(parsed, number, giver_t, cands), receiver, item, i_start, i_end,
                                _negated(verb))]
    if item_t is None or item_t.lower_ in _PRONOUNS or item_t.lower_ in ("them", "this", "these", "those", "what"):
        return []
    if item_t.lemma_.lower() in ("information", "reporting"):  # "Some information ... was provided by AFP"
        return []
    if item_t.lemma_.lower() in _NOT_GOODS:  # "exchanged artillery fire", "traded accusations"
        return []
    cue = "hand over" if lemma == "hand" else lemma
    item, i_start, i_end = _item_span(parsed, number, item_t)
    giver = _resolve(parsed, number, giver_t, cands)
    receiver = _resolve(parsed, number, receiver_t, cands)
    if giver is None and lemma in TAKE_VERBS:
        giver = _demonym_state(item_t, cands)  # "buying Iranian crude oil": Iran gives the oil
    if lemma in ("buy", "purchase", "procure") and item_t.ent_type_ == "MONEY":
        # "will purchase at least $17 billion of American farm goods": the sum is what the buyer pays
        return [ExchangeCue(number, "price", receiver, giver, item, i_start, i_end, _negated(verb))]
    if lemma in SYMMETRIC and giver_t is not None and receiver is None:
        conj = next((c for c in giver_t.children if c.dep_ == "conj"), None)
        other = _resolve(parsed, number, conj, cands)
        if other is not None and other != giver:
            negated = _negated(verb)
            return [ExchangeCue(number, cue, giver, other, item, i_start, i_end, negated),
                    ExchangeCue(number, cue, other, giver, item, i_start, i_end, negated)]
    if receiver is None and receiver_t is None and lemma not in TAKE_VERBS:
        split = _leading_party(parsed, number, item_t, cands)  # "offering North Korea food": a missed dative
        if split is not None:
            receiver, item, i_start, i_end = split
    if receiver is None and receiver_t is None and lemma in ("pay", "offer") and item_t.ent_type_ == "MONEY":
        receiver = _resolve(parsed, number, _prep_obj(verb, ("for",), item_t), cands)  # "offered $52 for Brightwater"
    negated = _negated(verb)
    named_open = giver is None and _named_phrase(giver_t) or receiver is None and _named_phrase(receiver_t)
    return [ExchangeCue(number, cue, giver, receiver, item, i_start, i_end, negated, bool(named_open))]


def _named_phrase(tok: Any | None) -> bool:
    """Whether a side's phrase names someone (a noun, not a pronoun or nothing): 'from industry', 'to buyers'."""
    return tok is not None and tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in _PRONOUNS


def _noun_cue(parsed: Parsed, number: int, noun: Any, cands: list[Candidate]) -> ExchangeCue | None:
    """'the sale of drones to Russia', 'its acquisition of Kestrel from Alder Peak', 'gas deliveries to Europe'."""
    lemma = noun.lemma_.lower()
    take = lemma in TAKE_NOUNS
    of_obj = _prep_obj(noun, ("of",))
    if of_obj is not None:
        item, s, e = _item_span(parsed, number, of_obj)
    else:
        mods = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < noun.i]
        if not mods:
            return None
        s, _ = parsed.offset(number, mods[0])
        _, e = parsed.offset(number, mods[-1])
        item = parsed.text[s:e]
    source = _prep_obj(noun, ("from",))
    target = _prep_obj(noun, ("to",))
    if target is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in _OWN_VERBS and not take:
        target = _prep_obj(noun.head, ("to",))  # "resume gas deliveries to Ukraine"
    agent = next((o for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for o in c.children
                  if o.dep_ == "pobj"), None)
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    owner = None
    if poss is not None and poss.pos_ != "PRON":
        owner = _resolve(parsed, number, poss, cands)
    elif poss is not None and poss.pos_ == "PRON":
        owner = _resolve(parsed, number, poss, cands) or (
            _resolve(parsed, number, _subject(noun.head), cands) if noun.dep_ == "dobj"
            and noun.head.lemma_.lower() in _OWN_VERBS else None)
    elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in _OWN_VERBS:
        owner = _resolve(parsed, number, _subject(noun.head), cands)  # "Nordhavn completed its acquisition of"
    by = _resolve(parsed, number, agent, cands)
    if take:
        giver, receiver = _resolve(parsed, number, source, cands), by or owner
    else:
        giver, receiver = by or owner or _resolve(parsed, number, source, cands), _resolve(parsed, number, target, cands)
    if giver is None and receiver is None:
        return None
    negated = noun.dep_ in ("dobj", "pobj") and _negated(noun.head)
    return ExchangeCue(number, lemma, giver, receiver, item, s, e, negated)


def _contract_cue(parsed: Parsed, number: int, verb: Any, cands: list[Candidate]) -> ExchangeCue | None:
    """'Norway signed a contract with Hanseong for 24 howitzers': the partner gives the item to the subject."""
    deal = next(c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in CONTRACT_NOUNS)
    partner = _prep_obj(verb, ("with",), deal) or _prep_below(deal, "with")
    item_t = _prep_obj(verb, ("for",), deal) or _prep_below(deal, "for")
    if partner is None or item_t is None or item_t.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    giver = _resolve(parsed, number, partner, cands)
    receiver = _resolve(parsed, number, _subject(verb), cands)
    if giver is None or receiver is None or giver == receiver:
        return None
    item, s, e = _item_span(parsed, number, item_t)
    return ExchangeCue(number, deal.lemma_.lower(), giver, receiver, item, s, e, _negated(verb))


def _prep_below(tok: Any, word: str) -> Any | None:
    """The object of the first ``word`` preposition inside the phrase of ``tok`` (clauses left out):
    'a contract worth 5.2 billion crowns with Hanseong for 24 howitzers'."""
    for t in tok.subtree:
        if t.dep_ == "prep" and t.lower_ == word and not any(a.dep_ in ("relcl", "acl", "ccomp") for a in t.ancestors
                                                              if a.i > tok.i and a in tok.subtree):
            obj = next((o for o in t.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _negated(verb: Any) -> bool:
    """'has not sent', 'denies sending', 'did not deliver'."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    head = verb.head
    return head is not verb and head.lemma_.lower() in ("deny", "reject", "refute") and verb.dep_ in (
        "xcomp", "ccomp", "pcomp", "dobj")


def _leading_party(parsed: Parsed, number: int, item_t: Any,
                   cands: list[Candidate]) -> tuple[str, str, int, int] | None:
    """'North Korea food' parsed as one object: the party at its start and the item after it."""
    toks = sorted(t for t in item_t.subtree if t.i <= item_t.i)
    if len(toks) < 2 or toks[0].pos_ != "PROPN":
        return None
    for cut in range(1, len(toks)):
        if toks[cut].pos_ != "PROPN":
            break
    else:
        return None
    start, _ = parsed.offset(number, toks[0])
    _, end = parsed.offset(number, toks[cut - 1])
    party = candidate_at(cands, start, end)
    if party is None:
        return None
    item, i_start, i_end = _item_span(parsed, number, item_t)
    rest_start, _ = parsed.offset(number, toks[cut])
    return party, parsed.text[rest_start:i_end], rest_start, i_end


def _in_exchange(parsed: Parsed, number: int, for_tok: Any, cands: list[Candidate]) -> ExchangeCue | None:
    """'in exchange for X': X goes from the governing verb's receiver to its giver."""
    obj = next((o for o in for_tok.children if o.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return None
    phrase = " ".join(t.text for t in for_tok.doc[for_tok.i - 2 : for_tok.i + 1])
    if obj.pos_ == "VERB":  # "in return for providing Russia with military assistance"
        giver_t, receiver_t, item_t = _verb_parts(obj)
        if item_t is None:
            return None
        item, s, e = _item_span(parsed, number, item_t)
        head_verb = _governing_verb(for_tok)
        giver = _resolve(parsed, number, giver_t, cands)
        if giver is None and head_verb is not None:
            g, r, _ = _verb_parts(head_verb)
            lemma = head_verb.lemma_.lower()
            giver = _resolve(parsed, number, r if lemma in GIVE_VERBS else g, cands) or _resolve(
                parsed, number, _subject(head_verb), cands)
        return ExchangeCue(number, phrase.lower(), giver, _resolve(parsed, number, receiver_t, cands), item, s, e,
                           _negated(head_verb) if head_verb is not None else False)
    item, s, e = _item_span(parsed, number, obj)
    verb = _governing_verb(for_tok)
    giver = receiver = None
    if verb is not None and verb.lemma_.lower() in GIVE_VERBS | TAKE_VERBS:
        g, r, item_t = _verb_parts(verb)
        giver, receiver = _resolve(parsed, number, r, cands), _resolve(parsed, number, g, cands)
        if giver is None and r is None and item_t is not None and verb.lemma_.lower() not in TAKE_VERBS:
            split = _leading_party(parsed, number, item_t, cands)
            giver = split[0] if split else None
    elif verb is not None:
        receiver = _resolve(parsed, number, _subject(verb), cands)
    return ExchangeCue(number, phrase.lower(), giver, receiver, item, s, e,
                       _negated(verb) if verb is not None else False)


def _governing_verb(tok: Any) -> Any | None:
    """The verb the 'in exchange for' phrase belongs to."""
    node = tok
    for _ in range(6):
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head is node:
            break
    return None


def _x_for_y(parsed: Parsed, number: int, base: int, text: str) -> list[ExchangeCue]:
    """'food for arms deal', 'food-for-arms': two items, one each way, parties left open."""
    out = []
    for m in _FOR_PATTERN.finditer(text):
        for g in (1, 2):
            start = base + m.start(g)
            out.append(ExchangeCue(number, "for", None, None, m.group(g), start, start + len(m.group(g))))
    return out


TRUCE_NOUNS = frozenset({"cease-fire", "ceasefire", "truce", "armistice"})
DEAL_NOUNS = frozenset({"deal", "agreement", "accord", "pact", "treaty", "swap", "exchange", "arrangement"}) | TRUCE_NOUNS
_PAIR_VERBS = frozenset("sign agree reach strike negotiate conclude seal swap exchange work finalize finalise".split())
_HALT_VERBS = frozenset({"halt", "stop", "end", "cease", "suspend"})


def _conj_pair(parsed: Parsed, number: int, subj: Any | None, cands: list[Candidate]) -> tuple[str, str] | None:
    """'Russia and Ukraine', 'Government and rebel delegates': the two parties of a conjoined phrase."""
    if subj is None:
        return None
    conj = next((c for c in subj.children if c.dep_ == "conj"), None)
    if conj is None:  # "Government and rebel delegates": the conjunction sits on the modifier
        mod = next((c for c in subj.children if c.dep_ in ("nmod", "compound", "amod") and any(
            g.dep_ == "conj" for g in c.children)), None)
        if mod is None:
            return None
        subj, conj = mod, next(g for g in mod.children if g.dep_ == "conj")
    a, b = _resolve_phrase(parsed, number, subj, cands), _resolve_phrase(parsed, number, conj, cands)
    return (a, b) if a and b and a != b else None


def _resolve_phrase(parsed: Parsed, number: int, tok: Any, cands: list[Candidate]) -> str | None:
    """_resolve, else the candidate named inside the phrase ('representatives of the Syrian rebels')."""
    hit = _resolve(parsed, number, tok, cands)
    if hit is not None:
        return hit
    toks = [t for t in tok.subtree if not any(a.dep_ in ("conj", "relcl", "acl") and a.i != tok.i and a in tok.subtree
                                              for a in [t, *t.ancestors] if a.i != tok.i)]
    if not toks:
        return None
    start, _ = parsed.offset(number, min(toks, key=lambda t: t.i))
    _, end = parsed.offset(number, max(toks, key=lambda t: t.i))
    return candidate_at([c for c in cands if c.kind != "person"], start, end)


def _is_truce(tok: Any) -> bool:
    """'truce', 'ceasefire', or the 'fire' of 'cease-fire' (three tokens)."""
    return tok.lower_ in TRUCE_NOUNS or tok.lower_ == "fire" and tok.i >= 2 and tok.doc[tok.i - 2].lower_ == "cease"


def _truce_cues(parsed: Parsed, number: int, span: Any, cands: list[Candidate]) -> list[ExchangeCue]:
    """A cease-fire both sides commit to: 'A and B signed the cease-fire', 'A and B agreed to halt attacks', 'the
    truce between A and B': one cue each way, the truce (or what they halt) as the item."""
    out: list[ExchangeCue] = []
    for tok in span:
        lemma = tok.lemma_.lower()
        item_t = None
        pair = None
        if tok.pos_ == "VERB" and lemma in _PAIR_VERBS:
            objs = [c for c in tok.children if c.dep_ in ("dobj", "pobj", "nsubjpass")] + [
                o for c in tok.children if c.dep_ in ("prep", "prt") for o in c.children if o.dep_ == "pobj"]
            truce = next((t for o in objs for t in o.subtree if _is_truce(t)), None)
            halt = next((c for c in tok.children if c.dep_ == "xcomp" and c.lemma_.lower() in _HALT_VERBS), None)
            if truce is not None or halt is not None:
                pair = _conj_pair(parsed, number, _subject(tok), cands)
                item_t = truce if truce is not None else next(
                    (c for c in halt.children if c.dep_ == "dobj"), None)
                if item_t is None and halt is not None:
                    item_t = halt
        elif _is_truce(tok):
            between = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"), None)
            obj = next((o for o in between.children if o.dep_ == "pobj"), None) if between is not None else None
            pair = _conj_pair(parsed, number, obj, cands)
            item_t = tok
        if pair is None or item_t is None:
            continue
        if _is_truce(item_t):
            first = item_t.doc[item_t.i - 2] if item_t.lower_ == "fire" else item_t
            start, _ = parsed.offset(number, first)
            _, end = parsed.offset(number, item_t)
            item = parsed.text[start:end]
        else:
            item, start, end = _item_span(parsed, number, item_t)
        negated = _negated(tok)
        cue = "ceasefire"
        out.append(ExchangeCue(number, cue, pair[0], pair[1], item, start, end, negated))
        out.append(ExchangeCue(number, cue, pair[1], pair[0], item, start, end, negated))
    return out


def deal_pairs(parsed: Parsed, cands: list[Candidate]) -> list[tuple[int, str, str]]:
    """The two sides of each deal a sentence names, in reading order: 'a deal struck between A and B', 'A
    announced a deal with B', 'A and B signed ...', 'Russia, Ukraine Reach Temporary Gas Deal'."""
    out = []
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        for tok in span:
            pair = None
            if tok.lemma_.lower() in DEAL_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
                between = next((t for t in tok.subtree if t.dep_ == "prep" and t.lower_ == "between"), None)
                if between is None and tok.head.pos_ == "VERB" and tok.dep_ in ("nsubjpass", "dobj", "nsubj"):
                    between = next((c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "between"),
                                   None)  # "a deal was struck between A and B"
                if between is not None:
                    pair = _conj_pair(parsed, sent.number, next((o for o in between.children if o.dep_ == "pobj"),
                                                                None), cands)
                with_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"), None)
                if pair is None and with_ is not None and tok.head.pos_ in ("VERB", "AUX"):
                    other = _resolve(parsed, sent.number, next((o for o in with_.children if o.dep_ == "pobj"), None),
                                     cands)
                    own = _resolve(parsed, sent.number, _subject(tok.head), cands)
                    pair = (own, other) if own and other and own != other else None
            elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _PAIR_VERBS:
                pair = _conj_pair(parsed, sent.number, _subject(tok), cands)
            if pair is None and sent.number == 1 and tok.dep_ == "ROOT":  # "Russia, Ukraine Reach Gas Deal"
                names = [c.name for c in cands if any(m.sentence == 1 for m in c.mentions)]
                if len(names) == 2 and any(t.lemma_.lower() in DEAL_NOUNS for t in span):
                    pair = (names[0], names[1])
            if pair is not None and "person" not in (_kind(cands, pair[0]), _kind(cands, pair[1])):
                out.append((sent.number, pair[0], pair[1]))  # a leader's deal is his state's: no pair with a person
    return out


def _swap_pairs(parsed: Parsed, cues: list[ExchangeCue]) -> list[tuple[int, str, str]]:
    """'A frees X in exchange for B releasing Y': two givers with no receiver in one exchange sentence give to
    each other."""
    out = []
    for s in parsed.sentences:
        low = s.text.lower()
        if s.number != 1 and not re.search(r"\b(?:exchange|swap|in return for)\b", low):
            continue
        givers = list(dict.fromkeys(c.giver for c in cues if c.sentence == s.number and c.giver and c.receiver is None
                                    and c.cue != "for"))
        if len(givers) == 2:
            out.append((s.number, givers[0], givers[1]))
    return out


def _fill_sides(cues: list[ExchangeCue], pairs: list[tuple[int, str, str]], lead: set[int]) -> list[ExchangeCue]:
    """A cue with one side named takes the other side of the deal its party makes, when the lead (title and
    first two body sentences) or the same sentence names that deal and it has one partner."""
    from dataclasses import replace

    out = []
    for c in cues:
        known = c.giver if c.receiver is None else c.receiver if c.giver is None else None
        if known is None or c.cue == "for":
            out.append(c)
            continue
        partners = {b if a == known else a for n, a, b in pairs if known in (a, b) and (n == c.sentence or n in lead)}
        if len(partners) == 1:
            other = partners.pop()
            c = replace(c, receiver=other) if c.receiver is None else replace(c, giver=other)
        out.append(c)
    return out


def body_state(body: Candidate, states: set[str]) -> str | None:
    """The state a government body acts for, when that state is among ``states``: the state its name names
    ("Russian Defense Ministry", "Government of Sweden"), or the United States for a U.S. federal body."""
    from summarizer.prepass import lexicon as lx
    from summarizer.prepass.parties import state_of

    if body.kind != "government_body":
        return None
    forms = [body.name, *body.aliases]
    found = None
    if any(lookup_key(f) in lx.US_BODIES for f in forms):
        found = "United States"
    else:
        for f in forms:
            words = f.replace("\u2019s", "").replace("'s", "").split()
            for n in (2, 1):
                for i in range(len(words) - n + 1):
                    found = found or state_of(" ".join(words[i:i + n]))
    return found if found in states else None


def _bodies_to_states(cues: list[ExchangeCue], cands: list[Candidate]) -> list[ExchangeCue]:
    """A state's own body gives or receives for the state: 'the DoD will provide Ukraine' -> the United States
    (the state named in the body's name, 'Russian Defense Ministry', or a U.S. federal body), when that state is a
    candidate."""
    from dataclasses import replace

    states = {c.name for c in cands if c.kind == "state"}
    used = {e.giver for e in cues} | {e.receiver for e in cues}
    owner = {c.name: found for c in cands if c.name in used and (found := body_state(c, states))}
    if not owner:
        return cues
    out = []
    for e in cues:
        giver, receiver = owner.get(e.giver or "", e.giver), owner.get(e.receiver or "", e.receiver)
        out.append(e if giver == receiver else replace(e, giver=giver, receiver=receiver))
    return out


def _way_back(parsed: Parsed, number: int, span: Any, cands: list[Candidate]) -> list[ExchangeCue]:
    """'Whelan and Gershkovich are now on their way back to the United States from Russia': the people go from the
    'from' party to the 'to' party (cue "return")."""
    out = []
    for way in span:
        if way.lower_ != "way" or way.head.lower_ != "on" or not any(c.lower_ in ("back", "home") for c in way.children):
            continue
        holders = [way, *[c for c in way.children if c.lower_ in ("back", "home")]]
        receiver = next((_resolve(parsed, number, o, cands) for h in holders for p in h.children
                         if p.dep_ == "prep" and p.lower_ == "to" for o in p.children if o.dep_ == "pobj"), None)
        giver = next((_resolve(parsed, number, o, cands) for h in holders for p in h.children
                      if p.dep_ == "prep" and p.lower_ == "from" for o in p.children if o.dep_ == "pobj"), None)
        verb = way.head.head
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if giver is None or receiver is None or giver == receiver or subj is None or subj.pos_ == "PRON":
            continue
        toks = sorted(subj.subtree, key=lambda t: t.i)
        start, _ = parsed.offset(number, toks[0])
        _, end = parsed.offset(number, toks[-1])
        out.append(ExchangeCue(number, "return", giver, receiver, parsed.text[start:end], start, end, False))
    return out
