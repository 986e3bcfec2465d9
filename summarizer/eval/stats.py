"""Uncertainty of eval figures: bootstrap intervals over cases, and paired differences. Pure, seeded.

A figure of a group is the mean of its per-case values (cases where the value is None left out), so a
resample of cases recomputes exactly that mean; the interval belongs to the number printed beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

RESAMPLES = 2000
SEED = 20261201
LEVEL = 0.95


def _clean(values: Sequence[float | None]) -> np.ndarray:
    return np.array([v for v in values if v is not None], dtype=float)


def mean(values: Sequence[float | None]) -> float | None:
    """The mean of the values that are not None; None when there is none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _interval(data: np.ndarray, resamples: int, seed: int) -> tuple[float, float]:
    """The percentile interval at ``LEVEL`` of the mean of ``data`` resampled with replacement."""
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(resamples, data.size))].mean(axis=1)
    low, high = np.quantile(means, [(1 - LEVEL) / 2, 1 - (1 - LEVEL) / 2])
    return float(low), float(high)


def bootstrap_ci(
    values: Sequence[float | None], resamples: int = RESAMPLES, seed: int = SEED
) -> tuple[float, float] | None:
    """95% percentile interval of the mean of ``values`` over cases resampled with replacement; None when
    there is no value."""
    data = _clean(values)
    if data.size == 0:
        return None
    return _interval(data, resamples, seed)


def paired_difference(
    a: Sequence[float | None], b: Sequence[float | None], resamples: int = RESAMPLES, seed: int = SEED
) -> tuple[float, float, float] | None:
    """The mean of ``b - a`` over the cases where both have a value, with its 95% paired-bootstrap interval;
    None when no case has both."""
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if not pairs:
        return None
    diff = np.array([y - x for x, y in pairs], dtype=float)
    return float(diff.mean()), *_interval(diff, resamples, seed)


def verdict(interval: tuple[float, float, float] | None, higher_is_better: bool = True) -> str:
    """"better", "worse" or "within noise" for a paired difference (B - A) and its interval."""
    if interval is None:
        return "no shared cases"
    _, low, high = interval
    if low > 0:
        return "better" if higher_is_better else "worse"
    if high < 0:
        return "worse" if higher_is_better else "better"
    return "within noise"


def bootstrap_stat_ci(
    statistic: Callable[[np.ndarray], float | None], n: int, resamples: int = RESAMPLES, seed: int = SEED
) -> tuple[float, float] | None:
    """95% percentile interval of ``statistic(indices)`` over resamples of ``n`` cases with replacement, for a
    figure that is not a mean of per-case values (precision, recall, F1 of a classifier); resamples where the
    statistic is undefined (None) are left out. None when ``n`` is 0 or no resample defines it."""
    if n == 0:
        return None
    rng = np.random.default_rng(seed)
    values = [statistic(idx) for idx in rng.integers(0, n, size=(resamples, n))]
    kept = np.array([v for v in values if v is not None], dtype=float)
    if kept.size == 0:
        return None
    low, high = np.quantile(kept, [(1 - LEVEL) / 2, 1 - (1 - LEVEL) / 2])
    return float(low), float(high)


def paired_stat_difference(
    statistic_a: Callable[[np.ndarray], float | None],
    statistic_b: Callable[[np.ndarray], float | None],
    n: int,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> tuple[float, float, float] | None:
    """``statistic_b - statistic_a`` over all ``n`` shared cases, with the 95% interval of that difference over
    resamples of the cases (the same resample for both); None when it is undefined on all cases."""
    whole = np.arange(n)
    a, b = statistic_a(whole), statistic_b(whole)
    if n == 0 or a is None or b is None:
        return None

    def diff(idx: np.ndarray) -> float | None:
        x, y = statistic_a(idx), statistic_b(idx)
        return None if x is None or y is None else y - x

    ci = bootstrap_stat_ci(diff, n, resamples, seed)
    return None if ci is None else (b - a, *ci)
