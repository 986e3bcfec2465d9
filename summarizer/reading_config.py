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

# name -> what switching it off takes away
FAMILIES: dict[str, str] = {
    "lead": "the main deal's sides, terms and status are taken from the title and lead first (off: the whole text "
    "counts alike)",
    "frames": "the kind of deal (prisoners, ceasefire, acquisition, arms, energy, trade) gives an item's category "
    "when its words name none (off: such items are 'other')",
    "frames.mutual": "a ceasefire or trade agreement that a lead sentence names with a side of it: each side gives "
    "its commitment (the sentence's own words for the deal as the item)",
    "brokers": "a third party the text says brokered, mediated or hosted the talks is a party of the deal",
    "background": "terms of other deals the text states between other pairs of candidates, outside the lead "
    "(primary: false, at most three)",
    "sides.filters": "events, documents, laws and programmes, places, names only headings give, and people are not "
    "sides (people only when no two other candidates can be)",
    "salience": "with no exchange cue between two candidates, the two most salient candidates of the lead are the "
    "sides (off: no sides without a cue)",
    "voice": "in a first-person text (a statement, remarks), 'we', 'I' and 'my Administration' are the state "
    "whose official or government speaks",
    "cues.verbs": "transfer verbs and nouns with giver, receiver and item (sell, buy, deliver, release, sale, ...)",
    "cues.exchange": "'in exchange for', 'in return for' and 'food-for-arms': the goods that move back",
    "cues.truce": "a ceasefire or halt both sides commit to: one term each way",
    "cues.concessions": "concessions: tariffs, duties or sanctions lowered, removed or lifted for the other side, "
    "also on a condition ('if ...')",
    "cues.payments": "the buyer's payment for a purchase, sale or contract (its price, or the phrase that says it "
    "buys)",
    "cues.lists": "what a package holds, as the text lists it right after a transfer ('the package includes X, Y and "
    "Z', a colon and one line per item): given like that transfer",
    "cues.custody": "a release that names no giver is given by whoever the text says holds the people "
    "('detained in Russia', 'held by Hamas')",
    "cues.fill": "a cue with an open side takes the other side of the deal the lead names; a state's own body "
    "gives for the state",
    "status.weights": "status cues in the title and lead outweigh later ones (off: every cue weighs the same)",
    "attribution.verbs": "reporting verbs with their subject ('X said', 'officials told')",
    "attribution.according": "'according to X'",
    "attribution.quotes": "direct quotes credited to the speaker named next to them",
    "attribution.documents": "documents as sources (a statement, a report, a filing)",
    "attribution.authors": "the author of a first-person statement or remarks, the issuer of a press statement and "
    "the speakers of a transcript",
}

# step -> (deciders, default, what it decides). "fitted" is a decision fitted from the labelled dev texts
# (summarizer/fitted/), "code" the hand rules it replaces, "model" the language model choosing among candidates.
STEPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "deal": (("fitted", "code"), "fitted", "whether the text reports a deal (fitted: a model of the text's features; "
             "code: the hand rules of the lead)"),
    "sides": (("fitted", "code", "model"), "fitted", "the two sides of the main deal (the model chooses among the "
              "candidates the fitted scores rank first)"),
    "terms": (("fitted", "code"), "fitted", "which term candidates are terms (fitted: a model of each candidate's "
              "features; code: the hand rules of the cues)"),
    "gives": (("code", "model"), "code", "what one side gives the other when no term says it (code: nothing; the "
              "model's item must be words of the sentence it names)"),
    "status": (("fitted", "code", "model"), "fitted", "the status of the main deal (the model chooses among the "
               "statuses)"),
    "sources": (("fitted", "code"), "fitted", "which source candidates are sources, their kind and record "
                "(code: the attribution rules as they stand)"),
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
        """Who decides ``step``: "fitted", "code" or "model"."""
        return dict(self.deciders).get(step, STEPS[step][1])

    def without(self, family: str) -> ReadingConfig:
        """This configuration with one more family off."""
        return ReadingConfig(self.off | {family}, self.deciders)

    def deciding(self, step: str, who: str) -> ReadingConfig:
        """This configuration with ``step`` decided by ``who``."""
        rest = tuple((s, w) for s, w in self.deciders if s != step)
        return ReadingConfig(self.off, (*rest, (step, who)))

    @property
    def label(self) -> str:
        """A short name for reports: "default", or what differs from it."""
        parts = [f"-{f}" for f in sorted(self.off)]
        parts += [f"{s}={w}" for s, w in sorted(self.deciders) if w != STEPS[s][1]]
        return " ".join(parts) or "default"

    @classmethod
    def parse(cls, without: list[str] | None = None, decide: list[str] | None = None) -> ReadingConfig:
        """From the CLI: ``--without FAMILY`` (repeatable) and ``--decide STEP=fitted|code|model`` (repeatable)."""
        pairs = []
        for spec in decide or []:
            step, sep, who = spec.partition("=")
            if not sep:
                raise InputError(f"--decide {spec!r}: expected STEP=fitted, STEP=code or STEP=model")
            pairs.append((step.strip(), who.strip()))
        return cls(frozenset(w.strip() for w in without or []), tuple(pairs))


DEFAULT = ReadingConfig()


def check_reading(config: ReadingConfig | None, reading: str) -> None:
    """Refuse a configuration other than the default for a reading that is not the steps reading."""
    if reading != "steps" and config is not None and config != DEFAULT:
        raise InputError("--without and --decide are for the steps reading (--reading steps)")
