"""The terms of the main deal: evidence or nothing.

A term exists only where a sentence states a transfer: an exchange cue of the pre-pass (a transfer verb with its
giver, receiver and item, "in exchange for", a ceasefire both sides commit to, a concession, a buyer's payment)
or, where the ``gives`` step asks the model, a sentence the model names whose words contain the item it gives.
The item is always words of that sentence (a span the pre-pass located, or the model's words found in it), and
the sentence is the term's evidence. A kind of deal (``frames.py``) may say which category an item has when its
own words name none; it never makes a term or an item.

Each direction of the main deal gets one term per category, the lead's cues first (a later sentence may add a
category the lead does not name, e.g. the payment for an acquisition). Cues between other pairs of candidates are
background deals (family ``background``): ``primary: false``, a few at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.categories import category_from_item
from summarizer.prepass.types import Candidate, ExchangeCue, PrePass
from summarizer.reading_config import ReadingConfig
from summarizer.steps.frames import Frame
from summarizer.steps.lead import in_lead, lead_numbers

MAX_CATEGORIES_PER_DIRECTION = 5
MAX_BACKGROUND_TERMS = 3
MAX_ITEM_WORDS = 16


@dataclass(frozen=True)
class Given:
    """One term: who gives what to whom, the sentence that says it, and how it was found."""

    giver: str
    receiver: str
    category: str
    item: str
    sentence: int
    primary: bool = True
    how: str = ""  # "cue:<lemma>" or "model:gives"; the category's source after a "/"


def category_of(cue: ExchangeCue, frame: Frame | None, config: ReadingConfig) -> tuple[str, str]:
    """The category of a cue's item and where it came from: the item's own words, else the cue (a price is
    money, a ceasefire a political commitment), else the kind of deal, else "other"."""
    item = _goods_of(cue.item or "")
    named = category_from_item(item)
    if named:
        return named, "item words"
    if cue.cue == "price":
        return "money", "a price"
    if cue.cue in ("ceasefire", "if", "concession"):
        return "political", "a commitment"
    if frame is not None and config.on("frames"):
        return frame.forward, f"kind of deal: {frame.name}"
    return "other", "no category named"


# "$17 billion of American agricultural products", "over $300 million in raw materials": the goods, not the money
_VALUE_OF = re.compile(
    r"^(?:(?:at least|more than|over|up to|nearly|about|some|approximately|roughly)\s+)?[$\u20ac\u00a3]?\s?[\d.,]+\s*"
    r"(?:thousand|million|billion|trillion|bn|m)?(?:\s+(?:dollars|euros|pounds))?\s+(?:worth\s+)?(?:of|in)\s+(.+)$",
    re.IGNORECASE,
)


def _goods_of(item: str) -> str:
    """The goods an item names after its value ("$17 billion of American agricultural products" -> "American
    agricultural products"); the item itself when it names no value."""
    m = _VALUE_OF.match(item.strip())
    return m.group(1) if m else item


def _trim(item: str) -> str:
    words = item.split()
    return item if len(words) <= MAX_ITEM_WORDS else " ".join(words[:MAX_ITEM_WORDS])


# an item made only of quantifiers and pronouns names nothing ("most of which")
_EMPTY_ITEM = re.compile(r"^(?:(?:most|some|all|many|much|each|both|any|none|of|which|that|these|those|them|it|its|"
                         r"the|a|an)\b\s*)+$", re.IGNORECASE)


def stated(pre: PrePass, cue: ExchangeCue, open_side: bool = False) -> bool:
    """Whether a cue can be a term: not negated, both sides named (one may be open when ``open_side``), and its
    item words of its sentence that name something."""
    if cue.negated or not cue.item or _EMPTY_ITEM.match(cue.item) or cue.giver is not None and cue.giver == cue.receiver:
        return False
    if not (cue.giver and cue.receiver) and not (open_side and (cue.giver or cue.receiver)):
        return False
    return whole_words_in(cue.item, pre.sentence(cue.sentence).text)


def whole_words_in(item: str, text: str) -> bool:
    """Whether ``item`` occurs in ``text`` as whole words ("tech" is not a word of "high-tech imports")."""
    return re.search(rf"(?<![\w'\u2019-]){re.escape(item)}(?![\w'\u2019-])", text) is not None


def _in_direction(cue: ExchangeCue, giver: str, receiver: str, config: ReadingConfig) -> bool:
    """A cue from ``giver`` to ``receiver``; with the ``cues.fill`` family also one that names only one of them,
    its other side open: in the main deal, the other side is the deal's other side."""
    if (cue.giver, cue.receiver) == (giver, receiver):
        return True
    return config.on("cues.fill") and not cue.named_open_side and (
        (cue.giver, cue.receiver) == (giver, None) or (cue.giver, cue.receiver) == (None, receiver)
    )


def direction_terms(
    pre: PrePass, giver: Candidate, receiver: Candidate, frame: Frame | None, config: ReadingConfig
) -> list[Given]:
    """The terms of one direction from the cues that state it: one per category, lead cues first (cues with
    both sides named before those with one side open)."""
    cues = [
        e
        for e in pre.exchanges
        if _in_direction(e, giver.name, receiver.name, config) and stated(pre, e, open_side=True)
    ]
    lead_first = config.on("lead")
    cues.sort(key=lambda e: (lead_first and not in_lead(pre, e.sentence), not (e.giver and e.receiver), e.sentence))
    out: list[Given] = []
    for cue in cues:
        category, why = category_of(cue, frame, config)
        if any(g.category == category for g in out):
            continue
        opened = "" if cue.giver and cue.receiver else ", one side open"
        out.append(Given(giver.name, receiver.name, category, _trim(cue.item or ""), cue.sentence, True,
                         f"cue:{cue.cue}{opened}/{why}"))
        if len(out) == MAX_CATEGORIES_PER_DIRECTION:
            break
    return out


def commitment_terms(
    pre: PrePass, sides: tuple[Candidate, Candidate], frame: Frame | None, config: ReadingConfig
) -> list[Given]:
    """A ceasefire or trade agreement both sides commit to, as the lead names it: the first lead sentence that
    names the deal's commitment ("the ceasefire", "a trade deal") and a side of it gives each side's term, the
    commitment's words as the item (family ``frames.mutual``)."""
    if frame is None or frame.commitment is None or not config.on("frames.mutual"):
        return []
    for number in lead_numbers(pre) if config.on("lead") else [s.number for s in pre.sentences]:
        text = pre.sentence(number).text
        found = frame.commitment.search(text)
        if found is None or not any(mentions_side(pre, number, side) for side in sides):
            continue
        item = found.group(0)
        first, second = sides
        return [
            Given(a.name, b.name, frame.forward, item, number, True, f"frames.mutual/kind of deal: {frame.name}")
            for a, b in ((first, second), (second, first))
        ]
    return []


def background_terms(
    pre: PrePass, sides: tuple[Candidate, Candidate], frame: Frame | None, config: ReadingConfig
) -> list[Given]:
    """Terms of other deals the text states between other pairs of candidates (``primary: false``): cues with
    both sides named whose item names its category, outside the lead, at most a few."""
    main = {sides[0].name, sides[1].name}
    out: list[Given] = []
    for cue in pre.exchanges:
        if not stated(pre, cue) or {cue.giver, cue.receiver} == main or in_lead(pre, cue.sentence):
            continue
        category = category_from_item(cue.item or "")
        if category is None or any(
            (g.giver, g.receiver, g.category) == (cue.giver, cue.receiver, category) for g in out
        ):
            continue
        out.append(Given(cue.giver or "", cue.receiver or "", category, _trim(cue.item or ""), cue.sentence, False,
                         f"cue:{cue.cue}/item words"))
        if len(out) == MAX_BACKGROUND_TERMS:
            break
    return out


def locate_item(pre: PrePass, number: int, item: str) -> str | None:
    """The model's item as the words of sentence ``number`` (case aside), or None when they are not there."""
    if not 1 <= number <= len(pre.sentences) or not item.strip():
        return None
    text = pre.sentence(number).text
    wanted = " ".join(item.split()).strip(" .,;:")
    at = text.lower().find(wanted.lower())
    if at < 0 or not wanted or not whole_words_in(text[at : at + len(wanted)], text):
        return None
    return text[at : at + len(wanted)]


def mentions_side(pre: PrePass, number: int, side: Candidate) -> bool:
    """Whether sentence ``number`` names the side (any of its mentions)."""
    return any(m.sentence == number for m in side.mentions)
