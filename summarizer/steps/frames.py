"""Deal frames: what kind of deal an article reports, found by words in its title and lead, and the category
of what its supplier gives.

A frame only names a category: an item whose own words name none ("the package", "what was agreed") takes its
frame's category (people in a prisoner swap, political commitments in a ceasefire or trade agreement, the
company in an acquisition, weapons in an arms deal, energy in an energy deal). A frame never makes a term or an
item: those come from a sentence that states the transfer (``terms.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEAD_SENTENCES = 3  # the title and the first sentences of the body


@dataclass(frozen=True)
class Frame:
    """One kind of deal: the words that signal it and the category its supplier gives."""

    name: str
    words: re.Pattern[str]
    forward: str  # category the supplier gives (for a mutual deal: each side)
    mutual: bool = False  # both sides give the same kind of thing
    commitment: re.Pattern[str] | None = None  # the words that name a mutual deal's commitment itself


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


# first match wins, in this order
FRAMES: tuple[Frame, ...] = (
    Frame("prisoners", _words(r"prisoners?|hostages?|detainees?|detained|POWs?|captives?|prisoner[- ]swap|release of|"
                              r"released|freed|return of|returns? home|brings? home"),
          "people", mutual=True),
    Frame("ceasefire", _words(r"cease-?fire|truce|armistice|peace (?:deal|agreement|accord|talks|plan)|"
                              r"cessation of hostilities|de-?escalation"), "political", mutual=True,
          commitment=_words(r"cease-?fire|truce|armistice|cessation of hostilities")),
    Frame("acquisition", _words(r"acquire[sd]?|acquisition|merger|merge|takeover|take over|buyout|divest\w*|"
                                r"stake|shares"), "other"),
    Frame("arms", _words(r"arms|weapons?|missiles?|munitions|ammunition|drones?|fighter jets?|F-\d+|tanks|"
                         r"artillery|howitzers?|military (?:aid|assistance|equipment)|security assistance"),
          "weapons"),
    Frame("energy", _words(r"gas|oil|LNG|crude|electricity|power supply|fuel|uranium|coal|pipeline"), "energy"),
    Frame("trade", _words(r"trade (?:deal|agreement|accord|pact|talks|negotiations)|free[- ]trade|tariffs?|FTA"),
          "political", mutual=True,
          commitment=_words(r"(?:free[- ])?trade (?:deal|agreement|accord|pact)|agreement on (?:reciprocal )?trade")),
)


def find_frame(sentences: list[str]) -> Frame | None:
    """The frame whose words occur in the lead (title first), else in the whole text; None when none does."""
    lead = " ".join(sentences[:LEAD_SENTENCES])
    for text in (lead, " ".join(sentences)):
        for frame in FRAMES:
            if frame.words.search(text):
                return frame
    return None
