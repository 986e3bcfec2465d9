"""Deal detection scored as a classifier: does a text report a deal? Pure: no model, no I/O.

A label reports a deal when it has a party or a term (the contract's no-deal label has neither); a summary the
same. Over a set of cases the figures are precision, recall and F1 of "reports a deal" with the 2×2 table behind
them; intervals come from resampling the cases (:func:`summarizer.eval.stats.bootstrap_stat_ci`), since these
figures are not means of per-case values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from summarizer.schema import GoldLabel, Summary

# the figures of deal detection, in the order reports show them
DETECTION_FIELDS = (("deal_recall", "deal recall"), ("deal_precision", "deal precision"), ("deal_f1", "deal F1"))


def reports_deal(label: GoldLabel | Summary | None) -> bool:
    """Whether a label or summary reports a deal: it names a party or a term (a failed case reports none)."""
    return label is not None and bool(label.parties or label.terms)


def _figures(gold: np.ndarray, pred: np.ndarray) -> dict[str, float | None]:
    """Precision, recall and F1 of the positive class; None where a denominator is 0."""
    tp = int(np.sum(gold & pred))
    n_pred, n_gold = int(pred.sum()), int(gold.sum())
    precision = tp / n_pred if n_pred else None
    recall = tp / n_gold if n_gold else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"deal_precision": precision, "deal_recall": recall, "deal_f1": f1}


def detection(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, Any]:
    """The 2×2 table (``tp``, ``fp``, ``fn``, ``tn``) and precision, recall and F1 of "reports a deal"."""
    g, p = np.array(gold, dtype=bool), np.array(pred, dtype=bool)
    table = {
        "tp": int(np.sum(g & p)),
        "fp": int(np.sum(~g & p)),
        "fn": int(np.sum(g & ~p)),
        "tn": int(np.sum(~g & ~p)),
    }
    return {**table, **_figures(g, p)}


def detection_statistic(gold: Sequence[bool], pred: Sequence[bool], key: str):
    """A function of case indices giving one detection figure over those cases (for the bootstrap)."""
    g, p = np.array(gold, dtype=bool), np.array(pred, dtype=bool)

    def statistic(idx: np.ndarray) -> float | None:
        return _figures(g[idx], p[idx])[key]

    return statistic
