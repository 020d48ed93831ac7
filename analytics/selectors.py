"""Reads for the analytics: who may see them, the filters, and the facts in a constant number of queries."""

import datetime as dt
from dataclasses import dataclass

from accounts.models import User
from accounts.roles import ADMIN, COMMITTEE, HIRING_MANAGER, RECRUITER
from analytics.reports import Dataset, RatingFact, ScorecardFact
from core.errors import ValidationFailed
from decisions.models import Decision
from interviews.models import Rating, RoundType, Scorecard
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


def analytics_dataset(*, viewer: User, filters: AnalyticsFilters, with_ratings: bool = True) -> Dataset:
    """Submitted scorecards, their ratings and the final decisions on loops the viewer may see: four queries.

    Scorecards come through `scorecard_list`, so a person who still owes feedback on a loop does
    not get other people's views of that candidate through the aggregates either. `since` keeps
    interviews that started on or after that day (UTC); `round_type` keeps that round's interviews.
    """
    cards = scorecard_list(viewer=viewer).filter(status=Scorecard.Status.SUBMITTED)
    if filters.round_type:
        cards = cards.filter(interview__round_type__code=filters.round_type)
    if filters.since:
        cards = cards.filter(interview__start__gte=dt.datetime.combine(filters.since, dt.time(), tzinfo=dt.UTC))
    rows = list(
        cards.order_by().values_list(
            "id",
            "interview__loop_id",
            "interview_id",
            "interviewer_id",
            "interviewer__name",
            "interviewer__username",
            "interview__round_type__code",
            "overall",
            "interview__end",
            "submitted_at",
        )
    )
    scorecards = [
        ScorecardFact(pk, loop, interview, person, name or username, code, overall, end, submitted)
        for pk, loop, interview, person, name, username, code, overall, end, submitted in rows
    ]
    ratings = (
        [
            RatingFact(*values)
            for values in Rating.objects.filter(scorecard__in=cards.values("pk"), score__isnull=False)
            .order_by()
            .values_list("scorecard_id", "competency_id", "score")
        ]
        if with_ratings
        else []
    )
    loops = {card.loop_id for card in scorecards}
    hired = {
        loop_id: outcome == Decision.Choice.HIRE
        for loop_id, outcome in Decision.objects.filter(loop__in=loop_feedback_list(viewer=viewer).values("pk"))
        .order_by()
        .values_list("loop_id", "outcome")
        if loop_id in loops
    }
    round_types = list(RoundType.objects.order_by("order", "code").values_list("code", "name"))
    return Dataset(scorecards, ratings, hired, round_types, filters.round_type)
