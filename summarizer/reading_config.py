"""What a steps reading may use: its rule families (each can be switched off) and who decides each step.

A rule family is one kind of evidence the reading draws on, kept in its own module so that it can be measured
alone: the ablation (``summarize eval ablation``) reads the test cases once with everything on and once with each
family off, and the README's table shows what each family adds. A decider says whether code or the model answers
a step; the eval compares them on the cases where neither was tuned.

The families and steps are listed here as data, with one line each on what they do; code asks
``config.on(name)`` and ``config.decider(step)``, and nothing else knows the names.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.errors import InputError

# name -> what switching it off takes away (the fitted decisions keep their weights: switching a family off
# measures what its candidates or rules add to the reading as trained)
FAMILIES: dict[str, str] = {
    "candidates.verbs": "term candidates of transfer verbs with their role maps (sell, buy, deliver, release, lift, "
    "commit, ...; summarizer/candidates/patterns/verbs.json)",
    "candidates.nouns": "term candidates of transfer nouns ('the sale of X to Y', 'Y's purchase of X', aid, contracts; "
    "patterns/nouns.json)",
    "candidates.phrases": "'in exchange for', 'in return for', 'food-for-arms' and prices (patterns/phrases.json)",
    "candidates.commitments": "a ceasefire or halt both sides commit to: one candidate each way "
    "(patterns/commitments.json)",
    "candidates.contents": "what a package lists, with the sides of its transfer (patterns/contents.json)",
    "candidates.custody": "a release given by whoever the text says holds the people (patterns/custody.json)",
    "candidates.open": "noun phrases of deal sentences whose words name a category, with the sides of the transfer "
    "they hang on or none (patterns/deal_words.json)",
    "candidates.descriptions": "parties named only by description ('successful offerors'; "
    "patterns/descriptions.json)",
    "brokers": "a third party the patterns say brokered, mediated or hosted the talks may be a party (the fitted "
    "decision keeps it or not)",
    "background": "terms of other deals between other pairs of parties (primary: false, at most three)",
    "voice": "in a first-person text (a statement, remarks), 'we', 'I' and 'my Administration' are the state "
    "whose official or government speaks",
    "attribution.verbs": "reporting verbs with their subject ('X said', 'officials told')",
    "attribution.according": "'according to X'",
    "attribution.quotes": "direct quotes credited to the speaker named next to them",
    "attribution.documents": "documents as sources (a statement, a report, a filing)",
    "attribution.authors": "the author of a first-person statement or remarks, the issuer of a press statement and "
    "the speakers of a transcript",
}

# step -> (deciders, default, what it decides). "fitted" is a decision fitted from the labelled dev texts
# (summarizer/fitted/), "model" the language model choosing among what code found. On the test split the fitted
# decisions replaced the hand rules that decided these steps before (README, "The fitted reading").
STEPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "sides": (("fitted", "model"), "fitted", "the two sides of the main deal (the model chooses among the "
              "candidates the fitted side scores rank first)"),
    "gives": (("fitted", "model"), "fitted", "what one side gives the other when no term the fitted decision keeps "
              "says it (fitted: nothing; the model's item must be words of the sentence it names)"),
    "status": (("fitted", "model"), "fitted", "the status of the main deal (the model chooses among the statuses)"),
}


# the statuses the status step chooses among (the contract's labels)
STATUS_OPTIONS = ("proposed", "negotiating", "agreed", "implemented", "collapsed", "denied", "unclear")


@dataclass(frozen=True)
class ReadingConfig:
    """The families switched off and the decider of each step (the defaults when not given)."""

    off: frozenset[str] = frozenset()
    deciders: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        unknown = sorted(self.off - set(FAMILIES))
        if unknown:
            raise InputError(f"unknown rule family {', '.join(unknown)}; known: {', '.join(FAMILIES)}")
        for step, who in self.deciders:
            if step not in STEPS:
                raise InputError(f"unknown step {step!r}; known: {', '.join(STEPS)}")
            if who not in STEPS[step][0]:
                raise InputError(f"step {step} is decided by {' or '.join(STEPS[step][0])}, not {who!r}")

    def on(self, family: str) -> bool:
        """Whether a rule family is in use."""
        if family not in FAMILIES:
            raise KeyError(family)
        return family not in self.off

    def decider(self, step: str) -> str:
        """Who decides ``step``: "fitted" or "model"."""
        return dict(self.deciders).get(step, STEPS[step][1])

    def under(self, defaults: tuple[tuple[str, str], ...]) -> ReadingConfig:
        """This configuration with each step it does not name decided as ``defaults`` say (a model's own
        deciders, see :func:`summarizer.pipeline.reading_config`)."""
        named = {s for s, _ in self.deciders}
        return ReadingConfig(self.off, (*self.deciders, *((s, w) for s, w in defaults if s not in named)))

    def without(self, family: str) -> ReadingConfig:
        """This configuration with one more family off."""
        return ReadingConfig(self.off | {family}, self.deciders)

    def deciding(self, step: str, who: str) -> ReadingConfig:
        """This configuration with ``step`` decided by ``who``."""
        rest = tuple((s, w) for s, w in self.deciders if s != step)
        return ReadingConfig(self.off, (*rest, (step, who)))

    @property
    def label(self) -> str:
        """A short name for reports: "default", or the families off and every decider named (a model's own
        deciders are named once :meth:`under` has added them, so "sides=fitted" says the model did not decide)."""
        parts = [f"-{f}" for f in sorted(self.off)]
        parts += [f"{s}={w}" for s, w in sorted(self.deciders)]
        return " ".join(parts) or "default"

    @classmethod
    def parse(cls, without: list[str] | None = None, decide: list[str] | None = None) -> ReadingConfig:
        """From the CLI: ``--without FAMILY`` (repeatable) and ``--decide STEP=fitted|model`` (repeatable)."""
        pairs = []
        for spec in decide or []:
            step, sep, who = spec.partition("=")
            if not sep:
                raise InputError(f"--decide {spec!r}: expected STEP=fitted or STEP=model")
            pairs.append((step.strip(), who.strip()))
        return cls(frozenset(w.strip() for w in without or []), tuple(pairs))


DEFAULT = ReadingConfig()


def check_reading(config: ReadingConfig | None, reading: str) -> None:
    """Refuse a configuration other than the default for a reading that is not the steps reading."""
    if reading != "steps" and config is not None and config != DEFAULT:
        raise InputError("--without and --decide are for the steps reading (--reading steps)")
