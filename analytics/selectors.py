"""Reads for the analytics: who may see them, the filters, and each report's aggregates computed in the
database — one statement per report over the visible scorecards, whatever their number; only the
sums, counts and rating patterns reach Python (analytics.reports turns them into rows)."""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, DurationField, ExpressionWrapper, F, IntegerField, QuerySet, Value, When

from accounts.models import User
from accounts.roles import ADMIN, COMMITTEE, HIRING_MANAGER, RECRUITER
from analytics import reports, stats
from core.errors import ValidationFailed
from decisions.engine import OVERALL_WEIGHT
from decisions.models import Decision
from interviews.models import Competency, Rating, RoundType, Scorecard
from interviews.selectors import loop_feedback_list, scorecard_list

ANALYTICS_FORBIDDEN = "Analytics are for recruiters, hiring managers, committee members and admins."
UNKNOWN_ROUND_TYPE = "Unknown round type. Choose one of: {codes}."
BAD_SINCE = "Enter a date as YYYY-MM-DD between 2000-01-01 and 2100-12-31."
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class AnalyticsFilters:
    round_type: str | None = None
    since: dt.date | None = None


def analytics_can_view(*, viewer: User) -> bool:
    """Aggregates over other people's feedback: not for interviewers (unless they hold another role)."""
    return viewer.has_role(RECRUITER, HIRING_MANAGER, COMMITTEE, ADMIN)


def analytics_filters_parse(*, round_type: str | None, since: str | None) -> AnalyticsFilters:
    """`round_type` is a round type code; `since` an ISO date. Empty means no filter; anything else is a 400."""
    errors: dict[str, list[str]] = {}
    code = (round_type or "").strip() or None
    if code is not None and code not in RoundType.Code.values:
        errors["round_type"] = [UNKNOWN_ROUND_TYPE.format(codes=", ".join(RoundType.Code.values))]
    day = None
    text = (since or "").strip()
    if text:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            errors["since"] = [BAD_SINCE]
        else:
            if not EARLIEST <= day <= LATEST or len(text) != 10:
                errors["since"] = [BAD_SINCE]
    if errors:
        raise ValidationFailed(errors)
    return AnalyticsFilters(round_type=code, since=day)


def _submitted(viewer: User, filters: AnalyticsFilters, *, by_round: bool = True) -> QuerySet[Scorecard]:
    """Submitted scorecards the viewer may read, filtered. Through `scorecard_list`, so a person who still
    owes feedback on a loop does not get other people's views of that candidate through the aggregates
    either. `since` keeps interviews that started on or after that day (UTC); `round_type` that round
    (unless `by_round` is off: calibration compares a round's scores with the whole panel)."""
    cards = scorecard_list(viewer=viewer).filter(status=Scorecard.Status.SUBMITTED)
    if filters.round_type and by_round:
        cards = cards.filter(interview__round_type__code=filters.round_type)
    if filters.since:
        cards = cards.filter(interview__start__gte=dt.datetime.combine(filters.since, dt.time(), tzinfo=dt.UTC))
    return cards.order_by()


def _points(mapping: dict[str, int], *, default: int | None) -> Case:
    """The overall recommendation as a number (its 1–4 rank, or its weight in the hire decision)."""
    return Case(
        *(When(overall=code, then=Value(number)) for code, number in mapping.items()),
        default=Value(default),
        output_field=IntegerField(),
    )


def _rows(sql: str, ctes: dict[str, QuerySet | str | tuple[str, list]], *params) -> list[tuple]:
    """Run `sql` after `WITH name AS (queryset or SQL), …`: the querysets carry the visibility rules, the
    SQL the aggregation, so nothing but the aggregates crosses into Python. Portable SQL: SQLite and
    PostgreSQL alike."""
    parts, values = [], []
    for name, cte in ctes.items():
        if isinstance(cte, QuerySet):
            inner, inner_params = cte.query.sql_with_params()
        else:
            inner, inner_params = (cte, ()) if isinstance(cte, str) else cte
        parts.append(f"{name} AS ({inner})")
        values.extend(inner_params)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} {sql}", [*values, *params])
        return cursor.fetchall()


def _round_types() -> list[tuple[str, str]]:
    return list(RoundType.objects.order_by("order", "code").values_list("code", "name"))


def calibration_sums(cards: QuerySet[Scorecard], round_type: str | None = None) -> list[reports.OffsetSums]:
    """Per interviewer: on each loop they and someone else scored, d = their mean overall (in `round_type`
    only, when given) − the mean of everyone else's there in any round (the loop's total less their own:
    linear, not quadratic); then n, Σd, Σd² across loops."""
    scored = cards.filter(overall__in=list(stats.OVERALL_SCORE)).values(
        lp=F("interview__loop_id"),
        who=F("interviewer_id"),
        code=F("interview__round_type__code"),
        score=_points(stats.OVERALL_SCORE, default=None),
    )
    mine, mine_params = ("code = %s", [round_type, round_type]) if round_type else ("1 = 1", [])
    user = connection.ops.quote_name(User._meta.db_table)
    rows = _rows(
        f"""SELECT sums.who, u.name, u.username, sums.n, sums.total, sums.squares
        FROM sums JOIN {user} u ON u.id = sums.who""",
        {
            "cards": scored,
            "own": (
                "SELECT lp, who, SUM(score) AS total, COUNT(*) AS n,"
                f" SUM(CASE WHEN {mine} THEN score END) AS mine_total, SUM(CASE WHEN {mine} THEN 1 ELSE 0 END)"
                " AS mine_n FROM cards GROUP BY lp, who",
                mine_params,
            ),
            "panels": "SELECT who, total, n, mine_total, mine_n, SUM(total) OVER (PARTITION BY lp) AS loop_total,"
            " SUM(n) OVER (PARTITION BY lp) AS loop_n FROM own",
            "diffs": "SELECT who, CAST(mine_total AS DOUBLE PRECISION) / mine_n"
            " - CAST(loop_total - total AS DOUBLE PRECISION) / (loop_n - n) AS d"
            " FROM panels WHERE mine_n > 0 AND loop_n > n",
            "sums": "SELECT who, COUNT(*) AS n, SUM(d) AS total, SUM(d * d) AS squares FROM diffs GROUP BY who",
        },
    )
    return [
        reports.OffsetSums(who, name or username, n, float(total), float(squares))
        for who, name, username, n, total, squares in rows
    ]


def rating_patterns(cards: QuerySet[Scorecard]) -> list[reports.RatingPattern]:
    """Units — one competency (by code) of one interview — with two or more assessed ratings, counted per
    round type, competency and pattern (how many 1s, 2s, 3s, 4s): a few dozen rows for a million ratings."""
    ratings = (
        Rating.objects.filter(scorecard__in=cards.values("pk"), score__isnull=False)
        .values(
            iv=F("scorecard__interview_id"),
            code=F("scorecard__interview__round_type__code"),
            comp=F("competency__code"),
            val=F("score"),
        )
        .order_by()
    )
    counts = ", ".join(f"SUM(CASE WHEN val = {point} THEN 1 ELSE 0 END) AS n{point}" for point in reports.SCALE)
    columns = ", ".join(f"n{point}" for point in reports.SCALE)
    rows = _rows(
        f"SELECT code, comp, {columns}, COUNT(*) FROM units GROUP BY code, comp, {columns}",
        {
            "ratings": ratings,
            "units": f"SELECT code, comp, {counts} FROM ratings GROUP BY code, comp, iv HAVING COUNT(*) >= 2",
        },
    )
    return [reports.RatingPattern(code, comp, tuple(counts), units) for code, comp, *counts, units in rows]


def competency_names() -> dict[tuple[str, str], str]:
    """(round type, competency code) → the name in the newest rubric version that has it."""
    return {
        (code, competency): name
        for code, competency, name in Competency.objects.order_by("rubric_id", "id").values_list(
            "rubric__round_type__code", "code", "name"
        )
    }


def _submit_delay(cards: QuerySet[Scorecard]) -> QuerySet:
    return cards.filter(interview__end__isnull=False).values(
        code=F("interview__round_type__code"),
        delay=ExpressionWrapper(F("submitted_at") - F("interview__end"), output_field=DurationField()),
    )


def submit_hours(cards: QuerySet[Scorecard]) -> list[reports.SubmitHours]:
    """Per round type and for all rounds (code "all"): n, quartiles, the 90th percentile (linear
    interpolation, as stats.percentile) and how many came in after the late line. A scorecard sent
    before the scheduled end counts as 0 hours. PostgreSQL computes the percentiles (percentile_cont,
    grouped with ROLLUP); SQLite has no percentile, so there the delays come to Python."""
    delays = _submit_delay(cards)
    if connection.vendor == "postgresql":
        rows = _rows(
            "SELECT COALESCE(code, %s), COUNT(*),"
            " percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY hours),"
            " SUM(CASE WHEN hours > %s THEN 1 ELSE 0 END)"
            " FROM hours GROUP BY ROLLUP(code)",
            {
                "delays": delays,
                "hours": "SELECT code,"
                " CAST(GREATEST(0, EXTRACT(EPOCH FROM delay) / 3600.0) AS DOUBLE PRECISION) AS hours FROM delays",
            },
            reports.ALL_ROUNDS,
            reports.LATE_HOURS,
        )
        return [
            reports.SubmitHours(code, n, *(quantiles or (None,) * 4), late or 0)
            for code, n, quantiles, late in rows
            if n
        ]
    by_code: dict[str, list[float]] = defaultdict(list)
    for code, delay in delays.values_list("code", "delay"):
        hours = max(0.0, delay.total_seconds() / 3600)
        by_code[code].append(hours)
        by_code[reports.ALL_ROUNDS].append(hours)
    return [_summarise(code, hours) for code, hours in by_code.items()]


def _summarise(code: str, hours: list[float]) -> reports.SubmitHours:
    summary = stats.distribution(hours, over=reports.LATE_HOURS)
    late = round(summary.share_over * summary.n)  # the share is late / n: back to the count, exactly
    return reports.SubmitHours(code, summary.n, summary.p25, summary.median, summary.p75, summary.p90, late)


# The panel leans yes when the hire decision's weights (decisions.engine.OVERALL_WEIGHT: strong ±2, plain
# ±1) sum above 0 — a tie is not a yes — as the engine's overall reason counts them; in SQL, once.
LEANS_YES = "lean > 0"


def _interview_leans(viewer: User, cards: QuerySet[Scorecard]) -> dict[str, QuerySet | str]:
    """The CTEs the funnel and validity share: per interview, the panel's lean (the sum of the hire
    decision's weights; see LEANS_YES) and mean 1–4 overall; and the decided loops the viewer may read
    (hire = 1)."""
    weighed = cards.values(
        lp=F("interview__loop_id"),
        iv=F("interview_id"),
        code=F("interview__round_type__code"),
        weight=_points(OVERALL_WEIGHT, default=0),
        score=_points(stats.OVERALL_SCORE, default=None),
    )
    decided = (
        Decision.objects.filter(loop__in=loop_feedback_list(viewer=viewer).values("pk"))
        .order_by()
        .values(
            lp=F("loop_id"),
            hire=Case(When(outcome=Decision.Choice.HIRE, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
    )
    return {
        "cards": weighed,
        "decided": decided,
        "leans": "SELECT lp, iv, code, SUM(weight) AS lean, AVG(score) AS mean_score, COUNT(score) AS scored"
        " FROM cards GROUP BY lp, iv, code",
    }


def round_passes(viewer: User, cards: QuerySet[Scorecard]) -> list[reports.RoundPasses]:
    """Interviews per round type and those that leaned yes; then (round type None) the decided loops
    among those with feedback, and the hires."""
    rows = _rows(
        f"SELECT code, COUNT(*), SUM(CASE WHEN {LEANS_YES} THEN 1 ELSE 0 END) FROM leans GROUP BY code"
        " UNION ALL"
        " SELECT NULL, COUNT(*), COALESCE(SUM(hire), 0) FROM decided WHERE lp IN (SELECT lp FROM leans)",
        _interview_leans(viewer, cards),
    )
    return [reports.RoundPasses(code, reached, passed or 0) for code, reached, passed in rows]


def validity_sums(viewer: User, cards: QuerySet[Scorecard]) -> list[reports.ValiditySums]:
    """Per round type, the decided loops' interviews with a scored overall: lean × decision, and the sums
    of the round's mean overall (x) with the decision (y) for the point-biserial."""
    both = {
        (lean, hire): f"SUM(CASE WHEN {'' if lean else 'NOT '}({LEANS_YES}) AND hire = {int(hire)} THEN 1 ELSE 0 END)"
        for lean in (True, False)
        for hire in (True, False)
    }
    rows = _rows(
        f"SELECT code, {both[True, True]}, {both[True, False]}, {both[False, True]}, {both[False, False]},"
        " SUM(mean_score), SUM(mean_score * mean_score), SUM(mean_score * hire)"
        " FROM leans JOIN decided ON decided.lp = leans.lp WHERE scored > 0 GROUP BY code",
        _interview_leans(viewer, cards),
    )
    return [
        reports.ValiditySums(code, yh, yn, nh, nn, float(sx), float(sxx), float(sxy))
        for code, yh, yn, nh, nn, sx, sxx, sxy in rows
    ]


@dataclass(frozen=True)
class Report:
    rows: list
    competencies: list | None = None  # reliability per competency


BY_COMPETENCY = "competency"
BAD_BY = 'Leave "by" empty for one row per round type, or enter "competency" for one per competency.'


def analytics_by_parse(value: str | None) -> bool:
    """Reliability's `by`: empty (per round type) or "competency"; anything else is a 400 on the field."""
    text = (value or "").strip()
    if text not in ("", BY_COMPETENCY):
        raise ValidationFailed({"by": [BAD_BY]})
    return text == BY_COMPETENCY


def analytics_reports(*, names: Sequence[str], viewer: User, filters: AnalyticsFilters) -> dict[str, Report]:
    """Each named report's rows for the viewer: its aggregates from the database (one statement each),
    its rows from analytics.reports; the round types are read once, by the first report that needs them."""
    round_types = functools.cache(_round_types)
    return {name: _report(name, viewer, filters, round_types) for name in names}


def _report(name: str, viewer: User, filters: AnalyticsFilters, round_types: Callable[[], list]) -> Report:
    if name == "calibration":
        cards = _submitted(viewer, filters, by_round=False)
        return Report(reports.calibration(calibration_sums(cards, filters.round_type)))
    cards = _submitted(viewer, filters)
    if name == "reliability":
        result = reports.reliability(rating_patterns(cards), round_types(), competency_names())
        return Report(result.rounds, result.competencies)
    if name == "time-to-submit":
        return Report(reports.time_to_submit(submit_hours(cards), round_types()))
    if name == "funnel":
        return Report(reports.funnel(round_passes(viewer, cards), round_types()))
    if name == "round-validity":
        return Report(reports.round_validity(validity_sums(viewer, cards), round_types()))
    raise ValueError(f"unknown report {name!r}")
