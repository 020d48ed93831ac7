"""Every analytics report recomputed from the raw facts, one scorecard at a time: the slow, obvious
definitions (analytics.reports' docstring, the README's "Analytics") that the database aggregation in
analytics.selectors must equal. Test code only; nothing in the app calls it."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from analytics import stats
from analytics.reports import LATE_HOURS
from decisions.engine import OVERALL_WEIGHT
from decisions.models import Decision
from interviews.models import Rating, Scorecard


@dataclass(frozen=True)
class Card:
    loop: int
    interview: int
    interviewer: int
    round_type: str
    overall: str
    hours: float | None


def load(round_type: str | None = None) -> tuple[list[Card], dict[int, list[tuple[str, int]]], dict[int, bool]]:
    """All submitted scorecards (the tests read as an admin), their assessed ratings by scorecard, and hire
    or not per decided loop."""
    cards, ids = [], []
    for card in Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED).select_related("interview__round_type"):
        if round_type and card.interview.round_type.code != round_type:
            continue
        end = card.interview.end
        hours = None if end is None else max(0.0, (card.submitted_at - end).total_seconds() / 3600)
        cards.append(
            Card(
                card.interview.loop_id,
                card.interview_id,
                card.interviewer_id,
                card.interview.round_type.code,
                card.overall,
                hours,
            )
        )
        ids.append(card.pk)
    ratings: dict[int, list[tuple[str, int]]] = defaultdict(list)
    by_id = dict(zip(ids, cards, strict=True))
    for rating in Rating.objects.filter(scorecard_id__in=ids, score__isnull=False).select_related("competency"):
        ratings[by_id[rating.scorecard_id].interview, rating.competency.code].append(rating.score)
    hired = {d.loop_id: d.outcome == Decision.Choice.HIRE for d in Decision.objects.all()}
    return cards, ratings, hired


def calibration(cards: list[Card], round_type: str | None) -> dict[int, tuple]:
    """interviewer → (loops, offset, sd, ci_low, ci_high): own mean (in the round) − everyone else's mean."""
    by_loop: dict[int, list[Card]] = defaultdict(list)
    for card in cards:
        if card.overall in stats.OVERALL_SCORE:
            by_loop[card.loop].append(card)
    diffs: dict[int, list[float]] = defaultdict(list)
    for panel in by_loop.values():
        for person in {card.interviewer for card in panel}:
            mine = [
                stats.OVERALL_SCORE[c.overall]
                for c in panel
                if c.interviewer == person and (round_type is None or c.round_type == round_type)
            ]
            others = [stats.OVERALL_SCORE[c.overall] for c in panel if c.interviewer != person]
            if mine and others:
                diffs[person].append(sum(mine) / len(mine) - sum(others) / len(others))
    rows = {}
    for person, values in diffs.items():
        estimate = stats.mean_interval(values)
        rows[person] = (
            estimate.n,
            estimate.mean,
            estimate.sd,
            *((estimate.ci.low, estimate.ci.high) if estimate.ci else (None, None)),
        )
    return rows


def reliability(cards: list[Card], ratings) -> tuple[dict[str, tuple], dict[tuple[str, str], tuple]]:
    """Alpha, units and values per round type and per (round type, competency), unit by unit."""
    code_of = {card.interview: card.round_type for card in cards}
    units_by_round: dict[str, list[list[int]]] = defaultdict(list)
    units_by_competency: dict[tuple[str, str], list[list[int]]] = defaultdict(list)
    for (interview, competency), scores in ratings.items():
        units_by_round[code_of[interview]].append(scores)
        units_by_competency[code_of[interview], competency].append(scores)

    def summary(units):
        result = stats.krippendorff_alpha(units, metric="ordinal")
        return result.alpha, result.units, result.values

    return (
        {code: summary(units) for code, units in units_by_round.items()},
        {key: summary(units) for key, units in units_by_competency.items()},
    )


def time_to_submit(cards: list[Card]) -> dict[str, tuple]:
    hours: dict[str, list[float]] = defaultdict(list)
    for card in cards:
        if card.hours is not None:
            hours[card.round_type].append(card.hours)
            hours["all"].append(card.hours)
    return {
        code: (
            len(values),
            *(stats.percentile(values, q) for q in (25, 50, 75, 90)),
            sum(1 for v in values if v > LATE_HOURS) / len(values),
        )
        for code, values in hours.items()
    }


def _leans(cards: list[Card]) -> dict[int, list[Card]]:
    by_interview: dict[int, list[Card]] = defaultdict(list)
    for card in cards:
        by_interview[card.interview].append(card)
    return by_interview


def leans_yes(panel: list[Card]) -> bool:
    """The panel leans yes: strong opinions count double (the hire decision's weights), a tie is no."""
    return sum(OVERALL_WEIGHT.get(card.overall, 0) for card in panel) > 0


def funnel(cards: list[Card], hired: dict[int, bool]) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for panel in _leans(cards).values():
        counts[panel[0].round_type][0] += 1
        counts[panel[0].round_type][1] += leans_yes(panel)
    decided = [hired[loop] for loop in {card.loop for card in cards} if loop in hired]
    counts["decision"] = [len(decided), sum(decided)]
    return {code: tuple(value) for code, value in counts.items()}


def point_biserial(scores: list[float], outcomes: list[bool]) -> float | None:
    """Pearson's r, two-pass; None when either side does not vary."""
    n = len(scores)
    if n < 2:
        return None
    ys = [1.0 if y else 0.0 for y in outcomes]
    mean_x, mean_y = sum(scores) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(scores, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in scores)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx < 1e-12 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def validity(cards: list[Card], hired: dict[int, bool]) -> dict[str, tuple]:
    """round → (n, agree, correlation, yes_hired, yes_not_hired, no_hired, no_not_hired)."""
    items: dict[str, list[tuple[bool, float, bool]]] = defaultdict(list)
    for panel in _leans(cards).values():
        loop = panel[0].loop
        scores = [stats.OVERALL_SCORE[c.overall] for c in panel if c.overall in stats.OVERALL_SCORE]
        if loop in hired and scores:
            items[panel[0].round_type].append((leans_yes(panel), sum(scores) / len(scores), hired[loop]))
    rows = {}
    for code, values in items.items():
        counts = Counter((lean, hire) for lean, _, hire in values)
        rows[code] = (
            len(values),
            counts[True, True] + counts[False, False],
            point_biserial([s for _, s, _ in values], [h for _, _, h in values]),
            counts[True, True],
            counts[True, False],
            counts[False, True],
            counts[False, False],
        )
    return rows
