"""The pure statistics module against published and hand-computed values."""

import math

import pytest

from analytics import stats

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, values 1–5, missing values as None. Published: nominal .743, ordinal .815,
# interval .849, ratio .797.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
UNITS_2011 = [list(unit) for unit in zip(*KRIPPENDORFF_2011, strict=True)]


def test_wilson_interval_matches_the_published_8_of_10():
    """8/10 at 95% is (0.490, 0.943)."""
    interval = stats.wilson_interval(8, 10)
    assert interval.low == pytest.approx(0.4902, abs=5e-4)
    assert interval.high == pytest.approx(0.9433, abs=5e-4)


def test_wilson_interval_stays_inside_zero_and_one_at_the_extremes():
    """0/10 starts at 0 and 10/10 ends at 1, with a non-zero width either way."""
    none = stats.wilson_interval(0, 10)
    every = stats.wilson_interval(10, 10)
    assert none.low == 0.0
    assert none.high == pytest.approx(0.2775, abs=5e-4)
    assert every.high == 1.0
    assert every.low == pytest.approx(0.7225, abs=5e-4)


def test_wilson_interval_is_none_without_observations_and_rejects_impossible_counts():
    """n = 0 has no interval; more successes than trials is an error."""
    assert stats.wilson_interval(0, 0) is None
    with pytest.raises(ValueError, match="successes"):
        stats.wilson_interval(3, 2)


@pytest.mark.parametrize(
    ("df", "expected"), [(1, 12.7062), (2, 4.3027), (5, 2.5706), (10, 2.2281), (30, 2.0423), (1000, 1.9623)]
)
def test_t_quantile_matches_the_printed_table(df, expected):
    """t(0.975, df) agrees with standard tables to four decimals."""
    assert stats.t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_t_quantile_is_symmetric():
    """The 2.5th percentile is minus the 97.5th."""
    assert stats.t_quantile(0.025, 7) == pytest.approx(-stats.t_quantile(0.975, 7))


def test_mean_interval_uses_t_with_n_minus_one_degrees_of_freedom():
    """Values 1..5: mean 3, sd √2.5, half-width 2.7764·√2.5/√5 = 1.9632."""
    estimate = stats.mean_interval([1, 2, 3, 4, 5])
    assert estimate.mean == 3
    assert estimate.sd == pytest.approx(math.sqrt(2.5))
    assert estimate.ci.low == pytest.approx(3 - 1.9632, abs=1e-4)
    assert estimate.ci.high == pytest.approx(3 + 1.9632, abs=1e-4)


def test_mean_interval_has_no_interval_for_a_single_value():
    """One value has a mean but no spread."""
    estimate = stats.mean_interval([2.5])
    assert (estimate.n, estimate.mean, estimate.sd, estimate.ci) == (1, 2.5, None, None)


@pytest.mark.parametrize(
    ("metric", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_krippendorff_alpha_matches_krippendorffs_worked_example(metric, expected):
    """The 4-observer, 12-unit example with missing values gives the published alphas."""
    result = stats.krippendorff_alpha(UNITS_2011, metric=metric)
    assert result.alpha == pytest.approx(expected, abs=5e-4)
    # Unit 12 has a single value and drops out; 40 pairable values remain.
    assert (result.units, result.values) == (11, 40)


def test_krippendorff_alpha_is_one_for_perfect_agreement_and_negative_for_systematic_disagreement():
    """Identical ratings give 1; raters who always pick opposite ends give less than 0."""
    assert stats.krippendorff_alpha([[1, 1], [2, 2], [4, 4]]).alpha == pytest.approx(1.0)
    assert stats.krippendorff_alpha([[1, 4], [4, 1], [1, 4]]).alpha < 0


def test_krippendorff_alpha_is_undefined_without_pairs_or_without_variation():
    """Single-rater units cannot be paired; one value everywhere has no expected disagreement."""
    assert stats.krippendorff_alpha([[3], [2, None]]).alpha is None
    assert stats.krippendorff_alpha([[3, 3], [3, 3]]).alpha is None


def test_ordinal_alpha_punishes_far_disagreements_more_than_near_ones():
    """1 vs 4 costs more than 2 vs 3 on the ordinal metric (nominal treats them alike)."""
    base = [[1, 1], [2, 2], [3, 3], [4, 4]]
    near = stats.krippendorff_alpha([*base, [2, 3]])
    far = stats.krippendorff_alpha([*base, [1, 4]])
    assert near.alpha > far.alpha
    assert stats.krippendorff_alpha([*base, [2, 3]], metric="nominal").alpha == pytest.approx(
        stats.krippendorff_alpha([*base, [1, 4]], metric="nominal").alpha
    )


def test_percentile_interpolates_linearly_like_numpy():
    """[1, 2, 3, 4]: median 2.5, 25th 1.75, 90th 3.7."""
    values = [4, 1, 3, 2]
    assert stats.percentile(values, 50) == 2.5
    assert stats.percentile(values, 25) == 1.75
    assert stats.percentile(values, 90) == pytest.approx(3.7)
    assert stats.percentile([], 50) is None


def test_distribution_reports_quartiles_and_the_share_over_a_threshold():
    """Hours 1, 10, 30, 50, 100 with a 48-hour line: median 30, 2 of 5 over."""
    summary = stats.distribution([1, 10, 30, 50, 100], over=48)
    assert (summary.n, summary.p25, summary.median, summary.p75) == (5, 10, 30, 50)
    assert summary.p90 == pytest.approx(80)
    assert summary.share_over == pytest.approx(0.4)


@pytest.mark.parametrize("seed", range(20))
def test_alpha_matches_the_reference_implementation_on_random_ratings(seed):
    """Ordinal alpha agrees with the `krippendorff` package (Castro's reference implementation) to 1e-6
    on random 1–4 ratings by 2–5 raters with missing values, whether counted unit by unit or by pattern."""
    import random

    import krippendorff
    import numpy as np

    rng = random.Random(seed)
    raters, units = rng.randint(2, 5), rng.randint(5, 60)
    bias = [rng.uniform(-1, 1) for _ in range(raters)]
    truth = [rng.randint(1, 4) for _ in range(units)]
    table = [
        [
            None if rng.random() < 0.3 else min(4, max(1, round(truth[u] + bias[r] + rng.gauss(0, 0.8))))
            for u in range(units)
        ]
        for r in range(raters)
    ]
    reference = krippendorff.alpha(
        reliability_data=np.array([[np.nan if v is None else v for v in row] for row in table], dtype=float),
        level_of_measurement="ordinal",
        value_domain=[1, 2, 3, 4],
    )
    ours = stats.krippendorff_alpha([list(unit) for unit in zip(*table, strict=True)], metric="ordinal")
    assert ours.alpha == pytest.approx(reference, abs=1e-6)


def test_alpha_from_patterns_weighs_each_pattern_by_its_units():
    """Three units rated (1, 2) and one (3, 3) as patterns equal the same four units listed one by one."""
    listed = stats.krippendorff_alpha([[1, 2], [1, 2], [1, 2], [3, 3]], metric="ordinal")
    grouped = stats.alpha_from_patterns([(((1, 1), (2, 1)), 3), (((3, 2),), 1)], metric="ordinal")
    assert grouped == listed
    assert (grouped.units, grouped.values) == (4, 8)


def test_mean_interval_from_sums_equals_the_interval_from_the_values():
    """n, Σx and Σ(x − mean)² give the same mean, sd and interval as the values themselves."""
    values = [1.5, -0.5, 2.0, 0.25]
    mean = sum(values) / 4
    direct = stats.mean_interval(values)
    summed = stats.mean_interval_from_sums(4, sum(values), sum((v - mean) ** 2 for v in values))
    assert summed == direct
    assert stats.mean_interval_from_sums(0, 0.0, 0.0).mean is None
