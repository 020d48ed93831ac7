"""Statistics for the analytics pages: pure functions, plain data in and out, no ORM.

Everything here is small enough to check by hand, and each function is tested against published or
hand-computed values (tests/analytics/test_stats.py):

- `wilson_interval` — the Wilson score interval for a proportion (good at small n and near 0 or 1,
  where the textbook ±1.96·√(p(1−p)/n) interval breaks down).
- `t_quantile` / `mean_interval` — a t-based 95% interval for a mean (Student's t from the
  regularised incomplete beta function, its quantile from a closed form polished by Newton's method,
  so no SciPy is needed).
- `krippendorff_alpha` — inter-rater reliability for any number of raters with missing values, on a
  nominal, ordinal, interval or ratio metric (Krippendorff 2011, "Computing Krippendorff's
  Alpha-Reliability"). The ordinal metric is what 1–4 rubric ratings need: a 1 vs 4 disagreement
  counts for more than a 2 vs 3, and the distance depends on how often the points in between are used.
- `percentile` / `distribution` — quantiles with linear interpolation between order statistics
  (the same rule as NumPy's default and Excel's PERCENTILE.INC).

The aggregates themselves (per-interviewer offsets, rating patterns, panel leans, point-biserial sums)
are computed in the database (analytics.selectors); tests/analytics/reference.py recomputes every
report from the raw facts the slow, obvious way, and the tests hold the two equal on random data.
"""

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

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


def t_pdf(t: float, df: float) -> float:
    """The density of Student's t with df degrees of freedom."""
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))


def _t_quantile_start(p: float, df: float) -> float:
    """Closed forms: exact for 1 and 2 degrees of freedom, else the Cornish–Fisher expansion of the
    normal quantile in 1/df (Abramowitz & Stegun 26.7.5), already within 1e-3 from df = 3."""
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = NormalDist().inv_cdf(p)
    z2 = z * z
    return z * (
        1
        + (z2 + 1) / (4 * df)
        + ((5 * z2 + 16) * z2 + 3) / (96 * df**2)
        + (((3 * z2 + 19) * z2 + 17) * z2 - 15) / (384 * df**3)
        + ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / (92160 * df**4)
    )


@functools.lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t: the closed-form start above, polished by Newton's method on
    the CDF (a few steps to ~1e-12). Remembered per (p, df): a report asks for the same few degrees of
    freedom for every interviewer."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("need 0 < p < 1 and df > 0")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    t = _t_quantile_start(p, df)
    for _ in range(50):
        step = (t_cdf(t, df) - p) / t_pdf(t, df)
        t -= step
        if abs(step) <= 1e-12 * max(1.0, abs(t)):
            break
    return t


@dataclass(frozen=True)
class MeanEstimate:
    n: int
    mean: float | None
    sd: float | None  # sample standard deviation (n − 1); None below 2 values
    ci: Interval | None  # t-based 95% interval; None below 2 values


def mean_interval(values: Sequence[float], *, confidence: float = 0.95) -> MeanEstimate:
    """Mean with a t-based confidence interval (mean ± t·sd/√n with n − 1 degrees of freedom)."""
    n = len(values)
    mean = sum(values) / n if n else 0.0
    return mean_interval_from_sums(n, sum(values), sum((v - mean) ** 2 for v in values), confidence=confidence)


def mean_interval_from_sums(n: int, total: float, deviations: float, *, confidence: float = 0.95) -> MeanEstimate:
    """The same from n, Σx and Σ(x − mean)² — what a database hands over (Σ(x − mean)² = Σx² − (Σx)²/n)."""
    if n == 0:
        return MeanEstimate(0, None, None, None)
    mean = total / n
    if n < 2:
        return MeanEstimate(n, mean, None, None)
    sd = math.sqrt(max(0.0, deviations) / (n - 1))
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
    Units are counted by their pattern of values, then `alpha_from_patterns` does the rest.
    """
    patterns: Counter[tuple[tuple[float, int], ...]] = Counter()
    for unit in units:
        values = Counter(v for v in unit if v is not None)
        patterns[tuple(sorted(values.items()))] += 1
    return alpha_from_patterns(patterns.items(), metric=metric)


def alpha_from_patterns(
    patterns: Iterable[tuple[Iterable[tuple[float, int]], int]], *, metric: str = "ordinal"
) -> AlphaResult:
    """Krippendorff's alpha from units grouped by pattern: (the unit's (value, how many raters gave
    it) pairs, how many units have that pattern). The database counts the patterns (the analytics
    selectors), so a million ratings arrive as a few dozen rows.

    Built on the coincidence matrix: each unit with m values contributes every ordered pair of its
    values with weight 1/(m − 1) — n_c·n_k pairs of two different values, n_c·(n_c − 1) of the same.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}")
    coincidence: dict[tuple[float, float], float] = defaultdict(float)
    pairable_units = 0
    for pattern, units in patterns:
        counts = [(value, n) for value, n in pattern if n]
        m = sum(n for _, n in counts)
        if m < 2 or units <= 0:
            continue
        pairable_units += units
        for c, n_c in counts:
            for k, n_k in counts:
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    coincidence[(c, k)] += units * pairs / (m - 1)
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
