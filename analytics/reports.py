"""The five analytics reports, built from plain facts (no ORM): selectors load, this computes.

Definitions (the README repeats them for readers of the pages):

- Calibration: per interviewer, the offset of their overall recommendation (strong no 1 … strong
  yes 4) from the mean of everyone else's on the same loops (see stats.interviewer_offsets).
- Reliability: Krippendorff's alpha (ordinal) per round type. A *unit* is one competency of one
  interview — the same candidate, the same question, the same moment — and its values are the 1–4
  ratings of every interviewer who submitted a scorecard for that interview ("not assessed" is a
  missing value). Interviews scored by one person give no pairs and do not count.
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
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analytics import stats
from interviews import feedback_timing

LATE_HOURS = feedback_timing.LATE_AFTER_END / dt.timedelta(hours=1)  # the one "late" line (PRODUCT.md §4)
ALL_ROUNDS = "all"


@dataclass(frozen=True)
class ScorecardFact:
    scorecard_id: int
    loop_id: int
    interview_id: int
    interviewer_id: int
    interviewer_name: str
    round_type: str
    overall: str
    interview_end: dt.datetime | None
    submitted_at: dt.datetime


@dataclass(frozen=True)
class RatingFact:
    scorecard_id: int
    competency_id: int
    score: int


@dataclass(frozen=True)
class Dataset:
    scorecards: Sequence[ScorecardFact]  # submitted only
    ratings: Sequence[RatingFact]  # assessed ratings of those scorecards
    hired: Mapping[int, bool]  # loop id → final decision was hire (decided loops only)
    round_types: Sequence[tuple[str, str]]  # (code, name) in the loop's usual order
    round_type: str | None = None  # the filter, if any


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


def _names(data: Dataset) -> dict[str, str]:
    return dict(data.round_types)


def _round_order(data: Dataset, present: set[str]) -> list[str]:
    return [code for code, _ in data.round_types if code in present]


def _interviews(data: Dataset) -> dict[int, list[ScorecardFact]]:
    by_interview: dict[int, list[ScorecardFact]] = defaultdict(list)
    for card in data.scorecards:
        by_interview[card.interview_id].append(card)
    return by_interview


def calibration(data: Dataset) -> list[CalibrationRow]:
    """Interviewers from the most severe (lowest offset) to the most lenient."""
    names = {card.interviewer_id: card.interviewer_name for card in data.scorecards}
    scores = [
        stats.PanelScore(card.loop_id, card.interviewer_id, card.round_type, stats.OVERALL_SCORE[card.overall])
        for card in data.scorecards
        if card.overall in stats.OVERALL_SCORE
    ]
    return [
        CalibrationRow(
            row.interviewer_id,
            names[row.interviewer_id],
            row.loops,
            row.offset,
            row.sd,
            row.ci.low if row.ci else None,
            row.ci.high if row.ci else None,
            row.loops < stats.MIN_N,
        )
        for row in stats.interviewer_offsets(scores, round_type=data.round_type)
    ]


def reliability(data: Dataset) -> list[ReliabilityRow]:
    card_of = {card.scorecard_id: card for card in data.scorecards}
    units: dict[str, dict[tuple[int, int], list[int]]] = defaultdict(lambda: defaultdict(list))
    for rating in data.ratings:
        card = card_of.get(rating.scorecard_id)
        if card is not None:
            units[card.round_type][(card.interview_id, rating.competency_id)].append(rating.score)
    names = _names(data)
    rows = []
    for code in _round_order(data, {card.round_type for card in data.scorecards}):
        result = stats.krippendorff_alpha(units[code].values(), metric="ordinal")
        rows.append(
            ReliabilityRow(code, names[code], result.alpha, result.units, result.values, result.units < stats.MIN_N)
        )
    return rows


def _hours(card: ScorecardFact) -> float | None:
    if card.interview_end is None:
        return None
    return max(0.0, (card.submitted_at - card.interview_end).total_seconds() / 3600)


def _time_row(code: str, name: str, hours: list[float]) -> TimeToSubmitRow:
    summary = stats.distribution(hours, over=LATE_HOURS)
    return TimeToSubmitRow(
        code,
        name,
        summary.n,
        summary.p25,
        summary.median,
        summary.p75,
        summary.p90,
        summary.share_over,
        summary.n < stats.MIN_N,
    )


def time_to_submit(data: Dataset) -> list[TimeToSubmitRow]:
    """One row per round type, then one for all rounds together."""
    hours: dict[str, list[float]] = defaultdict(list)
    for card in data.scorecards:
        value = _hours(card)
        if value is not None:
            hours[card.round_type].append(value)
    names = _names(data)
    rows = [_time_row(code, names[code], hours[code]) for code in _round_order(data, set(hours))]
    everything = [value for values in hours.values() for value in values]
    rows.append(_time_row(ALL_ROUNDS, "All rounds", everything))
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


def funnel(data: Dataset) -> list[FunnelRow]:
    """Pass-through of each round (panel leans yes), then of the final decision (hire)."""
    reached: dict[str, int] = defaultdict(int)
    passed: dict[str, int] = defaultdict(int)
    loops = set()
    for cards in _interviews(data).values():
        code = cards[0].round_type
        loops.add(cards[0].loop_id)
        reached[code] += 1
        passed[code] += stats.panel_leans_yes(card.overall for card in cards)
    names = _names(data)
    rows = [_rate_row(code, names[code], reached[code], passed[code]) for code in _round_order(data, set(reached))]
    decided = [data.hired[loop_id] for loop_id in loops if loop_id in data.hired]
    rows.append(_rate_row("decision", "Final decision: hire", len(decided), sum(decided)))
    return rows


def round_validity(data: Dataset) -> list[ValidityRow]:
    """How well each round's lean predicts the committee's final decision, on decided loops."""
    pairs: dict[str, list[tuple[bool, float, bool]]] = defaultdict(list)
    for cards in _interviews(data).values():
        loop_id = cards[0].loop_id
        if loop_id not in data.hired:
            continue
        scores = [stats.OVERALL_SCORE[card.overall] for card in cards if card.overall in stats.OVERALL_SCORE]
        if not scores:
            continue
        predicted = stats.panel_leans_yes(card.overall for card in cards)
        pairs[cards[0].round_type].append((predicted, sum(scores) / len(scores), data.hired[loop_id]))
    names = _names(data)
    return [_validity_row(code, names[code], pairs[code]) for code in _round_order(data, set(pairs))]


def _validity_row(code: str, name: str, items: list[tuple[bool, float, bool]]) -> ValidityRow:
    """One round: agreement with the decision (Wilson interval), the point-biserial and the 2×2 counts."""
    n = len(items)
    agree = sum(1 for predicted, _, hired in items if predicted == hired)
    interval = stats.wilson_interval(agree, n)
    counts = Counter((predicted, hired) for predicted, _, hired in items)
    return ValidityRow(
        code,
        name,
        n,
        agree,
        agree / n,
        interval.low,
        interval.high,
        stats.point_biserial([score for _, score, _ in items], [hired for _, _, hired in items]),
        counts[True, True],
        counts[True, False],
        counts[False, True],
        counts[False, False],
        n < stats.MIN_N,
    )


# The reports that read ratings; the others need only the scorecards (loading 1M ratings is most of the cost).
NEEDS_RATINGS = frozenset({"reliability"})

REPORTS = {
    "calibration": calibration,
    "reliability": reliability,
    "time-to-submit": time_to_submit,
    "funnel": funnel,
    "round-validity": round_validity,
}
