"""The voice of a first-person text: the state whose official or government speaks as "we" and "I".

Government statements, remarks and joint declarations are written in the first person: "we are providing
Ukraine with air defense", "my Administration secured his release". Their "we" is a side of the deal more often
than not, and nothing else in the sentence names it. The voice is the state named in the author's office
("U.S. President Joseph R. Biden", "Dutch Prime Minister"), else the state whose government bodies the text
names (a U.S. federal body, "the Russian Defense Ministry"); none when the authors name several states or the
text hardly speaks in the first person (a news report quoting someone's "we").
"""

from __future__ import annotations

import re
from collections import Counter

from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Attribution, Candidate

_FIRST_PERSON = re.compile(r"\b(?:we|our|us|I|my)\b")
MIN_FIRST_PERSON = 2  # first-person words outside quotes before a text counts as written in the first person


def first_person_voice(parsed: Parsed, cands: list[Candidate], attributions: list[Attribution]) -> str | None:
    """The state that speaks as "we" in this text, or None."""
    from summarizer.prepass.attributions import inside, quote_regions
    from summarizer.prepass.parties import body_state, state_of

    regions = quote_regions(parsed)
    spoken = sum(
        1
        for s in parsed.sentences[1:]
        for m in _FIRST_PERSON.finditer(s.text)
        if not inside(regions, s.start + m.start())
    )
    authored = any(a.cue == "author" for a in attributions)
    if spoken < (1 if authored else MIN_FIRST_PERSON):  # a titled statement's author speaks from its first "we"
        return None
    states = {c.name for c in cands if c.kind == "state"}
    named: set[str] = set()
    for a in attributions:
        if a.cue != "author":
            continue
        words = a.affiliation.replace("\u2019s", "").replace("'s", "").split()
        found = next((st for n in (2, 1) for i in range(len(words) - n + 1)
                      if (st := state_of(" ".join(words[i : i + n]))) in states), None)
        if found:
            named.add(found)
    if len(named) > 1:
        return None
    if named:
        return named.pop()
    votes: Counter = Counter()
    for c in cands:
        state = body_state(c, states)
        if state:
            votes[state] += c.count
    return votes.most_common(1)[0][0] if votes else None


# how a first-person text names its own government when it names no state: "our government", "my Administration"
_OWN_GOVERNMENT = re.compile(r"\b(?:our|my) (?:government|administration|country|nation)\b", re.IGNORECASE)


def own_government(parsed: Parsed, cands: list[Candidate]) -> Candidate | None:
    """A party for a first-person text's own government named only as "our government" or "my Administration":
    the phrase as the text first writes it, with a mention at each use (the labels name such a side as written)."""
    from summarizer.prepass.attributions import inside, quote_regions
    from summarizer.prepass.types import Mention

    regions = quote_regions(parsed)
    found = [(s, m) for s in parsed.sentences[1:] for m in _OWN_GOVERNMENT.finditer(s.text)
             if not inside(regions, s.start + m.start())]
    if not found:
        return None
    first = found[0][1].group(0)
    mentions = [Mention(m.group(0), s.start + m.start(), s.start + m.end(), s.number) for s, m in found]
    aliases = sorted({m.group(0) for _, m in found if m.group(0) != first})
    return Candidate(first, "government_body", aliases, mentions, label="VOICE")
