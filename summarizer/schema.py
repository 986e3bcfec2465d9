"""The summary contract as pydantic models.

Two families live here:

* ``Extraction`` and its parts: what the language model is asked to fill in.
  Quotes are plain strings; list lengths and string lengths are bounded so a
  grammar-constrained small model cannot loop forever. Field descriptions are
  written as instructions to the model.
* ``Summary`` and its parts: what the tool returns. Quotes carry offsets into
  the article (``article[start:end] == text``) and ``meta`` records the run.

This module imports no model library.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

SCHEMA_VERSION = "1.0"

Status = Literal["proposed", "negotiating", "agreed", "implemented", "collapsed", "denied", "unclear"]
PartyKind = Literal["state", "government_body", "company", "person", "organization", "armed_group", "other"]
Category = Literal[
    "weapons",
    "munitions",
    "military_equipment",
    "food",
    "money",
    "energy",
    "raw_materials",
    "aircraft",
    "technology",
    "people",
    "political",
    "other",
]
SourceKind = Literal["official", "government_body", "news_media", "expert", "anonymous", "document", "other"]
EvidenceStrength = Literal["confirmed", "probably_true", "possibly_true", "doubtful", "improbable", "cannot_be_judged"]

STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
EVIDENCE_LEVELS: tuple[str, ...] = EvidenceStrength.__args__  # type: ignore[attr-defined]

# Bounds that the output grammar enforces: a small model that starts repeating itself is
# stopped by the schema, not by the token cap.
MAX_PARTIES = 4
MAX_TERMS = 4
MAX_SOURCES = 5
MAX_QUOTE_CHARS = 200
MAX_NAME_CHARS = 60


# --------------------------------------------------------------------------- what the model fills in


class PartyOut(BaseModel):
    name: str = Field(max_length=MAX_NAME_CHARS, description="Name as the article writes it.")
    aliases: list[str] = Field(default_factory=list, max_length=3, description="Other names the article uses for it.")
    kind: PartyKind


class TermOut(BaseModel):
    giver: str = Field(max_length=MAX_NAME_CHARS, description="Party name that gives.")
    receiver: str = Field(max_length=MAX_NAME_CHARS, description="Party name that receives.")
    category: Category
    item: str = Field(max_length=MAX_NAME_CHARS, description="What is given, in a few words.")
    primary: bool = Field(description="false for earlier or related deals.")
    quote: str = Field(max_length=MAX_QUOTE_CHARS, description="Exact words copied from the article.")


class SourceOut(BaseModel):
    name: str = Field(max_length=MAX_NAME_CHARS, description="Who the article attributes information to.")
    affiliation: str = Field(max_length=MAX_NAME_CHARS, description="Their organisation, or empty.")
    kind: SourceKind
    on_record: bool = Field(description="false if unnamed.")
    quote: str = Field(max_length=MAX_QUOTE_CHARS, description="Exact words copied from the article.")


class Extraction(BaseModel):
    """The model's reading of one article. Validated against the article when
    the validation context carries it: every non-empty quote must be found in
    the text (exactly, after normalising, or by close fuzzy alignment)."""

    # Lists may be empty: an article that reports no deal has no terms, and may name no parties or sources.
    parties: list[PartyOut] = Field(max_length=MAX_PARTIES)
    terms: list[TermOut] = Field(max_length=MAX_TERMS, description="One term per direction of each exchange.")
    sources: list[SourceOut] = Field(max_length=MAX_SOURCES)
    status: Status = Field(description="Status of the main deal.")
    status_quote: str = Field(
        max_length=MAX_QUOTE_CHARS, description="Exact words from the article showing the status."
    )
    evidence_strength: EvidenceStrength
    evidence_rationale: str = Field(max_length=200)
    headline: str = Field(max_length=120, description="One neutral sentence.")
    summary: str = Field(max_length=400, description="A short neutral paragraph.")

    def quotes(self) -> list[str]:
        """Every non-empty quote in reading order."""
        found = [self.status_quote] + [t.quote for t in self.terms] + [s.quote for s in self.sources]
        return [q for q in found if q.strip()]

    @model_validator(mode="after")
    def _quotes_are_in_article(self, info: ValidationInfo) -> Extraction:
        context = info.context or {}
        article = context.get("article")
        if article is None or not context.get("require_grounding", True):
            return self
        from summarizer.grounding import locate  # local: keeps this module light

        missing = [q for q in self.quotes() if locate(q, article) is None]
        if missing:
            listed = "; ".join(repr(q[:120]) for q in missing)
            raise ValueError(
                f"{len(missing)} quote(s) are not in the article: {listed}. "
                "Copy quotes word for word from the text between <article> tags, or leave them empty."
            )
        return self


# --------------------------------------------------------------------------- what the tool returns


class Quote(BaseModel):
    """A span of the article: ``article[start:end] == text``."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Party(BaseModel):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: PartyKind


class Term(BaseModel):
    giver: str
    receiver: str
    category: Category
    item: str
    primary: bool = True
    evidence: list[Quote] = Field(default_factory=list)


class Source(BaseModel):
    name: str
    affiliation: str = ""
    kind: SourceKind
    on_record: bool
    evidence: list[Quote] = Field(default_factory=list)


class Claim(BaseModel):
    """A statement of the article that a fact of the summary rests on, with its sentence."""

    about: Literal["status", "term"] = "status"
    statement: str
    evidence: list[Quote] = Field(default_factory=list)


class StepMeta(BaseModel):
    """One call of the steps reading: its prompt file, answer and cost."""

    name: str
    prompt_hash: str
    answer: dict | None = Field(None, description="The validated answer; null when the step gave none.")
    attempts: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    tokens_cached: int = 0
    cached: bool = False
    error: str | None = None


class Meta(BaseModel):
    model: str
    model_sha256: str | None = None
    prompt_template: str
    prompt_hash: str
    schema_version: str = SCHEMA_VERSION
    tokens_in: int = 0
    tokens_out: int = 0
    tokens_cached: int = Field(0, description="Prompt tokens reused from an earlier call's prefix, not evaluated.")
    attempts: int = 0
    seconds: float = 0.0
    quotes_dropped: int = Field(0, description="Quotes that could not be located and were removed.")
    cleanup: list[str] = Field(default_factory=list, description="Repairs applied after the model.")
    text_normalisation: str = ""
    cached: bool = Field(False, description="Served from the response cache.")
    reading: Literal["steps", "single"] = Field("single", description="How the article was read.")
    steps: list[StepMeta] = Field(default_factory=list, description="The calls of the steps reading, in order.")
    brief: Literal["model", "headline", "template"] = Field(
        "template",
        description="Who wrote headline and summary: the model (its brief passed the check), the model the headline "
        "and the template the summary, or the template both.",
    )
    brief_notes: list[str] = Field(default_factory=list, description="Why a model's brief was asked again or not used.")
    deal_probability: float | None = Field(
        None, ge=0, le=1, description="The fitted deal decision's probability that the text reports a deal (the steps "
        "reading; None for the single reading).")
    deal_threshold: float | None = Field(
        None, ge=0, le=1, description="The probability from which the reading takes the text for a deal: set low to miss "
        "few deals, so a deal read below about 0.5 is one a reader should check.")


class Summary(BaseModel):
    """A typed, source-grounded summary of one deal article."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCHEMA_VERSION
    headline: str
    summary: str
    status: Status
    parties: list[Party]
    terms: list[Term]
    sources: list[Source]
    claims: list[Claim] = Field(default_factory=list)
    evidence_strength: EvidenceStrength
    evidence_rationale: str
    meta: Meta

    def all_quotes(self) -> list[Quote]:
        """Every evidence span in the summary."""
        spans: list[Quote] = []
        for item in [*self.terms, *self.sources, *self.claims]:
            spans.extend(item.evidence)
        return spans


class GoldLabel(BaseModel):
    """A hand label (``gold.json``) as the contract defines it."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    parties: list[Party]
    terms: list[Term]
    sources: list[Source]
    evidence_strength: EvidenceStrength
    evidence_rationale: str


def schema_json(which: str = "summary") -> str:
    """The JSON Schema of ``summary`` (what summarize writes) or ``extraction`` (what the model fills)."""
    models: dict[str, type[BaseModel]] = {"summary": Summary, "extraction": Extraction}
    if which not in models:
        raise ValueError(f"--which must be summary or extraction, not {which!r}")
    return json.dumps(models[which].model_json_schema(), indent=2) + "\n"
