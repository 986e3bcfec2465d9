"""The lead: the title and the first sentences of the body, where news and statements name their main deal.

Later paragraphs carry background: earlier sales, a previous ceasefire, concerns, history. So the steps read
the lead first: whether the text reports a deal at all, and which, is decided here; the rest of the text only
fills in what the lead leaves open. This holds for news (the inverted pyramid puts the main claim first) and
for government statements and fact sheets (their title names their subject), which is why it should carry to
texts the rules were not written against.
"""

from __future__ import annotations

import re

from summarizer.prepass.types import PrePass
from summarizer.reading_config import ReadingConfig

LEAD_BODY_SENTENCES = 2  # body sentences after the title that belong to the lead
# a transcript opens with greetings and thanks before its subject: its lead is longer
LEAD_BODY_SENTENCES_TRANSCRIPT = 6

# words that name a deal in the lead (a transfer verb counts through its exchange cue, see deal_in_lead)
DEAL_WORDS = re.compile(
    r"\b(deals?|agreements?|accords?|pacts?|treaty|treaties|swaps?|prisoner exchanges?|exchange of prisoners|"
    r"exchanges?(?! (?:of )?(?:fire|gunfire|shots|blows|insults|accusations|views|ideas|rates?))|"
    r"cease-?fires?|truces?|armistice|cessation of hostilities|contracts?|acquisitions?|mergers?|takeovers?|"
    r"purchases?|sales?|deliveries|shipments?|releases?|released|freed|frees|return of|returns? home|barter|"
    r"package|memorandum of understanding|framework|"
    r"arms (?:deals?|sales?|packages?|shipments?|transfers?)(?! (?:strategy|policy|policies|control))|"
    r"security assistance|talks|negotiat(?:e|es|ed|ing|ions?)|arrangements?|declaration|"
    r"brib(?:e|es|ed|ery|ing))\b",
    re.IGNORECASE,
)
# a deal word the lead qualifies as one-sided, or a release that was a rescue: no deal between two sides
ONE_SIDED = re.compile(r"\b(?:unilateral(?:ly)?|one-sided|rescued|rescue operation|military operation)\b",
                       re.IGNORECASE)
# what a transfer in the lead must move, when only one side of it is named, to count as a deal
TANGIBLE = frozenset({"weapons", "munitions", "military_equipment", "aircraft", "energy", "food", "money",
                      "people", "raw_materials", "technology"})


# a line that only names who speaks next in a transcript ("THE PRESIDENT:"), or a paragraph that opens with it
_SPEAKER_LINE = re.compile(r"^[A-Z][A-Z.' \-]{0,60}:$")
# the title of a transcript: remarks, a briefing, a press call, an interview
_TRANSCRIPT_TITLE = re.compile(r"^(?:remarks|press briefing|press gaggle|background press call|on-the-record press "
                               r"call|press call|interview|transcript)\b|\bpress call\b|\bremarks by\b", re.I)


def lead_numbers(pre: PrePass) -> list[int]:
    """Sentence numbers of the lead: the title and the first body sentences that are not headings or a
    transcript's speaker labels."""
    body = [s.number for s in pre.sentences[1:] if not s.heading and not _SPEAKER_LINE.match(s.text)]
    transcript = bool(pre.sentences) and _TRANSCRIPT_TITLE.search(pre.sentences[0].text) is not None
    size = LEAD_BODY_SENTENCES_TRANSCRIPT if transcript else LEAD_BODY_SENTENCES
    return [1, *body[:size]] if pre.sentences else []


def in_lead(pre: PrePass, number: int | None) -> bool:
    return number is not None and number in lead_numbers(pre)


def deal_in_lead(pre: PrePass) -> bool:
    """Whether the title or the lead names a deal: an exchange cue between two candidates, or with one side named
    moving something tangible (weapons, energy, people, money, ...), or a deal word; not when the lead calls it
    one-sided or a rescue."""
    from summarizer.categories import category_from_item

    lead = set(lead_numbers(pre))
    text = " ".join(s.text for s in pre.sentences if s.number in lead)
    if ONE_SIDED.search(text):
        return False
    for e in pre.exchanges:
        if e.sentence not in lead or e.negated:
            continue
        if e.giver and e.receiver or (e.giver or e.receiver) and category_from_item(e.item or "") in TANGIBLE:
            return True
    return bool(DEAL_WORDS.search(text))


def deal_anywhere(pre: PrePass) -> bool:
    """Whether any sentence names a deal (the reading without the lead family)."""
    if any(not e.negated for e in pre.exchanges):
        return True
    return any(DEAL_WORDS.search(s.text) for s in pre.sentences if not s.heading or s.number == 1)


def reports_a_deal(pre: PrePass, config: ReadingConfig) -> bool:
    """Whether the text reports a deal: named in the lead (or anywhere, with the lead family off)."""
    return deal_in_lead(pre) if config.on("lead") else deal_anywhere(pre)


def weight(pre: PrePass, number: int, config: ReadingConfig) -> float:
    """How much a sentence counts in deciding the main deal: the title most, then the lead, then the rest."""
    if not config.on("lead"):
        return 1.0
    if number == 1:
        return 4.0
    return 2.0 if in_lead(pre, number) else 0.25
