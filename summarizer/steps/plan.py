"""The plan of steps: the pre-pass finds candidates, the model answers narrow questions, code keeps the rest.

Every call sends the same two opening texts (the system text and the numbered article with its names) and
puts its question last, so llama.cpp evaluates the article once per article and later calls pay only for
their question and a short answer. What is decided, in order:

1. the two sides of the main deal: the pair the exchange cues name most often, else the two most salient
   candidates that are not the article's sources (code; on the dev cases this beat asking the model);
2. the terms: the kind of deal (``frames.py``) gives each direction's category; a one-way deal asks the
   ``supplier`` step when no cue says who supplies; with no frame, ``gives`` asks once per direction what one
   side gives the other (sentence, category, item, or nothing), unless a cue says it;
3. the status: by rule from the pre-pass's status cues (``status.py``; on dev and synthetic cases it beat
   asking the model to choose among the same cue-narrowed options).

An article without any deal cue is not asked about a deal at all: it gets no parties, no terms and
``unclear``; so is one whose candidates no exchange cue links, whose words fit no kind of deal and whose lead
names no deal (a cup final, a parliament's vote). Sources come from the pre-pass's attribution rules, not from the model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from summarizer.cache import ResponseCache
from summarizer.cleanup import categories_in, category_from_item
from summarizer.errors import InputError
from summarizer.models.base import Model
from summarizer.prepass.types import Candidate, PrePass
from summarizer.steps.answers import (
    NOTHING,
    gives_answer,
    supplier_answer,
)
from summarizer.steps.calls import StepCall, ask
from summarizer.steps.frames import LEAD_SENTENCES, Frame, find_frame, paid_for
from summarizer.steps.prompts import StepPrompts
from summarizer.steps.status import status_by_cues

# Trimming rule for long articles: the names listed after the article and the side candidates are the most
# salient candidates (in the title, most mentioned, named first), at most this many.
MAX_NAMES = 14
MAX_SIDE_OPTIONS = 8
# A step's answer is a few dozen tokens: this cap on each call leaves the context to the article. The model's
# other caps (attempts, total tokens) apply to each step as they are.
STEP_ANSWER_TOKENS = 160
_ANSWER_ROOM = 200  # tokens kept free for a step's question and answer

# a cue's item may make a frame's category more precise (an arms deal of shells is munitions), never change it
REFINES: dict[str, tuple[str, ...]] = {
    "weapons": ("munitions", "military_equipment", "aircraft", "technology"),
    "energy": ("raw_materials",),
}
FRAME_WORDS = {
    "prisoners": "a prisoner exchange",
    "ceasefire": "a ceasefire",
    "acquisition": "an acquisition",
    "arms": "an arms deal",
    "energy": "an energy deal",
    "trade": "a trade agreement",
}

DEAL_WORDS = re.compile(
    r"\b(deal|deals|agreement|agreements|accord|pact|treaty|swap|swapped|exchange|exchanged|ceasefire|cease-fire|"
    r"truce|contract|acquisition|acquire|acquired|acquires|merger|merge|takeover|buy|buys|bought|purchase|"
    r"purchased|sell|sells|sold|sale|supply|supplies|supplied|deliver|delivered|deliveries|shipment|shipments|"
    r"transfer|transferred|release|released|trade|traded|barter|offer|offered|offers|package|arms|aid)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Given:
    """One direction of the main deal: who gives what to whom, and the sentence that says it."""

    giver: str
    receiver: str
    category: str
    item: str
    sentence: int | None
    from_frame: bool = False  # its category follows from the kind of deal


@dataclass
class StepsReading:
    """What the steps found in one article: the model's answers, made sense of, and what each call cost."""

    pre: PrePass
    sides: tuple[Candidate, Candidate] | None = None
    deal_sentence: int | None = None
    given: list[Given] = field(default_factory=list)
    status: str = "unclear"
    status_sentence: int | None = None
    frame: str | None = None  # the kind of deal (see frames.py), when its words were found
    calls: list[StepCall] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_deal(self) -> bool:
        return self.sides is not None


def party_options(pre: PrePass) -> list[Candidate]:
    """Candidates that could be a side, those in exchange cues first. Left out, unless an exchange cue makes
    them a giver or receiver: the article's sources (a spokesman, a ministry that reports), news outlets, people
    (in a prisoner swap they are what is exchanged), and names only a title-case headline gives (spaCy reads
    "Ukraine Reach Temporary Gas" as one name)."""
    from summarizer.prepass import sources

    speakers = {g.candidate for g in sources(pre) if g.candidate}
    movers = [name for e in pre.exchanges if not e.negated for name in (e.giver, e.receiver) if name]
    title_case = _title_case(pre.sentences[0].text) if pre.sentences else False

    def possible(c: Candidate) -> bool:
        if c.name in movers:
            return True
        headline_only = title_case and c.sentences == [1]
        return c.name not in speakers and c.kind != "person" and not c.news_media and not headline_only

    options = [c for c in pre.candidates if possible(c)]
    options.sort(key=lambda c: c.name not in movers)  # stable: salience order within each group
    return options[:MAX_SIDE_OPTIONS]


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


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
    first, second = sorted((names[n] for n in pair), key=_first_mention)
    return first, second


def _first_mention(candidate: Candidate) -> int:
    """Sides are listed in the text's order."""
    return min((m.start for m in candidate.mentions), default=0)


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
    return Given(giver.name, receiver.name, category or "other", cue.item or "", cue.sentence)


DEAL_NOUNS = re.compile(
    r"\b(deal|deals|agreement|accord|pact|treaty|contract|swap|exchange|barter|memorandum)\b", re.IGNORECASE
)


def _deal_in_lead(pre: PrePass) -> bool:
    """Whether the title or the first sentences of the body name a deal ("reached an accord on ...")."""
    return any(DEAL_NOUNS.search(s.text) for s in pre.sentences[:LEAD_SENTENCES])


def mentions_a_deal(pre: PrePass) -> bool:
    """Whether the article has any cue of a deal: an exchange cue, or a deal word outside the headings."""
    if pre.exchanges:
        return True
    return any(DEAL_WORDS.search(s.text) for s in pre.sentences if not s.heading or s.number == 1)


class StepAsker:
    """Builds each step's messages over the shared prefix and asks through the model boundary."""

    def __init__(
        self, model: Model, prompts: StepPrompts, pre: PrePass, cache: ResponseCache | None, article_id: str = ""
    ):
        answer_tokens = min(model.limits.max_tokens_per_call, STEP_ANSWER_TOKENS)
        self.model = Model(model.backend, replace(model.limits, max_tokens_per_call=answer_tokens))
        self.prompts = prompts
        self.cache = cache
        names = [c.name for c in pre.candidates[:MAX_NAMES]]
        self.system = prompts.context.macro("system")
        self.context = prompts.context.macro("context", pre.sentences, names)
        self.calls: list[StepCall] = []
        self.article_id = article_id

    def messages(self, step: str, **values) -> list[dict[str, str]]:
        question = self.prompts.questions[step].render(**values)
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": f"{self.context}\n\n{question}"},
        ]

    def check_fits(self) -> None:
        """Refuse an article whose numbered text leaves no room for a step's answer in the model's context."""
        context = self.model.backend.context_size()
        if context is None:
            return
        needed = (self.model.backend.count_tokens(self.system + "\n" + self.context) or 0) + _ANSWER_ROOM
        if needed > context:
            raise InputError(
                f"{self.article_id}: the article needs about {needed:,} tokens with its questions, more than the "
                f"model's context of {context:,}; raise --n-ctx or split the article"
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
    pre: PrePass, model: Model, prompts: StepPrompts, *, article_id: str, cache: ResponseCache | None = None
) -> StepsReading:
    """Run the plan of steps over one analysed article."""
    reading = StepsReading(pre=pre)
    asker = StepAsker(model, prompts, pre, cache, article_id)
    reading.calls = asker.calls
    options = party_options(pre)
    if len(options) < 2 or not mentions_a_deal(pre):
        reading.notes.append("no deal cue or fewer than two candidate parties: no deal asked about")
        return reading

    n = len(pre.sentences)
    found = cue_sides(pre, options)
    frame = find_frame([x.text for x in pre.sentences])
    if found is None and frame is None and not _deal_in_lead(pre):
        reading.notes.append("no exchange cue between candidates, no kind of deal, no deal named in the lead: no deal")
        return reading
    if found is not None:
        first, second = found
        reading.notes.append(f"sides from exchange cues: {first.name} and {second.name}")
    else:  # the two most salient: on the dev cases this beat asking the model (see the README)
        first, second = sorted(options[:2], key=_first_mention)
        reading.notes.append(f"sides: the two most salient candidates, {first.name} and {second.name}")
    reading.sides = (first, second)

    if frame is not None:
        reading.frame = frame.name
        reading.given = frame_given(pre, frame, first, second, asker, reading.deal_sentence)
    else:
        for giver, receiver in ((first, second), (second, first)):
            given = cue_given(pre, giver, receiver)
            if given is None:
                given = _ask_given(asker, giver, receiver, n)
            if given is not None:
                reading.given.append(given)
    if reading.deal_sentence is None:
        reading.deal_sentence = next((g.sentence for g in reading.given if g.sentence), None)

    reading.status, reading.status_sentence = status_by_cues(pre)
    return reading


def fits(frame: Frame, item: str | None) -> bool:
    """Whether a cue's item can be the supplier's goods in this kind of deal: its words name the frame's
    category (or a finer one, see REFINES), or no category at all."""
    implied = category_from_item(item or "")
    return implied is None or implied == frame.forward or implied in REFINES.get(frame.forward, ())


def supplier_by_cues(pre: PrePass, frame: Frame, first: Candidate, second: Candidate) -> Candidate | None:
    """The side that exchange cues of the frame's goods most often make the giver to the other side: cues
    whose item names those goods decide, cues whose item names nothing count only when there are none of
    those; None on no such cue or a tie (wheat bought for drones says nothing about who supplies the drones)."""
    between = [
        e for e in pre.exchanges if not e.negated and {e.giver, e.receiver} == {first.name, second.name}
    ]
    named = [e for e in between if fits(frame, e.item) and category_from_item(e.item or "")]
    votes = Counter(e.giver for e in (named or [e for e in between if fits(frame, e.item)]))
    if not votes or votes[first.name] == votes[second.name]:
        return None
    return first if votes[first.name] > votes[second.name] else second


def frame_given(
    pre: PrePass, frame: Frame, first: Candidate, second: Candidate, asker: StepAsker, deal_sentence: int | None
) -> list[Given]:
    """The terms a deal of this kind implies between the two sides. A one-way deal's supplier comes from the
    exchange cues, else from the model's answer to the supplier step; what comes back is what a cue says
    (wheat for drones), else payment when the deal is a sale."""
    texts = [x.text for x in pre.sentences]
    if frame.mutual:
        supplier, receiver = first, second
    else:
        supplier = supplier_by_cues(pre, frame, first, second)
        if supplier is None:
            goods = frame.item if frame.name != "acquisition" else "the company or assets"
            answer = asker.ask(
                "supplier",
                supplier_answer([first.name, second.name], len(pre.sentences)),
                kind=FRAME_WORDS[frame.name],
                first=first.name,
                second=second.name,
                goods=goods,
            )
            supplier = second if answer is not None and answer.supplier == second.name else first
        receiver = second if supplier is first else first
    out = _goods_terms(pre, frame, supplier, receiver) or [_frame_term(pre, frame, supplier, receiver, deal_sentence)]
    back = cue_given(pre, receiver, supplier)
    if back is not None and not frame.mutual:
        if not category_from_item(back.item) and paid_for(frame, texts):
            back = replace(back, category=frame.back)  # "the arrears" of a gas sale: a payment
        out.append(back)  # a barter: its own goods, categorised by their words
    elif frame.mutual or paid_for(frame, texts):
        out.append(_frame_term(pre, frame, receiver, supplier, deal_sentence, back=True))
    return out


def _goods_terms(pre: PrePass, frame: Frame, supplier: Candidate, receiver: Candidate) -> list[Given]:
    """For an arms deal: one term per kind of goods (weapons, munitions, equipment, aircraft) that the words of
    the lead or of the sentences with an exchange cue between the two sides name, each with its first such
    sentence; none when no such word is found."""
    family = (frame.forward, *REFINES.get(frame.forward, ()))
    if frame.name != "arms":
        return []
    sides = {supplier.name, receiver.name}
    named = {e.sentence for e in pre.exchanges if {e.giver, e.receiver} == sides} | set(range(1, LEAD_SENTENCES + 1))
    first_seen: dict[str, int] = {}
    for sentence in pre.sentences:
        if sentence.number in named:
            for category in categories_in(sentence.text):
                if category in family:
                    first_seen.setdefault(category, sentence.number)
    return [
        Given(supplier.name, receiver.name, category, category.replace("_", " "), number, from_frame=True)
        for category, number in first_seen.items()
    ]


def _frame_term(
    pre: PrePass, frame: Frame, giver: Candidate, taker: Candidate, deal_sentence: int | None, back: bool = False
) -> Given:
    """One direction of a framed deal: the frame's category, made finer by a cue's item where it fits."""
    category, item = (frame.back, frame.back_item) if back else (frame.forward, frame.item)
    cue = cue_given(pre, giver, taker)
    if cue is None:
        return Given(giver.name, taker.name, category, item, deal_sentence, from_frame=True)
    implied = category_from_item(cue.item)
    if implied in REFINES.get(category, ()):
        category = implied
    return Given(giver.name, taker.name, category, cue.item, cue.sentence, from_frame=True)


def _ask_given(asker: StepAsker, giver: Candidate, receiver: Candidate, n: int) -> Given | None:
    answer = asker.ask("gives", gives_answer(n), giver=giver.name, receiver=receiver.name)
    if answer is None or answer.category == NOTHING or answer.sentence == 0:
        return None
    return Given(giver.name, receiver.name, answer.category, answer.item.strip(), answer.sentence)


