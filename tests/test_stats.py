"""Bootstrap intervals and paired differences, and the ablation table built from them."""

from __future__ import annotations

import pytest

from summarizer.eval.stats import bootstrap_ci, paired_difference, verdict


def test_the_interval_contains_the_mean_and_is_reproducible():
    values = [0.0, 0.5, 1.0, 1.0, 0.25, None]
    low, high = bootstrap_ci(values)
    assert low <= sum(v for v in values if v is not None) / 5 <= high
    assert bootstrap_ci(values) == (low, high)  # a fixed seed
    assert bootstrap_ci([None, None]) is None
    assert bootstrap_ci([0.7, 0.7, 0.7]) == pytest.approx((0.7, 0.7))


def test_identical_runs_differ_by_zero_within_noise():
    a = [0.2, 0.9, 1.0, 0.0, 0.5]
    diff = paired_difference(a, list(a))
    assert diff == (0.0, 0.0, 0.0) and verdict(diff) == "within noise"


def test_a_difference_on_every_case_is_beyond_noise_and_signed():
    a = [0.2, 0.4, 0.6, 0.8, 0.5, 0.3]
    b = [x + 0.1 for x in a]
    mean, low, high = paired_difference(a, b)
    assert mean == pytest.approx(0.1) and low > 0 and verdict((mean, low, high)) == "better"
    assert verdict(paired_difference(b, a)) == "worse"
    assert verdict(paired_difference(a, b), higher_is_better=False) == "worse"


def test_only_cases_with_both_values_are_paired():
    assert paired_difference([1.0, None, 0.0], [0.0, 1.0, None]) == (-1.0, -1.0, -1.0)
    assert paired_difference([None], [1.0]) is None and verdict(None) == "no shared cases"


def test_bootstrap_intervals_match_hand_computed_ones():
    # [0, 1]: a resample's mean is 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4: the 2.5% and 97.5% quantiles
    # are 0 and 1
    assert bootstrap_ci([0.0, 1.0]) == (0.0, 1.0)
    # [0, 0, 0, 1]: the mean is 0 with probability (3/4)^4 = 0.32 (> 2.5%), at least 0.75 with probability
    # 4 (1/4)^3 (3/4) + (1/4)^4 = 0.051 (> 2.5%) and 1 with probability 0.004 (< 2.5%): the interval is 0 to 0.75
    assert bootstrap_ci([0.0, 0.0, 0.0, 1.0]) == (0.0, 0.75)
