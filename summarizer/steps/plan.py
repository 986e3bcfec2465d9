"""The plan of steps: the pre-pass finds candidates and cues, code or the model decides each step, in order.

1. whether the text reports a deal: the title and lead name one (``lead.py``); else no parties, no terms,
   ``unclear``;
2. the two sides of the main deal (``sides.py``; the ``sides`` step may ask the model instead);
3. the terms: the sentences that state a transfer between the sides (``terms.py``); where none states a
   direction, the ``gives`` step may ask the model for a sentence and an item, kept only when the item is words
   of that sentence; terms of background deals (``primary: false``);
4. the status (``status.py``; the ``status`` step may ask the model instead).

Which rule families are used and who decides each step is the reading's :class:`ReadingConfig`. Every model call
sends the same two opening texts (the system text and the numbered article with its names) and puts its
question last, so llama.cpp evaluates the article once per article and later calls pay only for their question
and a short answer. Sources come from the pre-pass's attribution rules, not from the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from summarizer.cache import ResponseCache
from summarizer.categories import category_from_item
from summarizer.errors import InputError
from summarizer.fitted.decisions import FittedReading, choose_terms, read_fitted, side_options
from summarizer.fitted.model import Weights, load_weights
from summarizer.models.base import Model
from summarizer.prepass import sources as source_groups
from summarizer.prepass.types import Candidate, PrePass, SourceGroup
from summarizer.reading_config import DEFAULT, STATUS_OPTIONS, ReadingConfig
from summarizer.steps.answers import NOTHING, gives_answer, sides_answer, status_answer
from summarizer.steps.calls import StepCall, ask
from summarizer.steps.frames import Frame, find_frame
from summarizer.steps.lead import lead_numbers, reports_a_deal
from summarizer.steps.prompts import StepPrompts
from summarizer.steps.sides import MAX_SIDE_OPTIONS, first_mention, side_choices, sides_by_code
from summarizer.steps.status import status_by_cues
from summarizer.steps.terms import (
    Given,
    background_terms,
    commitment_terms,
    direction_terms,
    locate_item,
    mentions_side,
)

# Trimming rule for long articles: the names listed after the article are the most salient candidates.
MAX_NAMES = 14
# A step's answer is a few dozen tokens: this cap on each call leaves the context to the article. The model's
# other caps (attempts, total tokens) apply to each step as they are.
STEP_ANSWER_TOKENS = 160
# tokens kept free for a step's question (about 150), the chat template and the answer room a backend demands
# (the embedded one wants 256 free)
_ANSWER_ROOM = 480
_MARKER_ROOM = 40  # tokens for the line that says how many sentences are left out


@dataclass
class StepsReading:
    """What the steps found in one article: the decisions, made sense of, and what each call cost."""

    pre: PrePass
    config: ReadingConfig = DEFAULT
    sides: tuple[Candidate, Candidate] | None = None
    given: list[Given] = field(default_factory=list)
    status: str = "unclear"
    status_sentence: int | None = None
    frame: str | None = None  # the kind of deal (see frames.py), when its words were found
    calls: list[StepCall] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parties: list[Candidate] | None = None  # the parties the fitted decisions chose (None: sides and term parties)
    sources: list[SourceGroup] | None = None  # the sources the fitted decisions kept (None: every candidate)

    @property
    def has_deal(self) -> bool:
        return self.sides is not None

    @property
    def deal_sentence(self) -> int | None:
        """The sentence of the first primary term (the hedges of the deal claim are read there)."""
        return next((g.sentence for g in self.given if g.primary), None)


class StepAsker:
    """Builds each step's messages over the shared prefix and asks through the model boundary."""

    def __init__(
        self, model: Model, prompts: StepPrompts, pre: PrePass, cache: ResponseCache | None, article_id: str = ""
    ):
        answer_tokens = min(model.limits.max_tokens_per_call, STEP_ANSWER_TOKENS)
        self.model = Model(model.backend, replace(model.limits, max_tokens_per_call=answer_tokens))
        self.prompts = prompts
        self.cache = cache
        self.names = [c.name for c in pre.candidates[:MAX_NAMES]]
        self.pre = pre
        self.system = prompts.context.macro("system")
        self.context = prompts.context.macro("context", pre.sentences, self.names)
        self.calls: list[StepCall] = []
        self.article_id = article_id
        self.notes: list[str] = []

    def messages(self, step: str, **values) -> list[dict[str, str]]:
        question = self.prompts.questions[step].render(**values)
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": f"{self.context}\n\n{question}"},
        ]

    def check_fits(self) -> None:
        """Fit the numbered article into the model's context: whole when it fits, else from its start (the title
        and lead first) as far as the context allows, saying how many later sentences are left out; refuse with a
        clear error only when not even the lead fits."""
        context = self.model.backend.context_size()
        if context is None:
            return
        count = self.model.backend.count_tokens
        needed = (count(self.system + "\n" + self.context) or 0) + _ANSWER_ROOM
        if needed <= context:
            return
        budget = context - _ANSWER_ROOM - (count(self.system) or 0) - _MARKER_ROOM
        budget -= count("Names in the article: " + "; ".join(self.names)) or 0
        kept = []
        for sentence in self.pre.sentences:
            budget -= (count(f"[{sentence.number}] {sentence.text}") or 0) + 1
            if budget < 0:
                break
            kept.append(sentence)
        if not kept or kept[-1].number < max(lead_numbers(self.pre)):
            raise InputError(
                f"{self.article_id}: the article needs about {needed:,} tokens with its questions, more than the "
                f"model's context of {context:,}, and not even its lead fits; raise --n-ctx or split the article"
            )
        omitted = len(self.pre.sentences) - len(kept)
        self.context = self.prompts.context.macro("context", kept, self.names, omitted)
        self.notes.append(
            f"the article is longer than the model's context ({context:,} tokens): the model read sentences 1-"
            f"{len(kept)} of {len(self.pre.sentences)}, the title and lead first"
        )

    def ask(self, step: str, answer_model, **values):
        if not self.calls:  # the first call: the model is loaded and the article measured only when asked
            self.check_fits()
        messages = self.messages(step, **values)
        prompt = self.prompts.questions[step]
        answer, call = ask(self.model, messages, answer_model, name=step, prompt_hash=prompt.hash, cache=self.cache)
        self.calls.append(call)
        return answer


FITTED_STEPS = ("deal", "sides", "terms", "status", "sources")


def read_in_steps(
    pre: PrePass,
    model: Model,
    prompts: StepPrompts,
    *,
    article_id: str,
    cache: ResponseCache | None = None,
    config: ReadingConfig = DEFAULT,
    weights: Weights | None = None,
) -> StepsReading:
    """Run the plan of steps over one analysed article: each step decided as ``config`` says (the fitted
    decisions of ``weights`` by default, the committed weights when None)."""
    reading = StepsReading(pre=pre, config=config)
    asker = StepAsker(model, prompts, pre, cache, article_id)
    reading.calls = asker.calls
    fitted = None
    if any(config.decider(step) == "fitted" for step in FITTED_STEPS):
        fitted = read_fitted(pre, weights or load_weights(), source_groups(pre))
        reading.notes.extend(fitted.notes)
        if config.decider("sources") == "fitted":
            reading.sources = fitted.sources
    if not _has_deal(pre, config, fitted):
        if config.decider("deal") == "code":
            reading.notes.append("the title and lead name no deal: no deal" if config.on("lead") else "no deal cue")
        return reading
    if config.decider("sides") == "fitted":
        assert fitted is not None
        sides = fitted.sides
    else:
        sides, how = choose_sides(pre, config, asker, fitted)
        reading.notes.append(how)
    if sides is None:
        return reading
    reading.sides = sides
    frame = deal_frame(pre, config)
    reading.frame = frame.name if frame else None
    if config.decider("terms") == "fitted":
        assert fitted is not None
        reading.given = _fitted_terms(pre, fitted, sides, weights)
        if fitted.sides == sides:
            reading.parties = fitted.parties
    else:
        reading.given = _code_terms(pre, sides, frame, config)
    if config.decider("gives") == "model":
        for giver, receiver in (sides, sides[::-1]):
            if not any(g.giver == giver.name and g.receiver == receiver.name for g in reading.given):
                reading.given.extend(_ask_gives(asker, pre, giver, receiver, frame, config, reading.notes))
    if config.decider("status") == "fitted":
        assert fitted is not None
        reading.status, reading.status_sentence = fitted.status, fitted.status_sentence
    else:
        reading.status, reading.status_sentence = choose_status(pre, config, asker, sides)
    reading.notes.extend(asker.notes)
    return reading


def _has_deal(pre: PrePass, config: ReadingConfig, fitted: FittedReading | None) -> bool:
    if config.decider("deal") == "fitted":
        assert fitted is not None
        return fitted.deal >= 0.5 and fitted.sides is not None
    return reports_a_deal(pre, config)


def _fitted_terms(
    pre: PrePass, fitted: FittedReading, sides: tuple[Candidate, Candidate], weights: Weights | None
) -> list[Given]:
    """The terms the fitted decision keeps (for these sides), each with its sentence and probability."""
    names = (sides[0].name, sides[1].name)
    rows = fitted.terms
    if fitted.sides != sides:
        from summarizer.features import Text

        rows = choose_terms(Text(pre), weights or load_weights(), names)
    return [
        Given(row.giver, row.receiver, row.cand.category or "other", row.cand.item, row.cand.sentence,
              {row.giver, row.receiver} == set(names), f"fitted:{row.cand.family}/{row.cand.trigger} p={p:.2f}")
        for row, p in rows
    ]


def _code_terms(
    pre: PrePass, sides: tuple[Candidate, Candidate], frame: Frame | None, config: ReadingConfig
) -> list[Given]:
    """The terms the hand rules of the cues find (the reading before the fitted decisions)."""
    first, second = sides
    given: list[Given] = []
    committed = commitment_terms(pre, sides, frame, config)
    for giver, receiver in ((first, second), (second, first)):
        found = direction_terms(pre, giver, receiver, frame, config)
        if frame is not None and not any(g.category == frame.forward for g in found):
            found += [g for g in committed if g.giver == giver.name]
        given.extend(found)
    if config.on("background"):
        given.extend(background_terms(pre, sides, frame, config))
    return given


def deal_frame(pre: PrePass, config: ReadingConfig) -> Frame | None:
    """The kind of deal: from the title and lead first (the whole text with the lead family off)."""
    texts = [s.text for s in pre.sentences]
    if config.on("lead"):
        lead = set(lead_numbers(pre))
        found = find_frame([s.text for s in pre.sentences if s.number in lead])
        return found or find_frame(texts)
    return find_frame(texts)


def choose_sides(
    pre: PrePass, config: ReadingConfig, asker: StepAsker, fitted: FittedReading | None = None
) -> tuple[tuple[Candidate, Candidate] | None, str]:
    """The two sides, by code or by the model's choice among the candidates the fitted side scores rank first
    (the hand rules' when no fitted decision ran); code when the model's answer is not two different options."""
    if config.decider("sides") == "model":
        if fitted is not None and fitted.side_scores:
            from summarizer.features import Text

            options = side_options(Text(pre), fitted.side_scores)[:MAX_SIDE_OPTIONS]
        else:
            options = side_choices(pre, config)
        if len(options) >= 2:
            names = [c.name for c in options]
            answer = asker.ask("sides", sides_answer(names, len(pre.sentences)), options=names)
            if answer is not None and answer.first != answer.second:
                by_name = {c.name: c for c in options}
                pair = sorted((by_name[answer.first], by_name[answer.second]), key=first_mention)
                return (pair[0], pair[1]), f"sides chosen by the model: {pair[0].name} and {pair[1].name}"
    return sides_by_code(pre, config)


def choose_status(
    pre: PrePass, config: ReadingConfig, asker: StepAsker, sides: tuple[Candidate, Candidate]
) -> tuple[str, int | None]:
    """The status by rule from the cues, or the model's choice with its sentence."""
    if config.decider("status") == "model":
        answer = asker.ask(
            "status",
            status_answer(STATUS_OPTIONS, len(pre.sentences)),
            first=sides[0].name,
            second=sides[1].name,
        )
        if answer is not None:
            return answer.status, answer.sentence
    return status_by_cues(pre, config)


def _ask_gives(
    asker: StepAsker,
    pre: PrePass,
    giver: Candidate,
    receiver: Candidate,
    frame: Frame | None,
    config: ReadingConfig,
    notes: list[str],
) -> list[Given]:
    """The model's answer to what ``giver`` gives ``receiver``, kept only when its item is words of the sentence
    it names and that sentence names one of the two sides: evidence or nothing."""
    answer = asker.ask("gives", gives_answer(len(pre.sentences)), giver=giver.name, receiver=receiver.name)
    if answer is None or answer.category == NOTHING or answer.sentence == 0:
        return []
    item = locate_item(pre, answer.sentence, answer.item)
    if item is None or not (mentions_side(pre, answer.sentence, giver) or mentions_side(pre, answer.sentence, receiver)):
        notes.append(f"dropped the model's item {answer.item!r} for {giver.name} -> {receiver.name}: not stated there")
        return []
    category = category_from_item(item)
    why = "item words"
    if category is None and frame is not None and config.on("frames"):
        category, why = frame.forward, f"kind of deal: {frame.name}"
    if category is None:
        category, why = answer.category, "the model's label"
    return [Given(giver.name, receiver.name, category, item, answer.sentence, True, f"model:gives/{why}")]
