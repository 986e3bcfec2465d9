"""The lead: the title and the first sentences of the body, where news and statements name their main deal.

The labelling rules define the main deal as the one the title and the lead report (seeds/LABELLING.md), so the
features say where each phrase stands against the lead, and the decisions learn how much that counts. A transcript
opens with greetings and thanks before its subject, so its lead is longer.
"""

from __future__ import annotations

import re

from summarizer.prepass.types import PrePass

LEAD_BODY_SENTENCES = 2  # body sentences after the title that belong to the lead
LEAD_BODY_SENTENCES_TRANSCRIPT = 6
# a line that only names who speaks next in a transcript ("THE PRESIDENT:")
SPEAKER_LINE = re.compile(r"^[A-Z][A-Z.' \-]{0,60}:$")
# the title of a transcript: remarks, a briefing, a press call, an interview
TRANSCRIPT_TITLE = re.compile(r"^(?:remarks|press briefing|press gaggle|background press call|on-the-record press "
                              r"call|press call|interview|transcript)\b|\bpress call\b|\bremarks by\b", re.I)


def is_transcript(pre: PrePass) -> bool:
    """Whether the title says the text is remarks, a briefing or a press call."""
    return bool(pre.sentences) and TRANSCRIPT_TITLE.search(pre.sentences[0].text) is not None


def lead_numbers(pre: PrePass) -> list[int]:
    """Sentence numbers of the lead: the title and the first body sentences that are not headings or a
    transcript's speaker labels."""
    body = [s.number for s in pre.sentences[1:] if not s.heading and not SPEAKER_LINE.match(s.text)]
    size = LEAD_BODY_SENTENCES_TRANSCRIPT if is_transcript(pre) else LEAD_BODY_SENTENCES
    return [1, *body[:size]] if pre.sentences else []
