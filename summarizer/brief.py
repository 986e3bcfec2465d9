"""The brief a person reads first: headline and summary written by the model from the checked facts of a summary,
then checked again by code before it is shown.

The facts are a short list (the sides, the main deal's terms with their items, the status, the main sources on
or off the record, the evidence grade; for a text with no deal its title); the prompt is ``prompts/brief/brief.j2``.
The check (:func:`check`) refuses a brief that is too long, that has a name or a number found neither in the
facts nor in the article, that names a party of the article the facts do not hold, that states a term the other
way round (read with the reading's own candidate engine) or a status the facts do not give. A refused brief is
asked once more with the reasons; if it fails again the template's brief (``compose.py``) stays, and
``meta.brief`` says which was kept and ``meta.brief_notes`` why. The model's job can be narrowed to the headline
alone (``prompts/brief/headline.j2``, a short answer checked the same way), the template's paragraph kept below it;
it is then asked only where the template's headline can say no more than the sides and the status (a no-deal
text keeps its title, a deal the template states in one clause keeps that clause).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from summarizer.cache import ResponseCache
from summarizer.compose import clause_headline
from summarizer.models.base import Model
from summarizer.prepass.types import lookup_key
from summarizer.prompts import PROMPTS_DIR
from summarizer.schema import Meta, StepMeta, Summary

if TYPE_CHECKING:
    from summarizer.model_calls import StepCall

HEADLINE_WORDS = 14
GROUNDED_SHARE = 0.75  # of the brief's content words, at least this share is words of the facts or the article
SUMMARY_WORDS = 70
SUMMARY_SENTENCES = 3
BRIEF_TOKENS = 220  # the answer's cap: a headline and a short paragraph in JSON
ATTEMPTS = 2  # the first brief and one more with the reasons it was refused
PROMPT = PROMPTS_DIR / "brief" / "brief.j2"
HEADLINE_PROMPT = PROMPTS_DIR / "brief" / "headline.j2"
HEADLINE_TOKENS = 60  # the headline's cap: one line in JSON
_STRENGTH = {"confirmed": "confirmed", "probably_true": "probably true", "possibly_true": "possibly true",
             "doubtful": "doubtful", "improbable": "improbable", "cannot_be_judged": "cannot be judged"}
# the status in words the brief may repeat as they stand (a qualifier such as "not yet carried out" is read back by
# the check as a status word of its own)
_STATUS = {
    "proposed": "proposed",
    "negotiating": "under negotiation",
    "agreed": "agreed",
    "implemented": "carried out",
    "collapsed": "collapsed",
    "denied": "denied by a side",
    "unclear": "unclear",
}
# the statuses a firm word of the brief may point at without contradicting the summary's status
_COMPATIBLE = {
    "proposed": {"proposed"},
    "negotiating": {"negotiating", "proposed"},
    "agreed": {"agreed", "proposed"},
    "implemented": {"implemented", "agreed"},
    "collapsed": {"collapsed", "agreed", "proposed", "negotiating"},
    "denied": {"denied", "proposed", "agreed"},
    "unclear": {"unclear", "proposed", "negotiating", "agreed", "implemented", "collapsed", "denied"},
}
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# capitalised words that start sentences or name no one
_COMMON = frozenset("""a an the in on at under after before as by for from of to with and or but this that these
    those it its their his her he she they we our i there here no not new deal deals agreement article sources
    source evidence officials official statement report says said according while despite also""".split())


class Brief(BaseModel):
    """What the model writes: a headline and a short paragraph."""

    headline: str = Field(max_length=140, description="At most 14 words.")
    summary: str = Field(max_length=700, description="Two or three sentences, at most 70 words.")


class Headline(BaseModel):
    """What the model writes when its job is the headline alone."""

    headline: str = Field(max_length=140, description="At most 14 words.")


def facts(summary: Summary, title: str) -> list[str]:
    """The checked facts of a summary as short lines, the main deal first."""
    if len(summary.parties) < 2:
        lines = [f"The article's title: {title}", "The article reports no deal."]
    else:
        sides = [p.name for p in summary.parties[:2]]
        lines = [f"The deal is between {sides[0]} and {sides[1]}.", f"Status of the deal: {_STATUS[summary.status]}."]
        for t in [t for t in summary.terms if t.primary][:6]:
            lines.append(f"{t.giver} gives {t.receiver}: {t.item}")
        others = [p.name for p in summary.parties[2:4]]
        if others:
            lines.append(f"Also involved: {', '.join(others)}.")
    named = [s for s in summary.sources if s.on_record][:3]
    unnamed = [s for s in summary.sources if not s.on_record][:2]
    for s in named:
        lines.append(f"Source on the record: {s.name}" + (f", {s.affiliation}" if s.affiliation else ""))
    for s in unnamed:
        lines.append(f"Unnamed source: {s.name}")
    if len(summary.parties) >= 2:
        lines.append(f"Evidence: {_STRENGTH[summary.evidence_strength]}.")
    return lines


@lru_cache(maxsize=2)
def _template(path: Path = PROMPT) -> tuple[object, str]:
    import jinja2

    source = path.read_text(encoding="utf-8")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    return env.from_string(source).module, hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def prompt_hash(path: Path = PROMPT) -> str:
    return _template(path)[1]


def messages(lines: list[str], problems: list[str], path: Path = PROMPT) -> list[dict[str, str]]:
    """The brief's prompt (or, with ``HEADLINE_PROMPT``, the headline's) for the facts and the last refusal."""
    module, _ = _template(path)
    return [
        {"role": "system", "content": str(module.system()).strip()},  # type: ignore[attr-defined]
        {"role": "user", "content": str(module.user(lines, problems)).strip()},  # type: ignore[attr-defined]
    ]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'\u2019-]+", text)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower().replace("\u2019", "'")).split())


def _undotted(text: str) -> list[str]:
    """Abbreviations written with dots ("U.S.", "U.K.") as they are also written without ("US", "UK")."""
    return [m.replace(".", "") for m in re.findall(r"\b(?:[A-Za-z]\.){2,}", text)]


# a sentence ends at . ! or ? before a space, except after an abbreviation written with dots ("U.S.", "Mr.")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<=[.!?])\s+")


def sentences_of(text: str) -> list[str]:
    """The sentences of a short text; "U.S. officials" does not end one."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def _acronyms(text: str) -> set[str]:
    """The initials (three or more) of the text's capitalised names ("Defense Security Cooperation Agency" ->
    "DSCA")."""
    out = set()
    for m in re.finditer(r"[A-Z][\w'\u2019-]*(?: (?:(?:of|and|for|the|on) )?[A-Z][\w'\u2019-]*)+", text):
        capitals = [w[0] for w in m.group(0).split() if w[0].isupper()]
        # the whole name's and each tail's ("Treasury's Office of Foreign Assets Control" -> "OFAC"); two letters
        # ("EU", "US") name too many things to be read off initials
        out |= {"".join(capitals[i:]) for i in range(len(capitals) - 2)}
    return out


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", text) if w.lower() not in _COMMON]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _names_in(headline: str, summary: str) -> list[str]:
    """The words of a brief that name someone or something: capitalised words that do not start a sentence
    (a title-case headline's words name nothing by their capitals alone: a headline standing alone is read by
    :func:`_unknown_in_title_case` instead)."""
    out = []
    texts = [summary] if _title_case(headline) else [headline, summary]
    for text in texts:
        for sentence in re.split(r"(?<=[.!?:;])\s+|\n", text):
            words = re.findall(r"[A-Za-z][\w'\u2019.&-]*", sentence)
            out += [w.rstrip(".") for w in words[1:] if w[0].isupper() and w.lower() not in _COMMON]
    return out


def _unknown_in_title_case(headline: str, stems: set[str]) -> list[str]:
    """The capitalised words of a title-case headline that no word of the facts or the article shares a stem with
    (its first five letters: "Agree" is found by "agreed", an invented "Alliance" is not)."""
    if not _title_case(headline):
        return []
    words = re.findall(r"[A-Za-z][\w'\u2019.&-]*", headline)
    return [w.rstrip(".") for w in words if w[0].isupper() and w.lower() not in _COMMON
            and not all(part[:5] in stems for part in _fold(w).split())]


def _initials(name: str) -> str:
    """A name's initials when it has two or more capitalised words ("United States" -> "us")."""
    capitals = [w[0] for w in name.split() if w[:1].isupper()]
    return "".join(capitals).lower() if len(capitals) >= 2 else ""


@dataclass(frozen=True)
class CheckContext:
    """What a brief is checked against: the facts, the article and the names of the article's parties."""

    summary: Summary
    lines: list[str]
    article: str
    article_names: tuple[tuple[str, ...], ...] = ()  # each candidate of the article: its name and aliases


def _party_of(name: str, summary: Summary) -> str | None:
    """The summary's party (or source) a name stands for, by its name or an alias."""
    key = lookup_key(name)
    for p in summary.parties:
        if key in {lookup_key(n) for n in [p.name, *p.aliases]}:
            return p.name
    return None


def check(brief: Brief | Headline, ctx: CheckContext) -> list[str]:
    """Every reason the brief may not be shown (empty when it passes)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from summarizer.prepass import analyse

    problems = []
    paragraph = brief.summary if isinstance(brief, Brief) else ""
    text = f"{brief.headline}\n{paragraph}"
    if len(_words(brief.headline)) > HEADLINE_WORDS:
        problems.append(f"the headline has more than {HEADLINE_WORDS} words")
    if len(_words(paragraph)) > SUMMARY_WORDS:
        problems.append(f"the summary has more than {SUMMARY_WORDS} words")
    if len(sentences_of(paragraph)) > SUMMARY_SENTENCES:
        problems.append(f"the summary has more than {SUMMARY_SENTENCES} sentences")
    aliases = " ".join(a for p in ctx.summary.parties for a in [*p.aliases, _initials(p.name).upper()])
    source = " ".join(ctx.lines) + " " + aliases + " " + ctx.article
    source += " " + " ".join(_undotted(source)) + " " + " ".join(sorted(_acronyms(source)))
    known = _fold(source)
    numbers = {n.replace(",", "") for n in _NUMBER.findall(source)}
    for number in sorted(set(_NUMBER.findall(text))):
        if number.replace(",", "") not in numbers:
            problems.append(f"the number {number} is in neither the facts nor the article")
    known_words = set(known.split())
    for name in sorted(set(_names_in(brief.headline, paragraph))):
        folded = _fold(name)
        if folded and not set(folded.split()) <= known_words:
            problems.append(f"the name {name!r} is in neither the facts nor the article")
    # grammar words (spaCy's English stop words: "have", "each", "which") claim nothing; content words must be grounded
    words = [w for w in re.findall(r"[a-z]+", _fold(text)) if len(w) > 3 and w not in _COMMON and w not in STOP_WORDS]
    stems = {w[:5] for w in re.findall(r"[a-z]+", known)}
    if not paragraph:
        for name in sorted(set(_unknown_in_title_case(brief.headline, stems))):
            problems.append(f"the name {name!r} is in neither the facts nor the article")
    if words and sum(1 for w in words if w[:5] in stems) < GROUNDED_SHARE * len(words):
        strange = sorted({w for w in words if w[:5] not in stems})[:6]
        problems.append(f"too many words are in neither the facts nor the article ({', '.join(strange)})")
    if len(ctx.summary.parties) >= 2:
        said = f" {_fold(text)} {_fold(' '.join(_undotted(text)))} "
        missing = [p.name for p in ctx.summary.parties[:2]
                   if not any(f" {_fold(n)} " in said for n in [p.name, *p.aliases, _initials(p.name)] if _fold(n))]
        if missing:
            problems.append(f"it does not name {' or '.join(missing)}, a side of the deal")
    held = {lookup_key(n) for p in ctx.summary.parties for n in [p.name, *p.aliases]}
    held |= {lookup_key(s.name) for s in ctx.summary.sources}
    folded = f" {_fold(text)} "
    for forms in ctx.article_names:
        if {lookup_key(f) for f in forms} & held:
            continue
        hit = next((f for f in forms if len(f) > 3 and f" {_fold(f)} " in folded), None)
        if hit:
            problems.append(f"it names {hit}, which is not a party or source of the facts")
    problems += _reversed(analyse(f"Brief\n\n{brief.headline}.\n\n{paragraph}"), ctx.summary)
    return problems


def _reversed(pre, summary: Summary) -> list[str]:
    """The terms the brief states the other way round from the facts, and a status it states that the facts do
    not give (read with the pre-pass and the candidate engine, as an article is read)."""
    out = []
    stated = {(t.giver, t.receiver, t.category) for t in summary.terms}
    for c in pre.term_candidates:
        if c.negated or c.giver is None or c.receiver is None or c.family in ("open", "contents"):
            continue  # only what a pattern reads from the brief's own words, both sides named
        giver, receiver = _party_of(c.giver, summary), _party_of(c.receiver, summary)
        if not giver or not receiver:
            continue
        back = {cat for g, r, cat in stated if (g, r) == (receiver, giver)}
        forth = {cat for g, r, cat in stated if (g, r) == (giver, receiver)}
        if c.category in back - forth or c.category in (None, "other") and back and not forth:
            out.append(f"it says {giver} gives {receiver} {c.item}, but the facts have it the other way")
    for cue in pre.status_cues:
        if not cue.weak and cue.status not in _COMPATIBLE[summary.status] and not _negated_before(pre.text, cue.start):
            out.append(f"'{cue.word}' says the deal is {cue.status}, but its status is {summary.status}")
    return out


def _negated_before(text: str, start: int) -> bool:
    """Whether "not", "never" or "no" stands among the three words before ``start`` ("agreed but not yet
    carried out"): the words say what the deal has not become."""
    return bool(set(re.findall(r"[a-z]+", text[max(0, start - 30):start].lower())[-3:]) & {"not", "never", "no"})


def wants_headline(summary: Summary) -> bool:
    """Whether the template's headline says no more than the sides and the status (a deal it cannot state in one
    clause): the one place the model's headline may say more."""
    return len(summary.parties) >= 2 and not clause_headline(summary.terms, summary.status)


def write_brief(
    summary: Summary,
    model: Model,
    article: str,
    *,
    cache: ResponseCache | None = None,
    article_names: tuple[tuple[str, ...], ...] = (),
    headline_only: bool = False,
) -> Summary:
    """The summary with the model's brief in place of the template's when one passes the check (asked at most
    twice), and ``meta`` saying which was kept and why; ``headline_only`` asks the model for the headline alone
    and keeps the template's summary below it."""
    from dataclasses import replace as dc_replace

    from summarizer.model_calls import ask

    if headline_only and not wants_headline(summary):
        notes = ["the template's headline states the deal in one clause" if len(summary.parties) >= 2
                 else "a text with no deal keeps its title as the headline"]
        return summary.model_copy(update={"meta": _meta_with(summary, "template", notes, [])})
    title = article.split("\n", 1)[0].strip()
    lines = facts(summary, title)
    ctx = CheckContext(summary, lines, article, article_names)
    path, answer_model, cap = (HEADLINE_PROMPT, Headline, HEADLINE_TOKENS) if headline_only else (
        PROMPT, Brief, BRIEF_TOKENS)
    capped = Model(model.backend, dc_replace(model.limits, max_tokens_per_call=min(
        model.limits.max_tokens_per_call, cap)))
    problems: list[str] = []
    notes: list[str] = []
    calls = []
    for _ in range(ATTEMPTS):
        answer, call = ask(capped, messages(lines, problems, path), answer_model,
                           name="headline" if headline_only else "brief", prompt_hash=prompt_hash(path), cache=cache)
        calls.append(call)
        if answer is None:
            notes.append(f"the model gave no {'headline' if headline_only else 'brief'} "
                         f"({call.error or 'no valid answer'})")
            break
        problems = check(answer, ctx)
        if not problems:
            update = {"headline": " ".join(answer.headline.split())}
            if isinstance(answer, Brief):
                update["summary"] = " ".join(answer.summary.split())
            kept = "headline" if headline_only else "model"
            return summary.model_copy(update={**update, "meta": _meta_with(summary, kept, notes, calls)})
        notes.append(f"refused {answer.headline!r}: " + "; ".join(problems))
    return summary.model_copy(update={"meta": _meta_with(summary, "template", notes, calls)})


def _meta_with(summary: Summary, brief: str, notes: list[str], calls: list[StepCall]) -> Meta:
    """The summary's meta with the brief's source, notes and model calls (steps, tokens, attempts) added."""
    meta = summary.meta
    return meta.model_copy(update={
        "brief": brief,
        "brief_notes": notes,
        "steps": [*meta.steps, *[StepMeta(**vars(c)) for c in calls]],
        "tokens_in": meta.tokens_in + sum(c.tokens_in for c in calls),
        "tokens_out": meta.tokens_out + sum(c.tokens_out for c in calls),
        "tokens_cached": meta.tokens_cached + sum(c.tokens_cached for c in calls),
        "attempts": meta.attempts + sum(c.attempts for c in calls),
    })
