"""Reading roles off the parse: the general walks the pattern engine uses to find a trigger's giver, receiver
and item, and to name the party a phrase stands for. Pure functions of spaCy tokens and the candidates; no
word lists of their own beyond the pronouns and body nouns every English text shares.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from summarizer.prepass.parties import candidate_at, state_of
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Candidate, lookup_key

PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you", "who", "which", "that", "them", "this", "these",
                      "those", "what"})
SAY = frozenset({"say", "announce", "tell", "state", "confirm", "report", "add"})
# nouns that stand for a state's institutions ("Russian forces", "the government")
BODY_NOUNS = frozenset(
    """government authority authorities force forces army military navy troop troops regime administration side
    official officials leadership ministry businesses companies firms producers manufacturers exporters importers
    buyers""".split()
)
FIRM_NOUNS = frozenset({"company", "firm", "group", "buyer", "seller"})
FIRST_PERSON_BODIES = frozenset({"government", "administration"})
DENY = frozenset({"deny", "reject", "refute"})
# the state "we" stands for while one text's candidates are found (see prepass/voice.py)
VOICE: ContextVar[str | None] = ContextVar("voice", default=None)


def children(tok: Any, *deps: str) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps]


def subject(verb: Any) -> Any | None:
    """The verb's subject (the nearest before it: a dateline can parse as a second subject), else the subject of
    the verb or noun it hangs on ("signed an agreement to buy", "agreed to supply")."""
    subjects = children(verb, "nsubj")
    if subjects:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for c in verb.children:  # "Russia, locked in a standoff with Ukraine, has agreed": the subject went to "locked"
        if c.dep_ == "advcl" and c.i < verb.i and c.tag_ in ("VBN", "VBD") and not children(c, "nsubjpass", "auxpass"):
            inner = next((a for a in children(c, "nsubj") if a.i < c.i), None)
            if inner is not None:
                return inner
    if verb.dep_ in ("acl", "relcl", "advcl", "xcomp") and verb.head.pos_ == "NOUN" and any(
            c.lower_ == "to" for c in verb.children):  # "signed a deal to purchase"
        node = verb.head
        for _ in range(4):
            if node.dep_ not in ("dobj", "pobj", "prep", "attr") or node.head is node:
                break
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return subject(node)
        return None
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head is not verb:
        head = verb.head
        if verb.dep_ == "xcomp" and children(head, "dobj") and head.lemma_.lower() in ("help", "allow", "ask", "urge"):
            return children(head, "dobj")[0]
        if head.pos_ in ("VERB", "AUX"):
            return subject(head)
    return None


def prep_obj(tok: Any, words: tuple[str, ...], also: Any | None = None) -> Any | None:
    """The object of a preposition (or dative) among ``words`` hanging on ``tok`` (or on ``also``)."""
    for holder in [tok] + ([also] if also is not None else []):
        for c in holder.children:
            if c.dep_ in ("prep", "dative", "agent") and c.lower_ in words:
                obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    return obj
    return None


def prep_inside(tok: Any, word: str) -> Any | None:
    """The object of the first ``word`` preposition inside the phrase of ``tok``, clauses left out."""
    for t in tok.subtree:
        if t.dep_ == "prep" and t.lower_ == word and not any(
                a.dep_ in ("relcl", "acl", "ccomp") for a in t.ancestors if a.i > tok.i and a in tok.subtree):
            obj = next((o for o in t.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def governing_verb(tok: Any) -> Any | None:
    """The verb a phrase belongs to (up to six steps up)."""
    node = tok
    for _ in range(6):
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head is node:
            break
    return None


def negated(tok: Any) -> bool:
    """'has not sent', 'denies sending', 'did not deliver' (for a noun: the verb it is the object of)."""
    verb = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj") else tok
    if children(verb, "neg"):
        return True
    head = verb.head
    return head is not verb and head.lemma_.lower() in DENY and verb.dep_ in ("xcomp", "ccomp", "pcomp", "dobj")


def _has_modal(verb: Any) -> bool:
    return any(c.tag_ == "MD" for c in verb.children)


def modal(tok: Any) -> bool:
    """A modal on the trigger or the verb it hangs on ("would supply", "could buy")."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(tok)
    return verb is not None and _has_modal(verb)


def done(tok: Any) -> bool:
    """The trigger is stated as done: its verb, or the finite verb a non-finite one hangs on ("pleaded guilty to
    paying"), is in the past ("sold", "has delivered", "were freed") with no modal."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(tok)
    for _ in range(4):
        if verb is None or verb.tag_ not in ("VBG", "VB") or verb.dep_ not in ("xcomp", "pcomp", "advcl", "acl"):
            break
        verb = governing_verb(verb)
    if verb is None or _has_modal(verb):
        return False
    return verb.tag_ == "VBD" or verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP") for c in verb.children)


def _item_tokens(tok: Any) -> list[Any]:
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis") or c.dep_ == "punct" and c.i > tok.i:
            continue
        if c.dep_ in ("prep", "npadvmod") and c.i > tok.i and c.lower_ != "of":
            continue
        out.extend(_item_tokens(c))
    return out


def item_span(parsed: Parsed, number: int, tok: Any) -> tuple[str, int, int]:
    """The item's noun phrase: the head with its modifiers, "of" phrases and conjuncts, as one contiguous run of
    words; other prepositional phrases, clauses and appositions left out."""
    toks = sorted(_item_tokens(tok), key=lambda t: t.i)
    out = [t for t in toks if t.i <= tok.i]
    last = tok.i
    for t in (t for t in toks if t.i > tok.i):
        if t.i != last + 1:
            break
        out.append(t)
        last = t.i
    while len(out) > 1 and (out[-1].is_punct or out[-1].dep_ == "cc"):
        out.pop()
    while len(out) > 1 and (out[0].is_punct or out[0].dep_ == "cc"):
        out.pop(0)
    start, _ = parsed.offset(number, out[0])
    _, end = parsed.offset(number, out[-1])
    if parsed.text[end : end + 2] in ("'s", "\u2019s"):  # "Harry's, Inc.": a name keeps its possessive
        end += 2
    return parsed.text[start:end], start, end


def covering(cands: list[Candidate], start: int, end: int) -> str | None:
    """The candidate one of whose mentions covers [start, end)."""
    for c in cands:
        for m in c.mentions:
            if m.start <= start and end <= m.end:
                return c.name
    return None


def kind_of(cands: list[Candidate], name: str) -> str:
    return next((c.kind for c in cands if c.name == name), "other")


def by_text(cands: list[Candidate], text: str) -> str | None:
    """The candidate whose name or alias is this text ("DoD" where spaCy missed the mention)."""
    key = lookup_key(text)
    for c in cands:
        if lookup_key(c.name) == key or any(lookup_key(a) == key for a in c.aliases):
            return c.name
    return None


def demonym_state(tok: Any, cands: list[Candidate]) -> str | None:
    """'Iranian crude oil': the state a demonym on the phrase names, if it is a candidate."""
    for c in tok.subtree:
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.pos_ in ("ADJ", "PROPN"):
            state = state_of(c.text)
            if state and any(x.name == state for x in cands):
                return state
    return None


def resolve(parsed: Parsed, number: int, tok: Any | None, cands: list[Candidate]) -> tuple[str | None, str]:
    """The candidate a noun phrase names and how it was found ("mention", "possessor", "demonym", "voice",
    "pronoun", "the government", "the company", "text"); (None, "") when it names none."""
    if tok is None:
        return None, ""
    if tok.lower_ in ("it", "its"):  # "Nordhavn said it had completed": the reporting verb's subject
        node = tok.head
        for _ in range(4):
            if node.lemma_.lower() in SAY and node.pos_ == "VERB":
                subj = next(iter(children(node, "nsubj")), None)
                if subj is None or subj.pos_ == "PRON":
                    return None, ""
                return resolve(parsed, number, subj, cands)[0], "pronoun"
            if node.head is node:
                break
            node = node.head
        return None, ""
    if tok.text in ("we", "We", "us", "I") or tok.lower_ in FIRST_PERSON_BODIES and any(
            c.lower_ in ("our", "my", "this") for c in tok.children):
        voice = VOICE.get()
        return (voice, "voice") if voice else (None, "")
    if tok.lower_ in PRONOUNS:
        return None, ""
    start, end = parsed.offset(number, tok)
    head_hit = covering(cands, start, end) or candidate_at(cands, start, end)
    poss = next(iter(children(tok, "poss")), None)
    if poss is not None:
        p_start, p_end = parsed.offset(number, poss)
        owner = covering(cands, p_start, p_end)
        if owner is not None and kind_of(cands, owner) == "state" and (
                head_hit is None or kind_of(cands, head_hit) in ("government_body", "other", "organization")):
            return owner, "possessor"
    if head_hit:
        return head_hit, "mention"
    toks = [t for t in tok.subtree if t.dep_ not in ("conj", "cc", "relcl", "acl", "appos", "prep") or t is tok]
    s0, _ = parsed.offset(number, min(toks, key=lambda t: t.i))
    _, e0 = parsed.offset(number, max(toks, key=lambda t: t.i))
    text_hit = by_text(cands, parsed.text[s0:e0])
    if text_hit:
        return text_hit, "text"
    lemma = tok.lemma_.lower()
    if tok.lower_ in ("rebel", "rebels") or any(c.dep_ in ("amod", "compound") and c.lower_ in (
            "rebel", "rebels", "militant", "insurgent") for c in tok.children):
        armed = [c.name for c in cands if c.kind == "armed_group"]
        if armed:
            return armed[0], "description"
    if lemma in BODY_NOUNS:
        for mod in children(tok, "amod", "compound", "nmod"):
            m_start, m_end = parsed.offset(number, mod)
            hit = covering(cands, m_start, m_end)
            if hit is not None and kind_of(cands, hit) == "state":
                return hit, "demonym"
        if lemma == "government" and (any(c.lower_ == "the" for c in tok.children) or not children(
                tok, "det", "poss", "amod", "compound")):
            found = next((c.name for c in cands if c.kind == "state"), None)
            return (found, "the government") if found else (None, "")
    if lemma in FIRM_NOUNS and any(c.lower_ == "the" for c in tok.children):
        best = None
        for c in cands:
            if c.kind != "company":
                continue
            before = [m.start for m in c.mentions if m.start < start]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), c.name)
        return (best[1], "the company") if best else (None, "")
    return None, ""


def resolve_inside(parsed: Parsed, number: int, tok: Any, cands: list[Candidate]) -> str | None:
    """:func:`resolve`, else the candidate (not a person) named inside the phrase ('representatives of the
    Syrian rebels')."""
    hit, _ = resolve(parsed, number, tok, cands)
    if hit is not None:
        return hit
    toks = [t for t in tok.subtree if not any(a.dep_ in ("conj", "relcl", "acl") and a.i != tok.i and a in tok.subtree
                                              for a in [t, *t.ancestors] if a.i != tok.i)]
    if not toks:
        return None
    start, _ = parsed.offset(number, min(toks, key=lambda t: t.i))
    _, end = parsed.offset(number, max(toks, key=lambda t: t.i))
    return candidate_at([c for c in cands if c.kind != "person"], start, end)


def conjuncts(tok: Any) -> list[Any]:
    """The phrase and the phrases conjoined to it ("Kuwait and the UAE"), in order."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(conjuncts(c))
    return out


def leading_party(parsed: Parsed, number: int, item_tok: Any,
                  cands: list[Candidate]) -> tuple[str, str, int, int] | None:
    """'North Korea food' parsed as one object: the party at its start and the item after it."""
    toks = sorted(t for t in item_tok.subtree if t.i <= item_tok.i)
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
    _, _, i_end = item_span(parsed, number, item_tok)
    rest_start, _ = parsed.offset(number, toks[cut])
    return party, parsed.text[rest_start:i_end], rest_start, i_end


def mention_role(parsed: Parsed, number: int, start: int, end: int) -> str:
    """The grammatical role of the phrase at [start, end) of sentence ``number``: its head's dependency, a
    preposition's object as "pobj:<preposition>", a conjunct as the role of the phrase it is conjoined to."""
    base = parsed.bases[number - 1]
    span = parsed.spans[number - 1]
    toks = [t for t in span if start <= base + t.idx < end]
    if not toks:
        return ""
    head = next((t for t in toks if t.head not in toks or t.head is t), toks[-1])
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    if head.dep_ == "pobj":
        prep = head.head
        return "agent" if prep.dep_ == "agent" else f"pobj:{prep.lower_}"
    return head.dep_
