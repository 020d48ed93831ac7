"""Reads for scheduling: the solver's input built from the database, and the recruiter's views."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADMIN, RECRUITER
from core.errors import NotFound
from hiring.codes import CLOSED_STAGES
from hiring.hooks import RelatedLine
from hiring.models import Application
from interviews import feedback_timing, load
from interviews.models import (
    BusyBlock,
    Interview,
    InterviewAssignment,
    InterviewDecline,
    InterviewerProfile,
    Loop,
    Qualification,
    Scorecard,
    ScorecardNudge,
)
from interviews.scheduling import solver
from interviews.selectors import (
    interview_feedback_state,
    interview_list,
    loop_feedback_list,
    loop_list,
    loops_owed_feedback,
    scorecard_open_list,
)
from notifications.messages import reachable as notification_reachable

ACTIVE_INTERVIEW = (Interview.Status.SCHEDULED, Interview.Status.COMPLETED)
CAP_MARGIN = dt.timedelta(days=8)  # load existing interviews a week either side: weekly caps need them


def loop_can_schedule(*, viewer: User, loop: Loop) -> bool:
    """Admins, and recruiters on the loop's requisition, build and schedule it."""
    if viewer.has_role(ADMIN):
        return True
    return viewer.has_role(RECRUITER) and loop.application.requisition.recruiters.filter(pk=viewer.pk).exists()


def loops_can_build(*, viewer: User) -> bool:
    """Only admins and recruiters build loops (on which applications: `application_list_for_loops`)."""
    return viewer.has_role(ADMIN, RECRUITER)


# An application has at most one loop in progress: a new one is built only once the last is cancelled or
# decided (loop_create refuses otherwise; the pages offer "Build loop" by `application_loop_buildable_ids`).
LOOP_IN_PROGRESS = tuple(s for s in Loop.Status.values if s not in (Loop.Status.CANCELLED, Loop.Status.DECIDED))


def application_loop_buildable_ids(*, viewer: User, application_ids: Iterable[int]) -> set[int]:
    """Of these applications, those the viewer may build a loop for now: theirs to build loops for, not
    closed (hired, rejected, withdrawn), the candidate not anonymized, and without a loop in progress.
    One query. `loop_create` refuses the rest (saying which of these it was)."""
    return set(
        application_list_for_loops(viewer=viewer)
        .filter(pk__in=list(application_ids), candidate__anonymized_at__isnull=True)
        .exclude(stage__in=CLOSED_STAGES)
        .exclude(loops__status__in=LOOP_IN_PROGRESS)
        .values_list("pk", flat=True)
    )


def application_build_lines(*, viewer: User, application_ids: list[int]) -> dict[int, list[RelatedLine]]:
    """The `hiring.hooks.application_lines` receiver for building: "Build loop" under each application
    the viewer may build one for now (candidate and requisition pages; the pipeline asks the same rule)."""
    return {
        pk: [RelatedLine(links=(("Build loop", reverse("interviews:loop-build", args=[pk])),), note="")]
        for pk in sorted(application_loop_buildable_ids(viewer=viewer, application_ids=application_ids))
    }


def application_list_for_loops(*, viewer: User) -> QuerySet[Application]:
    """Applications the viewer may build loops for: all for admins, their requisitions' for recruiters."""
    applications = Application.objects.select_related("candidate", "requisition__team").order_by("-created_at", "-id")
    if viewer.has_role(ADMIN):
        return applications
    if viewer.has_role(RECRUITER):
        return applications.filter(requisition__recruiters=viewer).distinct()
    return applications.none()


def loop_detail_queryset(*, viewer: User) -> QuerySet[Loop]:
    """Visible loops with everything a loop response shows, in a fixed number of queries; each marked
    `feedback_sealed` when the viewer still owes a scorecard on it (sealed feedback's one owner)."""
    sealed = Case(
        When(pk__in=loops_owed_feedback(viewer=viewer), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    schedules = Exists(application_list_for_loops(viewer=viewer).filter(pk=OuterRef("application_id")))
    return (
        loop_list(viewer=viewer)
        .annotate(feedback_sealed=sealed, viewer_schedules=schedules)
        .prefetch_related(
            Prefetch(
                "interviews",
                queryset=Interview.objects.select_related("round_type")
                .prefetch_related(
                    Prefetch("assignments", queryset=InterviewAssignment.objects.select_related("interviewer"))
                )
                .order_by("order", "id"),
            ),
            "windows",
            "reschedule_requests",
        )
    )


def interview_detail_queryset(*, viewer: User, mine: bool = False) -> QuerySet[Interview]:
    interviews = interview_list(viewer=viewer).prefetch_related(
        Prefetch("assignments", queryset=InterviewAssignment.objects.select_related("interviewer"))
    )
    if mine:
        interviews = interviews.filter(
            pk__in=InterviewAssignment.objects.filter(interviewer=viewer).values("interview")
        )
    return interviews


def interviewers_of(interview: Interview, role: str = InterviewAssignment.Role.INTERVIEWER) -> list[int]:
    """User ids on an interview in a role, from prefetched assignments when there are some."""
    return sorted(a.interviewer_id for a in interview.assignments.all() if a.role == role)


def round_for(interview: Interview) -> solver.Round:
    return solver.Round(
        key=interview.pk,
        round_type=interview.round_type.code,
        label=interview.round_type.name,
        minutes=interview.minutes,
        requires_senior_leader=interview.round_type.requires_senior_leader,
    )


def loop_scheduling_problem(
    *,
    loop: Loop,
    options: solver.Options,
    interviews: Iterable[Interview] | None = None,
    also_around: Iterable[dt.datetime] = (),
    windows: Iterable[solver.Interval] | None = None,
) -> solver.Problem:
    """The solver's input for a loop: its rounds, the candidate's windows, and every interviewer.

    Other loops' interviews are the interviewers' existing bookings; this loop's own are not, so a
    loop can be re-planned. `also_around` widens the period read (for edits outside the windows);
    `windows` replaces the loop's own (the candidate's booking offers times they never typed).
    """
    if interviews is None:
        interviews = loop.interviews.exclude(status=Interview.Status.CANCELLED).select_related("round_type")
    interviews = list(interviews)
    if windows is None:
        windows = [solver.Interval(w.start, w.end) for w in loop.windows.all()]
    windows = list(windows)
    moments = [m for w in windows for m in (w.start, w.end)] + list(also_around)
    people: list[solver.Interviewer] = []
    if moments:
        lo, hi = min(moments) - CAP_MARGIN, max(moments) + CAP_MARGIN
        people = _interviewers(lo=lo, hi=hi, exclude_loop=loop, around=load.load_window(min(moments), max(moments)))
    return solver.Problem(
        rounds=tuple(round_for(i) for i in sorted(interviews, key=lambda i: (i.order, i.pk))),
        interviewers=tuple(people),
        windows=tuple(windows),
        candidate_timezone=loop.application.candidate.timezone or "UTC",
        options=options,
    )


def interviewer_loads(*, around: tuple[dt.datetime, dt.datetime], exclude_loop: Loop | None = None) -> dict[int, int]:
    """Each interviewer's load (interviews.load): interviews they are booked on in the window, any role.
    One query; people with none are absent (0)."""
    lo, hi = around
    rows = InterviewAssignment.objects.filter(
        interview__status__in=ACTIVE_INTERVIEW, interview__start__lt=hi, interview__end__gt=lo
    )
    if exclude_loop is not None:
        rows = rows.exclude(interview__loop=exclude_loop)
    return dict(rows.values("interviewer_id").annotate(n=Count("pk")).values_list("interviewer_id", "n"))


def _interviewers(
    *, lo: dt.datetime, hi: dt.datetime, exclude_loop: Loop, around: tuple[dt.datetime, dt.datetime]
) -> list[solver.Interviewer]:
    profiles = (
        InterviewerProfile.objects.filter(user__is_active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch("qualifications", queryset=Qualification.objects.select_related("round_type")),
            Prefetch("busy_blocks", queryset=BusyBlock.objects.filter(end__gt=lo, start__lt=hi), to_attr="period_busy"),
        )
        .order_by("user_id")
    )
    booked: dict[int, list[solver.Interval]] = defaultdict(list)
    rows = (
        InterviewAssignment.objects.filter(
            interview__status__in=ACTIVE_INTERVIEW, interview__start__lt=hi, interview__end__gt=lo
        )
        .exclude(interview__loop=exclude_loop)
        .values_list("interviewer_id", "interview__start", "interview__end")
    )
    for user_id, start, end in rows:
        booked[user_id].append(solver.Interval(start, end))
    loads = interviewer_loads(around=around, exclude_loop=exclude_loop)
    return [
        solver.Interviewer(
            id=profile.user_id,
            name=str(profile.user),
            timezone=profile.timezone or "UTC",
            work_start=profile.work_start,
            work_end=profile.work_end,
            weekdays=tuple(profile.weekdays or ()),
            weekly_cap=profile.weekly_cap,
            senior_leader=profile.senior_leader,
            qualifications={q.round_type.code: q.stage for q in profile.qualifications.all()},
            busy=tuple(solver.Interval(b.start, b.end) for b in profile.period_busy),
            booked=tuple(booked.get(profile.user_id, ())),
            recent_load=loads.get(profile.user_id, 0),
        )
        for profile in profiles
    ]


# --- recruiter views -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorecardStatusRow:
    interview: Interview
    interviewer: User
    scorecard: Scorecard | None
    state: str  # upcoming / due / overdue / submitted / cancelled


def loop_scorecard_board(*, loop: Loop, now: dt.datetime | None = None) -> list[ScorecardStatusRow]:
    """Per interview and scoring interviewer: is the feedback upcoming, due, overdue or submitted?"""
    now = now or timezone.now()
    interviews = (
        Interview.objects.filter(loop=loop)
        .select_related("round_type")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=InterviewAssignment.objects.filter(role=InterviewAssignment.Role.INTERVIEWER).select_related(
                    "interviewer"
                ),
                to_attr="scoring_assignments",
            ),
            "scorecards",
        )
        .order_by("order", "id")
    )
    rows = []
    for interview in interviews:
        cards = {card.interviewer_id: card for card in interview.scorecards.all()}
        for assignment in interview.scoring_assignments:
            card = cards.get(assignment.interviewer_id)
            state = interview_feedback_state(interview, card, now=now)
            rows.append(ScorecardStatusRow(interview, assignment.interviewer, card, state))
    return rows


@dataclass(frozen=True)
class OwedScorecard:
    """A row of the feedback board: a scorecard still owed on an interview that has ended."""

    scorecard: Scorecard
    state: str  # due / overdue
    hours_since_end: int
    will_be_late: bool  # past the late line: submitted now, the packet marks it late
    reachable: bool  # the interviewer has an active account with an e-mail address
    last_nudged_at: dt.datetime | None
    nudges: int
    next_nudge_at: dt.datetime | None
    can_nudge: bool

    @property
    def interview(self) -> Interview:
        return self.scorecard.interview

    @property
    def days_since_end(self) -> int:
        return self.hours_since_end // 24


def scorecard_chase_list(*, viewer: User) -> QuerySet[Scorecard]:
    """Scorecards the viewer chases: still owed, on loops they schedule (admins: all; recruiters: their
    requisitions', as for building loops) and whose feedback they may read (who has submitted is
    derived from the others' feedback, so a loop sealed for the viewer stays out). The one owner of
    who sees the feedback board and may nudge."""
    return scorecard_open_list().filter(
        interview__loop__application__in=application_list_for_loops(viewer=viewer).values("pk"),
        interview__loop__in=loop_feedback_list(viewer=viewer).values("pk"),
    )


def feedback_board(*, viewer: User, now: dt.datetime | None = None, overdue_only: bool = False) -> QuerySet[Scorecard]:
    """The feedback board: owed scorecards whose interview has ended, the longest waiting first, each
    annotated with its last nudge and how many it had (read with `owed_scorecard`)."""
    now = now or timezone.now()
    nudges = ScorecardNudge.objects.filter(scorecard=OuterRef("pk"))
    board = (
        scorecard_chase_list(viewer=viewer)
        .filter(interview__end__lte=now)
        .annotate(
            last_nudged_at=Subquery(nudges.order_by("-created_at").values("created_at")[:1]),
            nudge_count=Coalesce(Subquery(nudges.values("scorecard").annotate(n=Count("pk")).values("n")[:1]), 0),
        )
        .order_by("interview__end", "interview__order", "id")
    )
    if overdue_only:
        board = board.filter(interview__scorecard_overdue_at__lte=now)
    return board


def owed_scorecard(scorecard: Scorecard, *, now: dt.datetime) -> OwedScorecard:
    """One board row from a `feedback_board` scorecard: its state, age and whether it may be nudged now."""
    interview = scorecard.interview
    state = interview_feedback_state(interview, scorecard, now=now)
    last = getattr(scorecard, "last_nudged_at", None)
    reachable = notification_reachable(scorecard.interviewer)
    return OwedScorecard(
        scorecard=scorecard,
        state=state,
        hours_since_end=max(0, int((now - interview.end).total_seconds() // 3600)),
        will_be_late=interview.scorecard_late_at is not None and now > interview.scorecard_late_at,
        reachable=reachable,
        last_nudged_at=last,
        nudges=getattr(scorecard, "nudge_count", 0),
        next_nudge_at=feedback_timing.nudge_next_at(last_nudged_at=last),
        can_nudge=reachable and feedback_timing.nudge_allowed(state=state, last_nudged_at=last, now=now),
    )


PIPELINE_STAGES = [
    Application.Stage.APPLIED,
    Application.Stage.SCREEN,
    Application.Stage.LOOP,
    Application.Stage.COMMITTEE,
    Application.Stage.OFFER,
    Application.Stage.HIRED,
    Application.Stage.REJECTED,
    Application.Stage.WITHDRAWN,
]


@dataclass(frozen=True)
class PipelineColumn:
    stage: str
    label: str
    applications: list[Application]


def pipeline(*, viewer: User) -> list[PipelineColumn]:
    """Applications by stage, each with its latest loop and `can_build_loop`, for the requisitions the viewer
    works on."""
    applications = Application.objects.select_related("candidate", "requisition__team").prefetch_related(
        Prefetch("loops", queryset=Loop.objects.order_by("-created_at", "-id"), to_attr="loops_newest_first")
    )
    if not viewer.has_role(ADMIN):
        applications = applications.filter(
            Q(requisition__recruiters=viewer) | Q(requisition__hiring_manager=viewer)
        ).distinct()
    applications = list(applications.order_by("-updated_at", "-id"))
    buildable = application_loop_buildable_ids(viewer=viewer, application_ids=[a.pk for a in applications])
    by_stage: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        application.can_build_loop = application.pk in buildable
        by_stage[application.stage].append(application)
    return [PipelineColumn(stage, stage.label, by_stage.get(stage, [])) for stage in PIPELINE_STAGES]


def loop_get(*, viewer: User, loop_id: int) -> Loop:
    """A loop the viewer may see, with its interviews and people; NotFound otherwise."""
    loop = loop_detail_queryset(viewer=viewer).filter(pk=loop_id).first()
    if loop is None:
        raise NotFound()
    return loop


def loop_plan_conflicts(*, loop: Loop, plan: Sequence, options: solver.Options) -> list[solver.Conflict]:
    """Every conflict of a plan for the loop's open rounds and the cancelled ones it rebooks
    (for pages highlighting before saving)."""
    slots = [
        solver.Slot(
            round_key=item.interview_id,
            start=item.start,
            end=item.end,
            interviewer_id=item.interviewers[0],
            shadow_id=item.shadows[0] if item.shadows else None,
            extra_ids=tuple(item.interviewers[1:]),
        )
        for item in plan
    ]
    in_plan = {item.interview_id for item in plan}
    interviews = [
        i
        for i in loop.interviews.select_related("round_type")
        if i.status != Interview.Status.CANCELLED or i.pk in in_plan
    ]
    problem = loop_scheduling_problem(
        loop=loop,
        options=options,
        interviews=interviews,
        also_around=[m for item in plan for m in (item.start, item.end)],
    )
    return solver.check_plan(problem, slots)


@dataclass(frozen=True)
class UpcomingInterviews:
    shown: list[Interview]  # on loops the viewer may see: time, round and candidate
    elsewhere: int  # on loops the viewer may not see: only how many


def interviewer_upcoming_interviews(
    *, profile: InterviewerProfile, viewer: User, limit: int = 20
) -> UpcomingInterviews:
    """The interviewer's scheduled interviews still to come. A viewer reads candidate names and times only
    on loops they may see (`loop_list`); of the rest they learn how many there are."""
    upcoming = Interview.objects.filter(
        assignments__interviewer_id=profile.user_id, status=Interview.Status.SCHEDULED, end__gte=timezone.now()
    )
    visible = upcoming.filter(loop__in=loop_list(viewer=viewer))
    shown = list(visible.select_related("round_type", "loop__application__candidate").order_by("start")[:limit])
    return UpcomingInterviews(shown=shown, elsewhere=upcoming.exclude(pk__in=visible.values("pk")).count())


# --- Declines and replacements ---------------------------------------------------------------


@dataclass(frozen=True)
class Replacement:
    user: User
    load: int  # interviews.load: booked in the four weeks around this interview


def interview_replacements(*, interview: Interview) -> list[Replacement]:
    """Who could take over a booked interview: qualified to lead it, free at that time (working hours,
    busy and booked time, the weekly cap — the scheduler's own check), not on another round of the loop,
    least loaded first (interviews.load), ties to the lower id."""
    if interview.start is None:
        return []
    loop = interview.loop
    problem = loop_scheduling_problem(
        loop=loop, options=solver.Options(), interviews=[interview], also_around=[interview.start, interview.end]
    )
    on_loop = set(
        InterviewAssignment.objects.filter(interview__loop=loop)
        .exclude(interview__status=Interview.Status.CANCELLED)
        .values_list("interviewer_id", flat=True)
    )
    free = [
        person
        for person in problem.interviewers
        if person.id not in on_loop
        and not solver.person_conflicts(problem, round_key=interview.pk, start=interview.start, person_id=person.id)
    ]
    loads = interviewer_loads(around=load.load_window(interview.start, interview.end))
    users = {u.pk: u for u in User.objects.filter(pk__in=[p.id for p in free])}
    ranked = sorted(free, key=lambda p: (loads.get(p.id, 0), p.id))
    return [Replacement(users[p.id], loads.get(p.id, 0)) for p in ranked]


def interview_open_declines(*, interviews: Iterable[Interview]) -> dict[int, list]:
    """Each interview's declines not yet resolved, with who declined (one query)."""
    found: dict[int, list] = defaultdict(list)
    ids = [i.pk for i in interviews]
    for decline in InterviewDecline.objects.filter(interview_id__in=ids, resolved_at__isnull=True).select_related(
        "interviewer"
    ):
        found[decline.interview_id].append(decline)
    return found


# --- The interviewer's calendar feed -------------------------------------------------------------

FEED_PAST = dt.timedelta(days=30)


def interviewer_feed_profile(*, token: str) -> InterviewerProfile | None:
    """The profile whose feed this secret opens (None for anything else, an empty or short token included)."""
    if not token or len(token) < 32:
        return None
    return InterviewerProfile.objects.select_related("user").filter(feed_token=token, user__is_active=True).first()


def interviewer_feed_interviews(*, profile: InterviewerProfile, now: dt.datetime | None = None) -> QuerySet[Interview]:
    """The interviews in a person's feed: theirs (any role), from 30 days ago on, cancelled ones included."""
    now = now or timezone.now()
    return (
        Interview.objects.filter(assignments__interviewer_id=profile.user_id, start__gte=now - FEED_PAST)
        .exclude(status=Interview.Status.UNSCHEDULED)
        .select_related(
            "round_type", "loop__application__candidate", "loop__application__requisition", "loop__created_by"
        )
        .prefetch_related(Prefetch("assignments", queryset=InterviewAssignment.objects.select_related("interviewer")))
        .order_by("start", "pk")
        .distinct()
    )
