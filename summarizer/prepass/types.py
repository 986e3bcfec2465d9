"""What the pre-pass finds in an article: plain data, no model, no spaCy objects.

Every offset is into the article text as the pipeline reads it (``article[start:end] == text``).
Sentence numbers start at 1 (the title is sentence 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PartyKind = Literal["state", "government_body", "company", "person", "organization", "armed_group", "other"]
SourceKind = Literal["official", "government_body", "news_media", "expert", "anonymous", "document", "other"]
StatusLabel = Literal["proposed", "negotiating", "agreed", "implemented", "collapsed", "denied", "unclear"]


@dataclass(frozen=True)
class Sentence:
    """One numbered sentence (or heading line) of the article."""

    number: int
    start: int
    end: int
    text: str
    heading: bool = False  # a short line without final punctuation (titles of sections)


@dataclass(frozen=True)
class Mention:
    """One place where a candidate is named."""

    text: str
    start: int
    end: int
    sentence: int
    # its grammatical role: the dependency of its head ("nsubj", "dobj", "poss", "compound", ...), a preposition's
    # object as "pobj:with", the agent of a passive as "agent" ("" when not read)
    role: str = ""


@dataclass
class Candidate:
    """An entity the article names, its spellings merged (demonyms and capitals to their state,
    acronyms, surnames to full names, possessives and a leading 'the' dropped)."""

    name: str  # the fullest form; for a state its country name from the alias table
    kind: PartyKind
    aliases: list[str] = field(default_factory=list)  # other forms, each occurring in the article
    mentions: list[Mention] = field(default_factory=list)
    label: str = ""  # the spaCy entity label that introduced it (GPE, NORP, ORG, PERSON, ...)
    news_media: bool = False  # a news outlet (Reuters, the Associated Press, ...): a source, hardly ever a party
    document: bool = False  # a law, notice, deal document or operation ("the MOU"): a source at most, never a party

    @property
    def sentences(self) -> list[int]:
        return sorted({m.sentence for m in self.mentions})

    @property
    def count(self) -> int:
        return len(self.mentions)


@dataclass(frozen=True)
class Attribution:
    """Information the text attributes to someone: a reporting verb and its subject, 'according to X',
    a direct quote and its speaker, an unnamed source, or a document."""

    sentence: int
    # Who: the Candidate.name when the speaker resolves to one ("Kirby added" -> "John Kirby", "he said" -> the last
    # named person), else the phrase as written without a leading article ("officials familiar with the talks",
    # "statement from the ministry").
    speaker: str
    start: int  # offsets of the speaker's words as they occur (for a pronoun or a quote: of the earlier naming)
    end: int
    cue: str  # the verb lemma, "according to", "quote" (a sentence inside a quote) or "credit" (a credit line)
    kind: SourceKind  # the rule's guess
    on_record: bool
    affiliation: str = ""  # from a title or apposition: "White House National Security Council", "Associated Press"
    candidate: str | None = None  # the Candidate.name the speaker resolves to, if any
    definite: bool = False  # "the traders", "the draft": points back to a source named before


@dataclass(frozen=True)
class TermCandidate:
    """A phrase that may state a term of a deal, found with recall first (``summarizer/candidates/``): who gives
    what to whom as the parse reads it, each side None where the sentence leaves it open. Decisions keep or drop
    it later (``summarizer/fitted/``)."""

    sentence: int
    family: str  # the pattern file that found it: verbs, nouns, phrases, commitments, contents, open
    trigger: str  # the pattern's name: give, take, release, give_noun, contract, exchange, price, truce, list, ...
    lemma: str  # the trigger word's lemma ("sell", "acquisition", "ceasefire"); "" for an open item
    giver: str | None  # Candidate.name
    receiver: str | None
    item: str  # words of the sentence
    item_start: int
    item_end: int
    category: str | None  # the contract category the item's words (or the pattern) name; None when none
    category_how: str = ""  # "item words", "pattern", "ambiguous", ""
    giver_how: str = ""  # the role that named the giver and how it resolved ("subject/mention"); "" when open
    receiver_how: str = ""
    negated: bool = False  # "has not sent", "denies selling"
    modal: bool = False  # "would supply", "could buy"
    done: bool = False  # stated as done: "sold", "has delivered", "were freed", "pleaded guilty to paying"
    # where a side's phrase names someone no candidate is ("to successful offerors"): its offsets
    giver_phrase: tuple[int, int] | None = None
    receiver_phrase: tuple[int, int] | None = None


@dataclass(frozen=True)
class StatusCue:
    """A word in a sentence that points at one status (offer -> proposed, talks -> negotiating, signed -> agreed,
    delivered -> implemented, collapsed -> collapsed, denied -> denied)."""

    sentence: int
    status: StatusLabel
    word: str
    start: int
    end: int
    weak: bool = False  # a modal ("would", "could", "may", "might") or "potential": a hint, not a statement


@dataclass(frozen=True)
class Hedge:
    """A word that weakens a claim: allegedly, reportedly, unconfirmed, likely, could, ..."""

    sentence: int
    word: str
    start: int
    end: int


@dataclass(frozen=True)
class SourceGroup:
    """One distinct source: its attributions collapsed (``John Kirby`` for "Kirby told", "he said", ...)."""

    name: str  # the fullest form the text gives ("John Kirby", "Ministry of Defense", "two traders familiar ...")
    kind: SourceKind
    on_record: bool
    affiliation: str = ""
    candidate: str | None = None  # the Candidate.name the source resolves to, if any
    sentences: tuple[int, ...] = ()  # sentence numbers that attribute something to it, ascending
    cues: tuple[str, ...] = ()  # the cues seen, in order of first use ("say", "according to", "quote", ...)


def lookup_key(name: str) -> str:
    """A name folded for lookups: lower case, curly apostrophes straightened, a leading 'the' and a final
    possessive dropped, spaces collapsed."""
    text = " ".join(name.replace("\u2019", "'").lower().split())
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("'"):
        text = text[:-1]
    return text.strip(" .,;:")


@dataclass
class PrePass:
    """Everything the pre-pass found in one article."""

    text: str
    sentences: list[Sentence]
    candidates: list[Candidate]  # most salient first (title, count, first mention)
    attributions: list[Attribution]
    status_cues: list[StatusCue]
    hedges: list[Hedge]
    # the two sides of a deal as a sentence names them ("a deal between A and B", "A and B signed"):
    # (sentence, side, side), in reading order
    deal_pairs: list[tuple[int, str, str]] = field(default_factory=list)
    voice: str | None = None  # the state that speaks as "we" in a first-person text (see prepass/voice.py)
    brokers: list[str] = field(default_factory=list)  # who brokered, mediated or hosted the deal's talks
    term_candidates: list[TermCandidate] = field(default_factory=list)  # see summarizer/candidates/

    def candidate(self, name: str) -> Candidate | None:
        """The candidate whose name or alias is ``name`` (case and a leading 'the' ignored)."""
        key = lookup_key(name)
        if not key:
            return None
        for cand in self.candidates:
            if lookup_key(cand.name) == key or any(lookup_key(a) == key for a in cand.aliases):
                return cand
        return None

    def sentence(self, number: int) -> Sentence:
        return self.sentences[number - 1]
