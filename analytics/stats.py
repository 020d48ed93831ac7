"""Statistics for the analytics pages: pure functions, plain data in and out, no ORM.

Everything here is small enough to check by hand, and each function is tested against published or
hand-computed values (tests/analytics/test_stats.py):

- `wilson_interval` — the Wilson score interval for a proportion (good at small n and near 0 or 1,
  where the textbook ±1.96·√(p(1−p)/n) interval breaks down).
- `t_quantile` / `mean_interval` — a t-based 95% interval for a mean (Student's t from the
  regularised incomplete beta function, so no SciPy is needed).
- `krippendorff_alpha` — inter-rater reliability for any number of raters with missing values, on a
  nominal, ordinal, interval or ratio metric (Krippendorff 2011, "Computing Krippendorff's
  Alpha-Reliability"). The ordinal metric is what 1–4 rubric ratings need: a 1 vs 4 disagreement
  counts for more than a 2 vs 3, and the distance depends on how often the points in between are used.
- `interviewer_offsets` — each interviewer's offset from the rest of the panel on the same loops.
- `percentile` / `distribution` — quantiles with linear interpolation between order statistics
  (the same rule as NumPy's default and Excel's PERCENTILE.INC).
- `point_biserial` — Pearson correlation between a score and a yes/no outcome.
- `panel_leans_yes` — the panel's overall recommendations lean yes, by the same weights the hire
  decision uses (decisions.engine.OVERALL_WEIGHT), so "passed the round" here means what it means there.
"""

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from decisions.engine import OVERALL_WEIGHT

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal

# Overall recommendation on the 1–4 scale (there is no neutral point).
# The overall recommendation on the 1–4 scale, in decisions.engine's order (strong no … strong yes).
OVERALL_SCORE: Mapping[str, int] = {code: rank for rank, code in enumerate(OVERALL_WEIGHT, start=1)}

# Below this many observations a row is shown but marked "too few to trust".
MIN_N = 10


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


# ---------------------------------------------------------------------------------------------
# Proportions


def wilson_interval(successes: int, n: int, *, z: float = Z95) -> Interval | None:
    """Wilson score interval for successes/n; None when n is 0 (nothing to estimate)."""
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("need 0 <= successes <= n")
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # At 0/n and n/n the bound is exactly 0 or 1; floating point would leave 0.9999999999999999.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(low, high)


# ---------------------------------------------------------------------------------------------
# Means


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with df degrees of freedom."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


@functools.lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t (bisection on the CDF; accurate to ~1e-10). Remembered per (p, df):
    a report asks for the same few degrees of freedom for every interviewer."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("need 0 < p < 1 and df > 0")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):  # stops once the bracket is below 1e-12 (about 40 halvings)
        if high - low < 1e-12:
            break
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2.0


@dataclass(frozen=True)
class MeanEstimate:
    n: int
    mean: float | None
    sd: float | None  # sample standard deviation (n − 1); None below 2 values
    ci: Interval | None  # t-based 95% interval; None below 2 values


def mean_interval(values: Sequence[float], *, confidence: float = 0.95) -> MeanEstimate:
    """Mean with a t-based confidence interval (mean ± t·sd/√n with n − 1 degrees of freedom)."""
    n = len(values)
    if n == 0:
        return MeanEstimate(0, None, None, None)
    mean = sum(values) / n
    if n < 2:
        return MeanEstimate(n, mean, None, None)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * sd / math.sqrt(n)
    return MeanEstimate(n, mean, sd, Interval(mean - half, mean + half))


# ---------------------------------------------------------------------------------------------
# Krippendorff's alpha

METRICS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class AlphaResult:
    alpha: float | None  # None when undefined: no pairable values, or every value the same
    units: int  # pairable units (two or more values)
    values: int  # pairable values (n in Krippendorff's notation)


def _delta2(metric: str, c: float, k: float, marginals: Mapping[float, float], order: Sequence[float]) -> float:
    if c == k:
        return 0.0
    if metric == "nominal":
        return 1.0
    if metric == "interval":
        return (c - k) ** 2
    if metric == "ratio":
        return ((c - k) / (c + k)) ** 2
    low, high = sorted((c, k))
    between = sum(marginals[g] for g in order if low <= g <= high)
    return (between - (marginals[c] + marginals[k]) / 2.0) ** 2


def krippendorff_alpha(units: Iterable[Sequence[float | None]], *, metric: str = "ordinal") -> AlphaResult:
    """Krippendorff's alpha = 1 − D_observed / D_expected.

    `units` holds, for each unit (the thing rated), the values the raters gave it; None (or a rater
    simply absent) is a missing value. Units with fewer than two values cannot be paired and drop out.
    Built on the coincidence matrix: each unit with m values contributes every ordered pair of its
    values with weight 1/(m − 1).
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}")
    coincidence: dict[tuple[float, float], float] = defaultdict(float)
    pairable_units = 0
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        pairable_units += 1
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[(c, k)] += 1.0 / (m - 1)
    marginals: dict[float, float] = defaultdict(float)
    for (c, _), count in coincidence.items():
        marginals[c] += count
    n = sum(marginals.values())
    if n < 2:
        return AlphaResult(None, pairable_units, round(n))
    order = sorted(marginals)
    observed = sum(count * _delta2(metric, c, k, marginals, order) for (c, k), count in coincidence.items())
    expected = sum(marginals[c] * marginals[k] * _delta2(metric, c, k, marginals, order) for c in order for k in order)
    if expected == 0:
        return AlphaResult(None, pairable_units, round(n))
    return AlphaResult(1.0 - (n - 1) * observed / expected, pairable_units, round(n))


# ---------------------------------------------------------------------------------------------
# Interviewer calibration


@dataclass(frozen=True)
class PanelScore:
    """One interviewer's score of one candidate (loop) in one round, on the 1–4 scale."""

    loop_id: int
    interviewer_id: int
    round_type: str
    score: float


@dataclass(frozen=True)
class InterviewerOffset:
    interviewer_id: int
    loops: int  # loops where this interviewer and at least one other panel member scored
    offset: float | None  # mean of (own score − mean of the others' scores) over those loops
    sd: float | None
    ci: Interval | None  # t-based 95%; None with fewer than two loops


def interviewer_offsets(scores: Sequence[PanelScore], *, round_type: str | None = None) -> list[InterviewerOffset]:
    """How much higher (+) or lower (−) each interviewer scores than the rest of the panel on the same loops.

    For every loop, an interviewer's own score (the mean of their scores there, only in `round_type`
    when given) is compared with the mean score of everyone else on that loop (any round). The offset
    is the mean of those per-loop differences, with a t-based 95% interval across loops. Loops where
    nobody else scored carry no information and are skipped.
    """
    by_loop: dict[int, dict[int, list[PanelScore]]] = defaultdict(lambda: defaultdict(list))
    for score in scores:
        by_loop[score.loop_id][score.interviewer_id].append(score)
    differences: dict[int, list[float]] = defaultdict(list)
    for panel in by_loop.values():
        # Everyone else's mean is the loop's total less one's own: linear in the panel, not quadratic.
        total = sum(s.score for cards in panel.values() for s in cards)
        count = sum(len(cards) for cards in panel.values())
        for interviewer_id, own in panel.items():
            mine = [s.score for s in own if round_type is None or s.round_type == round_type]
            others = count - len(own)
            if mine and others:
                others_mean = (total - sum(s.score for s in own)) / others
                differences[interviewer_id].append(sum(mine) / len(mine) - others_mean)
    rows = []
    for interviewer_id, diffs in differences.items():
        estimate = mean_interval(diffs)
        rows.append(InterviewerOffset(interviewer_id, estimate.n, estimate.mean, estimate.sd, estimate.ci))
    return sorted(rows, key=lambda row: (row.offset or 0.0, row.interviewer_id))


# ---------------------------------------------------------------------------------------------
# Distributions and correlation


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) with linear interpolation between order statistics; None if empty."""
    if not 0 <= q <= 100:
        raise ValueError("q must be within 0..100")
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True)
class Distribution:
    n: int
    p25: float | None
    median: float | None
    p75: float | None
    p90: float | None
    share_over: float | None  # share of values above the threshold given to `distribution`


def distribution(values: Sequence[float], *, over: float) -> Distribution:
    """Quartiles, the 90th percentile and the share of values above `over`."""
    n = len(values)
    share = sum(1 for v in values if v > over) / n if n else None
    return Distribution(
        n, percentile(values, 25), percentile(values, 50), percentile(values, 75), percentile(values, 90), share
    )


def point_biserial(scores: Sequence[float], outcomes: Sequence[bool]) -> float | None:
    """Pearson correlation of a score with a yes/no outcome; None when either does not vary."""
    if len(scores) != len(outcomes):
        raise ValueError("scores and outcomes must be the same length")
    n = len(scores)
    if n < 2:
        return None
    ys = [1.0 if y else 0.0 for y in outcomes]
    mean_x, mean_y = sum(scores) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(scores, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in scores)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def panel_leans_yes(overalls: Iterable[str]) -> bool:
    """The round's recommendations lean yes: strong opinions count double, and a tie is not a yes."""
    return sum(OVERALL_WEIGHT.get(overall, 0) for overall in overalls) > 0
