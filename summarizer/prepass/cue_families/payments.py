"""The buyer's payment for a purchase, sale or contract (family ``cues.payments``)."""

from __future__ import annotations

from summarizer.prepass.exchanges import (
    CONTRACT_NOUNS,
    DEAL_NOUNS,
    _item_span,
)
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Candidate, ExchangeCue

_ACQUIRE = frozenset({"buy", "purchase", "acquire", "acquisition", "takeover", "procure", "sale", "sell"})


def _price_in(parsed: Parsed, number: int) -> tuple[str, int, int] | None:
    """The one price a sentence gives a transfer: 'for $625 million', 'worth $5 billion', 'a $2 billion sale'."""
    span = parsed.spans[number - 1]
    heads = []
    for ent in span.ents:
        if ent.label_ != "MONEY":
            continue
        root = ent.root
        if root.head.lower_ in ("for", "worth", "at") or root.head.lemma_.lower() in _ACQUIRE | DEAL_NOUNS:
            heads.append(ent)
    if len(heads) == 1:
        start, end = parsed.span_offsets(number, heads[0])
        return parsed.text[start:end], start, end
    if heads:
        return None
    for tok in span:  # "worth 5.2 billion Norwegian crowns ($480 million)"
        if tok.lower_ not in ("worth", "for"):
            continue
        obj = next((c for c in tok.children if c.dep_ in ("pobj", "npadvmod", "dobj")), None)
        if obj is not None and (obj.lemma_.lower() in _CURRENCIES or any(t.ent_type_ == "MONEY" for t in obj.subtree)):
            return _item_span(parsed, number, obj)
    return None


_CURRENCIES = frozenset("""dollar euro pound crown krone kroner yen yuan rouble ruble rupee riyal dirham franc won lira
    rand real peso shekel""".split())


def _payments(parsed: Parsed, cues: list[ExchangeCue], cands: list[Candidate]) -> list[ExchangeCue]:
    """The money side of a purchase: the buyer pays the seller ('for $X' when the text gives a price; for an
    acquisition between companies, a payment with no item when it does not)."""
    out = []
    kinds = {c.name: c.kind for c in cands}
    lead = [x for x in parsed.spans[: 1 + 3]]  # the title and first sentences say whether the deal is a sale
    a_sale = any(t.lemma_.lower() in ("sell", "sale", "buy", "purchase") for span in lead for t in span)
    for c in cues:
        transfer_of_a_sale = a_sale and c.cue in ("provide", "deliver", "supply", "transfer", "ship", "send")
        if c.cue not in _ACQUIRE | CONTRACT_NOUNS and not transfer_of_a_sale or c.negated:
            continue
        buyer, seller = c.receiver, c.giver
        if buyer is None:
            continue
        price = _price_in(parsed, c.sentence)
        if (c.cue in CONTRACT_NOUNS or transfer_of_a_sale) and price is None:
            continue
        if any(e.sentence == c.sentence and e.cue == "pay" for e in cues):
            continue
        if price is not None and (price[1] < (c.item_start or 0) or price[2] > (c.item_end or 0)):
            out.append(ExchangeCue(c.sentence, "price", buyer, seller, price[0], price[1], price[2], False))
        elif seller is not None and kinds.get(buyer) == kinds.get(seller) == "company" and c.cue in (
                "acquire", "acquisition", "takeover", "purchase", "buy"):
            phrase = _purchase_phrase(parsed, c)
            if phrase is None:
                out.append(ExchangeCue(c.sentence, "price", buyer, seller, None, None, None, False))
            else:
                out.append(ExchangeCue(c.sentence, "price", buyer, seller, *phrase, False))
    return out


def _purchase_phrase(parsed: Parsed, cue: ExchangeCue) -> tuple[str, int, int] | None:
    """The words that say the buyer buys, when no price is given: from the purchase word to the end of what is
    bought ("acquisition of Arm Ltd.", "agreed to acquire Greenbriar's shops"), within the cue's sentence."""
    if cue.item_end is None:
        return None
    base = parsed.bases[cue.sentence - 1]
    words = [t for t in parsed.spans[cue.sentence - 1] if t.lemma_.lower() == cue.cue
             and base + t.idx < cue.item_end]
    if not words:
        return None
    start = base + words[-1].idx
    start = min(start, cue.item_start) if cue.item_start is not None else start
    return parsed.text[start:cue.item_end], start, cue.item_end
