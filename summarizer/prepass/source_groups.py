"""Attributions collapsed to one entry per distinct source, with the sentences that support it."""

from __future__ import annotations

from summarizer.prepass.types import Attribution, PrePass, SourceGroup, lookup_key

_ANAPHORIC = ("the ", "one of ", "neither ", "both ", "another ", "each of ", "two of ", "some of ", "one ", "a second ",
              "a third ", "this ", "that ")


def _head(speaker: str) -> str:
    """The last word of the speaker's noun phrase before any "of/in/at/with/familiar" tail: 'officials'."""
    words = lookup_key(speaker).split()
    if len(words) > 2 and words[1] == "of":  # "one of the traders"
        words = words[2:]
    if words and words[0] == "the":
        words = words[1:]
    for i, w in enumerate(words):
        if w in ("of", "in", "at", "with", "from", "familiar", "close", "who", "involved", "briefed", "for") and i:
            words = words[:i]
            break
    head = words[-1] if words else ""
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def sources(pre: PrePass) -> list[SourceGroup]:
    """One :class:`SourceGroup` per distinct source, in order of first attribution. Named sources merge by
    candidate (or folded name); unnamed ones ("the traders", "one of the officials") join the earlier group
    with the same head noun, a fresh indefinite mention ("a government source") starting its own."""
    groups: list[dict] = []
    for a in pre.attributions:
        target = _match(groups, a)
        if target is None:
            groups.append({"attrs": [a], "key": _key(a)})
        else:
            target["attrs"].append(a)
    return [_collapse(g["attrs"]) for g in _merge_prefixes(groups)]


def _merge_prefixes(groups: list[dict]) -> list[dict]:
    """'Coordination Headquarters' joins 'Coordination Headquarters for the Treatment of Prisoners of War'."""
    out: list[dict] = []
    for g in groups:
        first = g["attrs"][0]
        words = lookup_key(first.speaker).split()
        target = None
        if first.kind not in ("anonymous", "document") and not first.candidate:
            for h in out:
                other = h["attrs"][0]
                o_words = lookup_key(other.speaker).split()
                if other.kind == first.kind and not other.candidate and len(o_words) != len(words) and (
                        o_words[: len(words)] == words or words[: len(o_words)] == o_words):
                    target = h
                    break
        if target is None and first.kind not in ("anonymous", "document"):
            target = next((h for h in out if _surname_pair(h["attrs"][0], first)), None)
        if target is None:
            out.append(g)
        else:
            target["attrs"].extend(g["attrs"])
            longest = max(len(b.speaker.split()) for b in target["attrs"])
            target["attrs"].sort(key=lambda a: (len(a.speaker.split()) < longest, a.sentence))
    return out


def _surname_pair(a: Attribution, b: Attribution) -> bool:
    """One named source is the other's surname alone ("Perdue" in the title, "Sonny Perdue" in the body)."""
    if a.kind in ("anonymous", "document") or a.kind != b.kind:
        return False
    x, y = sorted((a.speaker.split(), b.speaker.split()), key=len)
    return len(x) == 1 and len(y) >= 2 and x[0][:1].isupper() and lookup_key(x[0]) == lookup_key(y[-1])


def _key(a: Attribution) -> str:
    return lookup_key(a.candidate or a.speaker)


def _match(groups: list[dict], a: Attribution) -> dict | None:
    key = _key(a)
    for g in groups:
        if g["key"] == key:
            return g
    if a.kind not in ("anonymous", "document"):
        return None
    low = a.speaker.lower()
    head = _head(a.speaker)
    same_head = [g for g in reversed(groups) if g["attrs"][0].kind == a.kind and _head(g["attrs"][0].speaker) == head]
    if not same_head:
        return None
    if a.definite or low.startswith(_ANAPHORIC) or len(low.split()) == 1 and a.kind == "anonymous":
        return same_head[0]
    # A fuller indefinite form ("two traders familiar with the talks") after a bare plural ("traders").
    return same_head[0] if len(same_head[0]["attrs"][0].speaker.split()) == 1 else None


def _collapse(attrs: list[Attribution]) -> SourceGroup:
    named = [a for a in attrs if a.candidate]
    if named:
        name = named[0].candidate or named[0].speaker
    elif len(attrs[0].speaker.split()) >= 2 and attrs[0].kind in ("anonymous", "document"):
        name = attrs[0].speaker
    else:
        name = max((a.speaker for a in attrs), key=lambda s: (len(s.split()), -[a.speaker for a in attrs].index(s)))
    affiliation = next((a.affiliation for a in attrs if a.affiliation), "")
    kinds = [a.kind for a in attrs]
    kind = max(set(kinds), key=lambda k: (kinds.count(k), -kinds.index(k)))
    cues: list[str] = []
    for a in attrs:
        if a.cue not in cues:
            cues.append(a.cue)
    return SourceGroup(
        name=name,
        kind=kind,
        on_record=any(a.on_record for a in attrs),
        affiliation=affiliation,
        candidate=named[0].candidate if named else None,
        sentences=tuple(sorted({a.sentence for a in attrs})),
        cues=tuple(cues),
    )
