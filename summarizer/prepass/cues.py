"""Status cues (words that point at one deal status) and hedges (words that weaken a claim), per sentence.

Lemmas with a little context: a negated verb gives no cue ("had not been agreed"), a modal or "to" before an
implementation verb turns it into no cue (the modal itself counts as proposed), and "withdraw" and "suspend"
count as collapse only with a deal word nearby. The words are data
(``summarizer/data/status_cues.json``); the grammar around them is code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Hedge, StatusCue, StatusLabel

_DATA = json.loads((Path(__file__).resolve().parent.parent / "data" / "status_cues.json").read_text(encoding="utf-8"))


def _words(key: str) -> frozenset[str]:
    return frozenset(_DATA[key])


# lemma -> status, for single words; (POS restriction or None).
WORD_STATUS: dict[str, tuple[StatusLabel, tuple[str, ...] | None]] = {
    lemma: (status, tuple(pos) if pos else None) for lemma, (status, pos) in _DATA["words"]["table"].items()}
# verb lemma + particle -> status ("broke down", "fell through", "called off", "handed over", "took place").
PHRASAL: dict[tuple[str, str], StatusLabel] = {(verb, part): status for verb, part, status in _DATA["phrasal"]["table"]}
DEAL_WORDS = _words("deal_words")
REJECT_OBJECTS = _words("reject_objects")
HEDGE_WORDS = _words("hedge_words")
_MODALS = _words("modals")
WEAK_WORDS = _words("weak_words")
_TRANSFER_NOUNS = _words("transfer_nouns")  # a title's "Release of ...": done
_FUTURE_HEADS = _words("future_heads")  # "plans to sign", "due to begin": not yet done
_DONE_MODIFIERS = _words("done_modifiers")  # a participle before a noun that says the act is done
_TRUCES = _words("truces")  # "the cease-fire holds"
_REACHED = _words("reached")  # what is reached or struck: "agreement reached", "struck a deal"
_CLOSED = _words("closed")  # what is closed: "closed the acquisition"
_DOCUMENTS = _words("documents")  # what is released without a deal: a statement, a report
_ANNOUNCED = DEAL_WORDS | _words("announced")  # what is announced when a deal is
_TRANSFER_VERBS = _words("transfer_verbs")  # "announced that it will provide ..."
_NEED_A_DEAL = _words("need_a_deal")  # cues only with a deal word nearby: "withdrew from the deal"


def _describes(tok: Any, status: str) -> bool:
    """'the proposed acquisition', 'a planned merger': a participle that names the deal rather than says
    where it stands (news calls a deal 'proposed' long after it collapsed)."""
    return status == "proposed" and tok.dep_ == "amod"


def _negated(tok: Any) -> bool:
    """'had not been agreed', 'neither confirm nor deny', 'refused to sign'."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ("refuse", "decline", "fail", "reject"):
        return True
    head = tok.head
    if tok.dep_ in ("xcomp", "aux", "auxpass") and head is not tok and any(c.dep_ == "neg" for c in head.children):
        return True
    return any(c.lower_ in ("neither", "nor") for c in tok.children) or (
        tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("nor", "neither"))


def _future(tok: Any) -> bool:
    """'would be flown', 'could fall apart', 'due to begin', 'hopes to sign', a headline's 'Shalit to be
    exchanged': not (yet) done."""
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS for c in tok.children):
        return True
    if tok.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and any(c.lower_ == "to" for c in tok.children):
        return True  # "is to be released"
    return tok.dep_ in ("xcomp", "acl", "ccomp") and tok.head is not tok and tok.head.lemma_.lower() in _FUTURE_HEADS and any(
        c.lower_ == "to" for c in tok.children)


def _headline_plan(tok: Any) -> bool:
    """A headline's infinitive of a transfer: 'US to sell bombs to Saudi Arabia' (planned, not done)."""
    return (tok.dep_ == "ROOT" and tok.lemma_.lower() in _TRANSFER_VERBS and not _negated(tok)
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children))


def _a_handover(tok: Any) -> bool:
    """A handover noun with what is handed over: 'the transfer of two detainees', 'Release of ...'."""
    return tok.lower_ in _TRANSFER_NOUNS and any(c.lower_ == "of" for c in tok.children)


def _announces_a_handover(tok: Any) -> bool:
    """'announced the transfer of two detainees': what is announced is a handover of something (done)."""
    return any(c.dep_ == "dobj" and _a_handover(c) for c in tok.children)


def _announces_a_deal(tok: Any) -> bool:
    """'announced $820 million in security assistance', 'announced a trade deal', 'announced that it will provide
    ...', 'authorized an exchange': what is announced is a deal or a transfer."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in _ANNOUNCED or any(
                t.lemma_.lower() in _ANNOUNCED for t in c.subtree if t.dep_ in ("compound", "pobj", "amod"))):
            return True
        if c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() in _TRANSFER_VERBS:
            return True
    return False


def _deal_nearby(tok: Any) -> bool:
    near = [t for t in tok.subtree] + list(tok.head.subtree if tok.dep_ == "xcomp" else [])
    return any(t.lower_ in DEAL_WORDS or t.lemma_.lower() in DEAL_WORDS for t in near if t is not tok)


def status_cues(parsed: Parsed) -> list[StatusCue]:
    """Status cues of every sentence, in reading order."""
    out: list[StatusCue] = []
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        for tok in span:
            cue = _cue(tok, sent.number == 1)
            if cue is None:
                continue
            status, last = cue
            first = min(tok, last, key=lambda t: t.i)
            last = max(tok, last, key=lambda t: t.i)
            start, _ = parsed.offset(sent.number, first)
            _, end = parsed.offset(sent.number, last)
            out.append(StatusCue(sent.number, status, parsed.text[start:end], start, end,
                                 tok.lower_ in WEAK_WORDS or _describes(tok, status)))
        out.extend(_phrases(parsed, sent.number, span))
    out.sort(key=lambda c: (c.sentence, c.start))
    return out


def _cue(tok: Any, title: bool = False) -> tuple[StatusLabel, Any] | None:
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if low == "talks":
        lemma = "talks"
    if tok.pos_ == "PROPN" and low in ("talks", "negotiations"):  # "Syrian Peace Talks on Hold" (title case)
        return "negotiating", tok
    if title and tok.pos_ in ("NOUN", "PROPN") and _a_handover(tok):  # "Release of Wrongfully Detained Americans"
        return "implemented", tok
    if (lemma, _particle(tok)) in PHRASAL:
        return None  # handled as a phrase
    if lemma in ("reject", "dismiss") and not any(t.lower_ in REJECT_OBJECTS for t in tok.subtree if t is not tok):
        return None if lemma == "reject" else None
    if lemma == "reject":
        return None if _negated(tok) else ("denied", tok)
    if low in _DONE_MODIFIERS and tok.dep_ == "amod" and not _negated(tok):
        return "implemented", tok  # "the completed acquisition", "a freed hostage" (tagged a participle or adjective)
    if title and _headline_plan(tok):
        return "proposed", tok  # "US to sell precision-guided bombs to Saudi Arabia"
    entry = WORD_STATUS.get(lemma) or WORD_STATUS.get(low)
    if entry is None:
        return _special(tok)
    status, pos = entry
    if pos is not None and tok.pos_ not in pos and not (tok.pos_ == "AUX" and "VERB" in pos):
        return None
    if low in ("would", "could", "may", "might") and tok.tag_ != "MD":
        return None
    if lemma == "release" and any(c.lower_ == "press" for c in tok.children):
        return None
    if lemma == "release" and any(c.dep_ in ("dobj", "nsubjpass", "nsubj") and c.lemma_.lower() in _DOCUMENTS
                                  for c in tok.children):
        return None  # a statement, a report or a plan released: no deal carried out
    if _negated(tok):
        return None
    if status == "implemented" and (_future(tok) or tok.dep_ in ("amod", "compound")):
        return None  # "would be delivered", "due to begin", "shipping documents"
    if status in ("agreed", "collapsed") and _future(tok) and lemma not in ("agree",):
        return None  # "could be signed", "could fall apart", "hopes to finalise"
    if lemma in _NEED_A_DEAL and not _deal_nearby(tok):
        return None
    if lemma == "deliver" and not any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children):
        return None  # "delivering for American workers": nothing delivered
    if lemma == "announce" and tok.tag_ == "VBD" and _announces_a_handover(tok):
        return "implemented", tok  # "announced today the transfer of two detainees", "the release of two nationals"
    if lemma in ("announce", "authorize", "authorise", "adopt", "welcome") and not _announces_a_deal(tok):
        return None  # "announced sanctions", "adopted a resolution": no deal agreed
    if lemma == "agree" and tok.dep_ == "amod":
        return None
    if status == "agreed" and _approves_a_possibility(tok):
        return "proposed", tok  # "a determination approving a possible Foreign Military Sale"
    return status, tok


def _approves_a_possibility(tok: Any) -> bool:
    """What is agreed or approved is itself only possible: 'approving a possible sale', 'agreed a potential deal'."""
    return any(c.dep_ in ("dobj", "nsubjpass") and any(a.dep_ == "amod" and a.lower_ in WEAK_WORDS for a in c.children)
               for c in tok.children)


def _special(tok: Any) -> tuple[StatusLabel, Any] | None:
    """'agreement reached', 'deal struck', 'in effect', 'closed the acquisition'."""
    lemma = tok.lemma_.lower()
    if lemma in ("hold", "take") and tok.pos_ == "VERB" and not _negated(tok) and not _future(tok) and (
            lemma == "hold" and any(c.dep_ == "nsubj" and c.lemma_.lower() in _TRUCES for c in tok.children)
            or lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "hold" for c in tok.children)):
        return "implemented", tok  # "the cease-fire holds", "Ceasefire Takes Hold"
    if lemma in ("reach", "strike") and not _negated(tok) and not _future(tok):
        if any(t.lemma_.lower() in _REACHED for t in tok.subtree if t is not tok) or tok.head.lemma_.lower() in ("deal", "agreement"):
            return "agreed", tok
    if lemma == "close" and tok.pos_ == "VERB" and not _negated(tok) and not _future(tok):
        if any(t.dep_ == "dobj" and t.lemma_.lower() in _CLOSED for t in tok.children):
            return "implemented", tok
    if tok.lower_ == "in" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "effect":
        return "implemented", tok.doc[tok.i + 1]
    if tok.lower_ == "no" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "such":
        return "denied", tok.doc[tok.i + 1]
    if tok.lower_ in ("near", "nears", "neared", "nearing") and not _negated(tok) and (
            tok.head.lemma_.lower() in DEAL_WORDS and tok.dep_ == "amod" or any(
            c.dep_ in ("dobj", "pobj", "npadvmod") and c.lemma_.lower() in DEAL_WORDS for c in tok.children)):
        return "negotiating", tok  # "Washington, Kyiv near deal", "nearing an agreement"
    if lemma == "return" and tok.pos_ == "VERB" and not _negated(tok) and not _future(tok):
        home = next((c for c in tok.children if c.lower_ == "home" and c.dep_ in ("advmod", "npadvmod", "dobj")), None)
        if home is not None:
            return "implemented", home  # "returned home", "those returning home today"
    if tok.lower_ == "way" and tok.head.lower_ == "on" and any(c.lower_ in ("back", "home") for c in tok.children):
        back = next(c for c in tok.children if c.lower_ in ("back", "home"))
        return "implemented", back  # "are now on their way back"
    if lemma == "secure" and tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBN") and not _negated(tok) and not _future(
            tok) and any(c.dep_ == "dobj" and c.lemma_.lower() in ("release", "freedom") for c in tok.children):
        return "implemented", tok  # "we have secured the release of dozens of Americans"
    return None


def _particle(tok: Any) -> str:
    for c in tok.children:
        if c.dep_ == "prt" or c.dep_ == "dobj" and c.lower_ == "place" or c.dep_ == "advmod" and c.lower_ in (
                "through", "apart", "down"):
            return c.lower_
    return ""


def _phrases(parsed: Parsed, number: int, span: Any) -> list[StatusCue]:
    out = []
    for tok in span:
        prt = _particle(tok)
        status = PHRASAL.get((tok.lemma_.lower(), prt))
        if status is None or _negated(tok) or _future(tok):
            continue
        part = next(c for c in tok.children if c.lower_ == prt)
        first, last = (tok, part) if tok.i < part.i else (part, tok)
        start, _ = parsed.offset(number, first)
        _, end = parsed.offset(number, last)
        out.append(StatusCue(number, status, parsed.text[start:end], start, end))
    return out


def hedges(parsed: Parsed) -> list[Hedge]:
    """Hedge words of every sentence: allegedly, reportedly, unconfirmed, likely, may, could, 'is believed to',
    'said to', 'according to reports', ..."""
    out: list[Hedge] = []
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        for tok in span:
            low = tok.lower_
            last = tok
            hit = low in HEDGE_WORDS and not (low == "may" and tok.tag_ != "MD")
            if not hit and tok.lemma_.lower() in ("believe", "say", "think") and tok.tag_ == "VBN" and any(
                    c.dep_ == "auxpass" for c in tok.children) and any(c.dep_ == "xcomp" for c in tok.children):
                hit = True  # "is believed to", "is said to"
            if not hit and low == "according" and tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 2].lower_ in (
                    "reports", "sources", "rumours", "rumors"):
                hit, last = True, tok.doc[tok.i + 2]
            if not hit and tok.lemma_.lower() == "claim" and tok.pos_ in ("VERB", "NOUN") and tok.tag_ in (
                    "VBN", "VBD", "NNS", "NN"):
                hit = True
            if hit:
                start, _ = parsed.offset(sent.number, tok)
                _, end = parsed.offset(sent.number, last)
                out.append(Hedge(sent.number, parsed.text[start:end], start, end))
    return out
