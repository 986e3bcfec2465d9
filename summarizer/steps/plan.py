"""The plan of steps: the pre-pass finds candidates, the fitted decisions decide, the model may decide a step.

1. whether the text reports a deal (fitted); else no parties, no terms, ``unclear``;
2. the two sides of the main deal (fitted; the ``sides`` step may ask the model to choose among the candidates the
   fitted side scores rank first);
3. the terms: the term candidates the fitted decision keeps, one per giver, receiver and category; where none
   says what a side gives, the ``gives`` step may ask the model for a sentence and an item, kept only when the
   item is words of that sentence; terms of background deals (``primary: false``);
4. the status (fitted; the ``status`` step may ask the model instead);
5. the sources the fitted decision keeps, with their kind and record.

Who decides each step is the reading's :class:`ReadingConfig`. Every model call sends the same two opening texts
(the system text and the numbered article with its names) and puts its question last, so llama.cpp evaluates the
article once per article and later calls pay only for their question and a short answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from summarizer.cache import ResponseCache
from summarizer.categories import category_from_item
from summarizer.errors import InputError
from summarizer.fitted.decisions import FittedReading, choose_terms, read_fitted, side_options
from summarizer.fitted.model import Weights, load_weights
from summarizer.model_calls import StepCall, ask
from summarizer.models.base import Model
from summarizer.prepass import sources as source_groups
from summarizer.prepass.lead import lead_numbers
from summarizer.prepass.types import Candidate, PrePass, SourceGroup
from summarizer.reading_config import DEFAULT, STATUS_OPTIONS, ReadingConfig
from summarizer.steps.answers import NOTHING, gives_answer, sides_answer, status_answer
from summarizer.steps.prompts import StepPrompts
from summarizer.steps.terms import Given, locate_item, mentions_side

# Trimming rule for long articles: the names listed after the article are the most salient candidates.
MAX_NAMES = 14
MAX_SIDE_OPTIONS = 8  # the candidates the sides step offers the model
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
    calls: list[StepCall] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parties: list[Candidate] | None = None  # the parties the fitted decisions chose (None: sides and term parties)
    sources: list[SourceGroup] | None = None  # the sources the fitted decisions kept (None: every candidate)
    deal_probability: float | None = None  # the fitted deal decision's P(deal), and the threshold it was held to
    deal_threshold: float | None = None

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
    """Run the plan of steps over one analysed article: the fitted decisions of ``weights`` (the committed ones
    when None), a step decided by the model where ``config`` says so."""
    reading = StepsReading(pre=pre, config=config)
    asker = StepAsker(model, prompts, pre, cache, article_id)
    reading.calls = asker.calls
    weights = weights or load_weights()
    fitted = read_fitted(pre, weights, source_groups(pre))
    reading.notes.extend(fitted.notes)
    reading.sources = fitted.sources
    reading.deal_probability, reading.deal_threshold = fitted.deal, weights["deal"].threshold
    if fitted.deal < weights["deal"].threshold or fitted.sides is None:
        return reading
    sides = fitted.sides
    if config.decider("sides") == "model":
        sides, how = choose_sides(pre, asker, fitted)
        reading.notes.append(how)
    reading.sides = sides
    reading.given = _fitted_terms(pre, fitted, sides, weights)
    if fitted.sides == sides:
        reading.parties = [c for c in fitted.parties if config.on("brokers") or c.name not in pre.brokers
                           or c in sides or any(c.name in (g.giver, g.receiver) for g in reading.given)]
    if not config.on("background"):
        reading.given = [g for g in reading.given if g.primary]
    if config.decider("gives") == "model":
        for giver, receiver in (sides, sides[::-1]):
            if not any(g.giver == giver.name and g.receiver == receiver.name for g in reading.given):
                reading.given.extend(_ask_gives(asker, pre, giver, receiver, reading.notes))
    if config.decider("status") == "model":
        reading.status, reading.status_sentence = choose_status(pre, asker, sides, fitted)
    else:
        reading.status, reading.status_sentence = fitted.status, fitted.status_sentence
    reading.notes.extend(asker.notes)
    return reading


def _fitted_terms(
    pre: PrePass, fitted: FittedReading, sides: tuple[Candidate, Candidate], weights: Weights
) -> list[Given]:
    """The terms the fitted decision keeps (for these sides), each with its sentence and probability."""
    names = (sides[0].name, sides[1].name)
    rows = fitted.terms
    if fitted.sides != sides:
        from summarizer.features import Text

        rows = choose_terms(Text(pre), weights, names)
    return [
        Given(row.giver, row.receiver, row.cand.category or "other", row.cand.item, row.cand.sentence,
              {row.giver, row.receiver} == set(names), f"fitted:{row.cand.family}/{row.cand.trigger} p={p:.2f}")
        for row, p in rows
    ]


def first_mention(candidate: Candidate) -> int:
    """Sides are listed in the text's order."""
    return min((m.start for m in candidate.mentions), default=0)


def choose_sides(
    pre: PrePass, asker: StepAsker, fitted: FittedReading
) -> tuple[tuple[Candidate, Candidate], str]:
    """The model's choice of the two sides among the candidates the fitted side scores rank first; the fitted
    sides when its answer is not two different options."""
    from summarizer.features import Text

    assert fitted.sides is not None
    options = side_options(Text(pre), fitted.side_scores)[:MAX_SIDE_OPTIONS]
    if len(options) >= 2:
        names = [c.name for c in options]
        answer = asker.ask("sides", sides_answer(names, len(pre.sentences)), options=names)
        if answer is not None and answer.first != answer.second:
            by_name = {c.name: c for c in options}
            pair = sorted((by_name[answer.first], by_name[answer.second]), key=first_mention)
            return (pair[0], pair[1]), f"sides chosen by the model: {pair[0].name} and {pair[1].name}"
    return fitted.sides, "the model gave no two sides: the fitted ones"


def choose_status(
    pre: PrePass, asker: StepAsker, sides: tuple[Candidate, Candidate], fitted: FittedReading
) -> tuple[str, int | None]:
    """The model's choice of status with its sentence; the fitted status when it gives no valid answer."""
    answer = asker.ask(
        "status",
        status_answer(STATUS_OPTIONS, len(pre.sentences)),
        first=sides[0].name,
        second=sides[1].name,
    )
    if answer is not None:
        return answer.status, answer.sentence
    return fitted.status, fitted.status_sentence


def _ask_gives(
    asker: StepAsker, pre: PrePass, giver: Candidate, receiver: Candidate, notes: list[str]
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
    if category is None:
        category, why = answer.category, "the model's label"
    return [Given(giver.name, receiver.name, category, item, answer.sentence, True, f"model:gives/{why}")]
