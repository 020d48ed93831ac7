"""Candidate self-booking at the availability link (API.md v1.1 "Candidate booking"; no account).

The link offers a few complete plans computed live (`solver.booking_options`: fewest days first, each
on days the others do not use) inside the candidate's windows, or, when they gave none, their weekdays
09:00-17:00 from `BOOKING_NOTICE_HOURS` ahead for `BOOKING_DAYS` days. An option's id is the plan itself,
signed: the same plan always has the same id, and booking it needs nothing stored. Booking re-checks the
plan under locks (the loop, then every interviewer on it) and saves it as a recruiter's plan is saved
(`services.loop_save_plan`): two candidates racing for one interviewer are served in turn, the second
gets `OptionTaken` with fresh options. With no complete plan the page falls back to typing windows.

A booked candidate may ask to reschedule, with a reason, within the loop's limits (how late:
`Loop.reschedule_notice_hours` before the first interview; how often: `Loop.reschedule_max`), which the
recruiter sets; the recruiters are told through the outbox and the request stays open until they move
an interview (services._resolve_reschedule_requests).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import ValidationFailed
from interviews.models import CandidateWindow, Interview, Loop, RescheduleRequest
from interviews.notifications import notify_candidate_booked, notify_reschedule_requested
from interviews.scheduling import services, solver
from interviews.scheduling.selectors import loop_scheduling_problem

OPTION_SALT = "loopwise.booking-option"
BOOKING_STATUSES = (*services.LINK_STATUSES, Loop.Status.SCHEDULED)
CANDIDATE_DAY = (dt.time(9), dt.time(17))
CANDIDATE_WEEKDAYS = (0, 1, 2, 3, 4)
REASON_MAX = 2000
NOTICE_MAX_HOURS = 24 * 30
REQUESTS_MAX = 10

OPTION_INVALID = "This is not one of the options offered on this link: choose one of those listed."
OPTION_TAKEN = "Those times were just taken or no longer fit; here are the times free now."
ALREADY_BOOKED = "Your interviews are already booked."
RESCHEDULE_NEEDS_REASON = "Tell your recruiter why, and which days would suit you better."
RESCHEDULE_REASON_TOO_LONG = "Keep the reason under {limit} characters."
RESCHEDULE_NOT_BOOKED = "Your interviews are not booked yet: choose one of the options instead."
RESCHEDULE_TOO_LATE = (
    "Your first interview is less than {hours} hours away, too late to ask here: please contact your recruiter."
)
RESCHEDULE_TOO_OFTEN = (
    "You have asked {count} time{s} already, the most this loop allows: please contact your recruiter."
)
RESCHEDULE_STARTED = "Your interviews have begun: please contact your recruiter."
LIMIT_RANGE = "A whole number between 0 and {limit}."


@dataclass(frozen=True)
class BookingOption:
    id: str
    slots: tuple[solver.Slot, ...]
    days: int


@dataclass(frozen=True)
class BookingState:
    loop: Loop
    zone: str
    options: list[BookingOption]
    booked: list[Interview] | None  # the loop's booked interviews, by start; None before booking


class OptionTaken(Exception):
    """The chosen option no longer fits (taken by someone else, or the loop moved on): 409 with `state`."""

    def __init__(self, state: BookingState, message: str = OPTION_TAKEN):
        self.state = state
        self.message = message
        super().__init__(message)


# --- when the candidate can be offered times ---------------------------------------------------


def candidate_hours(*, zone: str, start: dt.datetime, days: int) -> list[solver.Interval]:
    """The candidate's working hours (weekdays 09:00-17:00 on their clock) from `start` for `days` days:
    the times offered when they have given no windows. DST-correct (each day's hours on that day's offset)."""
    tz = ZoneInfo(zone)
    first = start.astimezone(tz).date()
    spans = []
    for n in range(days + 1):
        day = first + dt.timedelta(days=n)
        if day.weekday() not in CANDIDATE_WEEKDAYS:
            continue
        a = dt.datetime.combine(day, CANDIDATE_DAY[0], tzinfo=tz)
        b = dt.datetime.combine(day, CANDIDATE_DAY[1], tzinfo=tz)
        a = max(a, start)
        if a < b and a < start + dt.timedelta(days=days):
            spans.append(solver.Interval(a.astimezone(dt.UTC), b.astimezone(dt.UTC)))
    return spans


def booking_windows(*, loop: Loop, now: dt.datetime, offering: bool) -> list[solver.Interval]:
    """The candidate's times for booking: the windows they (or the recruiter) gave, from now on, when there
    are some; else their working hours from `BOOKING_NOTICE_HOURS` ahead (times nobody stated need notice). An
    offer already made stays bookable while it is in the future (`offering=False`), so the notice never makes
    a fresh option untakeable minutes later."""
    typed = list(loop.windows.all())
    if typed:
        return [solver.Interval(max(w.start, now), w.end) for w in typed if w.end > now]
    start = now + dt.timedelta(hours=settings.BOOKING_NOTICE_HOURS) if offering else now
    zone = loop.application.candidate.timezone or "UTC"
    return candidate_hours(zone=zone, start=start, days=settings.BOOKING_DAYS)


# --- options and their ids ---------------------------------------------------------------------


def _option_id(loop: Loop, slots: Sequence[solver.Slot]) -> str:
    plan = [[s.round_key, int(s.start.timestamp()) // 60, s.interviewer_id] for s in slots]
    return signing.Signer(salt=OPTION_SALT).sign_object({"l": loop.pk, "p": plan}, compress=True)


def _option_plan(loop: Loop, option_id: object) -> list[services.PlannedInterview]:
    """The plan an option id stands for; 400 on `option` when it is not an id this link offered."""
    try:
        payload = signing.Signer(salt=OPTION_SALT).unsign_object(str(option_id)) if option_id else None
    except (signing.BadSignature, ValueError):
        payload = None
    if not isinstance(payload, dict) or payload.get("l") != loop.pk:
        raise ValidationFailed({"option": [OPTION_INVALID]})
    rounds = {i.pk: i.minutes for i in loop.interviews.all()}
    plan = []
    for key, minute, person in payload["p"]:
        start = dt.datetime.fromtimestamp(minute * 60, tz=dt.UTC)
        end = start + dt.timedelta(minutes=rounds.get(key, 0))
        plan.append(services.PlannedInterview(interview_id=key, start=start, end=end, interviewers=(person,)))
    return plan


def booking_options(*, loop: Loop, now: dt.datetime | None = None) -> list[BookingOption]:
    """The complete plans the candidate may book now (none once the loop is booked or closed)."""
    if loop.status not in services.LINK_STATUSES:
        return []
    now = now or timezone.now()
    windows = booking_windows(loop=loop, now=now, offering=True)
    if not windows:
        return []
    problem = loop_scheduling_problem(loop=loop, options=solver.Options(), windows=windows)
    return [
        BookingOption(id=_option_id(loop, found.slots), slots=found.slots, days=found.days)
        for found in solver.booking_options(problem, count=settings.BOOKING_OPTIONS)
    ]


def loop_booked_interviews(loop: Loop) -> list[Interview] | None:
    """What the candidate booked (or the recruiter scheduled): the loop's scheduled interviews by start."""
    if loop.status != Loop.Status.SCHEDULED:
        return None
    return list(
        loop.interviews.filter(status=Interview.Status.SCHEDULED, start__isnull=False)
        .select_related("round_type")
        .order_by("start", "pk")
    )


def loop_from_booking_token(*, token: str, now: dt.datetime | None = None) -> Loop:
    """The loop of a candidate's link, booked or not (ValidationFailed on `token` when it is gone)."""
    return services.loop_from_availability_token(token=token, now=now, statuses=BOOKING_STATUSES)


def booking_state(*, loop: Loop, now: dt.datetime | None = None) -> BookingState:
    return BookingState(
        loop=loop,
        zone=loop.application.candidate.timezone or "UTC",
        options=booking_options(loop=loop, now=now),
        booked=loop_booked_interviews(loop),
    )


# --- booking -----------------------------------------------------------------------------------


def booking_book(*, loop: Loop, option_id: object, now: dt.datetime | None = None) -> list[Interview]:
    """Book the option for the candidate, re-checked and saved in one transaction; the booked interviews.

    400 on `option` for an id this link never offered; `OptionTaken` (409, with fresh options) when the
    plan no longer fits, because another booking took one of its interviewers or the loop moved on."""
    now = now or timezone.now()
    plan = _option_plan(loop, option_id)
    try:
        with transaction.atomic():
            locked = Loop.objects.select_for_update().get(pk=loop.pk)
            if locked.status not in services.LINK_STATUSES:
                raise OptionTaken(booking_state(loop=locked, now=now), ALREADY_BOOKED)
            if any(item.start <= now for item in plan):
                raise ValidationFailed({"option": [OPTION_TAKEN]})
            windows = booking_windows(loop=locked, now=now, offering=False)
            outcome = services.loop_save_plan(loop=locked, plan=plan, options=solver.Options(), windows=windows)
            notify_candidate_booked(loop=locked, interviews=outcome.interviews)
            if not locked.windows.exists():
                # The hours the candidate was offered become their windows, so the recruiter's later edits
                # are checked against the same times the candidate could have picked.
                CandidateWindow.objects.bulk_create(
                    CandidateWindow(loop=locked, start=w.start, end=w.end) for w in windows
                )
    except ValidationFailed as exc:
        if "option" in exc.errors and exc.errors["option"] == [OPTION_INVALID]:
            raise
        fresh = Loop.objects.select_related("application__candidate", "template").get(pk=loop.pk)
        raise OptionTaken(booking_state(loop=fresh, now=now)) from None
    return loop_booked_interviews(Loop.objects.get(pk=loop.pk)) or []


# --- asking to reschedule ----------------------------------------------------------------------


def reschedule_refusal(*, loop: Loop, now: dt.datetime | None = None) -> str:
    """Why the candidate may not ask to reschedule now ("" when they may): the loop must be booked, the
    first upcoming interview at least `reschedule_notice_hours` away, fewer than `reschedule_max` asked."""
    now = now or timezone.now()
    if loop.status != Loop.Status.SCHEDULED:
        return RESCHEDULE_NOT_BOOKED
    asked = loop.reschedule_requests.count()
    if asked >= loop.reschedule_max:
        return RESCHEDULE_TOO_OFTEN.format(count=asked, s="" if asked == 1 else "s")
    first = (
        loop.interviews.filter(status=Interview.Status.SCHEDULED, start__isnull=False)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    if first is None or first <= now:
        return RESCHEDULE_STARTED
    if first - now < dt.timedelta(hours=loop.reschedule_notice_hours):
        return RESCHEDULE_TOO_LATE.format(hours=loop.reschedule_notice_hours)
    return ""


@transaction.atomic
def booking_reschedule_request(*, loop: Loop, reason: str, now: dt.datetime | None = None) -> RescheduleRequest:
    """The candidate asks for other times, with a reason; the requisition's recruiters are told."""
    now = now or timezone.now()
    loop = Loop.objects.select_for_update().select_related("application__candidate").get(pk=loop.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [RESCHEDULE_NEEDS_REASON]})
    if len(reason) > REASON_MAX:
        raise ValidationFailed({"reason": [RESCHEDULE_REASON_TOO_LONG.format(limit=REASON_MAX)]})
    if refusal := reschedule_refusal(loop=loop, now=now):
        raise ValidationFailed({"non_field_errors": [refusal]})
    request = RescheduleRequest.objects.create(loop=loop, reason=reason, created_at=now)
    notify_reschedule_requested(request=request)
    return request


def requests_left(loop: Loop) -> int:
    return max(0, loop.reschedule_max - loop.reschedule_requests.count())


@transaction.atomic
def loop_set_reschedule_limits(*, loop: Loop, actor: User, notice_hours: object, max_requests: object) -> Loop:
    """The recruiter's limits on the candidate's reschedule requests (400 naming the field out of range)."""
    services.loop_require_scheduler(actor=actor, loop=loop)
    problems = {}
    values = {}
    for field, value, limit in (
        ("notice_hours", notice_hours, NOTICE_MAX_HOURS),
        ("max_requests", max_requests, REQUESTS_MAX),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            problems[field] = [LIMIT_RANGE.format(limit=limit)]
        values[field] = value
    if problems:
        raise ValidationFailed(problems)
    loop = Loop.objects.select_for_update().get(pk=loop.pk)
    loop.reschedule_notice_hours, loop.reschedule_max = values["notice_hours"], values["max_requests"]
    loop.save(update_fields=["reschedule_notice_hours", "reschedule_max", "updated_at"])
    return loop


# The candidate's API speaks their clock: every time carries their zone's offset (the same instants as
# elsewhere in the API, e.g. 2026-12-03T10:00:00+01:00 for 09:00Z).


def _local(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(zone))


def booked_payload(loop: Loop, interviews: Sequence[Interview]) -> dict:
    """The `booked` object of API.md: the loop and each interview's round, time and video link."""
    zone = loop.application.candidate.timezone or "UTC"
    return {
        "loop": loop.pk,
        "interviews": [
            {
                "round_type": i.round_type.code,
                "start": _local(i.start, zone),
                "end": _local(i.end, zone),
                "meeting_url": i.meeting_url,
            }
            for i in interviews
        ],
    }


def option_payload(option: BookingOption, round_types: dict, zone: str) -> dict:
    return {
        "id": option.id,
        "interviews": [
            {"round_type": round_types.get(s.round_key, ""), "start": _local(s.start, zone), "end": _local(s.end, zone)}
            for s in option.slots
        ],
    }


def state_payload(state: BookingState) -> dict:
    """GET booking/{token}/ (and the 409's body): the zone, the options, what is booked."""
    round_types = dict(state.loop.interviews.values_list("pk", "round_type__code"))
    return {
        "candidate_timezone": state.zone,
        "options": [option_payload(o, round_types, state.zone) for o in state.options],
        "booked": booked_payload(state.loop, state.booked) if state.booked is not None else None,
    }
