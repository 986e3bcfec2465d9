"""The template brief: headline and summary written from the facts of a summary, in plain sentences. Pure code,
never cut mid-word. It is the brief of ``--brief template`` and the fallback when the model's brief fails its
check (``summarizer/brief.py``).
"""

from __future__ import annotations

from summarizer.candidates.engine import deal_word_groups
from summarizer.schema import Party, Source, Term

HEADLINE_CHARS = 120
HEADLINE_WORDS = 14
SUMMARY_CHARS = 600
MAX_ITEMS = 3

STATUS_PHRASES = {
    "proposed": "a proposed deal",
    "negotiating": "a deal under negotiation",
    "agreed": "an agreed deal",
    "implemented": "a deal carried out",
    "collapsed": "a deal that collapsed",
    "denied": "a deal that is denied",
    "unclear": "a deal of unclear status",
}
# how a term's giver gives, by the deal's status
_VERBS = {
    "proposed": "would give",
    "negotiating": "would give",
    "agreed": "is to give",
    "implemented": "gave",
    "collapsed": "was to give",
    "denied": "is said to give",
    "unclear": "gives",
}
# two sides committing to the same thing, by the deal's status: before a noun phrase and before "to ..."
_MUTUAL_VERBS = {
    "proposed": ("propose", "propose"),
    "negotiating": ("are negotiating", "are negotiating"),
    "agreed": ("agree on", "agree"),
    "implemented": ("carried out", "agreed"),
    "collapsed": ("had agreed on", "had agreed"),
    "denied": ("are said to agree on", "are said to agree"),
    "unclear": ("agree on", "agree"),
}
# a side committing to do something ("to begin talks"), by the deal's status
_PROMISE_VERBS = {
    "proposed": "would promise",
    "negotiating": "would promise",
    "agreed": "promises",
    "implemented": "promised",
    "collapsed": "had promised",
    "denied": "is said to promise",
    "unclear": "promises",
}
# a side freeing the person who is the item ("Russia freed Brittney Griner")
_FREE_VERBS = {
    "proposed": "would free",
    "negotiating": "would free",
    "agreed": "is to free",
    "implemented": "freed",
    "collapsed": "was to free",
    "denied": "is said to free",
    "unclear": "frees",
}
_STRENGTH = {
    "confirmed": "confirmed",
    "probably_true": "probably true",
    "possibly_true": "possibly true",
    "doubtful": "doubtful",
    "improbable": "improbable",
    "cannot_be_judged": "impossible to judge",
}


def fit(text: str, limit: int) -> str:
    """``text`` if it fits ``limit`` characters, else cut at the last whole word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-— ")
    return cut + "…"


def sentence(text: str) -> str:
    """``text`` as a sentence: a capital first and one full stop at the end ("... Barrday Inc." keeps its own)."""
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith(".") else text + "."


def join(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [n for n in names if n]
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _items(terms: list[Term]) -> str:
    """The items of one direction, joined, each once."""
    seen: list[str] = []
    for t in terms:
        if t.item.lower() not in [s.lower() for s in seen]:
            seen.append(t.item)
    return join(seen[:MAX_ITEMS])


def stated_as_exchange(terms: list[Term]) -> bool:
    """Whether the sentence of some term says one thing is given for another ('in exchange for', 'in return
    for', a swap): only then does the brief call the two directions an exchange."""
    return any("exchange" in deal_word_groups(q.text) for t in terms for q in t.evidence)


def _a_price(terms: list[Term]) -> bool:
    """Whether every term of one direction is money."""
    return bool(terms) and all(t.category == "money" for t in terms)


def exchange_clause(terms: list[Term], status: str) -> str:
    """The main deal in one clause: 'Russia would give North Korea food in exchange for weapons and munitions'
    where the text says one is given for the other, goods for money as a sale ('France is to give India 36 Rafale
    jets for $8.7bn'), else both directions side by side ('..., and Uzbekistan gave
    the United States seven helicopters'), or one direction only: 'The United States is to give Ukraine Stinger
    missiles and body armour'."""
    primary = [t for t in terms if t.primary] or list(terms)
    if not primary:
        return ""
    first = primary[0]
    forward = [t for t in primary if (t.giver, t.receiver) == (first.giver, first.receiver)]
    back = [t for t in primary if (t.giver, t.receiver) == (first.receiver, first.giver)]
    if _a_price(forward) and back and not _a_price(back):  # a sale reads from the goods' side
        forward, back, first = back, forward, back[0]
    items = _items(forward)
    if back and items.lower() == _items(back).lower():  # the same commitment both ways
        before_noun, before_to = _MUTUAL_VERBS[status]
        return f"{first.giver} and {first.receiver} {before_to if _infinitive(items) else before_noun} {items}"
    clause = _one_way(first.giver, first.receiver, items, forward, status)
    if back and _a_price(back) and not _a_price(forward) and not _infinitive(items):
        clause += f" for {_items(back)}"  # a sale: "France is to give India 36 Rafale jets for $8.7bn"
    elif back and stated_as_exchange(forward + back):
        clause += f" in exchange for {_items(back)}"
    elif back:
        clause += f", and {_one_way(first.receiver, first.giver, _items(back), back, status)}"
    return clause


def _infinitive(items: str) -> bool:
    """Whether the items are a commitment to act ('to begin talks') rather than a thing."""
    return items.lower().startswith("to ")


def _one_way(giver: str, receiver: str, items: str, terms: list[Term], status: str) -> str:
    """One direction: 'Japan gave United States Patriot missiles'; a commitment to act: 'Israel promises Hamas
    to begin talks'; a person freed who is also the receiver: 'Russia freed Brittney Griner'; things and
    commitments together: 'United States is to give Philippines $82 million and promises to move quickly'."""
    things = [t for t in terms if not _infinitive(t.item)]
    acts = [t for t in terms if _infinitive(t.item)]
    if things and acts:
        given = _items(things)
        joiner = ", and" if " and " in given else " and"  # "… dairy and private investment, and promises to …"
        return f"{_one_way(giver, receiver, given, things, status)}{joiner} {_PROMISE_VERBS[status]} {_items(acts)}"
    if _infinitive(items):
        return f"{giver} {_PROMISE_VERBS[status]} {receiver} {items}"
    if items.lower() == receiver.lower() and all(t.category == "people" for t in terms):
        return f"{giver} {_FREE_VERBS[status]} {items}"
    return f"{giver} {_VERBS[status]} {receiver} {items}"


def sources_phrase(sources: list[Source]) -> str:
    """'John Kirby of the White House said so on the record; two unnamed sources also spoke' (empty: no source)."""
    named = [s for s in sources if s.on_record][:3]
    unnamed = [s for s in sources if not s.on_record]
    parts = []
    if named:
        who = join([f"{s.name} ({s.affiliation})" if s.affiliation and s.affiliation not in s.name else s.name
                    for s in named])
        parts.append(f"{who} spoke on the record")
    if unnamed:
        count = "one unnamed source" if len(unnamed) == 1 else f"{len(unnamed)} unnamed sources"
        parts.append(f"{count} also spoke" if named else f"only {count} spoke")
    return "; ".join(parts)


def clause_headline(terms: list[Term], status: str) -> str:
    """The main deal in one clause when it fits a headline's 14 words, else ""."""
    clause = exchange_clause(terms, status)
    return clause if len(clause.split()) <= HEADLINE_WORDS and len(clause) <= HEADLINE_CHARS else ""


def compose_headline(parties: list[Party], terms: list[Term], status: str, title: str = "") -> str:
    """The deal in one clause when it fits 14 words ('Russia would give North Korea food in exchange for
    munitions'), else its sides and status; a no-deal text's own title."""
    if len(parties) < 2:
        words = title.split()
        return fit(" ".join(words[:HEADLINE_WORDS]), HEADLINE_CHARS) if words else "No deal reported"
    clause = clause_headline(terms, status)
    if clause:
        return clause
    return fit(f"{join([p.name for p in parties[:2]])}: {STATUS_PHRASES[status]}", HEADLINE_CHARS)


def compose_summary(
    parties: list[Party], terms: list[Term], sources: list[Source], status: str, strength: str, title: str = ""
) -> str:
    """A short paragraph: the deal and its status, who gives what to whom, who says so, how strong the evidence
    is; for a text with no deal, what it is about (its title) and whom it cites."""
    said = sources_phrase(sources)
    if len(parties) < 2:
        about = f"The article, \u201c{title}\u201d, reports no deal." if title else "The article reports no deal."
        sentences = [about] + ([sentence(f"It cites {join([s.name for s in sources[:4]])}")] if sources else [])
    else:
        sentences = [sentence(f"The article reports {STATUS_PHRASES[status]} between "
                              f"{join([p.name for p in parties[:2]])}")]
        clause = exchange_clause(terms, status)
        if clause:
            sentences.append(sentence(clause))
        if said:
            sentences.append(sentence(said))
        sentences.append(f"The evidence is {_STRENGTH.get(strength, strength.replace('_', ' '))}.")
    out = ""
    for one in sentences:  # whole sentences only
        if out and len(out) + len(one) + 1 > SUMMARY_CHARS:
            break
        out = f"{out} {one}".strip()
    return fit(out, SUMMARY_CHARS)
