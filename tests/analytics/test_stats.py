"""The pure statistics module against published and hand-computed values."""

import math

import pytest

from analytics import stats
from analytics.stats import PanelScore

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


def test_interviewer_offsets_compare_each_interviewer_with_the_rest_of_the_panel():
    """Ann scores 4 where the others give 2 and 3: offsets +1.5 and +1.0, mean +1.25."""
    scores = [
        PanelScore(1, 10, "depth", 4),
        PanelScore(1, 20, "breadth", 2),
        PanelScore(1, 30, "overview", 3),
        PanelScore(2, 10, "depth", 4),
        PanelScore(2, 20, "breadth", 3),
        PanelScore(3, 10, "depth", 1),  # nobody else on loop 3: skipped
    ]
    rows = {row.interviewer_id: row for row in stats.interviewer_offsets(scores)}
    ann = rows[10]
    assert ann.loops == 2
    assert ann.offset == pytest.approx(1.25)
    # sd of (1.5, 1.0) = 0.35355; half-width = 12.7062 · 0.35355 / √2 = 3.1766
    assert ann.ci.low == pytest.approx(1.25 - 3.1766, abs=1e-3)
    assert ann.ci.high == pytest.approx(1.25 + 3.1766, abs=1e-3)
    # Bob: loop 1: 2 − mean(4, 3) = −1.5; loop 2: 3 − 4 = −1.
    assert rows[20].offset == pytest.approx(-1.25)
    assert rows[30].loops == 1
    assert rows[30].ci is None


def test_interviewer_offsets_for_one_round_type_still_compare_with_the_whole_panel():
    """With a round type, only that round's own scores count, against everyone else on the loop."""
    scores = [PanelScore(1, 10, "depth", 4), PanelScore(1, 20, "breadth", 2)]
    rows = stats.interviewer_offsets(scores, round_type="depth")
    assert [(row.interviewer_id, row.offset) for row in rows] == [(10, 2.0)]


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


def test_point_biserial_is_the_pearson_correlation_with_a_binary_outcome():
    """Scores 1,2,3,4 against no,no,yes,yes: r = 0.8944 (= 2/√5)."""
    assert stats.point_biserial([1, 2, 3, 4], [False, False, True, True]) == pytest.approx(2 / math.sqrt(5))
    assert stats.point_biserial([3, 3, 3], [False, True, True]) is None
    assert stats.point_biserial([1, 2], [True, True]) is None


def test_panel_leans_yes_uses_the_decision_weights_and_a_tie_is_not_yes():
    """Strong no + yes + yes nets 0 (not yes); strong yes + no nets +1 (yes)."""
    assert stats.panel_leans_yes(["strong_no", "yes", "yes"]) is False
    assert stats.panel_leans_yes(["strong_yes", "no"]) is True
    assert stats.panel_leans_yes([]) is False
