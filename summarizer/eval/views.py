"""The figures a report shows for a set of scored cases. Pure: no model, no I/O.

A *view* of some cases holds three parts:

- ``detection``: whether each text reports a deal, scored as a classifier (:mod:`summarizer.eval.detection`);
- ``deal_texts``: the content figures (parties, terms, primary terms, sources, status, evidence) over the cases
  whose gold reports a deal. This is the headline: on a no-deal text a reading that says nothing scores full
  marks, so averaging those texts in rewards silence;
- ``all_texts``: every figure over every case, beside it (validity, grounding, unsupported terms and run figures
  are always over all texts).

Each figure carries a 95% bootstrap interval over its cases. :func:`figure` and :func:`case_values` say, for a
figure's key, which part it comes from, so reports, gates, comparisons and the ablation agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from summarizer.eval.detection import DETECTION_FIELDS, detection, detection_statistic
from summarizer.eval.scorers import aggregate
from summarizer.eval.stats import bootstrap_ci, bootstrap_stat_ci, paired_difference, paired_stat_difference

# content figures: the headline is their mean over deal texts
CONTENT_FIELDS = (
    ("parties_f1", "parties F1"),
    ("terms_f1", "terms F1"),
    ("terms_primary_recall", "primary terms recall"),
    ("sources_f1", "sources F1"),
    ("status", "status"),
    ("evidence", "evidence strength"),
)
# what a reader of the sources also needs right, over the sources matched to gold (beside sources F1, which
# matches by name alone)
SOURCE_DETAIL_FIELDS = (
    ("sources_kind", "source kind (matched sources)"),
    ("sources_on_record", "on the record (matched sources)"),
)
# figures of the machinery, over all texts
MACHINE_FIELDS = (("validity", "validity"), ("grounding", "grounding"))
COUNTS = (("terms_unsupported", "unsupported terms"),)
RUN_FIGURES = (
    ("tokens_in", "tokens in"),
    ("tokens_evaluated", "prompt tokens evaluated"),
    ("tokens_out", "tokens out"),
    ("attempts", "attempts"),
    ("seconds", "seconds"),
    ("brief_kept", "model briefs kept"),
    ("brief_seconds", "brief seconds"),
)
# the headline figures, in the order reports show them
HEADLINE = DETECTION_FIELDS + CONTENT_FIELDS + SOURCE_DETAIL_FIELDS + MACHINE_FIELDS
_DETECTION = {key for key, _ in DETECTION_FIELDS}
_CONTENT = {key for key, _ in CONTENT_FIELDS + SOURCE_DETAIL_FIELDS}
ALL_TEXTS = "all_texts."  # prefix of a content figure taken over all texts ("all_texts.parties_f1")
# the figures that have a per-case value and so an interval from resampling cases (grounding is micro-averaged)
MEAN_FIELDS = tuple(key for key, _ in CONTENT_FIELDS + SOURCE_DETAIL_FIELDS) + ("validity",)


def score_key(key: str) -> str:
    """The per-case score a figure averages: ``valid`` for validity, else the figure's own key."""
    return "valid" if key == "validity" else key


def is_deal_text(scores: dict[str, Any]) -> bool:
    """Whether the case's gold reports a deal."""
    return bool(scores.get("gold_deal"))


def _intervals(scores: Sequence[dict[str, Any]]) -> dict[str, list[float] | None]:
    out: dict[str, list[float] | None] = {}
    for key in MEAN_FIELDS:
        ci = bootstrap_ci([s.get(score_key(key)) for s in scores])
        out[key] = None if ci is None else [round(ci[0], 4), round(ci[1], 4)]
    return out


def _detection(scores: Sequence[dict[str, Any]]) -> dict[str, Any]:
    gold = [bool(s.get("gold_deal")) for s in scores]
    pred = [bool(s.get("pred_deal")) for s in scores]
    out = detection(gold, pred)
    spans = {}
    for key, _ in DETECTION_FIELDS:
        ci = bootstrap_stat_ci(detection_statistic(gold, pred, key), len(scores))
        spans[key] = None if ci is None else [round(ci[0], 4), round(ci[1], 4)]
    out["intervals"] = spans
    return out


def view(scores: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Detection, the figures on deal texts and on all texts of these cases' scores, each with intervals."""
    deal = [s for s in scores if is_deal_text(s)]
    return {
        "cases": len(scores),
        "deal_cases": len(deal),
        "detection": _detection(scores),
        "deal_texts": {**aggregate(deal), "intervals": _intervals(deal)},
        "all_texts": {**aggregate(scores), "intervals": _intervals(scores)},
    }


def _part(key: str) -> tuple[str, str]:
    """Which part of a view a figure's key reads, and its key there."""
    if key in _DETECTION:
        return "detection", key
    if key.startswith(ALL_TEXTS):
        return "all_texts", key[len(ALL_TEXTS) :]
    if key in _CONTENT:
        return "deal_texts", key
    return "all_texts", key


def figure(v: dict[str, Any], key: str) -> Any:
    """A figure of a view: detection, a content figure on deal texts (``all_texts.KEY`` over all texts), else the
    figure over all texts; a count is its total over cases."""
    part, name = _part(key)
    if name in dict(COUNTS):
        name = f"{name}_total"
    return v.get(part, {}).get(name)


def interval(v: dict[str, Any], key: str) -> list[float] | None:
    """The 95% interval of a figure of a view, when it has one."""
    part, name = _part(key)
    return v.get(part, {}).get("intervals", {}).get(name)


def known_figures() -> list[str]:
    """Every key :func:`figure` reads."""
    keys = [key for key, _ in HEADLINE + COUNTS + RUN_FIGURES]
    return keys + [ALL_TEXTS + key for key, _ in CONTENT_FIELDS]


def paired_figure(a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]], key: str):
    """B - A for one figure over the same cases (per-case scores in the same order), with its 95% paired-bootstrap
    interval: detection recomputed on each resample, content figures over deal texts (``all_texts.KEY`` over
    all), validity over all; None when no case defines it."""
    part, name = _part(key)
    if part == "detection":
        gold = [bool(s.get("gold_deal")) for s in a]
        stat_a = detection_statistic(gold, [bool(s.get("pred_deal")) for s in a], name)
        stat_b = detection_statistic(gold, [bool(s.get("pred_deal")) for s in b], name)
        return paired_stat_difference(stat_a, stat_b, len(a))
    keep = [i for i, s in enumerate(a) if part == "all_texts" or is_deal_text(s)]
    return paired_difference([a[i].get(score_key(name)) for i in keep], [b[i].get(score_key(name)) for i in keep])


# the figures a paired comparison of two runs can judge (better, worse, within noise)
PAIRED_FIELDS = (
    *(key for key, _ in DETECTION_FIELDS),
    *MEAN_FIELDS,
    *(ALL_TEXTS + key for key, _ in CONTENT_FIELDS),
)
