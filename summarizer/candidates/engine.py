"""The one engine that runs the pattern files of ``summarizer/candidates/patterns/`` over a parsed article.

Recall first: every phrase a pattern matches becomes a :class:`TermCandidate`, with the sides the parse names
and the other sides left open; nothing is decided here (the fitted decisions keep or drop candidates later).

A trigger pattern (``verbs.json``, ``nouns.json``) names the words that trigger it and, per frame, where each
role is read, as an ordered list of *role paths* (the first that names something wins):

``subject``       the verb's subject (or that of the verb or noun it hangs on); for a passive verb the by-phrase
``passive``       the passive subject ("weapons were sold"); ``dobj``, ``dative``, ``nsubj``, ``xcomp``,
                  ``ccomp``, ``attr``: that dependent
``prep:a|b``      the object of preposition a or b on the trigger (or on its direct object)
``item>prep:a``   the object of preposition a inside the item's phrase; ``item>demonym``: the state a demonym
                  on the item names ("Iranian oil")
``subject>conj``  the phrase conjoined to the subject ("Armenia and Azerbaijan swapped")
``poss``          the trigger noun's possessor; ``owner``: the subject of the verb the noun is the object of, when
                  that verb is one of the file's ``owner_verbs``; ``owner_prep:to``: a 'to' phrase on that verb
``taker:a|b``     the subject of the verb the noun is the object of, when that verb is a or b ("receive aid")
``head_subject``  the subject of the verb the noun hangs on; ``head_prep:a``: a preposition on that verb
``item_inside:a`` the object of preposition a anywhere inside the trigger noun's phrase
``compound``      the nouns compounded before the trigger ("arms sales"); ``self``: the trigger's own phrase
``leading``       a party at the start of the object ("offering North Korea food": the item after it)

A trigger's ``not_owner_verbs`` are owner verbs that do not make their subject the owner of that trigger's noun
("secured a loan" is taken, not given). A frame with ``requires`` applies only when those paths name something.
``both_ways`` emits each direction.
The other pattern files (``phrases.json``, ``commitments.json``, ``contents.json``) hold word lists and Matcher
patterns for the engine's other readers, each documented in its file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from summarizer.candidates import roles
from summarizer.categories import AMBIGUOUS, categories_in, category_from_item, goods_of
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Candidate, TermCandidate

PATTERNS = Path(__file__).parent / "patterns"
_NOT_GIVEN = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})  # entity types that are never an item
MAX_ITEM_WORDS = 16
_LIST_ITEM = re.compile(r"^(?:[-\u2022*\u2013]|\(?[0-9a-z]{1,2}[.)])\s+")


@cache
def pattern(name: str) -> dict:
    """One pattern file of ``patterns/`` by its name ("verbs")."""
    return json.loads((PATTERNS / f"{name}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _Side:
    """A role as read: the party it names (None: open), how, and the token it was read from."""

    name: str | None
    how: str = ""
    token: Any = None
    phrase: tuple[int, int] | None = None  # offsets of a phrase that names someone no candidate is


@dataclass
class _Context:
    parsed: Parsed
    cands: list[Candidate]
    number: int


# --------------------------------------------------------------------------- role paths


def _path_token(ctx: _Context, trig: Any, path: str, item: Any | None, owner_verbs: frozenset[str]) -> Any | None:
    """The token a role path points at (None when it names nothing)."""
    passive = next(iter(roles.children(trig, "nsubjpass")), None)
    if path == "subject":
        if passive is not None:
            return roles.prep_obj(trig, ("by",))
        return roles.subject(trig)
    if path == "passive":
        return passive
    if path in ("dobj", "dative", "nsubj", "xcomp", "ccomp", "attr"):
        found = roles.children(trig, path)
        if path == "dobj" and not found and passive is None:  # "buying and storing Iranian oil": a shared object
            conj = next((c for c in roles.children(trig, "conj") if c.pos_ == "VERB"), None)
            found = roles.children(conj, "dobj") if conj is not None else []
        return found[0] if found else None
    if path.startswith("prep:"):
        dobj = next(iter(roles.children(trig, "dobj")), None)
        return roles.prep_obj(trig, tuple(path[5:].split("|")), dobj)
    if path.startswith("item>prep:") and item is not None:
        for word in path[10:].split("|"):
            found = roles.prep_inside(item, word)
            if found is not None:
                return found
        return None
    if path == "subject>conj":
        subj = roles.subject(trig)
        return next(iter(roles.children(subj, "conj")), None) if subj is not None else None
    if path == "poss":
        return next((c for c in roles.children(trig, "poss")), None)
    verb = trig.head if trig.dep_ in ("dobj", "nsubjpass", "pobj") else None
    if verb is not None and verb.dep_ == "prep":  # "signed on to a contract": the verb above the preposition
        verb = verb.head
    if path == "owner":
        if verb is not None and verb.lemma_.lower() in owner_verbs:
            return roles.subject(verb)
        return None
    if path.startswith("taker:"):
        return roles.subject(verb) if verb is not None and verb.lemma_.lower() in path[6:].split("|") else None
    if path == "owner_prep:to":
        return roles.prep_obj(verb, ("to",)) if verb is not None and verb.lemma_.lower() in owner_verbs else None
    if path == "head_subject":
        return roles.subject(verb) if verb is not None and verb.pos_ in ("VERB", "AUX") else None
    if path.startswith("head_prep:"):
        return roles.prep_obj(verb, tuple(path[10:].split("|"))) if verb is not None else None
    if path.startswith("item_inside:"):
        return roles.prep_inside(trig, path[12:])
    return None


def _read_side(ctx: _Context, trig: Any, paths: list[str], item: Any | None, owner_verbs: frozenset[str]) -> list[_Side]:
    """The parties a role names, by the first path that names any (a conjoined phrase names several)."""
    for path in paths:
        if path == "item>demonym":
            state = roles.demonym_state(item, ctx.cands) if item is not None else None
            if state:
                return [_Side(state, "item>demonym/demonym")]
            continue
        if path == "leading":
            continue  # read with the item
        tok = _path_token(ctx, trig, path, item, owner_verbs)
        if tok is None:
            continue
        found = []
        for part in roles.conjuncts(tok):
            name, how = roles.resolve(ctx.parsed, ctx.number, part, ctx.cands)
            if name is not None and all(s.name != name for s in found):
                found.append(_Side(name, f"{path}/{how}", part))
        if found:
            return found
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in roles.PRONOUNS:
            _, start, end = roles.item_span(ctx.parsed, ctx.number, tok)
            return [_Side(None, f"{path}/unresolved", tok, (start, end))]  # someone no candidate is: "from industry"
    return [_Side(None)]


def _item_token(ctx: _Context, trig: Any, paths: list[str], owner_verbs: frozenset[str]) -> tuple[Any, str] | None:
    for path in paths:
        if path == "self":
            return trig, path
        if path == "compound":
            mods = [c for c in roles.children(trig, "compound") if c.pos_ in ("NOUN", "PROPN") and c.i < trig.i]
            if mods:
                return mods[-1], path
            continue
        if path == "leading":
            continue
        tok = _path_token(ctx, trig, path, None, owner_verbs)
        if tok is not None and tok.pos_ in ("NOUN", "PROPN", "NUM", "X", "VERB") and tok.lower_ not in roles.PRONOUNS:
            return tok, path
    return None


# --------------------------------------------------------------------------- items and categories


def categorise(item: str, fixed: str | None = None) -> list[tuple[str | None, str]]:
    """The categories an item may have, each with where it comes from: the one its words name ("item words"),
    else each of several its words name ("one of several"), else the pattern's (``fixed``), else None
    ("ambiguous" when a word may name several, "" when none)."""
    goods = goods_of(item)
    named = category_from_item(goods)
    if named:
        return [(named, "item words")]
    found = [c for c in categories_in(goods) if c != AMBIGUOUS]
    if len(found) > 1:
        return [(c, "one of several") for c in found]
    if fixed:
        return [(fixed, "pattern")]
    return [(None, "ambiguous" if AMBIGUOUS in categories_in(goods) else "")]


def with_other(found: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """An item whose words name no category may still be given: as 'other' (a company, a package named only by
    its value, access to sites)."""
    return [("other", f"no category{' (' + how + ')' if how else ''}") if c is None else (c, how) for c, how in found]


def _trim(text: str, start: int) -> tuple[str, int, int]:
    words = text.split()
    if len(words) > MAX_ITEM_WORDS:
        text = text[: text.index(words[MAX_ITEM_WORDS - 1]) + len(words[MAX_ITEM_WORDS - 1])]
    return text, start, start + len(text)


def _whole_words(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The span grown to whole words: the parser splits "co-workers" and "dollars-worth" at the hyphen, and an
    item is never part of a word."""
    def inside(i: int) -> bool:
        return 0 < i < len(text) and (text[i - 1].isalnum() and text[i].isalnum()
                                      or text[i] in "-\u2010" and text[i - 1].isalnum() and i + 1 < len(text)
                                      and text[i + 1].isalnum()
                                      or text[i - 1] in "-\u2010" and i > 1 and text[i - 2].isalnum() and text[i].isalnum())
    while end < len(text) and inside(end):
        end += 1
    while start > 0 and inside(start):
        start -= 1
    return text[start:end], start, end


def _balanced(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The span without a bracket it opens and does not close ("$8.7bn (7.8bn euros" -> "$8.7bn")."""
    cut = text.rfind("(")
    if cut > 0 and ")" not in text[cut:]:
        text = text[:cut].rstrip(" ,;:")
        end = start + len(text)
    return text, start, end


def _names_a_firm(ctx: _Context, tok: Any) -> bool:
    """Whether the item's head is the name of a company or organisation the text names."""
    start, end = ctx.parsed.offset(ctx.number, tok)
    name = roles.covering(ctx.cands, start, end)
    return name is not None and roles.kind_of(ctx.cands, name) in ("company", "organization")


def _candidates(ctx: _Context, family: str, trigger: str, lemma: str, giver: _Side, receiver: _Side, item: str,
                start: int, fixed: str | None, negated: bool = False, modal: bool = False, firm: bool = False,
                done: bool = False, exact: bool = False) -> list[TermCandidate]:
    """One candidate per category the item may have (a pattern's item that names none may be 'other'; an open
    item must name one; a company's name is the company, 'other'). The item is grown to whole words unless it is
    ``exact`` (a word of a hyphened phrase: 'food' of 'food-for-arms')."""
    if exact:
        end = start + len(item)
    else:
        item, start, end = _balanced(*_whole_words(ctx.parsed.text, *_trim(item, start)[1:]))
    found = [("other", "a company")] if firm else categorise(item, fixed)
    if family != "open":
        found = with_other(found)
    return [
        TermCandidate(ctx.number, family, trigger, lemma, giver.name, receiver.name, item, start, end, category, how,
                      giver.how, receiver.how, negated, modal, done, giver.phrase, receiver.phrase)
        for category, how in found
    ]


# --------------------------------------------------------------------------- readers


def _lemma_keys(tok: Any) -> list[str]:
    """The trigger keys a token may match: its lemma, and lemma plus a particle or adverb ("take over")."""
    lemma = tok.lemma_.lower()
    keys = [lemma]
    for c in tok.children:
        if c.dep_ in ("prt", "advmod") and c.i > tok.i:
            keys.append(f"{lemma} {c.lower_}")
    return keys


@lru_cache(maxsize=1)
def _trigger_table() -> list[tuple[str, dict, frozenset[str]]]:
    table = []
    for family in ("verbs", "nouns"):
        data = pattern(family)
        owners = frozenset(data.get("owner_verbs", ()))
        for trig in data["triggers"]:
            table.append((family, trig, owners - frozenset(trig.get("not_owner_verbs", ()))))
    return table


def _trigger_reads(ctx: _Context, span: Any, off: frozenset[str] = frozenset()
                   ) -> tuple[list[TermCandidate], dict[int, tuple[_Side, _Side]]]:
    """Candidates of the trigger patterns in one sentence (of the families not ``off``), and each trigger
    token's sides (for the phrases that hang on it)."""
    out: list[TermCandidate] = []
    sides_at: dict[int, tuple[_Side, _Side]] = {}
    for tok in span:
        keys = _lemma_keys(tok)
        for family, trig, owners in _trigger_table():
            if family in off:
                continue
            key = next((k for k in keys if k in trig["lemmas"]), None)
            if key is None or tok.pos_ not in trig["pos"] or tok.dep_ in ("amod", "compound") and family == "verbs":
                continue
            if "deps" in trig and tok.dep_ not in trig["deps"]:
                continue
            found = _apply_trigger(ctx, tok, key, family, trig, owners)
            if not trig.get("price_only"):
                for cand, giver, receiver in found:
                    out.append(cand)
                    sides_at.setdefault(tok.i, (giver, receiver))
            if "phrases" not in off:
                out.extend(_prices(ctx, tok, key, family, found))
    return out, sides_at


def _apply_trigger(ctx: _Context, tok: Any, key: str, family: str, trig: dict,
                   owners: frozenset[str]) -> list[tuple[TermCandidate, _Side, _Side]]:
    out = []
    neg, mod, done = roles.negated(tok), roles.modal(tok), roles.done(tok)
    for frame in trig["frames"]:
        if any(_path_token(ctx, tok, p, None, owners) is None for p in frame.get("requires", [])):
            continue
        picked = _item_token(ctx, tok, frame["item"], owners)
        leading = None
        if picked is None and "leading" in frame["item"]:
            continue
        if picked is None:
            continue
        item_tok, item_path = picked
        if trig.get("item_heads") and item_tok.lower_ not in trig["item_heads"]:
            continue
        if item_tok.ent_type_ in _NOT_GIVEN:  # "agreed on Monday": a date is not what is given
            continue
        fixed = trig.get("category")
        if _names_a_firm(ctx, item_tok):  # "its acquisition of Kestrel Foods": the company, not food
            fixed = "other"
        if item_path == "self":
            text, start, _ = roles.item_span(ctx.parsed, ctx.number, tok)
        elif item_path == "compound":
            mods = [c for c in roles.children(tok, "compound") if c.i < tok.i]
            start, _ = ctx.parsed.offset(ctx.number, mods[0])
            _, end = ctx.parsed.offset(ctx.number, mods[-1])
            text = ctx.parsed.text[start:end]
        else:
            text, start, _ = roles.item_span(ctx.parsed, ctx.number, item_tok)
        givers = _read_side(ctx, tok, frame.get("giver", []), item_tok, owners)
        receivers = _read_side(ctx, tok, frame.get("receiver", []), item_tok, owners)
        if all(r.name is None for r in receivers) and "leading" in frame["item"]:
            leading = roles.leading_party(ctx.parsed, ctx.number, item_tok, ctx.cands)
            if leading is not None:
                receivers = [_Side(leading[0], "leading/mention")]
                text, start = leading[1], leading[2]
        for g in givers:
            for r in receivers:
                if g.name is not None and g.name == r.name:
                    continue
                for cand in _candidates(ctx, family, trig["name"], key, g, r, text, start, fixed, neg, mod,
                                        firm=fixed == "other" and _names_a_firm(ctx, item_tok), done=done):
                    out.append((cand, g, r))
                    if trig.get("both_ways"):
                        out.append((replace(cand, giver=r.name, receiver=g.name, giver_how=r.how, receiver_how=g.how,
                                            giver_phrase=r.phrase, receiver_phrase=g.phrase), r, g))
        if out:
            break
    return out


def _prices(ctx: _Context, tok: Any, key: str, family: str,
            found: list[tuple[TermCandidate, _Side, _Side]]) -> list[TermCandidate]:
    """The buyer's payment: a sum of money in a price phrase on the trigger ("for $625 million", "worth $4.6
    billion", "a $120 million sale"), from the trigger's receiver to its giver."""
    if not found:
        return []
    preps = set(pattern("phrases")["price_preps"])
    money = []
    holders = list(tok.children)
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass"):  # "completed its acquisition ... for $X"
        holders += [c for c in tok.head.children if c.dep_ == "prep" and c.lower_ in preps]
    for c in holders:
        if c.dep_ in ("prep", "advmod", "amod", "acl") and c.lower_ in preps:
            money += [t for t in c.subtree if t.ent_type_ == "MONEY"]
        elif c.dep_ in ("compound", "nummod", "amod", "quantmod") and c.ent_type_ == "MONEY":
            money += [t for t in c.subtree if t.ent_type_ == "MONEY"]
    if tok.pos_ == "VERB" and tok.lemma_.lower() == "pay":
        return []  # the object itself says what is paid ("to buy jets for $8.7bn": the price is the buyer's)
    if not money:
        return []
    first, last = min(money, key=lambda t: t.i), max(money, key=lambda t: t.i)
    while first.i > 0 and (first.doc[first.i - 1].ent_type_ == "MONEY" and first.doc[first.i - 1].ent_iob_ != "O"
                           or first.doc[first.i - 1].is_currency):  # "$8.7bn": the parser may leave "$" out
        first = first.doc[first.i - 1]
    start, _ = ctx.parsed.offset(ctx.number, first)
    _, end = ctx.parsed.offset(ctx.number, last)
    text = ctx.parsed.text[start:end]
    out = []
    seen = set()
    for cand, giver, receiver in found:
        if (receiver.name, giver.name) in seen:
            continue
        seen.add((receiver.name, giver.name))
        out.extend(_candidates(ctx, "phrases", "price", key, receiver, giver, text, start, "money", cand.negated,
                               cand.modal))
    return out


def _exchange_reads(ctx: _Context, span: Any, matcher: Any, sides_at: dict[int, tuple[_Side, _Side]]
                    ) -> list[TermCandidate]:
    """'in exchange for X': X moves the other way from the transfer it hangs on."""
    out = []
    doc = span.doc
    for _, start, end in matcher(doc[span.start : span.end]):
        for_tok = doc[span.start + end - 1]
        obj = next((o for o in for_tok.children if o.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            continue
        verb = roles.governing_verb(for_tok)
        giver, receiver = _Side(None), _Side(None)
        if verb is not None and verb.i in sides_at:
            g, r = sides_at[verb.i]
            giver, receiver = _Side(r.name, "reverse/" + r.how), _Side(g.name, "reverse/" + g.how)
        elif verb is not None:
            name, how = roles.resolve(ctx.parsed, ctx.number, roles.subject(verb), ctx.cands)
            receiver = _Side(name, f"head_subject/{how}") if name else _Side(None)
        item_tok = obj
        if obj.pos_ == "VERB":  # "in return for providing Russia with military assistance"
            item_tok = next(iter(roles.children(obj, "dobj")), None)
            if item_tok is None:
                continue
        text, s, _ = roles.item_span(ctx.parsed, ctx.number, item_tok)
        phrase = " ".join(t.lower_ for t in doc[span.start + start : span.start + end])
        neg = roles.negated(verb) if verb is not None else False
        out.extend(_candidates(ctx, "phrases", "exchange", phrase, giver, receiver, text, s, None, neg))
    return out


def _x_for_y(ctx: _Context, base: int, text: str) -> list[TermCandidate]:
    """'food for arms deal', 'food-for-arms': two items, one each way, the sides open; at least one of the two
    words names a kind of goods ('land for peace'), else it is no exchange ('a path forward for a deal')."""
    out = []
    for m in re.finditer(pattern("phrases")["x_for_y"], text):
        if all(category is None for g in (1, 2) for category, _ in categorise(m.group(g))):
            continue
        for g in (1, 2):
            out.extend(_candidates(ctx, "phrases", "x_for_y", "for", _Side(None), _Side(None), m.group(g),
                                   base + m.start(g), None, exact=True))
    return out


def _conj_pair(ctx: _Context, tok: Any | None) -> tuple[str, str] | None:
    """'Russia and Ukraine', 'Government and rebel delegates': the two parties of a conjoined phrase."""
    if tok is None:
        return None
    conj = next(iter(roles.children(tok, "conj")), None)
    if conj is None:
        mod = next((c for c in roles.children(tok, "nmod", "compound", "amod") if roles.children(c, "conj")), None)
        if mod is None:
            return None
        tok, conj = mod, roles.children(mod, "conj")[0]
    a = roles.resolve_inside(ctx.parsed, ctx.number, tok, ctx.cands)
    b = roles.resolve_inside(ctx.parsed, ctx.number, conj, ctx.cands)
    return (a, b) if a and b and a != b else None


def _is_truce(tok: Any, nouns: set[str]) -> bool:
    return tok.lower_ in nouns or tok.lemma_.lower() in nouns or tok.lower_ == "fire" and tok.i >= 2 and (
        tok.doc[tok.i - 2].lower_ == "cease")


def _commitments(ctx: _Context, span: Any) -> list[TermCandidate]:
    """A ceasefire or halt both sides commit to ('A and B signed the truce', 'A and B agreed to halt attacks',
    'the truce between A and B'): one candidate each way."""
    data = pattern("commitments")
    nouns, verbs, halts = set(data["truce_nouns"]), set(data["pair_verbs"]), set(data["halt_verbs"])
    out = []
    for tok in span:
        lemma = tok.lemma_.lower()
        pair, item_tok = None, None
        if tok.pos_ == "VERB" and lemma in verbs:
            objs = roles.children(tok, "dobj", "pobj", "nsubjpass") + [
                o for c in roles.children(tok, "prep", "prt") for o in c.children if o.dep_ == "pobj"]
            truce = next((t for o in objs for t in o.subtree if _is_truce(t, nouns)), None)
            halt = next((c for c in roles.children(tok, "xcomp") if c.lemma_.lower() in halts), None)
            if truce is not None or halt is not None:
                pair = _conj_pair(ctx, roles.subject(tok))
                item_tok = truce if truce is not None else next(iter(roles.children(halt, "dobj")), halt)
        elif _is_truce(tok, nouns) and tok.pos_ in ("NOUN", "PROPN"):
            between = roles.prep_obj(tok, ("between",))
            pair = _conj_pair(ctx, between)
            item_tok = tok
        if pair is None or item_tok is None:
            continue
        if _is_truce(item_tok, nouns):
            first = item_tok.doc[item_tok.i - 2] if item_tok.lower_ == "fire" else item_tok
            start, _ = ctx.parsed.offset(ctx.number, first)
            _, end = ctx.parsed.offset(ctx.number, item_tok)
            text = ctx.parsed.text[start:end]
        else:
            text, start, _ = roles.item_span(ctx.parsed, ctx.number, item_tok)
        neg = roles.negated(tok)
        a, b = _Side(pair[0], "pair/mention"), _Side(pair[1], "pair/mention")
        out.extend(_candidates(ctx, "commitments", "truce", lemma, a, b, text, start, data["category"], neg))
        out.extend(_candidates(ctx, "commitments", "truce", lemma, b, a, text, start, data["category"], neg))
    return out


def deal_pairs(parsed: Parsed, cands: list[Candidate]) -> list[tuple[int, str, str]]:
    """The two sides of each deal a sentence names, in reading order: 'a deal struck between A and B', 'A
    announced a deal with B', 'A and B signed ...', a title naming two parties and a deal noun."""
    data = pattern("commitments")
    deal_nouns, verbs = set(data["deal_nouns"]) | set(data["truce_nouns"]), set(data["pair_verbs"])
    out = []
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        ctx = _Context(parsed, cands, sent.number)
        for tok in span:
            pair = None
            lemma = tok.lemma_.lower()
            if lemma in deal_nouns and tok.pos_ in ("NOUN", "PROPN"):
                between = next((t for t in tok.subtree if t.dep_ == "prep" and t.lower_ == "between"), None)
                if between is None and tok.head.pos_ == "VERB" and tok.dep_ in ("nsubjpass", "dobj", "nsubj"):
                    between = next((c for c in roles.children(tok.head, "prep") if c.lower_ == "between"), None)
                if between is not None:
                    pair = _conj_pair(ctx, next(iter(roles.children(between, "pobj")), None))
                with_ = next((c for c in roles.children(tok, "prep") if c.lower_ == "with"), None)
                if pair is None and with_ is not None and tok.head.pos_ in ("VERB", "AUX"):
                    other, _ = roles.resolve(parsed, sent.number, next(iter(roles.children(with_, "pobj")), None),
                                             cands)
                    own, _ = roles.resolve(parsed, sent.number, roles.subject(tok.head), cands)
                    pair = (own, other) if own and other and own != other else None
            elif tok.pos_ in ("VERB", "AUX") and lemma in verbs:
                pair = _conj_pair(ctx, roles.subject(tok))
            if pair is None and sent.number == 1 and tok.dep_ == "ROOT":
                names = [c.name for c in cands if any(m.sentence == 1 for m in c.mentions)]
                if len(names) == 2 and any(t.lemma_.lower() in deal_nouns for t in span):
                    pair = (names[0], names[1])
            if pair is not None and "person" not in (roles.kind_of(cands, pair[0]), roles.kind_of(cands, pair[1])):
                out.append((sent.number, pair[0], pair[1]))
    return out


def _list_items(parsed: Parsed, number: int) -> list[int]:
    """The list items that follow sentence ``number`` (each a line starting with a bullet), up to the next
    paragraph that is not one."""
    out = []
    for s in parsed.sentences[number:]:
        if _LIST_ITEM.match(s.text):
            out.append(s.number)
        elif out or not s.heading:
            break
    return out


def _package_sides(before: list[TermCandidate]) -> tuple[_Side, _Side]:
    """The sides of the transfer a list of contents belongs to: those of the last pattern candidate before it
    that names both (in its sentence or the lead), else open."""
    for c in reversed(before):
        if c.family in ("verbs", "nouns") and c.giver and c.receiver and not c.negated:
            return _Side(c.giver, "inherit/" + c.giver_how), _Side(c.receiver, "inherit/" + c.receiver_how)
    return _Side(None), _Side(None)


def _contents(ctx: _Context, span: Any, sent_text: str, before: list[TermCandidate]) -> list[TermCandidate]:
    """What a package lists: the objects of 'include', 'consist of', 'contain' and the list items after a
    sentence that introduces contents, each an item with the sides of the transfer it belongs to (``before``:
    the candidates found so far)."""
    data = pattern("contents")
    verbs, nouns = set(data["list_verbs"]), set(data["list_nouns"])
    giver, receiver = _package_sides(before)
    out = []
    introduces = False
    for tok in span:
        if tok.lemma_.lower() in verbs and tok.pos_ in ("VERB", "AUX"):
            introduces = True
            objs = roles.children(tok, "dobj") or [o for c in roles.children(tok, "prep") for o in c.children
                                                   if o.dep_ == "pobj"]
            for obj in objs[:1]:
                for part in roles.conjuncts(obj)[: data["max_items"]]:
                    text, start, _ = roles.item_span(ctx.parsed, ctx.number, part)
                    out.extend(_candidates(ctx, "contents", "include", tok.lemma_.lower(), giver, receiver,
                                           text, start, None))
    if sent_text.rstrip().endswith(":") and (introduces or any(t.lemma_.lower() in nouns for t in span)):
        for number in _list_items(ctx.parsed, ctx.number)[: data["max_items"]]:
            s = ctx.parsed.sentences[number - 1]
            m = _LIST_ITEM.match(s.text)
            body = s.text[m.end() if m else 0 :].rstrip(" ;.,")
            body = re.sub(r"[\s;,]+(?:and|or)$", "", body)
            start = s.start + (m.end() if m else 0)
            item_ctx = _Context(ctx.parsed, ctx.cands, number)
            out.extend(_candidates(item_ctx, "contents", "list", "", giver, receiver, body, start, None))
    return out


def any_word(words: list[str], at_end: bool = False) -> re.Pattern[str]:
    """One case-blind pattern for a list of words (regular expressions), matched whole, or only as the last
    words of a text with ``at_end`` ("... Summit")."""
    return re.compile(r"\b(?:" + "|".join(words) + (r")$" if at_end else r")\b"), re.IGNORECASE)


@lru_cache(maxsize=1)
def word_groups() -> dict[str, re.Pattern[str]]:
    """Each group of ``patterns/deal_words.json`` as one pattern."""
    return {name: any_word(words) for name, words in pattern("deal_words")["groups"].items()}


def deal_word_groups(text: str) -> list[str]:
    """The groups of deal words a sentence has a word of."""
    return [name for name, rx in word_groups().items() if rx.search(text)]


@lru_cache(maxsize=1)
def not_deal_groups() -> frozenset[str]:
    """The groups of ``patterns/deal_words.json`` whose words name no deal (measures, events)."""
    return frozenset(pattern("deal_words")["not_deal"])


@lru_cache(maxsize=1)
def wanting_nouns() -> frozenset[str]:
    """The nouns of wanting of ``patterns/phrases.json`` (search, quest, need, ...)."""
    return frozenset(pattern("phrases")["wanting"])


def names_a_deal(text: str) -> bool:
    """Whether a sentence has a word that names a deal (of any group but the 'not_deal' ones)."""
    return any(g not in not_deal_groups() for g in deal_word_groups(text))


def _governing_sides(tok: Any, sides_at: dict[int, tuple[_Side, _Side]]) -> tuple[_Side, _Side]:
    """The sides of the nearest transfer the phrase hangs on ("provide Ukraine with X, Y and Z": Z inherits
    the provider and the receiver), else open. Below a noun of wanting ("offers food in search of more weapons")
    the sides are reversed: the item goes to the side that wants it."""
    wanting = wanting_nouns()
    reverse = False
    for node in tok.ancestors:
        if node.i in sides_at:
            g, r = sides_at[node.i]
            if reverse:
                g, r, how = r, g, "inherit_wanted/"
            else:
                how = "inherit/"
            return _Side(g.name, how + g.how, phrase=g.phrase), _Side(r.name, how + r.how, phrase=r.phrase)
        reverse = reverse or node.pos_ == "NOUN" and node.lemma_.lower() in wanting
    return _Side(None), _Side(None)


def _open_items(ctx: _Context, span: Any, taken: list[tuple[int, int]],
                sides_at: dict[int, tuple[_Side, _Side]]) -> list[TermCandidate]:
    """Noun phrases of a deal sentence whose words name a category (or a sum of money), not already an item,
    with the sides of the transfer they hang on (else open). Recall first: the decisions say which are terms."""
    out = []
    base = ctx.parsed.bases[ctx.number - 1]
    for chunk in span.noun_chunks:
        start, end = base + chunk.start_char, base + chunk.end_char
        if any(s < end and start < e for s, e in taken):
            continue
        text = ctx.parsed.text[start:end]
        money = any(t.ent_type_ == "MONEY" for t in chunk)
        if chunk.root.lower_ in roles.PRONOUNS or chunk.root.ent_type_ in _NOT_GIVEN:
            continue
        giver, receiver = _governing_sides(chunk.root, sides_at)
        found = [c for c in _candidates(ctx, "open", "open", "", giver, receiver, text, start,
                                        "money" if money else None) if c.category is not None]
        out.extend(found)
    return out


def _holders(parsed: Parsed, cands: list[Candidate]) -> list[tuple[int, str]]:
    """(sentence, party) for each phrase that says a party holds people ('detained in Belarus', 'held by
    Hamas'), in reading order."""
    data = pattern("custody")
    holding, preps = set(data["holding"]), set(data["preps"])
    out = []
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        for tok in span:
            if tok.lemma_.lower() not in holding or tok.pos_ not in ("VERB", "ADJ"):
                continue
            obj = roles.prep_obj(tok, tuple(preps))
            if obj is None:
                continue
            name, _ = roles.resolve(parsed, sent.number, obj, cands)
            if name is not None and roles.kind_of(cands, name) != "person":
                out.append((sent.number, name))
    return out


def _custody(parsed: Parsed, cands: list[Candidate], found: list[TermCandidate]) -> list[TermCandidate]:
    """A release whose giver is open is given by whoever the text says holds the people (the holder named
    nearest before it, else the first): one more candidate each, its item 'people'."""
    holders = _holders(parsed, cands)
    if not holders:
        return []
    data = pattern("custody")
    lemmas, words = set(data["release_lemmas"]), set(data["release_words"])
    out = []
    for c in found:
        released = c.lemma in lemmas or any(w in c.item.lower().split() for w in words)
        if c.giver is not None or not released or c.negated:
            continue
        before = [name for n, name in holders if n <= c.sentence]
        holder = before[-1] if before else holders[0][1]
        if holder == c.receiver:
            continue
        out.append(replace(c, giver=holder, giver_how="custody/mention", category="people", category_how="pattern"))
    return out


def find_terms(parsed: Parsed, cands: list[Candidate], voice: str | None = None,
               lead: set[int] | None = None, off: frozenset[str] = frozenset()) -> list[TermCandidate]:
    """Every term candidate the pattern files find, in reading order; ``voice`` is the state a first-person
    "we" stands for; open items come from the sentences of ``lead`` (default: the title and the first two body
    sentences) and every sentence that names a deal; ``off`` names families left out (verbs, nouns, phrases,
    commitments, contents, custody, open)."""
    from spacy.matcher import Matcher

    from summarizer.prepass import nlp

    token = roles.VOICE.set(voice)
    try:
        matcher = Matcher(nlp.load().vocab)
        matcher.add("exchange", pattern("phrases")["exchange"])
        if lead is None:
            body = [s.number for s in parsed.sentences[1:] if not s.heading][:2]
            lead = {1, *body}
        out: list[TermCandidate] = []
        for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
            ctx = _Context(parsed, cands, sent.number)
            found, sides_at = _trigger_reads(ctx, span, off)
            if "phrases" not in off:
                found += _exchange_reads(ctx, span, matcher, sides_at)
                found += _x_for_y(ctx, sent.start, sent.text)
            if "commitments" not in off:
                found += _commitments(ctx, span)
            if "contents" not in off:
                found += _contents(ctx, span, sent.text, [*[c for c in out if c.sentence in lead], *found])
            if "open" not in off and (sent.number in lead or names_a_deal(sent.text)):
                found += _open_items(ctx, span, [(c.item_start, c.item_end) for c in found], sides_at)
            out.extend(found)
        if "custody" not in off:
            out.extend(_custody(parsed, cands, out))
        return _unique(out, cands)
    finally:
        roles.VOICE.reset(token)


def _names_a_party(c: TermCandidate, cands: list[Candidate]) -> bool:
    """Whether the item is just the name of a state ('Taiwan' as an item): a state is not what is given (a
    company bought or a person released is)."""
    return any(m.start <= c.item_start and c.item_end <= m.end for x in cands if x.kind == "state"
               for m in x.mentions)


def _unique(cands: list[TermCandidate], parties: list[Candidate]) -> list[TermCandidate]:
    """One candidate per sentence, sides, item span, trigger and category, in reading order; none whose item is
    a party's name."""
    seen = set()
    out = []
    for c in sorted(cands, key=lambda c: (c.sentence, c.item_start)):
        if _names_a_party(c, parties):
            continue
        key = (c.sentence, c.giver, c.receiver, c.item_start, c.item_end, c.trigger, c.category)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
