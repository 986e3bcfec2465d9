"""Exchange cues: phrases that move something from one party to another.

- a transfer verb with giver, receiver and item: "Russia is offering North Korea food" (giver = subject,
  receiver = indirect object or "to"), "Russia would receive weapons from Pyongyang" (receiver = subject,
  giver = "from"), "provide Russia with military assistance" (receiver = object, item = "with");
- "in exchange for X" / "in return for X": X moves the other way from the verb the phrase hangs on;
- "food for arms" / "food-for-arms": two items, one each way, parties unknown.
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.prepass.parties import candidate_at
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Candidate, ExchangeCue, lookup_key

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
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you", "who", "which", "that"})


def find(parsed: Parsed, cands: list[Candidate]) -> list[ExchangeCue]:
    """Every exchange cue, in reading order."""
    out: list[ExchangeCue] = []
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        for tok in span:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and (lemma in GIVE_VERBS or lemma in TAKE_VERBS) and tok.dep_ not in (
                    "amod", "compound"):
                out.extend(_verb_cues(parsed, sent.number, tok, cands))
            elif tok.pos_ == "NOUN" and (lemma in GIVE_NOUNS or lemma in TAKE_NOUNS):
                cue = _noun_cue(parsed, sent.number, tok, cands)
                if cue is not None:
                    out.append(cue)
            elif tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "dobj" and c.lemma_.lower() in CONTRACT_NOUNS
                                                    for c in tok.children):
                cue = _contract_cue(parsed, sent.number, tok, cands)
                if cue is not None:
                    out.append(cue)
            elif tok.lower_ == "for" and tok.i >= 2 and _preceded_by(tok, ("in", "exchange")) or (
                    tok.lower_ == "for" and tok.i >= 2 and _preceded_by(tok, ("in", "return"))):
                cue = _in_exchange(parsed, sent.number, tok, cands)
                if cue is not None:
                    out.append(cue)
        out.extend(_x_for_y(parsed, sent.number, sent.start, sent.text))
    out.sort(key=lambda c: (c.sentence, c.item_start if c.item_start is not None else -1))
    return out


def _preceded_by(tok: Any, words: tuple[str, str]) -> bool:
    doc = tok.doc
    return doc[tok.i - 2].lower_ == words[0] and doc[tok.i - 1].lower_ == words[1]


_BODY_NOUNS = frozenset(
    """government authority authorities force forces army military navy troop troops regime administration side
    official officials leadership ministry""".split()
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
    if lemma in _BODY_NOUNS:
        for mod in tok.children:
            if mod.dep_ in ("amod", "compound", "nmod"):
                m_start, m_end = parsed.offset(number, mod)
                hit = _covering(cands, m_start, m_end)
                if hit is not None and _kind(cands, hit) == "state":
                    return hit
        if lemma == "government" and any(c.lower_ == "the" for c in tok.children):
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


def _verb_cues(parsed: Parsed, number: int, verb: Any, cands: list[Candidate]) -> list[ExchangeCue]:
    giver_t, receiver_t, item_t = _verb_parts(verb)
    if item_t is None or item_t.lower_ in _PRONOUNS or item_t.lower_ in ("them", "this", "these", "those", "what"):
        return []
    lemma = verb.lemma_.lower()
    cue = "hand over" if lemma == "hand" else lemma
    item, i_start, i_end = _item_span(parsed, number, item_t)
    giver = _resolve(parsed, number, giver_t, cands)
    receiver = _resolve(parsed, number, receiver_t, cands)
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
    negated = _negated(verb)
    return [ExchangeCue(number, cue, giver, receiver, item, i_start, i_end, negated)]


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
