"""Attributions: who the article says told it what.

Rules over the dependency parse: a reporting verb and its subject (a conjoined or participle verb shares its
head's subject; a passive takes its "by" agent), "according to X", direct quotes given to the speaker of
their paragraph, unnamed sources, documents and other outlets. A named person's title and affiliation come
from any of their mentions ("White House National Security spokesman John Kirby", "Hyung-Jin Kim of the
Associated Press", "Maryna Kovalchuk, an analyst at ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from summarizer.prepass import lexicon as lx
from summarizer.prepass.parties import candidate_at, state_of
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Attribution, Candidate, SourceKind, lookup_key
from summarizer.reading_config import DEFAULT, ReadingConfig

ALL_TITLES = lx.OFFICIAL_TITLES | lx.EXPERT_TITLES | lx.MEDIA_TITLES
_OWN_OUTLET = re.compile(r"^(this|our) (news agency|newspaper|agency|reporter|outlet|publication|paper)", re.I)
_QUOTE = re.compile(r"\u201c[^\u201d\n]*(?:\u201d|$)|\"[^\"\n]*(?:\"|$)", re.M)
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_ONE_PERSON = frozenset(
    """spokesman spokeswoman spokesperson official source diplomat analyst expert trader resident witness aide
    lawmaker executive officer commander negotiator""".split()
)
_QUANTIFIERS = frozenset("one two three some many several both neither each none most all few".split())
_CUT_DEPS = frozenset({"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "parataxis", "ccomp"})


@dataclass(frozen=True)
class Profile:
    """What the article says about a named person: title words and affiliation."""

    title: str
    affiliation: str
    kind: SourceKind


def quote_regions(parsed: Parsed) -> list[tuple[int, int]]:
    """Article offsets of direct quotes (curly or straight double quotes, within one line)."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(parsed.text)]


def inside(regions: list[tuple[int, int]], offset: int) -> bool:
    return any(a < offset < b for a, b in regions)


def find(parsed: Parsed, cands: list[Candidate], config: ReadingConfig = DEFAULT) -> list[Attribution]:
    """Every attribution in the article, in reading order (headings skipped, the title kept)."""
    regions = quote_regions(parsed)
    profiles = person_profiles(parsed, cands)
    by_name = {c.name: c for c in cands}
    out: list[Attribution] = []
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        if sent.heading:
            continue
        for tok in span:
            start, _ = parsed.offset(sent.number, tok)
            if inside(regions, start):
                continue
            found = None
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                if not config.on("attribution.according"):
                    continue
                to = next(c for c in tok.children if c.lower_ == "to")
                obj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    found = _speaker(parsed, sent.number, obj, "according to", cands, by_name, profiles, out)
            elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lx.REPORTING_VERBS | lx.DOCUMENT_ONLY_VERBS:
                if not config.on("attribution.verbs") or _not_a_report(tok):
                    continue
                if tok.lemma_.lower() in lx.OBJECT_REPORTING and not any(
                        c.dep_ == "dobj" and c.lemma_.lower() in lx.DOCUMENT_NOUNS for c in tok.children):
                    continue
                subj = _subject(tok)
                if subj is not None and subj.lower_ in ("which", "who") and tok.dep_ == "relcl":
                    subj = tok.head.head if tok.head.dep_ == "appos" else tok.head  # "Caspian Insider, a channel
                    # ..., which said"
                if subj is not None:
                    subj = _nearest_named_conj(parsed, sent.number, subj, tok, cands)
                if subj is not None and tok.lemma_.lower() in lx.DOCUMENT_ONLY_VERBS - lx.REPORTING_VERBS and any(
                        a.lemma_.lower() in lx.REPORTING_VERBS and a.pos_ == "VERB" for a in tok.ancestors):
                    subj = None  # "he said the contract showed ...": the document is what was said
                if subj is not None:
                    found = _speaker(parsed, sent.number, subj, tok.lemma_.lower(), cands, by_name, profiles, out)
                    if found is not None and subj.pos_ == "PROPN":  # "The United States and Ukraine said"
                        floor = _clause_start(tok) if subj == _trailing_subject(tok) else 0
                        for conj in [c for c in subj.conjuncts if floor <= c.i < tok.i and c.pos_ == "PROPN"]:
                            also = _speaker(parsed, sent.number, conj, tok.lemma_.lower(), cands, by_name, profiles,
                                            out)
                            if also is not None and also.candidate and also.speaker != found.speaker:
                                out.append(also)
            if found is not None and not any(a.sentence == found.sentence and a.speaker == found.speaker
                                             for a in out):
                out.append(found)
    out = [_named_document(parsed, a) for a in out]
    if config.on("attribution.authors"):
        out.extend(_attributed_to(parsed, cands, out, profiles))
        out.extend(_authors(parsed, cands, profiles))
        out.extend(_speakers(parsed, cands, out))
        out.extend(_issuers(parsed, cands, out))
        out.extend(_actors(parsed, cands, out, profiles))
        out.extend(_listed_speakers(parsed, cands, out, profiles))
    if config.on("attribution.verbs"):
        out.extend(_credits(parsed, cands))
    if not config.on("attribution.documents"):
        out = [a for a in out if a.kind != "document"]
    if config.on("attribution.quotes"):
        out.extend(_colon_quotes(parsed, cands, out, profiles))
        out.extend(_quote_attributions(parsed, regions, out))
    out.sort(key=lambda a: (a.sentence, a.start))
    return out


def _nearest_named_conj(parsed: Parsed, number: int, subj: Any, verb: Any, cands: list[Candidate]) -> Any:
    """A misparsed subject ("soldiers ..., and Ukraine's Coordination Headquarters said"): the conjunct nearest
    before the verb when it, and not the subject, names something."""
    conjs = [t for t in subj.children if t.dep_ == "conj" and t.i < verb.i and t.pos_ == "PROPN"]
    if not conjs or subj.pos_ == "PROPN" or subj.ent_type_:
        return subj
    nearest = max(conjs, key=lambda t: t.i)
    if any(t.pos_ == "VERB" for t in verb.doc[nearest.i + 1 : verb.i]):
        return subj
    return nearest


def _not_a_report(verb: Any) -> bool:
    """Negated ("has not disclosed"), declined ("declined to comment"), a modifier ("photographs he posted") or
    the article's own byline ("VOA's Zlatica Hoke reports.")."""
    if verb.lemma_.lower() in ("report", "write") and len(verb.sent) <= 12 and not any(
            c.dep_ in ("ccomp", "dobj", "xcomp", "nsubjpass", "parataxis") for c in verb.children):
        return True
    if verb.dep_ == "acl" and (_participle_report(verb) or _passive_by(verb)):
        return False
    if any(c.dep_ == "neg" for c in verb.children) or verb.dep_ in ("acl", "amod"):
        return True
    if verb.dep_ == "relcl" and (verb.lemma_.lower() in lx.WEAK_REPORTING or not any(
            c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in verb.children)):
        return True  # "photographs he posted" is no report; "which officials say will be paid" is one
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse", "fail")


def _passive_by(verb: Any) -> bool:
    """'the package announced by Secretary Rice': a past participle on a noun, with its "by" agent."""
    return verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)


def _participle_report(verb: Any) -> bool:
    """'with some government officials claiming (that) ...': a reporting participle on a noun, with a clause."""
    return verb.tag_ == "VBG" and (verb.head.pos_ == "PROPN" or verb.head.lower_ in lx.ANONYMOUS_HEADS) and any(
        c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children) and verb.lemma_.lower() not in lx.WEAK_REPORTING


def _subject(verb: Any) -> Any | None:
    """The verb's subject, the "by" agent of a passive, or the subject of the verb it is conjoined to."""
    if verb.dep_ == "acl" and _participle_report(verb):
        return verb.head
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) > 1 and subjects[0].pos_ == "NOUN" and subjects[1].pos_ == "PROPN" and (
            subjects[1].i == subjects[0].i + 1):
        return subjects[1]  # "the weather agency PAGASA said" parsed as two subjects
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
        if c.dep_ == "nsubjpass":
            agent = next((a for a in verb.children if a.dep_ == "agent"), None)
            obj = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
            return obj
    for c in verb.children:
        if c.dep_ == "agent":
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    trailing = _trailing_subject(verb)
    if trailing is not None:
        return trailing
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "advcl" and verb.tag_ not in ("VBG", "VBN"):
            return None
        return _subject(verb.head)
    return None


_TRAILING_POS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "CCONJ", "PART"})


def _clause_start(verb: Any) -> int:
    """The index of the first token after the last comma before ``verb`` in its sentence."""
    start = verb.i
    while start > verb.sent.start and verb.doc[start - 1].text != ",":
        start -= 1
    return start


def _trailing_subject(verb: Any) -> Any | None:
    """'..., the U.S. Environmental Protection Agency and the Justice Department announced today.': a reporting
    verb that ends the sentence with no subject parsed, after a comma and names alone; the last name."""
    if verb.i == verb.sent.start or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in verb.doc[verb.i + 1 : verb.sent.end]):
        return None
    start = _clause_start(verb)
    words = verb.doc[start : verb.i]
    if start == verb.sent.start or not words or any(t.pos_ not in _TRAILING_POS for t in words):
        return None
    last = verb.doc[verb.i - 1]
    return last if last.pos_ == "PROPN" else None


def phrase_tokens(head: Any) -> list[Any]:
    """The noun phrase of ``head``: its left modifiers and its right prepositional and adjectival
    modifiers up to a comma; appositions, clauses and conjuncts left out."""
    keep = [head]
    for child in head.children:
        if child.dep_ in _CUT_DEPS:
            continue
        if child.i > head.i:
            between = head.doc[head.i + 1 : child.i]
            if any(t.text == "," for t in between):
                continue
        keep.extend(_subtree_cut(child))
    keep.sort(key=lambda t: t.i)
    based = [i for i, t in enumerate(keep) if t.lower_ == "based" and i > 0 and keep[i - 1].text == "-"
             and t.i < head.i]
    if based:  # "the London-based Arms Trace Institute", "UK-based Telegraph"
        keep = keep[based[-1] + 1 :]
    while keep and (keep[0].dep_ in ("det", "punct", "cc", "preconj") or keep[0].is_punct):
        if keep[0].dep_ == "det" and keep[0].lower_ not in ("the", "a", "an"):
            break
        keep.pop(0)
    while keep and keep[-1].is_punct:
        keep.pop()
    return keep


def _subtree_cut(tok: Any) -> list[Any]:
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "parataxis") and c.i > tok.i:
            continue
        out.extend(_subtree_cut(c))
    return out


def _text(parsed: Parsed, number: int, tokens: list[Any]) -> tuple[str, int, int]:
    if not tokens:
        return "", 0, 0
    start, _ = parsed.offset(number, tokens[0])
    _, end = parsed.offset(number, tokens[-1])
    return parsed.text[start:end], start, end


def _speaker(parsed: Parsed, number: int, head: Any, cue: str, cands: list[Candidate],
             by_name: dict[str, Candidate], profiles: dict[str, Profile],
             earlier: list[Attribution]) -> Attribution | None:
    """An attribution whose speaker is the phrase headed by ``head``, or None when the rules cannot say."""
    words = phrase_tokens(head)
    text, start, end = _text(parsed, number, words)
    if not text or _OWN_OUTLET.match(text):
        return None
    quantified = False
    if head.lower_ in _QUANTIFIERS:  # "One of the traders", "two of the officials": the noun after "of" decides
        inner = next((o for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                      if o.dep_ == "pobj"), None)
        if inner is None:
            return None
        head, quantified = inner, True
    head_lower = head.lower_
    if head.pos_ == "PRON":
        if head_lower in ("he", "she"):
            named = _last_person_named(parsed, cands, number, parsed.offset(number, head)[0], cue, profiles)
            if named is not None:
                return named
        return _pronoun(number, head_lower, cue, earlier,
                        _root_subject_body(parsed, number, head, cands) if head_lower == "it" else None)
    if cue in lx.DOCUMENT_ONLY_VERBS - lx.REPORTING_VERBS and head.lemma_.lower() not in lx.DOCUMENT_NOUNS:
        return None
    head_start, head_end = parsed.offset(number, head)
    # A named person: the phrase's head, or an apposition of a title ("Britain's trade minister, Eleanor ...").
    person_tokens = [head, *[t for t in head.subtree if t.dep_ == "appos" and t.i > head.i]]
    for ptok in person_tokens:
        p_start, p_end = parsed.offset(number, ptok)
        name = _candidate_covering(cands, p_start, p_end, {"person"})
        if name:
            mention = _mention_covering(by_name[name], p_start, p_end)
            prof = profiles.get(name, Profile("", "", "other"))
            if prof.affiliation.lower() in ("its", "their"):
                prof = Profile(prof.title, _body_before(cands, number), prof.kind)
            return Attribution(number, name, mention[0], mention[1], cue, prof.kind, True, prof.affiliation, name)
        if ptok.ent_type_ == "PERSON" and _candidate_covering(cands, p_start, p_end, {"government_body"}):
            person = [t for t in (words if ptok is head else [ptok]) if t.ent_type_ == "PERSON" or t.i < ptok.i]
            p_text, p_from, p_to = _text(parsed, number, person)  # "President Biden", folded into "Biden Administration"
            return Attribution(number, p_text, p_from, p_to, cue, "official", True, "", None)
    definite = quantified or any(c.dep_ in ("det", "poss") and c.lower_ in (
        "the", "this", "that", "these", "those", "its", "their") for c in head.children)
    outlet = None
    if head.lemma_.lower() in lx.MEDIA_WORDS | {"newspaper", "outlet", "broadcaster"} or _has_media_word(words):
        # "the online newspaper Canal de Mocambique"
        outlet = _outlet_named(parsed, number, [t for t in head.children if t.dep_ in ("appos", "compound")
                                                and t.i > head.i], cue, cands, by_name, ())
    if outlet is None and head.lemma_.lower() in lx.MEDIA_TITLES:  # "A BBC correspondent said"
        outlet = _outlet_named(parsed, number, [t for t in head.children if t.dep_ in ("compound", "nmod")
                                                and t.i < head.i and t.pos_ == "PROPN"], cue, cands, by_name,
                               ("person", "state"))
    if outlet is not None:
        return outlet
    if head.pos_ == "NOUN":  # "the weather agency PAGASA said": the proper name in apposition wins
        for app in [t for t in head.children if t.dep_ in ("appos", "compound", "npadvmod") and t.i > head.i
                    and t.pos_ == "PROPN"]:
            a_start, a_end = parsed.offset(number, app)
            named = _candidate_covering(cands, a_start, a_end, None)
            if named and by_name[named].kind not in ("person", "state"):
                cand = by_name[named]
                mention = _mention_covering(cand, a_start, a_end)
                kind_a: SourceKind = "news_media" if cand.news_media else (
                    "government_body" if cand.kind == "government_body" or head.lemma_.lower() in lx.GOVERNMENT_WORDS
                    else "other")
                return Attribution(number, named, mention[0], mention[1], cue, kind_a, True, "", named)
    if head.lemma_.lower() in lx.DOCUMENT_NOUNS and any(w.lower_ in ("media", "press", "news") for w in words):
        return Attribution(number, text, start, end, cue, "news_media", True, "", None, definite)
    if head.lemma_.lower() in lx.DOCUMENT_NOUNS and not _candidate_covering(cands, head_start, head_end, None):
        return Attribution(number, text, start, end, cue, "document", True,
                           _affiliation_in(parsed, number, words, cands), None, definite)
    chain = _possessed_org(parsed, number, words, cands, by_name)
    if chain is not None:
        name, m_start, m_end, owner = chain
        kind_c: SourceKind = "news_media" if by_name[name].news_media else (
            "government_body" if by_name[name].kind == "government_body" else "other")
        return Attribution(number, name, m_start, m_end, cue, kind_c, True, state_of(owner) or owner, name)
    entity = _candidate_covering(cands, head_start, head_end, None)
    spokes = head.lemma_.lower() in ("spokesperson", "spokesman", "spokeswoman", "representative")
    generic = head.lemma_.lower() in lx.COMPANY_CONTEXT | {"alliance", "movement", "coalition", "rebel", "militia",
                                                           "organisation", "organization", "party", "union"}
    if entity is None and (spokes or generic):  # "The Kivu Patriotic Alliance (KPA) rebel group said"
        entity = candidate_at([c for c in cands if c.kind not in ("person", "state")], start, end)
    if entity is not None and by_name[entity].label == "GROUP":  # "Wealthy nations say": the words as written
        return Attribution(number, text, start, end, cue, "other", True, "", None, definite)
    if entity is not None:
        cand = by_name[entity]
        kind: SourceKind
        if cand.news_media or lookup_key(entity) in lx.NEWS_OUTLETS or _has_media_word(words):
            kind = "news_media"
        elif cand.kind in ("government_body", "state"):
            kind = "government_body"
        else:
            kind = "other"
        mention = _mention_covering(cand, start, end) or (head_start, head_end)
        affiliation = _possessor_state(parsed, mention[0], cands) or ""
        return Attribution(number, entity, mention[0], mention[1], cue, kind, True, affiliation, entity)
    lemma = head.lemma_.lower()
    if lookup_key(text) in lx.NEWS_OUTLETS or _has_media_word(words) and lemma in lx.MEDIA_WORDS:
        owner = [t for w in words if w.dep_ == "poss" for t in w.subtree]
        named = [w for w in words if w not in owner and w.lower_ not in ("'s", "\u2019s") and w.pos_ == "PROPN"
                 and w.i < head.i and w.dep_ in ("compound", "nmod", "amod")]
        if named and lookup_key(text) not in lx.NEWS_OUTLETS:
            text, start, end = _text(parsed, number, named)
        return Attribution(number, text, start, end, cue, "news_media", True, "", None)
    if lemma in ("reporter", "journalist", "correspondent") and head.tag_ == "NNS":  # "reporters on the ground"
        return Attribution(number, text, start, end, cue, "news_media", False, "", None, definite)
    if head_lower in lx.COLLECTIVE_HEADS and not quantified:
        return Attribution(number, text, start, end, cue, "other", True, _affiliation_in(parsed, number, words, cands),
                           None, definite)
    if head_lower in lx.ANONYMOUS_HEADS or lemma in lx.ANONYMOUS_HEADS:
        participle = next((c for c in head.children if c.dep_ == "acl" and c.i == words[-1].i + 1
                           and c.tag_ == "VBN"), None)
        if participle is not None:
            words = sorted(words + [t for t in participle.subtree if not t.is_punct or t.i < max(
                x.i for x in participle.subtree)], key=lambda t: t.i)
            text, start, end = _text(parsed, number, words)
        return Attribution(number, text, start, end, cue, "anonymous", False,
                           _affiliation_in(parsed, number, words, cands), None, definite)
    if lemma in lx.GOVERNMENT_WORDS or lemma == "force":
        determiner = next((c.lower_ for c in head.children if c.dep_ == "det"), "")
        if determiner == "the" and lemma == "government" and len(words) == 1:
            state = next((c for c in cands if c.kind == "state"), None)
            if state is not None:
                return Attribution(number, state.name, start, end, cue, "government_body", True, "", state.name, True)
        if determiner == "the" and len(words) <= 3 and head.tag_ != "NNS":
            back = _definite(lemma, earlier, cands, start, number)
            if back is not None:
                return Attribution(number, back[0], start, end, cue, back[1], True, back[2], back[3])
        affiliation = _possessor_state(parsed, start, cands, words=words, parsed_number=number) or ""
        owner = [t for w in words if w.dep_ == "poss" and state_of(w.text) for t in w.subtree]
        if owner:
            rest = [w for w in words if w not in owner and w.lower_ not in ("'s", "\u2019s")]
            if rest and rest[0].text[:1].isupper():  # a proper name: "Coordination Headquarters for ..."
                text, start, end = _text(parsed, number, rest)
        org = next((c for c in cands if c.kind == "organization" and any(start <= m.start and m.end <= end
                                                                         for m in c.mentions)), None)
        if any(w.lower_ in lx.ARMED_CONTEXT for w in words):  # "Rebel forces in South Sudan"
            return Attribution(number, text, start, end, cue, "other", True, "", None)
        if org is not None:
            return Attribution(number, text, start, end, cue, "other", True, org.name, None)
        return Attribution(number, text, start, end, cue, "government_body", True, affiliation, None)
    if lemma in lx.COMPANY_CONTEXT and head.tag_ != "NNS":
        back = _definite(lemma, earlier, cands, start, number)
        if back is not None:
            return Attribution(number, back[0], start, end, cue, back[1], True, back[2], back[3])
    return None


def _outlet_named(parsed: Parsed, number: int, mods: list[Any], cue: str, cands: list[Candidate],
                  by_name: dict[str, Candidate], skip_kinds: tuple[str, ...]) -> Attribution | None:
    """The outlet that the first of ``mods`` (words beside a media word or title) names, as a news-media source."""
    for mod in mods:
        m_start, m_end = parsed.offset(number, mod)
        named = _candidate_covering(cands, m_start, m_end, None)
        if named and by_name[named].kind not in skip_kinds:
            mention = _mention_covering(by_name[named], m_start, m_end)
            return Attribution(number, named, mention[0], mention[1], cue, "news_media", True, "", named)
    return None


def _possessed_org(parsed: Parsed, number: int, words: list[Any], cands: list[Candidate],
                   by_name: dict[str, Candidate]) -> tuple[str, int, int, str] | None:
    """'the U.S. Department of the Treasury's Office of Foreign Assets Control': the possessed body and its
    owner (the text before the possessive)."""
    for i, w in enumerate(words):
        if w.lower_ in ("'s", "\u2019s") and 0 < i < len(words) - 1:
            _, a_start, _ = _text(parsed, number, words[i + 1 :])
            _, _, a_end = _text(parsed, number, words)
            name = candidate_at([c for c in cands if c.kind not in ("person", "state")], a_start, a_end)
            if name is None:
                return None
            m_start, m_end = _mention_covering(by_name[name], a_start, a_end)
            owner_tokens = [t for t in words[:i] if not (t.dep_ == "det" and t.i == words[0].i)]
            owner, _, _ = _text(parsed, number, owner_tokens)
            return name, m_start, m_end, owner
    return None


def _root_subject_body(parsed: Parsed, number: int, pron: Any,
                       cands: list[Candidate]) -> tuple[str, int, int, SourceKind] | None:
    """'Russia cut off supplies over what it said were arrears': the body that is the main clause's subject."""
    root = pron.sent.root
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj is pron or subj.pos_ == "PRON":
        return None
    s_start, s_end = parsed.offset(number, subj)
    for c in cands:
        if c.kind == "person":
            continue
        for m in c.mentions:
            if m.start <= s_start and s_end <= m.end:
                kind: SourceKind = "government_body" if c.kind in ("state", "government_body") else (
                    "news_media" if c.news_media else "other")
                return c.name, m.start, m.end, kind
    return None


def _body_before(cands: list[Candidate], number: int) -> str:
    """The first body (not a person) named in the sentence before ``number``: what "its" points back to."""
    first = None
    for c in cands:
        if c.kind == "person":
            continue
        for m in c.mentions:
            if m.sentence == number - 1 and (first is None or m.start < first[0]):
                first = (m.start, c.name)
    return first[1] if first else ""


def _has_media_word(words: list[Any]) -> bool:
    news_agency = any(w.lower_ == "agency" and w.i > 0 and w.doc[w.i - 1].lower_ == "news" for w in words)
    return (news_agency or any(w.lemma_.lower() in ("newspaper", "broadcaster", "tabloid", "daily", "media")
                               for w in words)) and not any(
        w.lower_ in ("government", "intelligence", "security", "energy", "space") for w in words)


def _last_person_named(parsed: Parsed, cands: list[Candidate], number: int, before: int, cue: str,
                       profiles: dict[str, Profile]) -> Attribution | None:
    """'he said' / 'she said': the person the text names last before the pronoun, in the same sentence or the one
    before ("Secretary of State Condoleezza Rice felt ... 'It's going to be hard,' she said")."""
    best = None
    for c in cands:
        if c.kind != "person":
            continue
        for m in c.mentions:
            if m.start < before and number - 1 <= m.sentence <= number and (best is None or m.start > best[1].start):
                best = (c, m)
    if best is None:
        return None
    cand, mention = best
    prof = profiles.get(cand.name, Profile("", "", "other"))
    return Attribution(number, cand.name, mention.start, mention.end, cue, prof.kind, True, prof.affiliation, cand.name)


def _pronoun(number: int, pron: str, cue: str, earlier: list[Attribution],
             subject_body: tuple[str, int, int, SourceKind] | None = None) -> Attribution | None:
    """'he said' / 'she said': the last named person; 'it said': the last body or document nearby."""
    if pron in ("he", "she", "him", "her"):
        last = earlier[-1] if earlier else None
        if last is not None and number - last.sentence <= 1 and last.candidate is None and any(
                w in last.speaker.lower().split() for w in _ONE_PERSON):  # "a ... spokeswoman disputed ... She said"
            return Attribution(number, last.speaker, last.start, last.end, cue, last.kind, last.on_record,
                               last.affiliation, None, True)
        for a in reversed(earlier):
            if a.candidate and a.kind in ("official", "expert", "news_media", "other") and a.on_record and (
                    " " in a.speaker or a.candidate):
                if a.kind == "news_media" and a.candidate and " " not in a.speaker:
                    continue
                return Attribution(number, a.speaker, a.start, a.end, cue, a.kind, True, a.affiliation, a.candidate)
        return None
    if pron == "it":
        if subject_body is not None:
            return Attribution(number, subject_body[0], subject_body[1], subject_body[2], cue, subject_body[3], True,
                               "", subject_body[0])
        for a in reversed(earlier):
            if number - a.sentence > 3:
                break
            if a.kind in ("government_body", "document", "news_media", "other") and a.on_record:
                return Attribution(number, a.speaker, a.start, a.end, cue, a.kind, True, a.affiliation, a.candidate)
    return None


def _definite(lemma: str, earlier: list[Attribution], cands: list[Candidate], before: int,
              number: int) -> tuple[str, SourceKind, str, str | None] | None:
    """'the ministry said': the first body of that kind named earlier in the same sentence, else the last
    source whose name holds the word, else the last such candidate named before."""
    def fits(c: Candidate) -> bool:
        if c.kind in ("person", "state"):
            return False
        return lemma in {w.lower() for w in c.name.split()} or lemma in ("company", "group", "firm") and c.kind == "company"

    here = [(m.start, c) for c in cands if fits(c) for m in c.mentions if m.sentence == number and m.start < before]
    if here:
        c = min(here, key=lambda x: x[0])[1]
        return c.name, ("government_body" if c.kind == "government_body" else "other"), "", c.name
    for a in reversed(earlier):
        if lemma in a.speaker.lower().split():
            return a.speaker, a.kind, a.affiliation, a.candidate
    last = [(m.start, c) for c in cands if fits(c) for m in c.mentions if m.start < before]
    if not last:
        return None
    c = max(last, key=lambda x: x[0])[1]
    return c.name, ("government_body" if c.kind == "government_body" else "other"), "", c.name


def _candidate_covering(cands: list[Candidate], start: int, end: int, kinds: set[str] | None) -> str | None:
    """The candidate with a mention that covers the token at [start, end)."""
    for c in cands:
        if kinds is not None and c.kind not in kinds:
            continue
        for m in c.mentions:
            if m.start <= start and end <= m.end:
                return c.name
    return None


def _mention_covering(cand: Candidate, start: int, end: int) -> tuple[int, int]:
    for m in cand.mentions:
        if m.start <= start and end <= m.end or start <= m.start and m.end <= end:
            return m.start, m.end
    return start, end


def _possessor_state(parsed: Parsed, start: int, cands: list[Candidate], words: list[Any] | None = None,
                     parsed_number: int | None = None) -> str | None:
    """The state named as possessor just before ``start`` ("the UK's Ministry of Defense") or inside the
    phrase ("Angola's foreign ministry")."""
    before = parsed.text[max(0, start - 60):start]
    m = re.search(r"([A-Z][\w.\- ]*?)['\u2019]s\s*$", before)
    if m:
        state = state_of(m.group(1).split(" the ")[-1]) or state_of(m.group(1))
        if state:
            return state
    if words:
        for w in words:
            if w.dep_ == "poss" or w.lower_ in ("'s", "\u2019s"):
                state = state_of(w.text) if w.dep_ == "poss" else None
                if state:
                    return state
        for w in words:
            state = state_of(w.text)
            if state and w.ent_type_ in ("GPE", "NORP"):
                return state
    return None


def _affiliation_in(parsed: Parsed, number: int, words: list[Any], cands: list[Candidate]) -> str:
    """The first non-person entity named in a phrase ("A GCC official ..." -> "GCC")."""
    if not words:
        return ""
    _, start, end = _text(parsed, number, words)
    for c in cands:
        if c.kind == "person":
            continue
        for m in c.mentions:
            if start <= m.start and m.end <= end:
                return c.name
    return ""


def person_profiles(parsed: Parsed, cands: list[Candidate]) -> dict[str, Profile]:
    """Title, affiliation and source kind of each person candidate, from the fullest context of any mention."""
    out: dict[str, Profile] = {}
    spans_by_number = {s.number: sp for s, sp in zip(parsed.sentences, parsed.spans, strict=True)}
    for c in cands:
        if c.kind != "person":
            continue
        best = Profile("", "", "other")
        for m in c.mentions:
            span = spans_by_number[m.sentence]
            base = parsed.bases[m.sentence - 1]
            toks = [t for t in span if base + t.idx >= m.start and base + t.idx < m.end]
            if not toks:
                continue
            prof = _profile_at(parsed, m.sentence, toks, cands)
            if prof.title and not best.title or prof.affiliation and not best.affiliation and (
                    not best.title or prof.title):
                best = Profile(prof.title or best.title, prof.affiliation or best.affiliation,
                               prof.kind if prof.title or prof.kind != "other" else best.kind)
        out[c.name] = best
    return out


def _profile_at(parsed: Parsed, number: int, toks: list[Any], cands: list[Candidate]) -> Profile:
    root = next((t for t in toks if t.head not in toks or t.head is t), toks[-1])
    first = toks[0].i
    title = ""
    affiliation = ""
    # Left modifiers: "White House National Security spokesman John Kirby", "Treasury Secretary Janet Yellen".
    left = [t for t in root.subtree if t.i < first]
    while left and left[-1].i != first - 1:
        left = [t for t in left if t.i > left[0].i] if len(left) > 1 else []
    contiguous = []
    for t in reversed(left):
        if contiguous and t.i != contiguous[0].i - 1:
            break
        contiguous.insert(0, t)
    left = [t for t in contiguous if t.dep_ != "det" and not t.is_punct]
    titles = [i for i, t in enumerate(left) if t.lower_ in ALL_TITLES]
    if titles:
        first_title = titles[0]
        while first_title > 0 and (left[first_title - 1].lower_ in lx.TITLE_QUALIFIERS or (
                left[first_title - 1].pos_ == "NOUN" and left[first_title - 1].text.islower()
                and left[first_title - 1].lower_ not in lx.GOVERNMENT_WORDS)):
            first_title -= 1  # "trade minister", "human rights commissioner", "chief executive"
        title = " ".join(t.text for t in left[first_title:])
        aff_tokens = [t for t in left[:first_title] if t.dep_ not in ("case",) and t.lower_ not in ("'s", "\u2019s")]
        affiliation = _join(parsed, number, aff_tokens)
    # Apposition: "Taras Demchuk, the Ukrainian parliament's human rights commissioner".
    for child in root.children:
        if child.dep_ == "appos" and not title:
            if child.lower_ in ALL_TITLES or any(t.lower_ in ALL_TITLES for t in child.subtree):
                t_tok = child if child.lower_ in ALL_TITLES else next(t for t in child.subtree if t.lower_ in ALL_TITLES)
                title = t_tok.text
                affiliation = _org_of(parsed, number, t_tok, cands) or affiliation
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "with", "from") and not affiliation:
            obj = next((o for o in child.children if o.dep_ == "pobj"), None)
            if obj is not None:
                affiliation = _pobj_affiliation(parsed, number, obj, cands)
    # Reverse apposition: "Britain's trade minister, Eleanor Whitcombe" (the name is the appos of the title).
    if not title and root.dep_ == "appos":
        node = root.head
        for _ in range(3):  # "A spokesman for Hale, Tom Rourke": the appos can hang on the prepositional object
            if node.lower_ in ALL_TITLES:
                title = node.text
                affiliation = _org_of(parsed, number, node, cands)
                break
            if node.head is node:
                break
            node = node.head
    return Profile(title, affiliation, _kind_of(title, affiliation))


def _org_of(parsed: Parsed, number: int, title_tok: Any, cands: list[Candidate]) -> str:
    for c in title_tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "at", "for", "with", "from"):
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return _pobj_affiliation(parsed, number, obj, cands)
    for c in title_tok.children:
        if c.dep_ == "poss":
            toks = [t for t in c.subtree if t.dep_ != "det" and t.lower_ not in ("'s", "\u2019s") and not t.is_punct]
            return _join(parsed, number, toks)
    mods = [t for t in title_tok.lefts if t.dep_ in ("compound", "amod", "nmod") and t.lower_ not in ALL_TITLES
            and t.lower_ not in lx.TITLE_QUALIFIERS]
    return _join(parsed, number, mods) if any(t.pos_ == "PROPN" for t in mods) else ""


def _pobj_affiliation(parsed: Parsed, number: int, obj: Any, cands: list[Candidate]) -> str:
    toks = phrase_tokens(obj)
    based = [i for i, t in enumerate(toks) if t.lower_ == "based" and i > 0 and toks[i - 1].text == "-"]
    if based:
        toks = toks[based[-1] + 1 :]
    toks = [t for t in toks if t.dep_ != "det" or t.i != toks[0].i]
    while toks and (toks[0].dep_ == "det" or toks[0].text.endswith("-based") or toks[0].lower_ in (
            "consultancy", "firm", "think", "tank", "group")):
        if toks[0].lower_ in ("consultancy", "firm", "group") and len(toks) > 1 and toks[1].pos_ != "PROPN":
            break
        toks.pop(0)
    return _join(parsed, number, toks)


def _join(parsed: Parsed, number: int, toks: list[Any]) -> str:
    if not toks:
        return ""
    text, _, _ = _text(parsed, number, sorted(toks, key=lambda t: t.i))
    return text.strip(" ,")


# an affiliation that makes its staff experts: universities, institutes, think tanks
_EXPERT_PLACES = re.compile(r"\b(?:university|institute|institution|college|foundation|endowment|think[- ]tank|"
                            r"academy|school of|cent(?:er|re) for|council on|brookings|rand corporation|"
                            r"chatham house)\b", re.I)


def _kind_of(title: str, affiliation: str) -> SourceKind:
    words = {w.lower().strip(",") for w in title.split()}
    if words & lx.MEDIA_TITLES or lookup_key(affiliation) in lx.NEWS_OUTLETS:
        return "news_media"
    if words & lx.EXPERT_TITLES or "former" in words or not words & lx.OFFICIAL_TITLES and _EXPERT_PLACES.search(
            affiliation):
        return "expert"  # former officials speak as commentators
    if words & lx.OFFICIAL_TITLES or words & {"executive", "chief"}:
        return "official"
    return "other"


def _named_document(parsed: Parsed, a: Attribution) -> Attribution:
    """'That document ...' after 'the 2012 Geneva communique': the named document of the two sentences before."""
    words = a.speaker.lower().split()
    if a.kind != "document" or len(words) != 2 or words[0] not in ("that", "this", "the"):
        return a
    for number in (a.sentence - 1, a.sentence - 2):
        if number < 1:
            break
        for tok in reversed(list(parsed.spans[number - 1])):
            if tok.lemma_.lower() not in lx.DOCUMENT_NOUNS or tok.pos_ != "NOUN":
                continue
            mods = [c for c in tok.lefts if c.dep_ in ("compound", "nummod", "amod", "nmod")]
            if not any(m.pos_ in ("PROPN", "NUM") for m in mods):
                continue
            toks = [t for m in mods for t in m.subtree] + [tok]
            text, start, end = _text(parsed, number, sorted(toks, key=lambda t: t.i))
            return Attribution(a.sentence, text, start, end, a.cue, "document", True, a.affiliation, None, True)
    return a


# a line that gives the text that follows to its speaker: "Attributed to Pentagon Press Secretary Todd Breasseale:",
# "Pentagon Press Secretary John F. Kirby provided the following readout:"
_ATTRIBUTED = (
    re.compile(r"^(?:(?:statement|remarks|readout)\s+)?(?:attributable|attributed)\s+to\s+(.+?):?$", re.I),
    re.compile(r"^(.+?)\s+(?:provided|issued|gave|released|made)\s+the\s+following\s+(?:readout|statement|remarks)\b"
               r"[^:]{0,80}:?$", re.I),
)


def _attributed_to(parsed: Parsed, cands: list[Candidate], found: list[Attribution],
                   profiles: dict[str, Profile]) -> list[Attribution]:
    """'Attributed to Pentagon Press Secretary Todd Breasseale:', 'Press Secretary John F. Kirby provided the
    following readout:': the statement that follows is theirs."""
    out = []
    for s in parsed.sentences:
        m = next((m for m in (p.match(s.text) for p in _ATTRIBUTED) if m), None)
        if not m or any(a.sentence == s.number for a in found):
            continue
        start, end = s.start + m.start(1), s.start + m.end(1)
        within = [(x, c) for c in cands if c.kind == "person" for x in c.mentions if start <= x.start and x.end <= end]
        if within:
            # the name comes after the titles ("Press Secretary Rear Admiral John Kirby"): the last person named
            mention, person = max(within, key=lambda xc: xc[0].start)
            prof = profiles.get(person.name, Profile("", "", "official"))
            out.append(Attribution(s.number, person.name, mention.start, mention.end, "attributed to",
                                   prof.kind if prof.kind != "other" else "official", True, prof.affiliation,
                                   person.name))
        else:
            out.append(Attribution(s.number, m.group(1), start, end, "attributed to", "official", True))
    return out


_FIRST_PERSON = re.compile(r"\b(?:we|our|us|I)\b")
ISSUER_SENTENCES = 3  # the first body sentences, where a release names who issues it or acts
_ISSUER_VERBS_SKIP = lx.REPORTING_VERBS | {"be", "have"}


def _issuers(parsed: Parsed, cands: list[Candidate], found: list[Attribution]) -> list[Attribution]:
    """The body that issues a government release: 'The U.S. Department of State is today sanctioning ...', 'The
    Defense Security Cooperation Agency notified Congress ...' (a government body, not a person in its title, the
    subject of the main verb of one of the first body sentences), or, in a first-person text with
    no attribution at all ('our government', 'we'), the first government body it names."""
    bodies = [c for c in cands if c.kind == "government_body"]
    if not bodies:
        return []
    out: list[Attribution] = []
    body_sents = [s for s in parsed.sentences if s.number > 1 and not s.heading][:ISSUER_SENTENCES]
    for s in body_sents:
        span = parsed.spans[s.number - 1]
        root = _reported_clause(span.root)
        verb = root
        if root.lemma_ == "be" and any(c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" for c in root.children):
            verb = next(c for c in root.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG")
        elif not (root.tag_ in ("VBZ", "VBP", "VBD", "VBN") or root.tag_ == "VBG" and any(
                c.dep_ == "aux" and c.lower_ in ("is", "are") for c in root.children)):
            continue
        if verb.lemma_.lower() in _ISSUER_VERBS_SKIP:
            continue
        subj = next((c for c in span if c.dep_ == "nsubj" and (c.head.i == root.i or c.head.head.i == root.i and c.head.dep_ in (
            "aux", "auxpass"))), None)  # "The Department ... is concurrently sanctioning": nsubj can hang on "is"
        if subj is None:
            continue
        a, b = parsed.subtree_offsets(s.number, subj)
        name = candidate_at(bodies, a, b)
        if name is None or any(x.sentence == s.number and x.speaker == name for x in found) or any(
                a <= m.start and m.end <= b for c in cands if c.kind == "person" for m in c.mentions):
            continue  # "Pentagon Press Secretary John Kirby provided ...", "Secretary of Defense Robert Gates met ...":
            # the person acts, not the body in their title
        cand = next(c for c in bodies if c.name == name)
        m = next(x for x in cand.mentions if a <= x.start and x.end <= b)
        out.append(Attribution(s.number, name, m.start, m.end, "issuer", "government_body", True, "", name))
    if out or found:
        return out
    regions = quote_regions(parsed)
    first = [m for s in parsed.sentences[1:] for m in _FIRST_PERSON.finditer(s.text)
             if not inside(regions, s.start + m.start())]
    if len(first) < 2:
        return []
    body = min(bodies, key=lambda c: c.mentions[0].start)
    m = body.mentions[0]
    return [Attribution(m.sentence, body.name, m.start, m.end, "issuer", "government_body", True, "", body.name)]


def _reported_clause(root: Any) -> Any:
    """The verb of what a sentence reports ("The Department of Justice has filed ..., the Attorney General
    announced today": "filed"); the root itself when it reports nothing."""
    if root.lemma_.lower() not in lx.REPORTING_VERBS:
        return root
    return next((c for c in root.children if c.dep_ == "ccomp" and c.tag_ in ("VBZ", "VBP", "VBD", "VBN")), root)


def _actors(parsed: Parsed, cands: list[Candidate], found: list[Attribution],
            profiles: dict[str, Profile]) -> list[Attribution]:
    """The person a release or readout reports acting: 'Secretary of Defense Jim Mattis met with ...', 'Special
    Envoy Joseph Yun signed the Memorandum ...' (a named person, not yet a source, the subject of the main verb of
    the title or one of the first body sentences). The source decision weighs the cue: an actor is not always a
    source."""
    persons = [c for c in cands if c.kind == "person"]
    speakers = {a.speaker for a in found} | {a.candidate for a in found if a.candidate}
    out: list[Attribution] = []
    sents = [parsed.sentences[0], *[s for s in parsed.sentences[1:] if not s.heading][:ISSUER_SENTENCES]]
    for s in sents:
        root = parsed.spans[s.number - 1].root
        if root.pos_ != "VERB" or root.lemma_.lower() in _ISSUER_VERBS_SKIP:
            continue
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        a, b = parsed.subtree_offsets(s.number, subj)
        name = candidate_at(persons, a, b)
        if name is None or name in speakers:
            continue
        person = next(c for c in persons if c.name == name)
        m = max((x for x in person.mentions if a <= x.start and x.end <= b), key=lambda x: x.start)
        prof = profiles.get(name, Profile("", "", "official"))
        out.append(Attribution(s.number, name, m.start, m.end, "actor", prof.kind if prof.kind != "other" else
                               "official", True, prof.affiliation, name))
        speakers.add(name)
    return out


# words that may stand between the names of a list of speakers: titles, names, "of the ...", commas and "and"
_LIST_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "CCONJ", "PART", "NUM", "PUNCT"})
_LIST_ADP = frozenset({"of", "for", "in"})
_LIST_STOP_PUNCT = frozenset({";", ":", "\"", "\u201c", "\u201d", "\u2014", "\u2013"})


def _in_list(tok: Any) -> bool:
    """Whether ``tok`` may stand inside a list of named speakers ("Acting Assistant Attorney General Rita M. Glavin
    of the Criminal Division, U.S. Attorney ... and ...")."""
    if tok.text in _LIST_STOP_PUNCT:
        return False
    if tok.pos_ == "ADP":
        return tok.lower_ in _LIST_ADP
    return tok.pos_ in _LIST_POS or tok.is_title or tok.is_upper


def _listed_speakers(parsed: Parsed, cands: list[Candidate], found: list[Attribution],
                     profiles: dict[str, Profile]) -> list[Attribution]:
    """The other named people of a list whose one member a reporting verb found speaking: "..., Acting Assistant
    Attorney General Rita M. Glavin, U.S. Attorney Jeffrey A. Taylor and ICE's John Torres announced" (the parse
    of such lists gives one subject). The list is the run of titles, names, commas and "and" around the member, and
    has an "and"."""
    persons = [c for c in cands if c.kind == "person"]
    out: list[Attribution] = []
    seen = {(a.sentence, a.speaker) for a in found}
    for a in found:
        if a.candidate is None or a.cue not in lx.REPORTING_VERBS:
            continue
        span = parsed.spans[a.sentence - 1]
        toks = list(span)
        at = [i for i, t in enumerate(toks) if a.start <= parsed.offset(a.sentence, t)[0] < a.end]
        if not at:
            continue
        lo, hi = at[0], at[-1]
        while lo > 0 and _in_list(toks[lo - 1]):
            lo -= 1
        while hi + 1 < len(toks) and _in_list(toks[hi + 1]):
            hi += 1
        left, right = parsed.offset(a.sentence, toks[lo])[0], parsed.offset(a.sentence, toks[hi])[1]
        named = [(m.start, m.end, c.name) for c in persons for m in c.mentions
                 if m.sentence == a.sentence and left <= m.start and m.end <= right and c.name != a.candidate]
        if not named:
            continue
        if not any(t.lower_ == "and" for t in toks[lo:hi + 1]):
            continue
        for start, end, name in sorted(named):
            if (a.sentence, name) in seen:
                continue
            seen.add((a.sentence, name))
            prof = profiles.get(name, Profile("", "", "official"))
            out.append(Attribution(a.sentence, name, start, end, a.cue, prof.kind, True, prof.affiliation, name))
    return out


# "Statement from President Joe Biden on ...", "Remarks by ...", "Joint Statement on X by A, B and C"
_AUTHORED = re.compile(r"^(?:joint\s+)?(?:press\s+)?(?:statement|remarks|message|op-ed|letter|readout|"
                       r"press release)s?\b", re.I)
_BY = re.compile(r"\b(?:from|by)\s+", re.I)
# the author named before the kind of text: "President Biden Statement on UN-Mediated Truce in Yemen"
_AUTHOR_FIRST = re.compile(r"^(?P<who>[^:]{3,80}?)\s+(?:joint\s+)?(?:statement|remarks|message)\s+(?:on|regarding|"
                           r"marking|welcoming|about|following|after)\s+", re.I)
# where the author's name ends: the subject of the text begins
_AUTHOR_END = re.compile(r"\s+(?:on|marking|regarding|welcoming|congratulating|ahead|after|at|to|about|following|"
                         r"celebrating|honoring|honouring|announcing|in)\s+", re.I)


def _authors(parsed: Parsed, cands: list[Candidate], profiles: dict[str, Profile]) -> list[Attribution]:
    """The named author(s) of a statement or remarks, from its title ("Statement from President Joe Biden on
    ...", "Joint Statement on ... by U.S. President Joseph R. Biden, Dutch Prime Minister Dick Schoof, ..."): each
    person the author part of the title names, an on-record official. The text is theirs with no reporting
    verb."""
    if not parsed.sentences:
        return []
    title = parsed.sentences[0]
    authored = _AUTHORED.match(title.text)
    first = None if authored else _AUTHOR_FIRST.match(title.text)  # "President Biden Statement on ..."
    if first is not None:
        start, end = first.span("who")
    else:
        if not authored or title.text.lower().startswith("readout"):
            return []
        by = _BY.search(title.text)
        if by is None:
            return []
        start = by.end()
        end_m = _AUTHOR_END.search(title.text, start)
        end = end_m.start() if end_m else len(title.text)
    a, b = title.start + start, title.start + end
    persons = [parsed.span_offsets(1, e) for e in parsed.spans[0].ents if e.label_ == "PERSON"]
    out = []
    for name, n_start, n_end, office in _named_in(parsed.text, a, b):
        cand = next((c for c in cands if c.kind == "person" and any(
            m.sentence == 1 and m.start <= n_start and n_end <= m.end or n_start <= m.start and m.end <= n_end
            for m in c.mentions)), None)
        if first is not None and cand is None and not any(
                ps < n_end and n_start < pe for ps, pe in persons):
            continue  # "Foreign Secretary's statement on ...": before the kind of text, only a person's name
        prof = profiles.get(cand.name, Profile("", "", "official")) if cand else Profile("", "", "official")
        out.append(Attribution(1, cand.name if cand else name, n_start, n_end, "author", "official", True,
                               office or prof.affiliation, cand.name if cand else None))
    return sorted(out, key=lambda x: x.start)


_COLON_QUOTE = re.compile(r"^(?:[-\u2022]\s+)?(?P<who>[^:\u201c\"]{3,90}?):\s*[\u201c\"]")


def _colon_quotes(parsed: Parsed, cands: list[Candidate], found: list[Attribution],
                  profiles: dict[str, Profile]) -> list[Attribution]:
    """A quote introduced by its speaker and a colon at the start of a line: "- Secretary of State Marco Rubio:
    “We are here ...”" (fact sheets and news briefs list reactions this way)."""
    out = []
    for s in parsed.sentences[1:]:
        if not parsed.opens_line(s.number) or any(a.sentence == s.number for a in found):
            continue
        m = _COLON_QUOTE.match(s.text)
        if m is None:
            continue
        a, b = s.start + m.start("who"), s.start + m.end("who")
        for name, n_start, n_end, office in _named_in(parsed.text, a, b)[:1]:
            cand = next((c for c in cands if c.kind == "person" and any(
                x.start <= n_start < x.end or n_start <= x.start < n_end for x in c.mentions)), None)
            prof = profiles.get(cand.name, Profile("", "", "other")) if cand else Profile("", "", "other")
            kind = prof.kind if prof.kind != "other" else _kind_of(office, prof.affiliation)
            out.append(Attribution(s.number, cand.name if cand else name, n_start, n_end, "quote", kind, True,
                                   prof.affiliation or office, cand.name if cand else None))
    return out


def _named_in(text: str, a: int, b: int) -> list[tuple[str, int, int, str]]:
    """The people an author phrase names ("U.S. President Joseph R. Biden, Dutch Prime Minister Dick Schoof, and
    ..."): in each part between commas and "and", the capitalised words after the last title word; with their
    offsets and the office words before them."""
    out = []
    for part in re.finditer(r"(?:(?!\band\b)[^,])+", text[a:b]):
        chunk = re.sub(r"^\s*(?:and|the)\s+", "", part.group(0), flags=re.I)
        offset = a + part.start() + part.group(0).index(chunk) if chunk.strip() else 0
        tokens = list(re.finditer(r"\S+", chunk))
        name_tokens = []
        for tok in reversed(tokens):
            word = tok.group(0).strip(".,").lower()
            if not tok.group(0)[0].isupper() or word in ALL_TITLES or word in lx.TITLE_QUALIFIERS:
                break
            name_tokens.insert(0, tok)
        if not name_tokens or len(name_tokens) == len(tokens) and len(tokens) < 2:
            continue
        n_start, n_end = offset + name_tokens[0].start(), offset + name_tokens[-1].end()
        office = chunk[: name_tokens[0].start()].strip()
        out.append((text[n_start:n_end], n_start, n_end, office))
    return out


# a speaker's label at the start of a transcript paragraph: "THE PRESIDENT:", "SENIOR ADMINISTRATION OFFICIAL:"
_SPEAKER = re.compile(r"^(?P<label>[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*){0,5}(?: \d)?):\s")
_NOT_SPEAKERS = frozenset({"Q", "MODERATOR", "OPERATOR", "AUDIENCE MEMBER", "AUDIENCE", "REPORTER"})


def _speakers(parsed: Parsed, cands: list[Candidate], found: list[Attribution]) -> list[Attribution]:
    """Speakers of a transcript: a paragraph that opens with an upper-case label ("THE PRESIDENT:", "MS.
    JEAN-PIERRE:", "SENIOR ADMINISTRATION OFFICIAL:") is that speaker's. "THE PRESIDENT" is the president the
    title names; an official briefing on background is one unnamed source; a surname is the person of that name."""
    out: list[Attribution] = []
    authors = {a.candidate: a for a in found if a.cue == "author"}
    persons = [c for c in cands if c.kind == "person"]
    for s in parsed.sentences[1:]:
        if not parsed.opens_line(s.number):  # only a paragraph's first sentence carries a label
            continue
        m = _SPEAKER.match(s.text)
        if m is None:
            continue
        label = m.group("label").strip()
        words = re.sub(r"\s+\d$", "", label).split()
        if " ".join(words) in _NOT_SPEAKERS:
            continue
        start, end = s.start, s.start + len(label)
        if words[-1] == "OFFICIAL" or "OFFICIALS" in words:
            name = " ".join(w.capitalize() for w in words if w != "OFFICIALS") or "Official"
            out.append(Attribution(s.number, name, start, end, "speaker", "anonymous", False))
            continue
        if words == ["THE", "PRESIDENT"] and authors:
            author = next(iter(authors.values()))
            out.append(Attribution(s.number, author.speaker, author.start, author.end, "speaker", "official", True,
                                   author.affiliation, author.candidate))
            continue
        surname = words[-1].lower()
        person = next((c for c in persons if lookup_key(c.name).split()[-1] == surname), None)
        if person is not None:
            mention = person.mentions[0]
            out.append(Attribution(s.number, person.name, mention.start, mention.end, "speaker", "official", True,
                                   "", person.name))
    return out


_CREDITS = re.compile(r"(?:information|reporting|material)\s+(?:for|in)\s+this\s+(?:report|story|article)\s+"
                      r"(?:was|were|has been)\s+(?:provided|contributed)\s+by\s+(.+?)\.?$", re.I)


def _credits(parsed: Parsed, cands: list[Candidate]) -> list[Attribution]:
    """'Some information for this report was provided by AFP, AP and Reuters.': each outlet a source."""
    out = []
    for s in parsed.sentences:
        m = _CREDITS.search(s.text)
        if not m:
            continue
        base = s.start + m.start(1)
        for part in re.finditer(r"[^,]+?(?=,|\s+and\s+|$)", m.group(1)):
            name = part.group(0).strip()
            name = re.sub(r"^(?:and|the)\s+", "", name, flags=re.I).strip()
            if not name:
                continue
            start = parsed.text.find(name, base + part.start())
            out.append(Attribution(s.number, name, start, start + len(name), "credit", "news_media", True, "",
                                   next((c.name for c in cands if lookup_key(c.name) == lookup_key(name)), None)))
    return out


def _introducing_line(parsed: Parsed, number: int, found: list[Attribution]) -> Attribution | None:
    """The attribution of the line before this quote's line when that line ends with a colon ("... issued this
    statement:")."""
    base = parsed.bases[number - 1]
    before = [s for s in parsed.sentences if parsed.bases[s.number - 1] < base]
    if not before:
        return None
    prev_base = parsed.bases[before[-1].number - 1]
    prev = [s for s in before if parsed.bases[s.number - 1] == prev_base]
    if not prev[-1].text.endswith(":"):
        return None
    mine = [a for a in found if a.sentence in {s.number for s in prev}]
    return mine[-1] if mine else None


def _quote_attributions(parsed: Parsed, regions: list[tuple[int, int]],
                        found: list[Attribution]) -> list[Attribution]:
    """A sentence inside a direct quote with no attribution of its own gets its paragraph's speaker (the
    attribution of the same quote first, then the nearest before, then after)."""
    out = []
    with_attr = {a.sentence for a in found}
    line_of = {}
    for s in parsed.sentences:
        line_of[s.number] = parsed.bases[s.number - 1]
    for s in parsed.sentences:
        if s.heading or s.number in with_attr:
            continue
        quotes = [(a, b) for a, b in regions if a < s.end and s.start < b]
        if not quotes:
            continue
        same_line = [a for a in found if line_of[a.sentence] == line_of[s.number] and a.on_record
                     and a.kind != "document"]
        if not same_line:
            intro = _introducing_line(parsed, s.number, found)
            if intro is None:
                continue
            same_line = [intro]
        q_start, q_end = quotes[0]
        in_quote = [a for a in same_line if parsed.sentences[a.sentence - 1].start < q_end
                    and q_start < parsed.sentences[a.sentence - 1].end]
        before = [a for a in same_line if a.sentence < s.number]
        pick = (in_quote or before[-1:] or same_line)[0]
        out.append(Attribution(s.number, pick.speaker, pick.start, pick.end, "quote", pick.kind, pick.on_record,
                               pick.affiliation, pick.candidate))
    return out
