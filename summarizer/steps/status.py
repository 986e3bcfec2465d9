"""The status of the main deal, by rule from the pre-pass's status cues, the lead first.

Each firm cue (not a modal such as would or could) votes for its status. With the ``lead`` family, the cues of
the title and lead decide when there are any (the title weighing most); later sentences decide only when the
lead has no cue. With the ``status.weights`` family, a cue weighs by where it stands (the title 4, the first
body sentence 2, the second 1, later ones 0.3); without it every cue weighs the same. The status with the most
weight wins; a tie goes to the more decisive status (denied before collapsed before implemented before agreed
before negotiating before proposed). No firm cue: the modal cues vote; none at all: unclear.
"""

from __future__ import annotations

from collections import defaultdict

from summarizer.prepass.types import PrePass
from summarizer.reading_config import ReadingConfig
from summarizer.steps.lead import lead_numbers

WEIGHTS = (4.0, 2.0, 1.0, 0.3)  # the title, the first and second sentences of the body, any later sentence
PRECEDENCE = ("denied", "collapsed", "implemented", "agreed", "negotiating", "proposed")


def _weight(sentence: int, lead: list[int], config: ReadingConfig) -> float:
    """How much a cue in ``sentence`` weighs: by its place in the lead, any later sentence least."""
    if not config.on("status.weights"):
        return 1.0
    place = lead.index(sentence) if sentence in lead else len(WEIGHTS) - 1
    return WEIGHTS[min(place, len(WEIGHTS) - 1)]


def status_by_cues(pre: PrePass, config: ReadingConfig) -> tuple[str, int | None]:
    """The status and the sentence of its weightiest cue (the earliest of equals); ("unclear", None) when the
    text has no status cue."""
    cues = [c for c in pre.status_cues if not c.weak] or list(pre.status_cues)
    if not cues:
        return "unclear", None
    lead = lead_numbers(pre)
    if config.on("lead"):
        cues = [c for c in cues if c.sentence in lead] or cues
    weight: dict[str, float] = defaultdict(float)
    for cue in cues:
        weight[cue.status] += _weight(cue.sentence, lead, config)
    status = min(weight, key=lambda s: (-weight[s], PRECEDENCE.index(s) if s in PRECEDENCE else len(PRECEDENCE)))
    sentence = min((c.sentence for c in cues if c.status == status), key=lambda n: (-_weight(n, lead, config), n))
    return status, sentence
