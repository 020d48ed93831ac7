"""The five analytics reports, built from plain aggregates (no ORM): the database sums and counts
(analytics.selectors), this turns the sums into rows with their intervals.

Definitions (the README repeats them for readers of the pages):

- Calibration: per interviewer, the offset of their overall recommendation (strong no 1 … strong
  yes 4) from the mean of everyone else's on the same loops; with a round type, their scores in that
  round against everyone else's on the loop in any round.
- Reliability: Krippendorff's alpha (ordinal) per round type. A *unit* is one competency of one
  interview — the same candidate, the same question, the same moment — and its values are the 1–4
  ratings of every interviewer who submitted a scorecard for that interview ("not assessed" is a
  missing value). Interviews scored by one person give no pairs and do not count. Also per
  competency (its units across the interviews that rated it, within its round type).
- Time to submit: hours from the interview's end to the scorecard's submission (a scorecard sent
  before the scheduled end counts as 0), per round type, with the share over the 48-hour late line.
- Funnel: per round type, of the interviews with submitted feedback, how many the panel passed
  (their recommendations lean yes, as the hire decision counts them); then, of the loops with a
  final decision, how many were hires. Each rate has a Wilson 95% interval.
- Round validity: per round type, on decided loops, whether the round's lean (yes/no) matched the
  final decision (agreement with a Wilson interval) and the point-biserial correlation between the
  round's mean overall score and the decision (hire = 1).
"""

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analytics import stats
from interviews import feedback_timing

LATE_HOURS = feedback_timing.LATE_AFTER_END / dt.timedelta(hours=1)  # the one "late" line (PRODUCT.md §4)
ALL_ROUNDS = "all"
SCALE = (1, 2, 3, 4)  # the rubric's points (interviews.models.Rating.score)


# ---------------------------------------------------------------------------------------------
# What the database hands over: a row per interviewer, round type or rating pattern, never per scorecard.


@dataclass(frozen=True)
class OffsetSums:
    """One interviewer's differences from the rest of the panel, summed over the loops both scored."""

    interviewer_id: int
    interviewer: str
    loops: int
    total: float  # Σ d
    squares: float  # Σ d²


@dataclass(frozen=True)
class RatingPattern:
    """`units` (interview, competency) units of a round type whose ratings are `counts` 1s, 2s, 3s and 4s."""

    round_type: str
    competency: str  # the competency's code: the same question across rubric versions
    counts: tuple[int, int, int, int]
    units: int


@dataclass(frozen=True)
class SubmitHours:
    """Hours from an interview's end to its scorecards' submission, summarised: one round type, or "all"."""

    round_type: str
    n: int
    p25: float | None
    median: float | None
    p75: float | None
    p90: float | None
    late: int  # more than LATE_HOURS


@dataclass(frozen=True)
class RoundPasses:
    """Funnel counts: interviews with submitted feedback in a round type, and those whose panel leaned yes;
    `round_type` None is the decision: loops with a final decision, and the hires."""

    round_type: str | None
    reached: int
    passed: int


@dataclass(frozen=True)
class ValiditySums:
    """Decided loops' interviews of one round type: the 2×2 of lean and decision, and the sums for the
    point-biserial of the round's mean overall (x) against hire (y = 1)."""

    round_type: str
    yes_hired: int
    yes_not_hired: int
    no_hired: int
    no_not_hired: int
    sum_x: float
    sum_xx: float
    sum_xy: float


# ---------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class CalibrationRow:
    interviewer_id: int
    interviewer: str
    loops: int
    offset: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    few: bool


@dataclass(frozen=True)
class ReliabilityRow:
    round_type: str
    round_name: str
    alpha: float | None
    units: int
    values: int
    few: bool


@dataclass(frozen=True)
class CompetencyReliabilityRow:
    round_type: str
    round_name: str
    competency: str
    competency_name: str
    alpha: float | None
    units: int
    values: int
    few: bool


@dataclass(frozen=True)
class Reliability:
    rounds: list[ReliabilityRow]
    competencies: list[CompetencyReliabilityRow]


@dataclass(frozen=True)
class TimeToSubmitRow:
    round_type: str
    round_name: str
    n: int
    p25_hours: float | None
    median_hours: float | None
    p75_hours: float | None
    p90_hours: float | None
    late_share: float | None
    few: bool


@dataclass(frozen=True)
class FunnelRow:
    stage: str  # a round type code, or "decision"
    label: str
    reached: int
    passed: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    few: bool


@dataclass(frozen=True)
class ValidityRow:
    round_type: str
    round_name: str
    n: int
    agree: int
    agreement: float | None
    ci_low: float | None
    ci_high: float | None
    correlation: float | None
    yes_hired: int
    yes_not_hired: int
    no_hired: int
    no_not_hired: int
    few: bool


def _in_order(round_types: Sequence[tuple[str, str]], present: set[str]) -> list[tuple[str, str]]:
    return [(code, name) for code, name in round_types if code in present]


def calibration(sums: Sequence[OffsetSums]) -> list[CalibrationRow]:
    """Interviewers from the most severe (lowest offset) to the most lenient, each offset with a t-based
    95% interval across their loops."""
    rows = []
    for person in sums:
        n = person.loops
        estimate = stats.mean_interval_from_sums(n, person.total, person.squares - person.total * person.total / n)
        rows.append(
            CalibrationRow(
                person.interviewer_id,
                person.interviewer,
                n,
                estimate.mean,
                estimate.sd,
                estimate.ci.low if estimate.ci else None,
                estimate.ci.high if estimate.ci else None,
                n < stats.MIN_N,
            )
        )
    return sorted(rows, key=lambda row: (row.offset, row.interviewer_id))


def reliability(
    patterns: Sequence[RatingPattern],
    round_types: Sequence[tuple[str, str]],
    competency_names: Mapping[tuple[str, str], str],
) -> Reliability:
    """Ordinal alpha per round type (all its competencies' units), then per competency within each."""

    def alpha(selected: list[RatingPattern]):
        return stats.alpha_from_patterns(
            ((tuple(zip(SCALE, p.counts, strict=True)), p.units) for p in selected), metric="ordinal"
        )

    rounds, competencies = [], []
    for code, name in _in_order(round_types, {p.round_type for p in patterns}):
        mine = [p for p in patterns if p.round_type == code]
        result = alpha(mine)
        rounds.append(ReliabilityRow(code, name, result.alpha, result.units, result.values, result.units < stats.MIN_N))
        for competency in sorted({p.competency for p in mine}):
            result = alpha([p for p in mine if p.competency == competency])
            competencies.append(
                CompetencyReliabilityRow(
                    code,
                    name,
                    competency,
                    competency_names.get((code, competency), competency),
                    result.alpha,
                    result.units,
                    result.values,
                    result.units < stats.MIN_N,
                )
            )
    return Reliability(rounds, competencies)


def time_to_submit(hours: Sequence[SubmitHours], round_types: Sequence[tuple[str, str]]) -> list[TimeToSubmitRow]:
    """One row per round type, then one for all rounds together."""
    by_code = {row.round_type: row for row in hours}
    names = [*_in_order(round_types, set(by_code)), (ALL_ROUNDS, "All rounds")]
    empty = SubmitHours(ALL_ROUNDS, 0, None, None, None, None, 0)
    rows = []
    for code, name in names:
        row = by_code.get(code, empty)
        rows.append(
            TimeToSubmitRow(
                code,
                name,
                row.n,
                row.p25,
                row.median,
                row.p75,
                row.p90,
                row.late / row.n if row.n else None,
                row.n < stats.MIN_N,
            )
        )
    return rows


def _rate_row(stage: str, label: str, reached: int, passed: int) -> FunnelRow:
    interval = stats.wilson_interval(passed, reached)
    return FunnelRow(
        stage,
        label,
        reached,
        passed,
        passed / reached if reached else None,
        interval.low if interval else None,
        interval.high if interval else None,
        reached < stats.MIN_N,
    )


def funnel(passes: Sequence[RoundPasses], round_types: Sequence[tuple[str, str]]) -> list[FunnelRow]:
    """Pass-through of each round (panel leans yes), then of the final decision (hire)."""
    by_code = {row.round_type: row for row in passes}
    rows = [
        _rate_row(code, name, by_code[code].reached, by_code[code].passed)
        for code, name in _in_order(round_types, {code for code in by_code if code is not None})
    ]
    decision = by_code.get(None, RoundPasses(None, 0, 0))
    rows.append(_rate_row("decision", "Final decision: hire", decision.reached, decision.passed))
    return rows


def round_validity(sums: Sequence[ValiditySums], round_types: Sequence[tuple[str, str]]) -> list[ValidityRow]:
    """How well each round's lean predicts the committee's final decision, on decided loops."""
    by_code = {row.round_type: row for row in sums}
    return [_validity_row(code, name, by_code[code]) for code, name in _in_order(round_types, set(by_code))]


def _point_biserial(s: ValiditySums, n: int) -> float | None:
    """Pearson's r from the sums (y is 0/1, so Σy² = Σy); None when either side does not vary."""
    if n < 2:
        return None
    sum_y = s.yes_hired + s.no_hired
    sxx = s.sum_xx - s.sum_x * s.sum_x / n
    syy = sum_y - sum_y * sum_y / n
    sxy = s.sum_xy - s.sum_x * sum_y / n
    if sxx <= 1e-9 * max(1.0, s.sum_xx) or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _validity_row(code: str, name: str, s: ValiditySums) -> ValidityRow:
    """One round: agreement with the decision (Wilson interval), the point-biserial and the 2×2 counts."""
    n = s.yes_hired + s.yes_not_hired + s.no_hired + s.no_not_hired
    agree = s.yes_hired + s.no_not_hired
    interval = stats.wilson_interval(agree, n)
    return ValidityRow(
        code,
        name,
        n,
        agree,
        agree / n,
        interval.low,
        interval.high,
        _point_biserial(s, n),
        s.yes_hired,
        s.yes_not_hired,
        s.no_hired,
        s.no_not_hired,
        n < stats.MIN_N,
    )


NAMES = ("calibration", "reliability", "time-to-submit", "funnel", "round-validity")
