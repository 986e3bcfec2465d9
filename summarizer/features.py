"""Features of language for the fitted decisions: one small pure function each, with one line on what it measures.

Five kinds of row, one registry each: a text (does it report a deal; its status), a party candidate (is it a
party; is it a side of the main deal), a term candidate with its sides filled in (is it a term), a source
candidate (is it a source; its kind; on the record or not). Every feature describes where a phrase stands, how
often it recurs, its role in the parse against a transfer or reporting word, which pattern found it, and the
deal words, hedges and negation around it; none names a text, a publisher or a word list tuned to one case.
A feature is a float; booleans are 0 or 1, counts are log-scaled (``log1p``) so that long texts do not dominate.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from summarizer.candidates.engine import any_word, deal_word_groups, names_a_deal, pattern
from summarizer.prepass.lead import is_transcript, lead_numbers
from summarizer.prepass.parties import body_state
from summarizer.prepass.types import Candidate, PrePass, SourceGroup, TermCandidate

PARTY_KINDS = ("state", "government_body", "company", "person", "organization", "armed_group", "other")
LABELS = ("GPE", "NORP", "ORG", "PERSON", "FAC", "LOC")
CATEGORIES = ("weapons", "munitions", "military_equipment", "food", "money", "energy", "raw_materials", "aircraft",
              "technology", "people", "political", "other")
STATUSES = ("proposed", "negotiating", "agreed", "implemented", "collapsed", "denied")
TRIGGERS = ("give", "release", "take", "swap", "arrive", "lift", "commit", "give_noun", "aid_noun", "take_noun",
            "contract", "price", "exchange", "x_for_y", "truce", "include", "list", "open")
FAMILIES = ("verbs", "nouns", "phrases", "commitments", "contents", "open")
ROLE_PATHS = ("subject", "passive", "dobj", "dative", "nsubj", "prep", "item", "poss", "owner", "head", "leading",
              "reverse", "pair", "inherit", "custody", "filled")
SOURCE_KINDS = ("official", "government_body", "news_media", "expert", "anonymous", "document", "other")
SOURCE_CUES = ("say", "according to", "quote", "author", "credit", "tell", "announce", "statement", "document", "issuer",
               "actor")
TANGIBLE = frozenset({"weapons", "munitions", "military_equipment", "aircraft", "energy", "food", "money", "people",
                      "raw_materials", "technology"})
_WORDS = json.loads((Path(__file__).parent / "data" / "feature_words.json").read_text(encoding="utf-8"))


def words(group: str) -> re.Pattern[str]:
    """A word group of ``data/feature_words.json``, matched whole and case-blind."""
    return any_word(_WORDS["groups"][group])


def ending(group: str) -> re.Pattern[str]:
    """A group of name endings of ``data/feature_words.json`` ("... Summit", "... Act")."""
    return any_word(_WORDS["endings"][group], at_end=True)


_ONE_SIDED = words("one_sided")
_UNNAMED = words("unnamed")
_EVENT = ending("event")


def log1p(x: float) -> float:
    return math.log1p(max(x, 0.0))


@dataclass
class Text:
    """One analysed article as the features see it: the pre-pass and what is derived from it once."""

    pre: PrePass
    groups: list[SourceGroup] = field(default_factory=list)

    @cached_property
    def transcript(self) -> bool:
        return is_transcript(self.pre)

    @cached_property
    def lead(self) -> frozenset[int]:
        """The title and the first body sentences (``summarizer/prepass/lead.py``)."""
        return frozenset(lead_numbers(self.pre))

    @cached_property
    def deal_sentences(self) -> frozenset[int]:
        """Sentences with a word that names a deal."""
        return frozenset(s.number for s in self.pre.sentences if names_a_deal(s.text))

    @cached_property
    def states(self) -> set[str]:
        return {c.name for c in self.pre.candidates if c.kind == "state"}

    @cached_property
    def speakers(self) -> set[str]:
        """Candidates the text attributes information to (a person only reported acting is not one)."""
        return {g.candidate for g in self.groups if g.candidate and set(g.cues) != {"actor"}}

    def party_max(self, name: str, fn: Callable[..., float]) -> float:
        """The largest value of a party feature over the text's candidates (computed once per text)."""
        cache = self.__dict__.setdefault("_party_max", {})
        if name not in cache:
            cache[name] = max((fn(self, c) for c in self.pre.candidates), default=0.0)
        return cache[name]

    def word_groups(self, number: int) -> list[str]:
        """The groups of deal words sentence ``number`` has (computed once per sentence)."""
        cache = self.__dict__.setdefault("_word_groups", {})
        if number not in cache:
            cache[number] = deal_word_groups(self.pre.sentence(number).text)
        return cache[number]

    def place(self, number: int) -> str:
        """'title', 'lead' or 'body'."""
        return "title" if number == 1 else "lead" if number in self.lead else "body"

    def lead_text(self) -> str:
        return " ".join(s.text for s in self.pre.sentences if s.number in self.lead)

    def state_of(self, name: str | None) -> str | None:
        """The state a government body acts for, when that state is a candidate."""
        cand = self.pre.candidate(name) if name else None
        return body_state(cand, self.states) if cand is not None else None

    def in_lead(self, c: Candidate) -> bool:
        """Whether the title or lead names the candidate (or a government body of it)."""
        return bool(set(c.sentences) & self.lead) or any(
            self.state_of(x.name) == c.name and set(x.sentences) & self.lead for x in self.pre.candidates)


Feature = Callable[..., float]


@dataclass(frozen=True)
class Registry:
    """The features of one kind of row: name -> (what it measures, function)."""

    kind: str
    table: dict[str, tuple[str, Feature]] = field(default_factory=dict)

    def add(self, name: str, what: str) -> Callable[[Feature], Feature]:
        def register(fn: Feature) -> Feature:
            assert name not in self.table, name
            self.table[name] = (what, fn)
            return fn

        return register

    def names(self) -> list[str]:
        return list(self.table)

    def row(self, *args: Any) -> list[float]:
        return [float(fn(*args)) for _, fn in self.table.values()]


TEXT = Registry("text")
PARTY = Registry("party")
TERM = Registry("term")
SOURCE = Registry("source")


# --------------------------------------------------------------------------- text: does it report a deal, status


def _lead_terms(t: Text) -> list[TermCandidate]:
    return [c for c in t.pre.term_candidates if c.sentence in t.lead and not c.negated]


for _family in FAMILIES:
    TEXT.add(f"lead_{_family}", f"log count of lead term candidates found by the {_family} patterns")(
        lambda t, f=_family: log1p(sum(1 for c in _lead_terms(t) if c.family == f)))
TEXT.add("lead_both_sides", "log count of lead term candidates that name both giver and receiver")(
    lambda t: log1p(sum(1 for c in _lead_terms(t) if c.giver and c.receiver and c.family != "open")))
TEXT.add("lead_one_side_tangible", "log count of lead pattern candidates naming one side and a tangible item")(
    lambda t: log1p(sum(1 for c in _lead_terms(t) if (c.giver or c.receiver) and c.category in TANGIBLE
                        and c.family != "open")))
TEXT.add("title_terms", "log count of pattern term candidates in the title")(
    lambda t: log1p(sum(1 for c in t.pre.term_candidates if c.sentence == 1 and c.family != "open")))
TEXT.add("title_deal_word", "the title has a word that names a deal")(lambda t: 1.0 if 1 in t.deal_sentences else 0.0)
for _group in pattern("deal_words")["groups"]:
    TEXT.add(f"title_{_group}_words", f"the title has a '{_group}' word (patterns/deal_words.json)")(
        lambda t, g=_group: 1.0 if g in t.word_groups(1) else 0.0)
    TEXT.add(f"lead_{_group}_words", f"share of the lead's body sentences with a '{_group}' word")(
        lambda t, g=_group: sum(1 for n in t.lead if n != 1 and g in t.word_groups(n)) / max(len(t.lead) - 1, 1))
TEXT.add("lead_deal_words", "share of lead sentences with a word that names a deal")(
    lambda t: len(t.lead & t.deal_sentences) / max(len(t.lead), 1))
TEXT.add("no_deal_sentence", "no sentence has a word that names a deal")(
    lambda t: 1.0 if not t.deal_sentences else 0.0)
TEXT.add("deal_sentence_share", "share of all sentences with a word that names a deal")(
    lambda t: len(t.deal_sentences) / max(len(t.pre.sentences), 1))
TEXT.add("lead_pairs", "log count of deal pairs ('a deal between A and B') in the lead")(
    lambda t: log1p(sum(1 for n, _, _ in t.pre.deal_pairs if n in t.lead)))
TEXT.add("any_pairs", "log count of deal pairs anywhere")(lambda t: log1p(len(t.pre.deal_pairs)))
TEXT.add("lead_firm_status", "log count of firm status cues in the lead")(
    lambda t: log1p(sum(1 for c in t.pre.status_cues if c.sentence in t.lead and not c.weak)))
TEXT.add("lead_one_sided", "the lead calls the act unilateral, one-sided or a rescue")(
    lambda t: 1.0 if _ONE_SIDED.search(t.lead_text()) else 0.0)
TEXT.add("lead_negated_terms", "log count of negated term candidates in the lead")(
    lambda t: log1p(sum(1 for c in t.pre.term_candidates if c.sentence in t.lead and c.negated)))
TEXT.add("lead_states", "log count of state candidates named in the lead")(
    lambda t: log1p(sum(1 for c in t.pre.candidates if c.kind == "state" and set(c.sentences) & t.lead)))
TEXT.add("lead_parties", "log count of non-person candidates named in the lead")(
    lambda t: log1p(sum(1 for c in t.pre.candidates if c.kind != "person" and set(c.sentences) & t.lead)))
TEXT.add("voice", "the text speaks as 'we' for a state (a first-person statement)")(
    lambda t: 1.0 if t.pre.voice else 0.0)
TEXT.add("transcript", "the title says it is remarks, a briefing or a press call")(
    lambda t: 1.0 if t.transcript else 0.0)
TEXT.add("length", "log of the number of sentences")(lambda t: log1p(len(t.pre.sentences)))
TEXT.add("brokers", "the text names a broker, mediator or host of talks")(lambda t: 1.0 if t.pre.brokers else 0.0)
TEXT.add("lead_hedges", "log count of hedges (allegedly, reportedly, ...) in the lead")(
    lambda t: log1p(sum(1 for h in t.pre.hedges if h.sentence in t.lead)))

DEAL_FEATURES = tuple(TEXT.names())


# --------------------------------------------------------------------------- status: which status of the main deal

STATUS = Registry("status")
STATUS_OPTIONS = (*STATUSES, "unclear")


@dataclass(frozen=True)
class StatusRow:
    """One status the main deal may have, to be scored against the others (the likeliest wins)."""

    status: str


def _cues(t: Text, s: StatusRow, place: str | None = None, weak: bool = False) -> int:
    return sum(1 for c in t.pre.status_cues if c.status == s.status and c.weak == weak
               and (place is None or t.place(c.sentence) == place))


for _place in ("title", "lead", "body"):
    STATUS.add(f"cues_{_place}", f"log count of firm cues of this status in the {_place}")(
        lambda t, s, p=_place: log1p(_cues(t, s, p)))
STATUS.add("weak_lead", "log count of modal cues of this status in the title and lead")(
    lambda t, s: log1p(_cues(t, s, "title", True) + _cues(t, s, "lead", True)))
STATUS.add("weak_body", "log count of modal cues of this status later")(lambda t, s: log1p(_cues(t, s, "body", True)))
STATUS.add("first_in_lead", "the first firm cue of the title and lead points at this status")(
    lambda t, s: 1.0 if next((c.status for c in t.pre.status_cues if c.sentence in t.lead and not c.weak), None)
    == s.status else 0.0)


def _firm_cues(t: Text, lead_only: bool = False) -> int:
    """How many status cues are firm (no modal), in the title and lead or in the whole text."""
    return sum(1 for c in t.pre.status_cues if not c.weak and (not lead_only or c.sentence in t.lead))


@STATUS.add("share_lead", "share of the title and lead's firm cues that point at this status")
def _share_lead(t: Text, s: StatusRow) -> float:
    firm = _firm_cues(t, lead_only=True)
    return (_cues(t, s, "title") + _cues(t, s, "lead")) / firm if firm else 0.0
for _option in STATUS_OPTIONS:
    STATUS.add(f"is_{_option}", f"this option is '{_option}' (how often the status occurs)")(
        lambda t, s, o=_option: 1.0 if s.status == o else 0.0)
for _option, _what, _fn in (
    ("proposed", "lead term candidates under a modal", lambda t: sum(1 for c in t.pre.term_candidates
                                                                     if c.sentence in t.lead and c.modal)),
    ("implemented", "lead term candidates stated as done", lambda t: sum(
        1 for c in t.pre.term_candidates if c.sentence in t.lead and c.done and not c.negated)),
    ("denied", "negated lead term candidates", lambda t: sum(1 for c in t.pre.term_candidates
                                                             if c.sentence in t.lead and c.negated)),
    ("unclear", "firm status cues in the title and lead", lambda t: _firm_cues(t, lead_only=True)),
):
    STATUS.add(f"{_option}_{_what.split()[0]}_{_what.split()[-1]}", f"for '{_option}': log count of {_what}")(
        lambda t, s, o=_option, f=_fn: log1p(f(t)) if s.status == o else 0.0)
for _option in STATUS_OPTIONS:
    STATUS.add(f"hedged_lead_{_option}", f"for '{_option}': the title or lead has a hedge (allegedly, reportedly, ...)")(
        lambda t, s, o=_option: 1.0 if s.status == o and any(h.sentence in t.lead for h in t.pre.hedges) else 0.0)
@STATUS.add("share_all", "share of the whole text's firm cues that point at this status")
def _share_all(t: Text, s: StatusRow) -> float:
    firm = _firm_cues(t)
    return _cues(t, s) / firm if firm else 0.0


# --------------------------------------------------------------------------- parties: party or not, side or not


def _mentions_in(c: Candidate, numbers: frozenset[int]) -> int:
    return sum(1 for m in c.mentions if m.sentence in numbers)


def _roles(t: Text, c: Candidate, role: str, where: frozenset[int] | None = None) -> int:
    names = {c.name}
    return sum(1 for x in t.pre.term_candidates if getattr(x, role) in names and not x.negated
               and x.family != "open" and (where is None or x.sentence in where))


PARTY.add("title", "named in the title")(lambda t, c: 1.0 if 1 in c.sentences else 0.0)
PARTY.add("lead_mentions", "log count of mentions in the lead")(lambda t, c: log1p(_mentions_in(c, t.lead)))
PARTY.add("mentions", "log count of mentions")(lambda t, c: log1p(c.count))
PARTY.add("mention_share", "share of all candidate mentions")(
    lambda t, c: c.count / max(sum(x.count for x in t.pre.candidates), 1))
PARTY.add("first_mention", "where the first mention stands, 0 at the start to 1 at the end")(
    lambda t, c: min(m.start for m in c.mentions) / max(len(t.pre.text), 1) if c.mentions else 1.0)
PARTY.add("rank", "log of the candidate's rank in the pre-pass's salience order")(
    lambda t, c: log1p(t.pre.candidates.index(c)))
PARTY.add("deal_sentence_mentions", "log count of mentions in sentences that name a deal")(
    lambda t, c: log1p(_mentions_in(c, t.deal_sentences)))
for _kind in PARTY_KINDS:
    PARTY.add(f"kind_{_kind}", f"the pre-pass takes it for a {_kind}")(lambda t, c, k=_kind: 1.0 if c.kind == k else 0.0)
for _label in LABELS:
    PARTY.add(f"label_{_label}", f"spaCy labelled it {_label}")(lambda t, c, lb=_label: 1.0 if c.label == lb else 0.0)
PARTY.add("news_media", "a news outlet")(lambda t, c: 1.0 if c.news_media else 0.0)
PARTY.add("speaker", "the text attributes information to it (a source)")(
    lambda t, c: 1.0 if c.name in t.speakers else 0.0)
PARTY.add("body_of_state", "a government body of a state the text names")(
    lambda t, c: 1.0 if t.state_of(c.name) else 0.0)
PARTY.add("broker", "a pattern says it brokered, mediated or hosted talks")(
    lambda t, c: 1.0 if c.name in t.pre.brokers else 0.0)
PARTY.add("giver_lead", "log count of lead pattern candidates where it gives")(
    lambda t, c: log1p(_roles(t, c, "giver", t.lead)))
PARTY.add("receiver_lead", "log count of lead pattern candidates where it receives")(
    lambda t, c: log1p(_roles(t, c, "receiver", t.lead)))
PARTY.add("giver_any", "log count of pattern candidates where it gives")(lambda t, c: log1p(_roles(t, c, "giver")))
PARTY.add("receiver_any", "log count of pattern candidates where it receives")(
    lambda t, c: log1p(_roles(t, c, "receiver")))
PARTY.add("pair_lead", "named as one side of a deal pair in the lead")(
    lambda t, c: 1.0 if any(n in t.lead and c.name in (a, b) for n, a, b in t.pre.deal_pairs) else 0.0)
PARTY.add("pair_any", "log count of deal pairs naming it")(
    lambda t, c: log1p(sum(1 for _, a, b in t.pre.deal_pairs if c.name in (a, b))))
PARTY.add("voice", "the state the text speaks for as 'we'")(lambda t, c: 1.0 if t.pre.voice == c.name else 0.0)
PARTY.add("heading_only", "named only in headings")(
    lambda t, c: 1.0 if c.sentences and all(t.pre.sentence(n).heading for n in c.sentences) else 0.0)
PARTY.add("title_only", "named only in the title")(lambda t, c: 1.0 if c.sentences == [1] else 0.0)
PARTY.add("event_like", "its name ends like an event, law, programme or document (summit, act, plan, ...)")(
    lambda t, c: 1.0 if _EVENT.search(c.name) else 0.0)


def _roles_in(c: Candidate, numbers: frozenset[int] | None, roles: tuple[str, ...]) -> int:
    return sum(1 for m in c.mentions if (numbers is None or m.sentence in numbers) and m.role.startswith(roles))


for _role, _roles_of, _what in (
    ("subject", ("nsubj", "agent"), "the subject of a verb (or a passive's agent)"),
    ("object", ("dobj", "dative", "nsubjpass"), "the object of a verb"),
    ("with", ("pobj:with", "pobj:between"), "the object of 'with' or 'between'"),
    ("to", ("pobj:to", "pobj:for"), "the object of 'to' or 'for'"),
    ("from", ("pobj:from", "pobj:by"), "the object of 'from' or 'by'"),
    ("owner", ("poss", "compound"), "a possessor or a modifier ('Poland's purchase', 'U.S. arms')"),
):
    PARTY.add(f"title_{_role}", f"named in the title as {_what}")(
        lambda t, c, r=_roles_of: 1.0 if _roles_in(c, frozenset({1}), r) else 0.0)
    PARTY.add(f"lead_{_role}", f"log count of lead mentions as {_what}")(
        lambda t, c, r=_roles_of: log1p(_roles_in(c, t.lead, r)))
_RELATIVE = ("lead_mentions", "mentions", "deal_sentence_mentions", "giver_lead", "receiver_lead", "giver_any",
             "receiver_any", "pair_any", "lead_subject", "lead_with")


def _relative(name: str) -> Feature:
    """A party feature as a share of the text's largest value of it (sides are the text's top candidates)."""
    fn = PARTY.table[name][1]

    def share(t: Text, c: Candidate) -> float:
        top = t.party_max(name, fn)
        return fn(t, c) / top if top else 0.0

    return share


for _name in _RELATIVE:
    PARTY.add(f"{_name}_share", f"{PARTY.table[_name][0]}, over the text's largest")(_relative(_name))


def _inside_item(t: Text, c: Candidate) -> float:
    """The share of a candidate's mentions inside the item of a pattern term candidate: what is given (a person
    released, a company bought), not who gives."""
    return sum(1 for m in c.mentions if any(x.sentence == m.sentence and x.item_start <= m.start
                                            and m.end <= x.item_end for x in t.pre.term_candidates)) / max(c.count, 1)


PARTY.add("inside_item", "share of its mentions inside the item of a term candidate (what is given, not who gives)")(
    _inside_item)
PARTY.add("aliases", "log count of other names it goes by")(lambda t, c: log1p(len(c.aliases)))
PARTY.add("words", "log count of words in its name")(lambda t, c: log1p(len(c.name.split())))


# --------------------------------------------------------------------------- pairs: the two sides of the main deal

PAIR = Registry("pair")


@dataclass(frozen=True)
class PairRow:
    """Two candidates that may be the main deal's sides, with the side decision's scores (log-odds) of each."""

    a: Candidate
    b: Candidate
    a_logit: float
    b_logit: float


def _names_pair(t: Text, p: PairRow, a: str | None, b: str | None) -> bool:
    """Whether two names are the pair's two candidates, a government body counting for its state."""
    names = {p.a.name, p.b.name}
    return {x if x in names else t.state_of(x) for x in (a, b)} == names


def _together(t: Text, p: PairRow, where: frozenset[int] | None) -> int:
    """Pattern term candidates whose giver and receiver are the pair (a body counting for its state)."""
    return sum(1 for x in t.pre.term_candidates if not x.negated and x.family != "open"
               and _names_pair(t, p, x.giver, x.receiver) and (where is None or x.sentence in where))


def _co_sentences(t: Text, p: PairRow, where: frozenset[int] | None) -> int:
    both = set(p.a.sentences) & set(p.b.sentences)
    return len(both if where is None else both & where)


PAIR.add("logit_sum", "the side scores of both (log-odds, summed)")(lambda t, p: p.a_logit + p.b_logit)
PAIR.add("logit_min", "the weaker side score of the two (log-odds)")(lambda t, p: min(p.a_logit, p.b_logit))
PAIR.add("pattern_lead", "log count of lead pattern candidates between the two")(
    lambda t, p: log1p(_together(t, p, t.lead)))
PAIR.add("pattern_any", "log count of pattern candidates between the two")(lambda t, p: log1p(_together(t, p, None)))
PAIR.add("deal_pair_lead", "a lead deal pair names the two ('a deal between A and B')")(
    lambda t, p: 1.0 if any(n in t.lead and {a, b} == {p.a.name, p.b.name} for n, a, b in t.pre.deal_pairs) else 0.0)
PAIR.add("deal_pair_any", "log count of deal pairs naming the two")(
    lambda t, p: log1p(sum(1 for _, a, b in t.pre.deal_pairs if {a, b} == {p.a.name, p.b.name})))
PAIR.add("co_lead", "log count of lead sentences naming both")(lambda t, p: log1p(_co_sentences(t, p, t.lead)))
PAIR.add("co_any", "log count of sentences naming both")(lambda t, p: log1p(_co_sentences(t, p, None)))
PAIR.add("co_deal", "log count of deal sentences naming both")(
    lambda t, p: log1p(_co_sentences(t, p, t.deal_sentences)))
PAIR.add("both_in_lead", "the title or lead names both (or a government body of each)")(
    lambda t, p: 1.0 if t.in_lead(p.a) and t.in_lead(p.b) else 0.0)
PAIR.add("person_given", "the larger share of a person's mentions inside a term candidate's item (a person released)")(
    lambda t, p: max(_inside_item(t, c) if c.kind == "person" else 0.0 for c in (p.a, p.b)))
PAIR.add("persons", "how many of the two are people (0, 1, 2)")(
    lambda t, p: float((p.a.kind == "person") + (p.b.kind == "person")))
PAIR.add("same_kind", "both are of the same kind")(lambda t, p: 1.0 if p.a.kind == p.b.kind else 0.0)
PAIR.add("states", "how many of the two are states")(lambda t, p: float((p.a.kind == "state") + (p.b.kind == "state")))
PAIR.add("companies", "how many of the two are companies")(
    lambda t, p: float((p.a.kind == "company") + (p.b.kind == "company")))
PAIR.add("body_and_state", "one is a government body of the other")(
    lambda t, p: 1.0 if t.state_of(p.a.name) == p.b.name or t.state_of(p.b.name) == p.a.name else 0.0)
PAIR.add("speakers", "how many of the two the text attributes information to")(
    lambda t, p: float((p.a.name in t.speakers) + (p.b.name in t.speakers)))


# --------------------------------------------------------------------------- terms: keep or not


@dataclass(frozen=True)
class TermRow:
    """A term candidate with its sides filled in: the sides the parse names, the open ones from the main deal."""

    cand: TermCandidate
    giver: str
    receiver: str
    giver_filled: bool
    receiver_filled: bool
    sides: tuple[str, str]  # the main deal's two sides, as decided


def _path(how: str) -> str:
    """The coarse role path of a side's 'how' ("prep:to|for/mention" -> "prep")."""
    head = how.split("/", 1)[0]
    for p in ROLE_PATHS:
        if head.startswith(p):
            return p
    return "other"


def _mentions(t: Text, name: str, number: int) -> bool:
    cand = t.pre.candidate(name)
    if cand is None:
        return False
    if any(m.sentence == number for m in cand.mentions):
        return True
    return any(t.state_of(x.name) == name and number in x.sentences for x in t.pre.candidates)


def _first_offset(t: Text, name: str, number: int) -> int | None:
    cand = t.pre.candidate(name)
    starts = [m.start for m in cand.mentions if m.sentence == number] if cand else []
    return min(starts) if starts else None


for _trigger in TRIGGERS:
    TERM.add(f"trigger_{_trigger}", f"found by the '{_trigger}' pattern")(
        lambda t, r, x=_trigger: 1.0 if r.cand.trigger == x else 0.0)
for _category in CATEGORIES:
    TERM.add(f"category_{_category}", f"its item is {_category}")(
        lambda t, r, x=_category: 1.0 if r.cand.category == x else 0.0)
for _how in ("item words", "one of several", "pattern", "no category"):
    TERM.add(f"category_from_{_how.replace(' ', '_')}", f"its category comes from: {_how}")(
        lambda t, r, x=_how: 1.0 if r.cand.category_how.startswith(x) else 0.0)
for _path_name in ROLE_PATHS:
    TERM.add(f"giver_{_path_name}", f"the giver was read from the {_path_name} role")(
        lambda t, r, x=_path_name: 1.0 if (_path(r.cand.giver_how) if not r.giver_filled else "filled") == x else 0.0)
    TERM.add(f"receiver_{_path_name}", f"the receiver was read from the {_path_name} role")(
        lambda t, r, x=_path_name: 1.0 if (_path(r.cand.receiver_how) if not r.receiver_filled else "filled") == x
        else 0.0)
TERM.add("both_filled", "neither side is named by the phrase (both from the main deal)")(
    lambda t, r: 1.0 if r.giver_filled and r.receiver_filled else 0.0)
TERM.add("main_pair", "giver and receiver are the main deal's two sides")(
    lambda t, r: 1.0 if {r.giver, r.receiver} == set(r.sides) else 0.0)
TERM.add("one_side_main", "exactly one of giver and receiver is a side of the main deal")(
    lambda t, r: 1.0 if len({r.giver, r.receiver} & set(r.sides)) == 1 else 0.0)
TERM.add("first_side_gives", "the side first mentioned in the text gives")(
    lambda t, r: 1.0 if r.giver == r.sides[0] else 0.0)
TERM.add("title", "in the title")(lambda t, r: 1.0 if r.cand.sentence == 1 else 0.0)
TERM.add("lead", "in the lead after the title")(lambda t, r: 1.0 if t.place(r.cand.sentence) == "lead" else 0.0)
TERM.add("position", "where its sentence stands, 0 at the start to 1 at the end")(
    lambda t, r: r.cand.sentence / max(len(t.pre.sentences), 1))
TERM.add("list_item", "its sentence is an item of a list")(lambda t, r: 1.0 if r.cand.trigger == "list" else 0.0)
TERM.add("deal_sentence", "its sentence names a deal")(
    lambda t, r: 1.0 if r.cand.sentence in t.deal_sentences else 0.0)
TERM.add("giver_in_sentence", "its sentence names the giver")(
    lambda t, r: 1.0 if _mentions(t, r.giver, r.cand.sentence) else 0.0)
TERM.add("receiver_in_sentence", "its sentence names the receiver")(
    lambda t, r: 1.0 if _mentions(t, r.receiver, r.cand.sentence) else 0.0)
TERM.add("giver_before_item", "the giver is named before the item in its sentence")(
    lambda t, r: 1.0 if (o := _first_offset(t, r.giver, r.cand.sentence)) is not None and o < r.cand.item_start
    else 0.0)
TERM.add("receiver_after_item", "the receiver is named after the item in its sentence")(
    lambda t, r: 1.0 if (o := _first_offset(t, r.receiver, r.cand.sentence)) is not None and o > r.cand.item_start
    else 0.0)
TERM.add("negated", "its transfer is negated or denied")(lambda t, r: 1.0 if r.cand.negated else 0.0)
TERM.add("modal", "its transfer is under a modal")(lambda t, r: 1.0 if r.cand.modal else 0.0)
TERM.add("hedged", "its sentence has a hedge")(
    lambda t, r: 1.0 if any(h.sentence == r.cand.sentence for h in t.pre.hedges) else 0.0)
TERM.add("item_words", "log count of words in its item")(lambda t, r: log1p(len(r.cand.item.split())))
TERM.add("measure_item", "its item names a one-sided measure (sanctions, tariffs, a ban) that is not lifted or eased")(
    lambda t, r: 1.0 if r.cand.trigger != "lift" and "measure" in deal_word_groups(r.cand.item) else 0.0)
TERM.add("item_number", "its item has a number")(lambda t, r: 1.0 if re.search(r"\d", r.cand.item) else 0.0)
TERM.add("sentence_candidates", "log count of term candidates in its sentence")(
    lambda t, r: log1p(sum(1 for x in t.pre.term_candidates if x.sentence == r.cand.sentence)))
TERM.add("giver_kind_company", "the giver is a company")(
    lambda t, r: 1.0 if (c := t.pre.candidate(r.giver)) is not None and c.kind == "company" else 0.0)
TERM.add("receiver_kind_company", "the receiver is a company")(
    lambda t, r: 1.0 if (c := t.pre.candidate(r.receiver)) is not None and c.kind == "company" else 0.0)
TERM.add("giver_is_voice", "the giver is the state the text speaks for")(
    lambda t, r: 1.0 if t.pre.voice and r.giver == t.pre.voice else 0.0)



# --------------------------------------------------------------------------- terms by giver, receiver and category

GROUP = Registry("term group")


@dataclass(frozen=True)
class TermGroup:
    """Every term row of one giver, receiver and category: the evidence for one term, and for the same category
    the other way."""

    rows: tuple[TermRow, ...]
    reverse: tuple[TermRow, ...]  # rows of the same category from the receiver to the giver

    @property
    def key(self) -> tuple[str, str, str]:
        r = self.rows[0]
        return r.giver, r.receiver, r.cand.category or ""


def _explicit(rows: tuple[TermRow, ...]) -> int:
    return sum(1 for r in rows if not (r.giver_filled and r.receiver_filled))


_MAX_OF = [n for n in TERM.names() if not n.startswith(("giver_", "receiver_", "item_", "sentence_", "position"))]
for _name in _MAX_OF:
    GROUP.add(f"any_{_name}", f"some row of the group: {TERM.table[_name][0]}")(
        lambda t, g, n=_name: max(TERM.table[n][1](t, r) for r in g.rows))
for _path_name in ROLE_PATHS:
    GROUP.add(f"giver_{_path_name}", f"some row read the giver from the {_path_name} role")(
        lambda t, g, x=_path_name: max(TERM.table[f"giver_{x}"][1](t, r) for r in g.rows))
    GROUP.add(f"receiver_{_path_name}", f"some row read the receiver from the {_path_name} role")(
        lambda t, g, x=_path_name: max(TERM.table[f"receiver_{x}"][1](t, r) for r in g.rows))
GROUP.add("rows", "log count of the group's rows")(lambda t, g: log1p(len(g.rows)))
GROUP.add("explicit", "log count of rows whose phrase names a side")(lambda t, g: log1p(_explicit(g.rows)))
GROUP.add("explicit_lead", "log count of title and lead rows whose phrase names a side")(
    lambda t, g: log1p(_explicit(tuple(r for r in g.rows if r.cand.sentence in t.lead))))
GROUP.add("reverse_explicit", "log count of rows of the same category the other way whose phrase names a side")(
    lambda t, g: log1p(_explicit(g.reverse)))
GROUP.add("direction_share", "share of the explicit rows of this category (both ways) that run this way")(
    lambda t, g: (_explicit(g.rows) + 0.5) / (_explicit(g.rows) + _explicit(g.reverse) + 1.0))
GROUP.add("earliest", "where its earliest row stands, 0 at the start to 1 at the end")(
    lambda t, g: min(r.cand.sentence for r in g.rows) / max(len(t.pre.sentences), 1))
GROUP.add("sentences", "log count of sentences with a row of the group")(
    lambda t, g: log1p(len({r.cand.sentence for r in g.rows})))
GROUP.add("bare_share", "share of its rows whose item only names the deal ('the deal', 'an agreement', 'talks')")(
    lambda t, g: sum(1 for r in g.rows if bare_deal_word(r.cand.item)) / len(g.rows))


_HANDING = frozenset(lemma for trig in pattern("verbs")["triggers"] if trig["name"] in ("give", "take", "release")
                     for lemma in trig["lemmas"])


def _to_act(item: str) -> bool:
    """An item that is a commitment to hand something over ('to pay $5 million'), where a plainer row may name
    the thing itself; 'to remove the tariff' keeps its verb, which says what is given."""
    words = item.lower().split()
    return len(words) > 2 and words[0] == "to" and words[1] in _HANDING


def bare_deal_word(item: str) -> bool:
    """An item that only names the deal itself ('the deal', 'an agreement', 'talks'), not what is handed over."""
    return bool(_BARE.fullmatch(item.strip()))


_BARE = re.compile(r"(?i)(?:(?:the|a|an|this|that|its|their|our|new|final)\s+)*(?:"
                   + "|".join(pattern("deal_words")["groups"]["agreement"] + pattern("deal_words")["groups"]["talks"])
                   + ")")


def best_row(t: Text, g: TermGroup) -> TermRow:
    """The row that states the term most plainly: a side named, the thing itself rather than a commitment to act
    ('$5 million', not 'to pay $5 million'), in the title or lead, found by a pattern, first."""
    return min(g.rows, key=lambda r: (r.giver_filled and r.receiver_filled, _to_act(r.cand.item),
                                      r.cand.sentence not in t.lead,
                                      r.cand.family == "open", r.cand.sentence, r.cand.item_start))


# --------------------------------------------------------------------------- sources: keep, kind, on the record


SOURCE.add("sentences", "log count of sentences attributed to it")(lambda t, g: log1p(len(g.sentences)))
SOURCE.add("first_sentence", "where its first attribution stands, 0 at the start to 1 at the end")(
    lambda t, g: g.sentences[0] / max(len(t.pre.sentences), 1) if g.sentences else 1.0)
SOURCE.add("in_lead", "an attribution in the title or lead")(
    lambda t, g: 1.0 if set(g.sentences) & t.lead else 0.0)
for _cue in SOURCE_CUES:
    SOURCE.add(f"cue_{_cue.replace(' ', '_')}", f"attributed with '{_cue}'")(
        lambda t, g, x=_cue: 1.0 if any(c == x or c.startswith(x) for c in g.cues) else 0.0)
for _kind in SOURCE_KINDS:
    SOURCE.add(f"rule_kind_{_kind}", f"the attribution rules take it for {_kind}")(
        lambda t, g, k=_kind: 1.0 if g.kind == k else 0.0)
SOURCE.add("rule_on_record", "the attribution rules take it as on the record")(
    lambda t, g: 1.0 if g.on_record else 0.0)
SOURCE.add("named", "it resolves to a named candidate")(lambda t, g: 1.0 if g.candidate else 0.0)


def _person(t: Text, g: SourceGroup) -> bool:
    return (c := t.pre.candidate(g.candidate or "")) is not None and c.kind == "person"


SOURCE.add("person", "it resolves to a person")(lambda t, g: 1.0 if _person(t, g) else 0.0)
SOURCE.add("affiliation", "the text gives its affiliation")(lambda t, g: 1.0 if g.affiliation else 0.0)


def _described(g: SourceGroup) -> str:
    """A source's affiliation and name, the words its kind is read from."""
    return f"{g.affiliation or ''} {g.name}"


_GOVERNMENT_WORDS = words("government_body")
_OFFICE_WORDS = words("office")
_EXPERT_WORDS = words("expertise")


def _government(g: SourceGroup) -> bool:
    return bool(_GOVERNMENT_WORDS.search(_described(g)))


def _office(g: SourceGroup) -> bool:
    return bool(_OFFICE_WORDS.search(_described(g)))


SOURCE.add("government_affiliation", "its affiliation or name has a word of a government body (ministry, department, ...)")(
    lambda t, g: 1.0 if _government(g) else 0.0)
SOURCE.add("office_affiliation", "its affiliation or name has a title of office (minister, spokesman, ...)")(
    lambda t, g: 1.0 if _office(g) else 0.0)
SOURCE.add("government_person", "a person whose affiliation or name has a word of a government body or a title of office")(
    lambda t, g: 1.0 if _person(t, g) and (_government(g) or _office(g)) else 0.0)
SOURCE.add("expert_affiliation", "its affiliation or name has a word of expertise (institute, analyst, ...)")(
    lambda t, g: 1.0 if _EXPERT_WORDS.search(_described(g)) else 0.0)
SOURCE.add("unnamed_words", "its name says it is unnamed (officials, sources, people familiar)")(
    lambda t, g: 1.0 if _UNNAMED.search(g.name) and not g.candidate else 0.0)
SOURCE.add("name_words", "log count of words in its name")(lambda t, g: log1p(len(g.name.split())))
SOURCE.add("news_media", "a news outlet")(
    lambda t, g: 1.0 if (c := t.pre.candidate(g.candidate or "")) is not None and c.news_media else 0.0)
SOURCE.add("is_voice", "the state or body the text speaks for")(
    lambda t, g: 1.0 if t.pre.voice and (g.candidate == t.pre.voice or t.state_of(g.candidate) == t.pre.voice)
    else 0.0)
SOURCE.add("transcript", "the text is a transcript")(lambda t, g: 1.0 if t.transcript else 0.0)
