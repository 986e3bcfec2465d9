"""Deal frames: what kind of deal an article reports, found by words in its title and lead, and what each
kind of deal moves between its two sides.

A 0.5B model labels almost every item "weapons"; the kind of deal says more. A prisoner swap moves people
both ways, a ceasefire or trade agreement political commitments both ways, an acquisition money one way and
a company the other, an arms or energy deal goods from a supplier (and money back when it is a sale). The
frame is found by code; the model only answers which side supplies, when the cues do not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEAD_SENTENCES = 3  # the title and the first sentences of the body


@dataclass(frozen=True)
class Frame:
    """One kind of deal: the words that signal it and the terms it implies."""

    name: str
    words: re.Pattern[str]
    forward: str  # category the supplier gives (for a mutual deal: each side)
    back: str  # category given in return
    mutual: bool = False  # both sides give the same kind of thing: there is no supplier to find
    sale: re.Pattern[str] | None = None  # a one-way deal is paid for (``back`` given) only where these occur;
    # None: always paid for
    item: str = ""  # what the supplier's item is called when no cue names it
    back_item: str = ""


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


_SALE = _words(r"sale|sales|sell|sells|sold|buy|buys|bought|purchase|purchases|purchased|price|paid|pay|pays|"
               r"payment|payments")  # a sum alone ("$820 million in security assistance") is a value, not a price

# first match wins, in this order
FRAMES: tuple[Frame, ...] = (
    Frame("prisoners", _words(r"prisoners?|hostages?|detainees?|POWs?|captives?|prisoner[- ]swap|release of"),
          "people", "people", mutual=True, item="prisoners", back_item="prisoners"),
    Frame("ceasefire", _words(r"cease-?fire|truce|armistice|peace (?:deal|agreement|accord|talks|plan)|"
                              r"peace|de-?escalation"), "political", "political", mutual=True,
          item="a halt to hostilities", back_item="a halt to hostilities"),
    Frame("acquisition", _words(r"acquire[sd]?|acquisition|merger|merge|takeover|take over|buyout|divest\w*|"
                                r"stake|shares"), "other", "money", item="the company", back_item="payment"),
    Frame("arms", _words(r"arms|weapons?|missiles?|munitions|ammunition|drones?|fighter jets?|F-\d+|tanks|"
                         r"artillery|howitzers?|military (?:aid|assistance|equipment)|security assistance"),
          "weapons", "money", sale=_SALE, item="weapons", back_item="payment"),
    Frame("energy", _words(r"gas|oil|LNG|crude|electricity|power supply|fuel|uranium|coal|pipeline"),
          "energy", "money", sale=_SALE, item="energy", back_item="payment"),
    Frame("trade", _words(r"trade (?:deal|agreement|accord|pact|talks|negotiations)|free[- ]trade|tariffs?|FTA"),
          "political", "political", mutual=True, item="trade concessions", back_item="trade concessions"),
)


def find_frame(sentences: list[str]) -> Frame | None:
    """The frame whose words occur in the lead (title first), else in the whole text; None when none does."""
    lead = " ".join(sentences[:LEAD_SENTENCES])
    for text in (lead, " ".join(sentences)):
        for frame in FRAMES:
            if frame.words.search(text):
                return frame
    return None


def paid_for(frame: Frame, sentences: list[str]) -> bool:
    """Whether the receiver gives ``frame.back`` in return: always for a mutual deal or one without sale
    words, else when sale words occur in the lead."""
    return frame.mutual or frame.sale is None or bool(frame.sale.search(" ".join(sentences[:LEAD_SENTENCES])))
