"""The plan of steps: the pre-pass finds candidates, the model answers narrow questions, code keeps the rest.

Every call sends the same two opening texts (the system text and the numbered article with its names) and
puts its question last, so llama.cpp evaluates the article once per article and later calls pay only for
their question and a short answer. The steps, in order:

1. ``sides``: the sentence that states the main deal and its two sides, chosen from the party candidates;
2. ``gives``, once per direction: what one side gives the other (sentence, category, item, or nothing);
3. ``status``: the sentence that shows the status, then the status, chosen among the statuses whose cues
   the pre-pass found (and ``unclear``).

An article without any deal cue is not asked about a deal at all: it gets no parties, no terms and
``unclear``. Sources come from the pre-pass's attribution rules, not from the model.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

from summarizer.cache import ResponseCache
from summarizer.cleanup import category_from_item
from summarizer.errors import InputError
from summarizer.models.base import Limits, Model
from summarizer.prepass.types import Candidate, PrePass
from summarizer.steps.answers import NOTHING, STATUS_MEANINGS, gives_answer, sides_answer, status_answer
from summarizer.steps.calls import StepCall, ask
from summarizer.steps.prompts import StepPrompts

# Trimming rule for long articles: the names listed after the article and the options of the sides step are
# the most salient candidates (in the title, most mentioned, named first), at most this many.
MAX_NAMES = 14
MAX_SIDE_OPTIONS = 8
# A step's answer is a few dozen tokens; this cap leaves the context to the article.
STEP_LIMITS = Limits(max_attempts=2, max_tokens_per_call=160, max_total_tokens=2400)
_ANSWER_ROOM = 200
USE_CUES = os.environ.get("SUMMARIZER_STEPS_CUES", "1") != "0"  # 0: ask the model even where cues answer  # tokens kept free for a step's question and answer

DEAL_WORDS = re.compile(
    r"\b(deal|deals|agreement|agreements|accord|pact|treaty|swap|swapped|exchange|exchanged|ceasefire|cease-fire|"
    r"truce|contract|acquisition|acquire|acquired|acquires|merger|merge|takeover|buy|buys|bought|purchase|"
    r"purchased|sell|sells|sold|sale|supply|supplies|supplied|deliver|delivered|deliveries|shipment|shipments|"
    r"transfer|transferred|release|released|trade|traded|barter|offer|offered|offers|package|arms|aid)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Given:
    """One direction of the main deal as the model answered it."""

    giver: str
    receiver: str
    category: str
    item: str
    sentence: int | None
    from_cue: bool = False  # found by the pre-pass's exchange cues, not asked of the model


@dataclass
class StepsReading:
    """What the steps found in one article: the model's answers, made sense of, and what each call cost."""

    pre: PrePass
    sides: tuple[Candidate, Candidate] | None = None
    deal_sentence: int | None = None
    given: list[Given] = field(default_factory=list)
    status: str = "unclear"
    status_sentence: int | None = None
    calls: list[StepCall] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_deal(self) -> bool:
        return self.sides is not None


def party_options(pre: PrePass) -> list[Candidate]:
    """Candidates that could be a side: not a source of the article (a spokesman, a ministry that reports, an
    outlet), unless an exchange cue makes it a giver or receiver; those in exchange cues first."""
    from summarizer.prepass import sources

    speakers = {g.candidate for g in sources(pre) if g.candidate}
    movers = [name for e in pre.exchanges if not e.negated for name in (e.giver, e.receiver) if name]
    options = [c for c in pre.candidates if c.name not in speakers or c.name in movers]
    options.sort(key=lambda c: c.name not in movers)  # stable: salience order within each group
    return options[:MAX_SIDE_OPTIONS]


def cue_sides(pre: PrePass, options: list[Candidate]) -> tuple[Candidate, Candidate] | None:
    """The two options that exchange cues most often name as giver and receiver of each other."""
    names = {c.name: c for c in options}
    pairs = Counter(
        frozenset((e.giver, e.receiver))
        for e in pre.exchanges
        if not e.negated and e.giver in names and e.receiver in names and e.giver != e.receiver
    )
    if not pairs:
        return None
    (pair, _), *_ = pairs.most_common(1)
    first, second = sorted(pair, key=lambda n: min(m.start for m in names[n].mentions))  # the text's order
    return names[first], names[second]


def cue_given(pre: PrePass, giver: Candidate, receiver: Candidate) -> Given | None:
    """What an exchange cue says ``giver`` gives ``receiver``: the first cue of that direction whose item
    names a category, else the first such cue."""
    cues = [
        e for e in pre.exchanges if not e.negated and e.giver == giver.name and e.receiver == receiver.name and e.item
    ]
    if not cues:
        return None
    named = [(e, category_from_item(e.item or "")) for e in cues]
    cue, category = next(((e, c) for e, c in named if c), (cues[0], None))
    return Given(giver.name, receiver.name, category or "other", cue.item or "", cue.sentence, from_cue=True)


def mentions_a_deal(pre: PrePass) -> bool:
    """Whether the article has any cue of a deal: an exchange cue, or a deal word outside the headings."""
    if pre.exchanges:
        return True
    return any(DEAL_WORDS.search(s.text) for s in pre.sentences if not s.heading or s.number == 1)


def status_options(pre: PrePass) -> tuple[list[str], list[int]]:
    """The statuses with cues in the article (plus unclear), and the sentences that hold those cues."""
    found = {c.status for c in pre.status_cues}
    statuses = [s for s in STATUS_MEANINGS if s in found] + ["unclear"]
    sentences = sorted({c.sentence for c in pre.status_cues}) or [s.number for s in pre.sentences]
    return statuses, sentences


class StepAsker:
    """Builds each step's messages over the shared prefix and asks through the model boundary."""

    def __init__(self, model: Model, prompts: StepPrompts, pre: PrePass, cache: ResponseCache | None):
        self.model = Model(model.backend, STEP_LIMITS)
        self.prompts = prompts
        self.cache = cache
        names = [c.name for c in pre.candidates[:MAX_NAMES]]
        self.system = prompts.context.macro("system")
        self.context = prompts.context.macro("context", pre.sentences, names)
        self.calls: list[StepCall] = []

    def messages(self, step: str, **values) -> list[dict[str, str]]:
        question = self.prompts.questions[step].render(**values)
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": f"{self.context}\n\n{question}"},
        ]

    def check_fits(self, article_id: str) -> None:
        """Refuse an article whose numbered text leaves no room for a step's answer in the model's context."""
        context = self.model.backend.context_size()
        if context is None:
            return
        needed = (self.model.backend.count_tokens(self.system + "\n" + self.context) or 0) + _ANSWER_ROOM
        if needed > context:
            raise InputError(
                f"{article_id}: the article needs about {needed:,} tokens with its questions, more than the "
                f"model's context of {context:,}; raise --n-ctx or split the article"
            )

    def ask(self, step: str, answer_model, **values):
        messages = self.messages(step, **values)
        prompt = self.prompts.questions[step]
        answer, call = ask(self.model, messages, answer_model, name=step, prompt_hash=prompt.hash, cache=self.cache)
        self.calls.append(call)
        return answer


def read_in_steps(
    pre: PrePass, model: Model, prompts: StepPrompts, *, article_id: str, cache: ResponseCache | None = None
) -> StepsReading:
    """Run the plan of steps over one analysed article."""
    reading = StepsReading(pre=pre)
    asker = StepAsker(model, prompts, pre, cache)
    asker.check_fits(article_id)
    reading.calls = asker.calls
    options = party_options(pre)
    if len(options) < 2 or not mentions_a_deal(pre):
        reading.notes.append("no deal cue or fewer than two candidate parties: no deal asked about")
        return reading

    n = len(pre.sentences)
    found = cue_sides(pre, options) if USE_CUES else None
    if found is not None:
        first, second = found
        reading.notes.append(f"sides from exchange cues: {first.name} and {second.name}")
    else:
        names = [c.name for c in options]
        sides = asker.ask("sides", sides_answer(names, n), options=names)
        if sides is None:
            reading.notes.append("the sides step gave no valid answer")
            return reading
        first, second = pre.candidate(sides.first_side), pre.candidate(sides.second_side)
        if first is None or second is None:
            return reading
        if first is second:
            second = _other_side(pre, first, options, sides.sentence)
            reading.notes.append(f"the model named {first.name} twice; the other side is {second.name}")
        reading.deal_sentence = sides.sentence
    reading.sides = (first, second)

    for giver, receiver in ((first, second), (second, first)):
        given = cue_given(pre, giver, receiver) if USE_CUES else None
        if given is None:
            given = _ask_given(asker, giver, receiver, n)
        if given is not None:
            reading.given.append(given)
    if reading.deal_sentence is None:
        reading.deal_sentence = next((g.sentence for g in reading.given if g.sentence), None)

    statuses, sentences = status_options(pre)
    meanings = [(s, STATUS_MEANINGS[s]) for s in statuses]
    status = asker.ask(
        "status", status_answer(statuses, sentences), first=first.name, second=second.name, options=meanings
    )
    if status is not None:
        reading.status, reading.status_sentence = status.status, status.sentence
    return reading


def _ask_given(asker: StepAsker, giver: Candidate, receiver: Candidate, n: int) -> Given | None:
    answer = asker.ask("gives", gives_answer(n), giver=giver.name, receiver=receiver.name)
    if answer is None or answer.category == NOTHING or answer.sentence == 0:
        return None
    return Given(giver.name, receiver.name, answer.category, answer.item.strip(), answer.sentence)


def _other_side(pre: PrePass, side: Candidate, options: list[Candidate], sentence: int) -> Candidate:
    """The most salient other option named in the deal's sentence, else the most salient other option."""
    others = [c for c in options if c is not side]
    in_sentence = [c for c in others if sentence in c.sentences]
    return (in_sentence or others)[0]
