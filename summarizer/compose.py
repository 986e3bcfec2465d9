"""Headline and summary written from the facts of a summary: pure code, never cut mid-word."""

from __future__ import annotations

from summarizer.schema import Party, Source, Term

HEADLINE_CHARS = 120
SUMMARY_CHARS = 600

STATUS_PHRASES = {
    "proposed": "a proposed deal",
    "negotiating": "a deal under negotiation",
    "agreed": "an agreed deal",
    "implemented": "a deal carried out",
    "collapsed": "a collapsed deal",
    "denied": "a denied deal",
    "unclear": "a deal of unclear status",
}
_VERBS = {
    "proposed": "would give",
    "negotiating": "would give",
    "agreed": "is to give",
    "implemented": "gave",
    "collapsed": "was to give",
    "denied": "is said to give",
    "unclear": "gives",
}


def fit(text: str, limit: int) -> str:
    """``text`` if it fits ``limit`` characters, else cut at the last whole word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-— ")
    return cut + "…"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def compose_headline(parties: list[Party], terms: list[Term], status: str) -> str:
    """'Russia and North Korea: a proposed deal, food for munitions' or 'No deal reported'."""
    if len(parties) < 2:
        return "No deal reported"
    head = f"{_join([p.name for p in parties[:2]])}: {STATUS_PHRASES[status]}"
    primary = [t for t in terms if t.primary]
    back = next((t for t in primary if primary and t.giver != primary[0].giver), None)
    if back is not None:
        with_items = f"{head}, {primary[0].item} for {back.item}"
    elif primary:
        with_items = f"{head}: {primary[0].item} from {primary[0].giver} to {primary[0].receiver}"
    else:
        with_items = head
    return with_items if len(with_items) <= HEADLINE_CHARS else fit(head, HEADLINE_CHARS)


def compose_summary(
    parties: list[Party], terms: list[Term], sources: list[Source], status: str, strength: str
) -> str:
    """A short paragraph: the deal and its status, who gives what, who says so, how strong the evidence is."""
    if len(parties) < 2:
        text = "The article reports no deal between identifiable parties."
        if sources:
            text += f" It cites {_join([s.name for s in sources[:4]])}."
        return fit(text, SUMMARY_CHARS)
    sentences = [f"The article reports {STATUS_PHRASES[status]} between {_join([p.name for p in parties])}."]
    verb = _VERBS[status]
    for term in terms:
        label = term.category.replace("_", " ")
        kind = "" if term.item.lower() == label else f" ({label})"
        sentences.append(f"{term.giver} {verb} {term.receiver} {term.item}{kind}.")
    named = [s for s in sources if s.on_record][:3]
    unnamed = [s for s in sources if not s.on_record]
    if named:
        sentences.append(f"Sources on the record: {_join([s.name for s in named])}.")
    if unnamed:
        sentences.append(f"Unnamed sources: {len(unnamed)}.")
    sentences.append(f"Evidence: {strength.replace('_', ' ')}.")
    out = ""
    for sentence in sentences:  # whole sentences only
        if len(out) + len(sentence) + 1 > SUMMARY_CHARS:
            break
        out = f"{out} {sentence}".strip()
    return out
