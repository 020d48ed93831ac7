"""Writes for building and scheduling loops. The solver decides; these load, check and save around it."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import NotFound, PermissionDenied, ValidationFailed, shown
from core.fields import FIRST_YEAR, LAST_YEAR, YEAR_OUT_OF_RANGE
from hiring.models import Application
from interviews import meeting_links
from interviews.busy import busy_replace
from interviews.calendar_sync import calendar_sync_queue
from interviews.models import (
    BusyBlock,
    CandidateWindow,
    Interview,
    InterviewAssignment,
    InterviewDecline,
    InterviewerProfile,
    Loop,
    LoopTemplate,
    RescheduleRequest,
    Scorecard,
    ScorecardNudge,
    TemplateRound,
)
from interviews.notifications import (
    notify_candidate_itinerary,
    notify_interview_declined,
    notify_interview_invite,
    notify_interview_removed,
    notify_scorecard_nudge,
)
from interviews.scheduling import invites, links, solver
from interviews.scheduling.selectors import (
    LOOP_IN_PROGRESS,
    application_list_for_loops,
    application_loop_buildable_ids,
    feedback_board,
    interview_replacements,
    loop_can_schedule,
    loop_scheduling_problem,
    loops_can_build,
    owed_scorecard,
)
from interviews.selectors import interviewer_profile_can_manage, loops_owed_feedback, scorecard_list
from interviews.services import FEEDBACK_TIME_FIELDS, interview_feedback_times

AVAILABILITY_LINK_LIFETIME = links.AVAILABILITY_LINK_LIFETIME
AVAILABILITY_SALT = links.AVAILABILITY_SALT
OPEN_STATUSES = (Loop.Status.DRAFT, Loop.Status.SCHEDULING, Loop.Status.SCHEDULED)

ONLY_RECRUITERS_SCHEDULE = "Only the requisition's recruiters and admins build and schedule its loops."
UNKNOWN_APPLICATION = "No application with this id that you recruit for."
UNKNOWN_TEMPLATE = "No active loop template with this id."
CANDIDATE_ANONYMIZED = "The candidate was anonymized: no loop is built for them."
LOOP_EXISTS = "This application already has a loop in progress (#{loop_id}); cancel it before building another."
APPLICATION_CLOSED = "This application is {stage}; no loop can be built for it."
CANNOT_SKIP_REQUIRED = "The {label} round is required by this template and cannot be skipped."
NOT_IN_TEMPLATE = "This template has no {code} round."
LOOP_CLOSED = "This loop is {status}; it can no longer be scheduled."
WINDOW_ORDER = "Each window must end after it starts (window {index})."
WINDOW_IN_PAST = "Window {index} is in the past."
NO_WINDOWS_GIVEN = "Give at least one window."
WINDOWS_TOO_SPREAD = "Keep all windows within {days} days of each other; a loop happens within a few weeks."
WINDOWS_MAX_SPREAD = dt.timedelta(days=62)
UNKNOWN_ZONE = "Unknown time zone {name}: use an IANA name such as Europe/London."
LINK_INVALID = "This availability link is not valid. Ask your recruiter for a new one."
LINK_EXPIRED = "This availability link has expired. Ask your recruiter for a new one."
LINK_LOOP_SCHEDULED = "Your interviews are already scheduled — contact your recruiter if a time no longer suits you."
LINK_LOOP_DONE = "Your interviews have already taken place — contact your recruiter with any questions."
LINK_LOOP_CANCELLED = "This interview loop was cancelled — contact your recruiter with any questions."
LINK_ONLY_BEFORE_SCHEDULING = "This loop is {status}; the candidate's link only works before the loop is scheduled."
LINK_STATUSES = (Loop.Status.DRAFT, Loop.Status.SCHEDULING)
PLAN_UNKNOWN_INTERVIEW = "Interview {id} is not an open round of this loop."
PLAN_DUPLICATE = "Interview {id} appears more than once in the plan."
CANNOT_REMOVE_SUBMITTED = "{name} has submitted a scorecard for {label}; they cannot be taken off it."
CHOOSE_INTERVIEWER = "Choose who runs the {label} round."
INTERVIEW_NOT_SCHEDULED = "This interview has not been scheduled yet; schedule the loop instead."
ALREADY_CANCELLED = "This interview is already cancelled."
INTERVIEW_DONE = "This interview has already taken place."
BUSY_ICS_ONLY_MANAGERS = "Only recruiters, admins and the interviewer themselves import busy time."


def loop_require_scheduler(*, actor: User, loop: Loop) -> None:
    if not loop_can_schedule(viewer=actor, loop=loop):
        raise PermissionDenied(ONLY_RECRUITERS_SCHEDULE)


def loop_require_builder(*, actor: User) -> None:
    """403 for anyone who builds no loops at all, before what they sent is read."""
    if not loops_can_build(viewer=actor):
        raise PermissionDenied(ONLY_RECRUITERS_SCHEDULE)


def _require_open(loop: Loop) -> None:
    if loop.status not in OPEN_STATUSES:
        raise ValidationFailed({"non_field_errors": [LOOP_CLOSED.format(status=loop.get_status_display().lower())]})


# --- building a loop -------------------------------------------------------------------------


def interview_for_round(*, loop: Loop, round_: TemplateRound, **booking) -> Interview:
    """A loop's (unsaved) interview for one round of its template: its type, rubric, order, whether it is
    required and its length; `booking` may add its time and status."""
    return Interview(
        loop=loop,
        round_type=round_.round_type,
        rubric=round_.rubric,
        order=round_.order,
        required=round_.required,
        minutes=round_.minutes,
        **booking,
    )


def why_no_loop(application: Application) -> str:
    """What to tell someone refused by `application_loop_buildable_ids`."""
    if application.is_closed:
        return APPLICATION_CLOSED.format(stage=application.get_stage_display().lower())
    if application.candidate.anonymized_at is not None:
        return CANDIDATE_ANONYMIZED
    existing = application.loops.filter(status__in=LOOP_IN_PROGRESS).first()
    return LOOP_EXISTS.format(loop_id=existing.pk if existing else "?")


@transaction.atomic
def loop_create(*, application_id: int, template_id: int, actor: User, skip_rounds: Sequence[str] = ()) -> Loop:
    """A loop for an application: one interview per template round, optional rounds skippable."""
    loop_require_builder(actor=actor)
    application = application_list_for_loops(viewer=actor).filter(pk=application_id).first()
    if application is None:
        raise ValidationFailed({"application": [UNKNOWN_APPLICATION]})
    template = LoopTemplate.objects.filter(pk=template_id, is_active=True).first()
    if template is None:
        raise ValidationFailed({"template": [UNKNOWN_TEMPLATE]})
    application = Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
    if application.pk not in application_loop_buildable_ids(viewer=actor, application_ids=[application.pk]):
        raise ValidationFailed({"application": [why_no_loop(application)]})
    rounds = list(template.rounds.select_related("round_type", "rubric").order_by("order"))
    codes = {r.round_type.code: r for r in rounds}
    problems = []
    for code in dict.fromkeys(skip_rounds):
        if code not in codes:
            problems.append(NOT_IN_TEMPLATE.format(code=code))
        elif codes[code].required:
            problems.append(CANNOT_SKIP_REQUIRED.format(label=codes[code].round_type.name))
    if problems:
        raise ValidationFailed({"skip_rounds": problems})
    loop = Loop.objects.create(application=application, template=template, created_by=actor)
    Interview.objects.bulk_create(
        interview_for_round(loop=loop, round_=r) for r in rounds if r.round_type.code not in skip_rounds
    )
    return loop


# --- candidate availability ------------------------------------------------------------------


def _check_dates(moments: Sequence[dt.datetime]) -> None:
    """Times far outside the present are typos, and date arithmetic on them would overflow."""
    if any(not FIRST_YEAR <= moment.year <= LAST_YEAR for moment in moments):
        raise ValidationFailed({"interviews": [YEAR_OUT_OF_RANGE.format(first=FIRST_YEAR, last=LAST_YEAR)]})


def _clean_windows(windows: Sequence[Mapping[str, dt.datetime]], now: dt.datetime) -> list[tuple]:
    if not windows:
        raise ValidationFailed({"windows": [NO_WINDOWS_GIVEN]})
    problems = []
    for index, window in enumerate(windows, start=1):
        if not all(FIRST_YEAR <= window[k].year <= LAST_YEAR for k in ("start", "end")):
            problems.append(YEAR_OUT_OF_RANGE.format(first=FIRST_YEAR, last=LAST_YEAR))
        elif window["end"] <= window["start"]:
            problems.append(WINDOW_ORDER.format(index=index))
        elif window["end"] <= now:
            problems.append(WINDOW_IN_PAST.format(index=index))
    if not problems and max(w["end"] for w in windows) - min(w["start"] for w in windows) > WINDOWS_MAX_SPREAD:
        problems.append(WINDOWS_TOO_SPREAD.format(days=WINDOWS_MAX_SPREAD.days))
    if problems:
        raise ValidationFailed({"windows": problems})
    return sorted((w["start"], w["end"]) for w in windows)


@transaction.atomic
def loop_set_availability(
    *,
    loop: Loop,
    windows: Sequence[Mapping[str, dt.datetime]],
    actor: User | None,
    candidate_timezone: str | None = None,
    now: dt.datetime | None = None,
) -> Loop:
    """Replace the candidate's windows (entered by a recruiter, or by the candidate through the link).

    `candidate_timezone` is the zone the windows were given in: it becomes the candidate's zone, so
    the loop page, the plan's start grid and the invites follow the zone the candidate chose.
    """
    if actor is not None:
        loop_require_scheduler(actor=actor, loop=loop)
    _require_open(loop)
    if candidate_timezone is not None and candidate_timezone not in available_timezones():
        raise ValidationFailed({"timezone": [UNKNOWN_ZONE.format(name=shown(candidate_timezone))]})
    spans = _clean_windows(windows, now or timezone.now())
    loop.windows.all().delete()
    CandidateWindow.objects.bulk_create(CandidateWindow(loop=loop, start=a, end=b) for a, b in spans)
    candidate = loop.application.candidate
    if candidate_timezone is not None and candidate.timezone != candidate_timezone:
        candidate.timezone = candidate_timezone
        candidate.save(update_fields=["timezone"])
    if loop.status == Loop.Status.DRAFT:
        loop.status = Loop.Status.SCHEDULING
        loop.save(update_fields=["status", "updated_at"])
    return loop


@dataclass(frozen=True)
class AvailabilityLink:
    token: str
    expires_at: dt.datetime


def loop_availability_link(*, loop: Loop, actor: User, now: dt.datetime | None = None) -> AvailabilityLink:
    """The candidate's current link to their availability page (no account; nothing is stored; the token's
    rules: interviews.scheduling.links). Handed out while the loop is being scheduled; once booked, the
    link the candidate has shows their booking (and their itinerary e-mail carries it)."""
    loop_require_scheduler(actor=actor, loop=loop)
    if loop.status not in LINK_STATUSES:
        raise ValidationFailed(
            {"non_field_errors": [LINK_ONLY_BEFORE_SCHEDULING.format(status=loop.get_status_display().lower())]}
        )
    token, expires_at = links.availability_token(loop=loop, now=now or timezone.now())
    return AvailabilityLink(token=token, expires_at=expires_at)


def _availability_payload(token: str) -> dict:
    try:
        return signing.Signer(salt=AVAILABILITY_SALT).unsign_object(token)
    except signing.BadSignature:
        pass
    try:
        return signing.loads(token, salt=AVAILABILITY_SALT)  # links handed out before links were per week
    except signing.BadSignature:
        raise ValidationFailed({"token": [LINK_INVALID]}) from None


def loop_from_availability_token(
    *, token: str, now: dt.datetime | None = None, statuses: Sequence[str] = LINK_STATUSES
) -> Loop:
    """The loop a candidate's link is for; ValidationFailed saying why when it cannot be used.

    A forged link (or one for a loop that is gone) is "not valid"; a genuine one for a loop that is
    already scheduled (unless `statuses` admits it: the booking page shows what was booked), done or
    cancelled says so, before saying that it expired.
    """
    payload = _availability_payload(token)
    if not isinstance(payload, dict) or not isinstance(payload.get("loop"), int):
        raise ValidationFailed({"token": [LINK_INVALID]})
    loop = Loop.objects.select_related("application__candidate", "template").filter(pk=payload["loop"]).first()
    if loop is None or loop.application.candidate.anonymized_at is not None:  # erased: the link is dead
        raise ValidationFailed({"token": [LINK_INVALID]})
    if loop.status == Loop.Status.CANCELLED:
        raise ValidationFailed({"token": [LINK_LOOP_CANCELLED]})
    if loop.status == Loop.Status.SCHEDULED and loop.status not in statuses:
        raise ValidationFailed({"token": [LINK_LOOP_SCHEDULED]})
    if loop.status not in statuses:
        raise ValidationFailed({"token": [LINK_LOOP_DONE]})
    now = now or timezone.now()
    if int(payload.get("exp", 0)) < now.timestamp() and not _booked_and_ahead(loop, now):
        raise ValidationFailed({"token": [LINK_EXPIRED]})
    return loop


def _booked_and_ahead(loop: Loop, now: dt.datetime) -> bool:
    """A booked loop's link keeps showing the booking (and the reschedule request) until its last interview
    ends, however long ago the link was handed out."""
    return (
        loop.status == Loop.Status.SCHEDULED
        and loop.interviews.filter(status=Interview.Status.SCHEDULED, end__gt=now).exists()
    )


# --- proposing and saving a plan -------------------------------------------------------------


def loop_propose_schedule(*, loop: Loop, actor: User, options: solver.Options) -> solver.Proposal:
    """A conflict-free plan for the loop's open rounds, or why none exists. Nothing is saved."""
    loop_require_scheduler(actor=actor, loop=loop)
    _require_open(loop)
    return solver.propose(loop_scheduling_problem(loop=loop, options=options))


@dataclass(frozen=True)
class PlannedInterview:
    interview_id: int
    start: dt.datetime
    end: dt.datetime
    interviewers: tuple[int, ...]
    shadows: tuple[int, ...] = ()
    location: str | None = None


def _slot(item: PlannedInterview) -> solver.Slot:
    return solver.Slot(
        round_key=item.interview_id,
        start=item.start,
        end=item.end,
        interviewer_id=item.interviewers[0],
        shadow_id=item.shadows[0] if item.shadows else None,
        extra_ids=tuple(item.interviewers[1:]),
    )


def _conflict_messages(problem: solver.Problem, slots: Sequence[solver.Slot]) -> list[str]:
    return list(dict.fromkeys(c.message for c in solver.check_plan(problem, slots)))


@dataclass(frozen=True)
class ScheduleOutcome:
    interviews: list[Interview]  # every booked interview of the plan, by start
    changed: list[Interview]  # those whose invites went out (again)
    first_time: bool  # the loop was not scheduled before this


@transaction.atomic
def loop_schedule(
    *, loop: Loop, actor: User, plan: Sequence[PlannedInterview], options: solver.Options
) -> ScheduleOutcome:
    """Save a proposed or edited plan after re-checking every constraint (400 naming each conflict).

    Creates a draft scorecard per scoring interviewer, sets feedback due an hour after each
    interview, raises the invite SEQUENCE of every interview that changed, and queues invites.
    A cancelled round included in the plan is rebooked; cancelled rounds left out stay cancelled.
    """
    loop_require_scheduler(actor=actor, loop=loop)
    return loop_save_plan(loop=loop, plan=plan, options=options)


@transaction.atomic
def loop_save_plan(
    *,
    loop: Loop,
    plan: Sequence[PlannedInterview],
    options: solver.Options,
    windows: Sequence[solver.Interval] | None = None,
) -> ScheduleOutcome:
    """`loop_schedule` without asking who may: the recruiter's save and the candidate's booking
    (interviews/scheduling/booking.py, whose link is the permission) both come here. `windows`: the
    candidate's times the plan must be inside, when not the loop's own windows."""
    loop = Loop.objects.select_for_update().get(pk=loop.pk)
    _require_open(loop)
    _lock_people([uid for item in plan for uid in (*item.interviewers, *item.shadows)])
    first_time = loop.status != Loop.Status.SCHEDULED
    in_plan = {item.interview_id for item in plan}
    interviews = {
        i.pk: i
        for i in loop.interviews.select_related("round_type", "rubric")
        if i.status != Interview.Status.CANCELLED or i.pk in in_plan
    }
    problems, seen = [], set()
    for item in plan:
        if item.interview_id not in interviews:
            problems.append(PLAN_UNKNOWN_INTERVIEW.format(id=item.interview_id))
        elif item.interview_id in seen:
            problems.append(PLAN_DUPLICATE.format(id=item.interview_id))
        seen.add(item.interview_id)
    if problems:
        raise ValidationFailed({"interviews": problems})
    _check_dates([m for p in plan for m in (p.start, p.end)])
    problem = loop_scheduling_problem(
        loop=loop,
        options=options,
        interviews=interviews.values(),
        also_around=[m for p in plan for m in (p.start, p.end)],
        windows=windows,
    )
    conflicts = _conflict_messages(problem, [_slot(item) for item in plan])
    if conflicts:
        raise ValidationFailed({"interviews": conflicts})
    changed = [interviews[item.interview_id] for item in plan if _apply(interviews[item.interview_id], item)]
    loop.status = Loop.Status.SCHEDULED
    loop.save(update_fields=["status", "updated_at"])
    _queue_invites(interviews=changed, method=invites.REQUEST)
    return ScheduleOutcome(
        interviews=sorted(interviews.values(), key=lambda i: i.start),
        changed=sorted(changed, key=lambda i: i.start),
        first_time=first_time,
    )


def _lock_people(user_ids: Sequence[int]) -> None:
    """Lock the interviewer profiles a booking uses (in id order, so two bookings never deadlock): two
    loops booking the same person at once are served in turn, the second re-checked against the first."""
    list(
        InterviewerProfile.objects.select_for_update()
        .filter(user_id__in=set(user_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _resolve_reschedule_requests(loop_id: int) -> None:
    """The candidate's open reschedule requests are answered once an interview of theirs moves or goes."""
    RescheduleRequest.objects.filter(loop_id=loop_id, resolved_at__isnull=True).update(resolved_at=timezone.now())


def _apply(interview: Interview, item: PlannedInterview) -> bool:
    """Save one interview's time and people; True when anything an invite shows changed."""
    wanted = {uid: InterviewAssignment.Role.INTERVIEWER for uid in item.interviewers}
    wanted.update({uid: InterviewAssignment.Role.SHADOW for uid in item.shadows if uid not in wanted})
    current = {a.interviewer_id: a for a in interview.assignments.select_related("interviewer")}
    _refuse_taking_off_submitted(interview, current, wanted)
    was_scheduled = interview.status == Interview.Status.SCHEDULED and interview.start is not None
    # A cancelled round being rebooked: calendars hold its CANCEL, so the new REQUEST needs a higher SEQUENCE.
    reinstated = interview.status == Interview.Status.CANCELLED
    changed = _shows_a_change(interview, item, current, wanted) or not was_scheduled
    removed = _set_assignments(interview, current, wanted)
    _sync_scorecards(interview, item.interviewers)
    if (changed and was_scheduled) or reinstated:
        interview.ical_sequence += 1
    if was_scheduled and (interview.start, interview.end) != (item.start, item.end):
        _resolve_reschedule_requests(interview.loop_id)
    interview.start, interview.end = item.start, item.end
    interview.status = Interview.Status.SCHEDULED
    for name, value in interview_feedback_times(end=item.end).items():
        setattr(interview, name, value)
    if item.location is not None:
        interview.location = item.location
    link = _meeting_url(interview, item.interviewers)
    changed = changed or link != interview.meeting_url
    interview.meeting_url = link
    interview.save()
    if removed and was_scheduled:
        calendar_sync_queue(user_ids=[person.pk for person in removed])  # their copy goes from their calendar
        # People taken off an interview they were invited to get a CANCEL; the rest a new REQUEST.
        notify_interview_removed(
            interview=interview,
            people=removed,
            ics=invites.interview_invite_ics(interview=interview, method=invites.CANCEL),
        )
    return changed


def _shows_a_change(interview: Interview, item: PlannedInterview, current: dict, wanted: dict) -> bool:
    """Whether the plan changes anything an invite shows: the time, the people or the typed place."""
    return (
        (interview.start, interview.end) != (item.start, item.end)
        or {uid: a.role for uid, a in current.items()} != wanted
        or (item.location is not None and item.location != interview.location)
    )


def _meeting_url(interview: Interview, interviewers: Sequence[int]) -> str:
    """The interview's video link under the configured provider (interviews.meeting_links)."""
    personal = ""
    if settings.MEETING_LINKS == meeting_links.PERSONAL and interviewers:
        profile = InterviewerProfile.objects.filter(user_id=interviewers[0]).only("meeting_url").first()
        personal = profile.meeting_url if profile else ""
    return meeting_links.meeting_url(
        provider=settings.MEETING_LINKS,
        base_url=settings.MEETING_BASE_URL,
        current=interview.meeting_url,
        lead_personal_url=personal,
    )


def _refuse_taking_off_submitted(interview: Interview, current: dict, wanted: dict) -> None:
    """Someone who submitted a scorecard for the round stays on it as a scoring interviewer."""
    leaving = [uid for uid in current if wanted.get(uid) != InterviewAssignment.Role.INTERVIEWER]
    submitted = set(
        Scorecard.objects.filter(
            interview=interview, interviewer_id__in=leaving, status=Scorecard.Status.SUBMITTED
        ).values_list("interviewer_id", flat=True)
    )
    for uid in leaving:
        if uid in submitted:
            message = CANNOT_REMOVE_SUBMITTED.format(name=current[uid].interviewer, label=interview.round_type.name)
            raise ValidationFailed({"interviews": [message]})


def _set_assignments(interview: Interview, current: dict, wanted: dict) -> list[User]:
    """Make the interview's people exactly `wanted` (user id → role); the people taken off."""
    removed = []
    for uid, assignment in current.items():
        if uid not in wanted:
            removed.append(assignment.interviewer)
            assignment.delete()
        elif assignment.role != wanted[uid]:
            assignment.role = wanted[uid]
            assignment.save(update_fields=["role"])
    InterviewAssignment.objects.bulk_create(
        InterviewAssignment(interview=interview, interviewer_id=uid, role=role)
        for uid, role in wanted.items()
        if uid not in current
    )
    if removed:  # whoever is taken off no longer needs replacing
        InterviewDecline.objects.filter(interview=interview, interviewer__in=removed, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
    return removed


def _sync_scorecards(interview: Interview, scorers: Sequence[int]) -> None:
    """Scorecards belong to scoring interviewers only; drafts of people taken off go with them."""
    Scorecard.objects.filter(interview=interview, status=Scorecard.Status.DRAFT).exclude(
        interviewer_id__in=list(scorers)
    ).delete()
    for uid in scorers:
        Scorecard.objects.get_or_create(interview=interview, interviewer_id=uid, defaults={"rubric": interview.rubric})


@transaction.atomic
def interview_reschedule(
    *,
    interview: Interview,
    actor: User,
    start: dt.datetime,
    interviewers: Sequence[int] | None = None,
    shadows: Sequence[int] | None = None,
    location: str | None = None,
    options: solver.Options | None = None,
) -> Interview:
    """Move one interview (and optionally change its people), re-checking it against the whole loop.

    A cancelled interview is rebooked this way: it gets the new time, is scheduled again with a
    higher SEQUENCE, its interviewers get REQUEST invites and draft scorecards again.
    """
    _check_dates([start])
    loop = interview.loop
    loop_require_scheduler(actor=actor, loop=loop)
    # Locks in one order everywhere (the loop, its interview, then people's profiles in id order), so a
    # reschedule, a replace, a saved plan and a candidate's booking never deadlock one another.
    loop = Loop.objects.select_for_update().get(pk=loop.pk)
    if loop.status in (Loop.Status.DECIDED, Loop.Status.CANCELLED):
        raise ValidationFailed({"non_field_errors": [LOOP_CLOSED.format(status=loop.get_status_display().lower())]})
    interview = Interview.objects.select_for_update().select_related("round_type", "rubric").get(pk=interview.pk)
    if interview.status == Interview.Status.UNSCHEDULED or (
        interview.start is None and interview.status != Interview.Status.CANCELLED
    ):
        raise ValidationFailed({"non_field_errors": [INTERVIEW_NOT_SCHEDULED]})
    others = list(
        loop.interviews.filter(status=Interview.Status.SCHEDULED, start__isnull=False)
        .exclude(pk=interview.pk)
        .select_related("round_type")
        .prefetch_related("assignments")
    )
    current = list(interview.assignments.all())
    leads = (
        tuple(interviewers)
        if interviewers
        else tuple(sorted(a.interviewer_id for a in current if a.role == InterviewAssignment.Role.INTERVIEWER))
    )
    if not leads:
        raise ValidationFailed({"interviewers": [CHOOSE_INTERVIEWER.format(label=interview.round_type.name)]})
    item = PlannedInterview(
        interview_id=interview.pk,
        start=start,
        end=start + dt.timedelta(minutes=interview.minutes),
        interviewers=leads,
        shadows=tuple(shadows)
        if shadows is not None
        else tuple(a.interviewer_id for a in current if a.role == InterviewAssignment.Role.SHADOW),
        location=location,
    )
    plan = [item, *(_as_planned(other) for other in others)]
    _check_dates([item.start, item.end])
    _lock_people([*item.interviewers, *item.shadows])
    problem = loop_scheduling_problem(
        loop=loop,
        options=options or solver.Options(),
        interviews=[interview, *others],
        also_around=[item.start, item.end],
    )
    conflicts = _conflict_messages(problem, [_slot(p) for p in plan])
    if conflicts:
        raise ValidationFailed({"interviews": conflicts})
    # What the candidate sees of it: a swap of interviewers alone is not news to them.
    seen = (interview.status, interview.start, interview.end, interview.where)
    if _apply(interview, item):
        told = seen != (interview.status, interview.start, interview.end, interview.where)
        _queue_invites(interviews=[interview], method=invites.REQUEST, tell_candidate=told)
    return interview


def _as_planned(interview: Interview) -> PlannedInterview:
    assignments = interview.assignments.all()
    return PlannedInterview(
        interview_id=interview.pk,
        start=interview.start,
        end=interview.end,
        interviewers=tuple(
            sorted(a.interviewer_id for a in assignments if a.role == InterviewAssignment.Role.INTERVIEWER)
        ),
        shadows=tuple(a.interviewer_id for a in assignments if a.role == InterviewAssignment.Role.SHADOW),
    )


@transaction.atomic
def interview_cancel(*, interview: Interview, actor: User, now: dt.datetime | None = None) -> Interview:
    """Cancel one interview: its invite becomes a CANCEL with a higher SEQUENCE; unfilled drafts go."""
    loop_require_scheduler(actor=actor, loop=interview.loop)
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status == Interview.Status.CANCELLED:
        raise ValidationFailed({"non_field_errors": [ALREADY_CANCELLED]})
    if interview.end is not None and interview.end <= (now or timezone.now()):
        raise ValidationFailed({"non_field_errors": [INTERVIEW_DONE]})
    was_scheduled = interview.start is not None
    interview.status = Interview.Status.CANCELLED
    interview.ical_sequence += 1
    for name, value in interview_feedback_times(end=None).items():
        setattr(interview, name, value)
    interview.save(update_fields=["status", "ical_sequence", *FEEDBACK_TIME_FIELDS])
    interview.scorecards.filter(status=Scorecard.Status.DRAFT).delete()
    InterviewDecline.objects.filter(interview=interview, resolved_at__isnull=True).update(resolved_at=timezone.now())
    if was_scheduled:
        _resolve_reschedule_requests(interview.loop_id)
        _queue_invites(interviews=[interview], method=invites.CANCEL)
    return interview


def _queue_invites(*, interviews: Sequence[Interview], method: str, tell_candidate: bool = True) -> None:
    """Calendar invites, each built for its reader, written to the notification outbox in this same
    transaction (delivered by workers after commit; a rollback sends nothing): the panel's invite per
    interview, and the candidate's itinerary of the whole loop once (unless nothing they see changed)."""
    for interview in interviews:
        ics = invites.interview_invite_ics(interview=interview, method=method)
        notify_interview_invite(interview=interview, method=method, ics=ics)
    # Connected calendars follow the same changes (after the commit, one task per person).
    calendar_sync_queue(
        user_ids=InterviewAssignment.objects.filter(interview__in=[i.pk for i in interviews]).values_list(
            "interviewer_id", flat=True
        )
    )
    for loop in {interview.loop_id: interview.loop for interview in interviews}.values() if tell_candidate else ():
        notify_candidate_itinerary(loop=loop, changed=interviews, method=method)


# --- interviewer busy time from .ics ---------------------------------------------------------


@transaction.atomic
def interviewer_busy_import_ics(
    *, profile: InterviewerProfile, actor: User, content: bytes, now: dt.datetime | None = None
) -> int:
    """Replace the profile's upcoming imported busy blocks with those in the file; returns how many."""
    if not (interviewer_profile_can_manage(viewer=actor) or profile.user_id == actor.pk):
        raise PermissionDenied(BUSY_ICS_ONLY_MANAGERS)
    now = now or timezone.now()
    try:
        events = invites.busy_events_from_ics(content=content, zone=ZoneInfo(profile.timezone or "UTC"), now=now)
    except ValueError as exc:
        raise ValidationFailed({"file": [str(exc)]}) from None
    busy_replace(profile=profile, source=BusyBlock.Source.ICS, events=events, since=now)
    return len(events)


def plan_from_payload(items: Sequence[Mapping[str, Any]]) -> list[PlannedInterview]:
    """The API/page shape `{"id", "start", "end", "interviewers", "shadows"?}` as planned interviews."""
    return [
        PlannedInterview(
            interview_id=item["id"],
            start=item["start"],
            end=item["end"],
            interviewers=tuple(item["interviewers"]),
            shadows=tuple(item.get("shadows") or ()),
            location=item.get("location"),
        )
        for item in items
    ]


# --- Chasing feedback: the recruiter's nudge --------------------------------------------------

NUDGE_NONE_CHOSEN = "Choose at least one scorecard to nudge."
NUDGE_TOO_MANY = "Nudge at most {limit} scorecards at once."
NUDGE_NOT_AN_ID = "Scorecards are chosen by their ids (whole numbers), not {value}."
NUDGE_SUBMITTED = "{interviewer}'s scorecard for {round} is in: nothing to nudge."
NUDGE_CANCELLED = "{interviewer}'s {round} interview was cancelled, or its loop was: nothing to nudge."
NUDGE_DECIDED = "The committee has decided {interviewer}'s loop: nobody is chased for {round} any more."
NUDGE_SEALED = "You owe a scorecard on this loop yourself: submit yours before chasing others ({interviewer}, {round})."
NUDGE_NOT_DUE = "{interviewer}'s {round} interview has not ended yet: nothing to nudge about."
NUDGE_NOT_YOURS = "{interviewer}'s scorecard for {round} is not on a loop you schedule."
NUDGE_TOO_SOON = (
    "{interviewer} was nudged about {round} at {last} UTC; at most one nudge a day per scorecard, "
    "so the next is possible from {next} UTC."
)
NUDGE_UNREACHABLE = "{interviewer} has no active account with an e-mail address: tell them another way."
NUDGE_MAX = 500
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class NudgeRefusal:
    scorecard: int
    message: str


@dataclass(frozen=True)
class NudgeResult:
    sent: list[ScorecardNudge]
    refused: list[NudgeRefusal]


def nudge_ids(values: Sequence[object]) -> list[int]:
    """The scorecard ids of a nudge, from a page's form values or the API's JSON (400 on `scorecards`)."""
    if not values:
        raise ValidationFailed({"scorecards": [NUDGE_NONE_CHOSEN]})
    if len(values) > NUDGE_MAX:
        raise ValidationFailed({"scorecards": [NUDGE_TOO_MANY.format(limit=NUDGE_MAX)]})
    ids = set()
    for value in values:
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else None
        if text is None or not text.isdigit() or not 1 <= int(text) <= MAX_ID:
            raise ValidationFailed({"scorecards": [NUDGE_NOT_AN_ID.format(value=shown(value))]})
        ids.add(int(text))
    return sorted(ids)


@transaction.atomic
def scorecard_nudge(*, actor: User, scorecard_ids: Sequence[object], now: dt.datetime | None = None) -> NudgeResult:
    """Nudge the interviewers of these owed scorecards by e-mail (through the outbox), each at most once a
    day (feedback_timing.nudge_allowed). A scorecard the actor may not see at all is a 404 for the whole
    request (nothing is sent); the others are nudged or refused one by one with the reason, so a bulk nudge
    never stops at the first that was nudged this morning or whose loop was just cancelled."""
    now = now or timezone.now()
    ids = nudge_ids(scorecard_ids)
    # Lock the scorecards (in id order: two bulk nudges never deadlock) so two recruiters clicking at
    # once cannot both pass the once-a-day check.
    list(Scorecard.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    on_board = {s.pk: s for s in feedback_board(viewer=actor, now=now).filter(pk__in=ids)}
    scheduled = Scorecard.objects.filter(
        pk__in=ids, interview__loop__application__in=application_list_for_loops(viewer=actor).values("pk")
    )
    rest = [i for i in ids if i not in on_board]
    visible = set(scorecard_list(viewer=actor).filter(pk__in=rest).values_list("pk", flat=True))
    mine = set(scheduled.values_list("pk", flat=True))
    others = {
        s.pk: s
        for s in Scorecard.objects.filter(pk__in=[i for i in rest if i in visible or i in mine]).select_related(
            "interviewer", "interview__round_type", "interview__loop"
        )
    }
    if hidden := [i for i in ids if i not in on_board and i not in others]:
        raise NotFound(f"No scorecard {hidden[0]} that you chase.")
    sealed = {row["interview__loop"] for row in loops_owed_feedback(viewer=actor)}
    sent, refused = [], []
    for pk in ids:
        scorecard = on_board.get(pk)
        if scorecard is None:
            refused.append(NudgeRefusal(pk, _why_not_nudged(others[pk], chased=pk in mine, sealed=sealed, now=now)))
            continue
        row = owed_scorecard(scorecard, now=now)
        if not row.reachable:
            refused.append(NudgeRefusal(pk, NUDGE_UNREACHABLE.format(**_nudge_names(scorecard))))
            continue
        if not row.can_nudge:
            last, upcoming = row.last_nudged_at.astimezone(dt.UTC), row.next_nudge_at.astimezone(dt.UTC)
            message = NUDGE_TOO_SOON.format(
                **_nudge_names(scorecard), last=f"{last:%a %d %b %H:%M}", next=f"{upcoming:%a %d %b %H:%M}"
            )
            refused.append(NudgeRefusal(pk, message))
            continue
        nudge = ScorecardNudge.objects.create(scorecard=scorecard, sent_by=actor, created_at=now)
        notify_scorecard_nudge(nudge=nudge, row=row, now=now)
        sent.append(nudge)
    return NudgeResult(sent=sent, refused=refused)


def _why_not_nudged(scorecard: Scorecard, *, chased: bool, sealed: set[int], now: dt.datetime) -> str:
    """Why a scorecard the actor may see is not on their board."""
    names = _nudge_names(scorecard)
    interview, loop = scorecard.interview, scorecard.interview.loop
    if not chased:
        return NUDGE_NOT_YOURS.format(**names)
    if scorecard.status == Scorecard.Status.SUBMITTED:
        return NUDGE_SUBMITTED.format(**names)
    if interview.status == Interview.Status.CANCELLED or loop.status == Loop.Status.CANCELLED:
        return NUDGE_CANCELLED.format(**names)
    if loop.status == Loop.Status.DECIDED:
        return NUDGE_DECIDED.format(**names)
    if loop.pk in sealed:
        return NUDGE_SEALED.format(**names)
    return NUDGE_NOT_DUE.format(**names)


def _nudge_names(scorecard: Scorecard) -> dict[str, str]:
    return {"interviewer": str(scorecard.interviewer), "round": scorecard.interview.round_type.name}


# --- Declines and replacements ---------------------------------------------------------------

DECLINE_NEEDS_REASON = "Say why you cannot do it: the recruiter needs it to find someone else."
DECLINE_NOT_ON_IT = "Only someone booked on this interview can decline it."
DECLINE_NOT_UPCOMING = "Only an upcoming, scheduled interview can be declined or handed over; this one is {state}."
REPLACE_ONLY_SCORERS = "Only a scoring interviewer is replaced here; change trainees in the plan."
DECLINE_ALREADY = "You have already declined this interview; the recruiter is finding someone else."
REPLACE_NOT_ON_IT = "{name} is not on this interview."
REPLACE_NOT_FREE = "{name} cannot take it: not qualified, not free then, or already on this loop."
REPLACE_SAME = "Choose someone else than the person being replaced."


def _not_upcoming(interview: Interview, now: dt.datetime) -> str:
    """Declining and replacing are for scheduled interviews that have not begun ("" when it is one)."""
    if interview.status != Interview.Status.SCHEDULED or interview.start is None or interview.start <= now:
        state = "over" if interview.start and interview.start <= now else interview.get_status_display().lower()
        return DECLINE_NOT_UPCOMING.format(state=state)
    return ""


def interview_decline_refusal(*, viewer: User, interview: Interview, now: dt.datetime | None = None) -> str:
    """Why the viewer may not decline this interview now ("" when they may): they must be booked on it,
    it must be scheduled and not begun, and they must not have declined it already. The kit's link asks it."""
    now = now or timezone.now()
    if not interview.assignments.filter(interviewer=viewer).exists():
        return DECLINE_NOT_ON_IT
    if not_upcoming := _not_upcoming(interview, now):
        return not_upcoming
    if InterviewDecline.objects.filter(interview=interview, interviewer=viewer, resolved_at__isnull=True).exists():
        return DECLINE_ALREADY
    return ""


@transaction.atomic
def interview_decline(*, interview: Interview, actor: User, reason: str, now: dt.datetime | None = None):
    """An interviewer on an upcoming interview says they cannot do it: recorded with the reason, and the
    requisition's recruiters are told (through the outbox) with the replacements free at that time."""
    now = now or timezone.now()
    interview = Interview.objects.select_for_update().select_related("round_type", "loop").get(pk=interview.pk)
    refusal = interview_decline_refusal(viewer=actor, interview=interview, now=now)
    if refusal == DECLINE_NOT_ON_IT:
        raise PermissionDenied(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [DECLINE_NEEDS_REASON]})
    if refusal:
        raise ValidationFailed({"non_field_errors": [refusal]})
    decline = InterviewDecline.objects.create(interview=interview, interviewer=actor, reason=reason, created_at=now)
    notify_interview_declined(decline=decline, replacements=interview_replacements(interview=interview))
    return decline


@transaction.atomic
def interview_replace(*, interview: Interview, actor: User, from_user: int, to_user: int) -> Interview:
    """Put `to_user` on the interview in `from_user`'s place, in one step: re-checked like any reschedule
    (SEQUENCE + 1, a CANCEL to the person taken off, updated invites to everyone else, their draft
    scorecard moves to the new interviewer), and the person's open decline is resolved."""
    loop_require_scheduler(actor=actor, loop=interview.loop)
    # Lock first, then read: two recruiters replacing at once are serialized, the second sees the first's.
    # The same order as every booking path: the loop, the interview, then the people (interview_reschedule).
    Loop.objects.select_for_update().filter(pk=interview.loop_id).values_list("pk", flat=True).first()
    interview = Interview.objects.select_for_update().select_related("round_type", "loop").get(pk=interview.pk)
    if not_upcoming := _not_upcoming(interview, timezone.now()):
        raise ValidationFailed({"non_field_errors": [not_upcoming]})
    current = {a.interviewer_id: a for a in interview.assignments.select_related("interviewer")}
    if from_user not in current:
        name = User.objects.filter(pk=from_user).first()
        raise ValidationFailed({"from": [REPLACE_NOT_ON_IT.format(name=name or f"user {from_user}")]})
    if current[from_user].role != InterviewAssignment.Role.INTERVIEWER:
        raise ValidationFailed({"from": [REPLACE_ONLY_SCORERS]})
    if to_user == from_user:
        raise ValidationFailed({"to": [REPLACE_SAME]})
    # Everyone on it and the incoming person, in id order: two interviews cannot both take them at once.
    _lock_people([*current, to_user])
    if to_user not in {r.user.pk for r in interview_replacements(interview=interview)}:
        name = User.objects.filter(pk=to_user).first()
        raise ValidationFailed({"to": [REPLACE_NOT_FREE.format(name=name or f"user {to_user}")]})
    roles = {uid: a.role for uid, a in current.items()}
    role = roles.pop(from_user)
    roles[to_user] = role
    leads = [uid for uid, r in roles.items() if r == InterviewAssignment.Role.INTERVIEWER]
    shadows = [uid for uid, r in roles.items() if r == InterviewAssignment.Role.SHADOW]
    # Resolved first (the reschedule below would close it without saying by whom); a refusal rolls both back.
    InterviewDecline.objects.filter(interview=interview, interviewer_id=from_user, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), replaced_by_id=to_user
    )
    return interview_reschedule(
        interview=interview, actor=actor, start=interview.start, interviewers=leads, shadows=shadows
    )
