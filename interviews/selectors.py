import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADMIN, COMMITTEE, HIRING_MANAGER, RECRUITER
from core.errors import NotFound
from core.fields import zone_or_utc
from hiring.hooks import RelatedLine
from interviews import bars, feedback_timing, load, scorecard_rules
from interviews.codes import PACKET_STATES, FeedbackState
from interviews.models import (
    BusyBlock,
    Competency,
    Interview,
    InterviewAssignment,
    InterviewerProfile,
    Loop,
    Qualification,
    Rating,
    Scorecard,
    ScorecardRevision,
)


def interviewer_profile_list(*, viewer: User) -> QuerySet[InterviewerProfile]:
    """Admins and recruiters see every profile (they schedule); an interviewer sees their own. Each comes
    with its upcoming busy time and the bookings its weekly load is counted from (`profile_weekly_load`)."""
    weeks = load.shown_weeks(timezone.now().date())
    first = dt.datetime.combine(weeks[0] - dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)
    last = dt.datetime.combine(weeks[-1] + dt.timedelta(days=8), dt.time(0), tzinfo=dt.UTC)
    profiles = InterviewerProfile.objects.select_related("user").prefetch_related(
        Prefetch("qualifications", queryset=Qualification.objects.select_related("round_type")),
        Prefetch(
            "busy_blocks",
            queryset=BusyBlock.objects.filter(end__gte=timezone.now()).order_by("start"),
            to_attr="upcoming_busy",
        ),
        Prefetch(
            "user__assignments",
            queryset=InterviewAssignment.objects.filter(
                interview__status__in=(Interview.Status.SCHEDULED, Interview.Status.COMPLETED),
                interview__start__gte=first,
                interview__start__lt=last,
            )
            .select_related("interview")
            .only("interviewer_id", "interview__start"),
            to_attr="load_assignments",
        ),
    )
    if viewer.has_role(ADMIN, RECRUITER):
        return profiles.order_by("user__username")
    return profiles.filter(user=viewer)


def profile_weekly_load(profile: InterviewerProfile, *, today: dt.date | None = None) -> list[load.WeekLoad]:
    """Interviews per ISO week (on the person's own clock) against their cap, for the weeks a load table
    shows (interviews.load), from the bookings `interviewer_profile_list` prefetched."""
    zone = zone_or_utc(profile.timezone)
    bookings = getattr(profile.user, "load_assignments", None)
    if bookings is None:
        bookings = profile.user.assignments.filter(
            interview__status__in=(Interview.Status.SCHEDULED, Interview.Status.COMPLETED)
        ).select_related("interview")
    days = [a.interview.start.astimezone(zone).date() for a in bookings if a.interview.start]
    weeks = load.shown_weeks(today or timezone.now().astimezone(zone).date())
    return load.weekly_load(days=days, cap=profile.weekly_cap, weeks=weeks)


@dataclass(frozen=True)
class PromotionDue:
    """A trainee who has sat in on enough rounds of a type to be considered for the next stage."""

    round_type: str
    round_name: str
    stage: str
    next_stage: str
    shadowed: int


NEXT_STAGE = {
    Qualification.Stage.SHADOW: Qualification.Stage.REVERSE_SHADOW,
    Qualification.Stage.REVERSE_SHADOW: Qualification.Stage.QUALIFIED,
}


def profile_promotions_due(profile: InterviewerProfile, *, now: dt.datetime | None = None) -> list[PromotionDue]:
    """For each round type the person trains for: the rounds of it they sat in on as a shadow that have
    taken place since they reached their current stage; at `settings.TRAINEE_PROMOTE_AFTER` or more the
    recruiter is prompted to promote (so a promotion starts the count again). One query."""
    now = now or timezone.now()
    training = [q for q in profile.qualifications.all() if q.stage in NEXT_STAGE]
    if not training:
        return []
    since = Q()
    for q in training:
        held = Q(interview__round_type=q.round_type_id)
        since |= held & Q(interview__start__gte=q.stage_since) if q.stage_since else held
    counts = dict(
        InterviewAssignment.objects.filter(
            since,
            interviewer_id=profile.user_id,
            role=InterviewAssignment.Role.SHADOW,
            interview__end__lte=now,
        )
        .exclude(interview__status=Interview.Status.CANCELLED)
        .values("interview__round_type")
        .annotate(n=Count("pk"))
        .values_list("interview__round_type", "n")
    )
    return [
        PromotionDue(q.round_type.code, q.round_type.name, q.stage, NEXT_STAGE[q.stage], counts[q.round_type_id])
        for q in training
        if counts.get(q.round_type_id, 0) >= settings.TRAINEE_PROMOTE_AFTER
    ]


def interviewer_profile_can_manage(*, viewer: User) -> bool:
    """Qualifications and seniority are training decisions: admins and recruiters only."""
    return viewer.has_role(ADMIN, RECRUITER)


def loop_list(*, viewer: User) -> QuerySet[Loop]:
    """Loops the viewer may see: one place decides, for pages and API alike.

    Admins see all. Otherwise the union of: loops on requisitions the viewer recruits for or
    manages, loops whose requisition's committee includes them, and loops they interview on — a
    UNION of indexed subqueries (an OR across those joins makes the database visit every loop).
    """
    loops = Loop.objects.select_related(
        "application__candidate", "application__requisition__team", "template"
    ).order_by("-created_at", "-id")
    if viewer.has_role(ADMIN):
        return loops
    return loops.filter(pk__in=loop_ids_visible(viewer=viewer))


def loop_ids_visible(*, viewer: User, only: Loop | None = None) -> QuerySet:
    """The ids of the loops a non-admin may see (`loop_list`), as one UNION subquery; with `only`, whether
    that one loop is among them (each branch filtered to it, so the database looks at that loop alone)."""
    assignments = InterviewAssignment.objects.filter(interviewer=viewer)
    loops = Loop.objects.all()
    if only is not None:
        assignments, loops = assignments.filter(interview__loop=only), loops.filter(pk=only.pk)
    parts = [assignments.order_by().values("interview__loop_id")]
    by_requisition = {
        RECRUITER: Q(application__requisition__recruiters=viewer),
        HIRING_MANAGER: Q(application__requisition__hiring_manager=viewer),
        COMMITTEE: Q(application__requisition__committee__members=viewer),
    }
    parts += [
        loops.filter(rule).order_by().values("pk") for role, rule in by_requisition.items() if viewer.has_role(role)
    ]
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def loop_feedback_list(*, viewer: User) -> QuerySet[Loop]:
    """Loops whose feedback the viewer may read: other people's scorecards and everything derived from
    them (the recommendation, the packet, flags, counts). The one owner of sealed feedback.

    The loops they may see at all, minus those on which they still owe a scorecard: reading the
    others' feedback comes after writing one's own, whatever other roles they hold.
    """
    return loop_list(viewer=viewer).exclude(pk__in=loops_owed_feedback(viewer=viewer))


# --- Sealed feedback: who still owes theirs on a loop --------------------------------------------
#
# The one definition. Someone owes feedback on a loop — and sees nothing derived from anyone else's
# until they no longer do — while
# - they have a draft scorecard on it (a scoring interviewer who has not submitted), or
# - the loop is not decided yet and they are on one of its interviews without having given feedback:
#   a shadow on a round not cancelled (shadows never score, so they stay sealed until the decision),
#   or anyone on it who has submitted nothing on the loop (say, their round was cancelled, which
#   deletes its drafts, and may be booked again).


def _draft_scorecards() -> QuerySet[Scorecard]:
    return Scorecard.objects.filter(status=Scorecard.Status.DRAFT)


def _unfed_assignments() -> QuerySet[InterviewAssignment]:
    gave_feedback = Scorecard.objects.filter(
        interview__loop=OuterRef("interview__loop"),
        interviewer=OuterRef("interviewer"),
        status=Scorecard.Status.SUBMITTED,
    )
    shadowing = Q(role=InterviewAssignment.Role.SHADOW) & ~Q(interview__status=Interview.Status.CANCELLED)
    return InterviewAssignment.objects.exclude(interview__loop__status=Loop.Status.DECIDED).filter(
        shadowing | ~Exists(gave_feedback)
    )


def loops_owed_feedback(*, viewer: User, only: Loop | None = None) -> QuerySet:
    """The loops (ids) on which the viewer still owes feedback: others' feedback on them stays sealed. With
    `only`, that loop's id if the viewer owes feedback on it (the database then looks at that loop alone)."""
    drafts = _draft_scorecards().filter(interviewer=viewer)
    unfed = _unfed_assignments().filter(interviewer=viewer)
    if only is not None:
        drafts, unfed = drafts.filter(interview__loop=only), unfed.filter(interview__loop=only)
    drafts, unfed = drafts.order_by().values("interview__loop"), unfed.order_by().values("interview__loop")
    return drafts.union(unfed)  # a UNION, not an OR: each side uses the interviewer's index


def loops_owed_feedback_by(*, people: Iterable[int]) -> dict[int, set[int]]:
    """The same, for several people at once (two queries): person id → loop ids."""
    people = list(people)
    owed: dict[int, set[int]] = {}
    for rows in (
        _draft_scorecards().filter(interviewer_id__in=people).values_list("interviewer_id", "interview__loop_id"),
        _unfed_assignments().filter(interviewer_id__in=people).values_list("interviewer_id", "interview__loop_id"),
    ):
        for person, loop in rows:
            owed.setdefault(person, set()).add(loop)
    return owed


def loop_feedback_sealed(*, viewer: User, loop: Loop) -> bool:
    """Whether the viewer still owes feedback on this loop (then nothing derived from others' shows)."""
    sealed = getattr(loop, "feedback_sealed", None)  # annotated by loop_detail_queryset
    if sealed is not None:
        return bool(sealed)
    return Loop.objects.filter(pk=loop.pk, pk__in=loops_owed_feedback(viewer=viewer, only=loop)).exists()


def people_owing_feedback(*, loop: Loop) -> set[int]:
    """Who still owes feedback on the loop: messages derived from its feedback skip them."""
    drafts = _draft_scorecards().filter(interview__loop=loop).values_list("interviewer_id", flat=True)
    unfed = _unfed_assignments().filter(interview__loop=loop).values_list("interviewer_id", flat=True)
    return set(drafts) | set(unfed)


def loop_is_kept(*, loop: Loop) -> bool:
    """A loop whose record must stay: decided, with feedback submitted on it, or ever booked (invites went
    out: it is cancelled on the loop page, which tells the calendars). Only a loop never booked may be
    deleted, to undo a mistake (the admin asks here)."""
    return (
        loop.status == Loop.Status.DECIDED
        or loop.interviews.filter(start__isnull=False).exists()
        or Scorecard.objects.filter(interview__loop=loop).exists()
    )


def interview_is_kept(*, interview: Interview) -> bool:
    """An interview that was ever booked, has a scorecard, or is on a decided loop stays (see `loop_is_kept`)."""
    return interview.loop.status == Loop.Status.DECIDED or interview.start is not None or interview.scorecards.exists()


def loop_links_packet(*, viewer: User, loop: Loop) -> bool:
    """Pages link a loop's packet once it has something to read and the viewer may read its feedback."""
    return loop.status in PACKET_STATES and loop_feedback_list(viewer=viewer).filter(pk=loop.pk).exists()


# Who gets packet links under applications on the candidate and requisition pages: those who review and decide.
PACKET_LINK_ROLES = (ADMIN, RECRUITER, HIRING_MANAGER, COMMITTEE)


def applications_interviewed_on(*, viewer: User) -> QuerySet:
    """The `hiring.hooks.applications_visible` receiver: interviewers see the applications they interview on."""
    return Loop.objects.filter(interviews__assignments__interviewer=viewer).values("application")


def application_loop_lines(*, viewer: User, application_ids: list[int]) -> dict[int, list[RelatedLine]]:
    """The `hiring.hooks.application_lines` receiver: per application, each loop the viewer may see (oldest
    first) linked to its page, with its status, and its packet where the viewer reviews and may read it.

    Two queries however many applications; visibility is `loop_list` and `loop_feedback_list`'s.
    """
    loops = loop_list(viewer=viewer).filter(application_id__in=application_ids).order_by("created_at", "id")
    readable: set[int] = set()
    if viewer.has_role(*PACKET_LINK_ROLES):
        readable = set(
            loop_feedback_list(viewer=viewer)
            .filter(application_id__in=application_ids, status__in=PACKET_STATES)
            .values_list("pk", flat=True)
        )
    lines: dict[int, list[RelatedLine]] = {}
    for loop in loops:
        links = [("Loop", reverse("interviews:loop", args=[loop.pk]))]
        if loop.pk in readable:
            links.append(("Packet", reverse("decisions:packet", args=[loop.pk])))
        note = loop.get_status_display().lower()
        lines.setdefault(loop.application_id, []).append(RelatedLine(links=tuple(links), note=note))
    return lines


def loop_sees_candidate_contact(*, viewer: User, loop: Loop) -> bool:
    """Contact PII (email, phone) is for the requisition's recruiters, manager, committee and admins."""
    if viewer.has_role(ADMIN):
        return True
    requisition = loop.application.requisition
    if viewer.has_role(RECRUITER) and requisition.recruiters.filter(pk=viewer.pk).exists():
        return True
    if viewer.has_role(HIRING_MANAGER) and requisition.hiring_manager_id == viewer.pk:
        return True
    return bool(
        viewer.has_role(COMMITTEE)
        and requisition.committee_id
        and requisition.committee.members.filter(pk=viewer.pk).exists()
    )


def interview_list(*, viewer: User) -> QuerySet[Interview]:
    """Interviews of the loops the viewer may see."""
    return (
        Interview.objects.filter(loop__in=loop_list(viewer=viewer).values("pk"))
        .select_related("loop__application__candidate", "round_type", "rubric")
        .order_by("start", "order", "id")
    )


def scorecard_list(*, viewer: User, loop: Loop | None = None) -> QuerySet[Scorecard]:
    """Scorecards the viewer may read. Independent review comes first:

    - your own scorecards, drafts included;
    - other people's *submitted* scorecards on loops you may see, except that if you interview
      on a loop you must have submitted all of your own scorecards for it first — whatever
      other roles you hold. Other people's drafts are never visible.

    With `loop`, only that loop's (the visibility check then looks at that loop alone).
    """
    scorecards = Scorecard.objects.all() if loop is None else Scorecard.objects.filter(interview__loop=loop)
    if viewer.has_role(ADMIN):
        seen = Q(status=Scorecard.Status.SUBMITTED)
    else:
        seen = Q(status=Scorecard.Status.SUBMITTED, interview__loop__in=loop_ids_visible(viewer=viewer, only=loop))
    # Loops where the viewer still owes feedback: others' stays hidden (`loops_owed_feedback`).
    owed = loops_owed_feedback(viewer=viewer, only=loop)
    visible = Q(interviewer=viewer) | (seen & ~Q(interview__loop__in=owed))
    return (
        scorecards.filter(visible)
        .select_related("interview__round_type", "interview__loop", "interviewer", "rubric")
        .order_by("interview__start", "interview__order", "interviewer__username")
    )


def scorecard_open_list() -> QuerySet[Scorecard]:
    """Scorecards still owed: drafts of interviews that are not cancelled, in loops neither cancelled nor
    decided (once the committee has decided, nobody is chased for feedback any more). The reminders, the
    escalations, the digest and the feedback board all start here."""
    return (
        Scorecard.objects.filter(status=Scorecard.Status.DRAFT)
        .exclude(interview__status=Interview.Status.CANCELLED)
        .exclude(interview__loop__status__in=(Loop.Status.CANCELLED, Loop.Status.DECIDED))
        .select_related(
            "interviewer__interviewer_profile",
            "interview__round_type",
            "interview__loop__application__candidate",
            "interview__loop__application__requisition__team",
        )
    )


def interview_feedback_state(interview: Interview, scorecard: Scorecard | None, *, now: dt.datetime) -> str:
    """One interviewer's feedback on an interview, from the stored times (interviews.feedback_timing)."""
    return feedback_timing.feedback_state(
        now=now,
        end=interview.end,
        overdue_at=interview.scorecard_overdue_at,
        submitted=scorecard is not None and scorecard.status == Scorecard.Status.SUBMITTED,
        cancelled=interview.status == Interview.Status.CANCELLED,
    )


@dataclass(frozen=True)
class MyInterviewRow:
    interview: Interview
    scorecard: Scorecard | None
    state: str  # upcoming / due / overdue / submitted / cancelled


# My interviews: what needs doing first (the groups of the page, in this order).
STATE_ORDER = {
    state: rank
    for rank, state in enumerate(
        (
            FeedbackState.OVERDUE,
            FeedbackState.DUE,
            FeedbackState.UPCOMING,
            FeedbackState.SUBMITTED,
            FeedbackState.CANCELLED,
        )
    )
}


MY_INTERVIEWS_DONE_PER_PAGE = 25


@dataclass(frozen=True)
class MyInterviews:
    rows: list[MyInterviewRow]  # what is still open (all of it), then one page of what is done
    page: int
    has_previous: bool
    has_next: bool


def my_interviews(
    *, viewer: User, now: dt.datetime | None = None, page: int = 1, per_page: int = MY_INTERVIEWS_DONE_PER_PAGE
) -> MyInterviews:
    """The viewer's interviews with their own scorecard; overdue and due feedback first. Everything still
    open (upcoming, due, overdue) is always there; what is done (submitted or cancelled), most recent
    first, comes a page at a time, so a long-serving interviewer's page stays small."""
    now = now or timezone.now()
    submitted = Scorecard.objects.filter(
        interview=OuterRef("pk"), interviewer=viewer, status=Scorecard.Status.SUBMITTED
    )
    mine = (
        Interview.objects.filter(pk__in=InterviewAssignment.objects.filter(interviewer=viewer).values("interview"))
        .select_related("loop__application__candidate", "round_type")
        .prefetch_related(Prefetch("scorecards", queryset=Scorecard.objects.filter(interviewer=viewer), to_attr="mine"))
    )
    # Done = feedback_timing.feedback_state's first two answers (cancelled, or submitted by the viewer);
    # each row's state still comes from feedback_state itself, this only decides which rows are paged.
    done = Q(status=Interview.Status.CANCELLED) | Q(Exists(submitted))
    page = max(page, 1)
    start = (page - 1) * per_page
    finished = list(mine.filter(done).order_by("-start", "-id")[start : start + per_page + 1])
    interviews = [*mine.exclude(done), *finished[:per_page]]
    rows = []
    for interview in interviews:
        scorecard = interview.mine[0] if interview.mine else None
        rows.append(MyInterviewRow(interview, scorecard, interview_feedback_state(interview, scorecard, now=now)))
    return MyInterviews(rows=_by_urgency(rows), page=page, has_previous=page > 1, has_next=len(finished) > per_page)


def _by_urgency(rows: list[MyInterviewRow]) -> list[MyInterviewRow]:
    far_future = dt.datetime.max.replace(tzinfo=dt.UTC)

    def sort_key(row: MyInterviewRow):
        start = row.interview.start or far_future
        # Upcoming soonest first; finished ones most recent first.
        when = start.timestamp() if row.state == FeedbackState.UPCOMING else -start.timestamp()
        return (STATE_ORDER[row.state], when)

    return sorted(rows, key=sort_key)


@dataclass(frozen=True)
class InterviewKit:
    interview: Interview
    competencies: list[Competency]
    scorecard: Scorecard | None
    loop_interviews: list[Interview]
    others: list[Scorecard]  # other people's submitted scorecards the viewer may read
    others_hidden: bool  # the viewer still owes feedback on this loop
    revisions: list[ScorecardRevision]
    revision_changes: dict[int, list[str]]  # revision number → what it changed
    bar_specs: dict[int, bars.BarSpec]  # competency id → its bar in this loop, in rubric order


def interview_kit(*, viewer: User, interview_id: int) -> InterviewKit:
    """Everything the kit page shows. 404 (NotFound) unless the viewer may see the interview's loop."""
    interview = (
        interview_list(viewer=viewer)
        .select_related("loop__template", "round_type", "rubric")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        raise NotFound()
    competencies = list(interview.rubric.competencies.order_by("order", "id"))
    scorecard = (
        Scorecard.objects.filter(interview=interview, interviewer=viewer)
        .prefetch_related("ratings")
        .select_related("rubric")
        .first()
    )
    if scorecard is not None and scorecard.rubric_id != interview.rubric_id:
        competencies = list(scorecard.rubric.competencies.order_by("order", "id"))
    loop_interviews = list(
        interview.loop.interviews.select_related("round_type")
        .prefetch_related("assignments__interviewer")
        .order_by("order")
    )
    owes = loop_feedback_sealed(viewer=viewer, loop=interview.loop)
    others = list(
        scorecard_list(viewer=viewer)
        .filter(interview__loop=interview.loop, status=Scorecard.Status.SUBMITTED)
        .exclude(interviewer=viewer)
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.select_related("competency")))
    )
    revisions = list(scorecard.revisions.select_related("author").order_by("number")) if scorecard else []
    names = {c.id: c.name for c in competencies}
    changes = {
        revision.number: scorecard_rules.revision_changes(
            revisions[index - 1].content if index else None, revision.content, names
        )
        for index, revision in enumerate(revisions)
    }
    return InterviewKit(
        interview,
        competencies,
        scorecard,
        loop_interviews,
        others,
        owes,
        revisions,
        changes,
        _kit_bars(interview, competencies, loop_interviews),
    )


def _kit_bars(
    interview: Interview, competencies: list[Competency], loop_interviews: list[Interview]
) -> dict[int, bars.BarSpec]:
    """Each competency's bar in this loop (`interviews.bars`), and whether anyone else rates it too: another
    round of the loop with the same competency, or a second scoring interviewer on this one."""
    template = interview.loop.template
    explicit = template.competency_bars or {}
    this = next((i for i in loop_interviews if i.pk == interview.pk), interview)
    co_raters = sum(1 for a in this.assignments.all() if a.role == InterviewAssignment.Role.INTERVIEWER) > 1
    elsewhere = set(
        Interview.objects.filter(loop_id=interview.loop_id)
        .exclude(pk=interview.pk)
        .exclude(status=Interview.Status.CANCELLED)
        .values_list("rubric__competencies__code", flat=True)
    )
    return {
        c.pk: bars.BarSpec(
            competency=c.pk,
            name=c.name,
            bar=bars.bar_for(default=template.competency_bar, bars=explicit, code=c.code),
            held=bars.held_to_bar(
                round_required=interview.required, competency_required=c.required, code=c.code, bars=explicit
            ),
            rated_elsewhere=co_raters or c.code in elsewhere,
        )
        for c in competencies
    }


def loop_workload(*, viewer: User) -> dict[str, int]:
    """For a recruiter's home page: loops to schedule and loops awaiting feedback (on the loops whose
    feedback they may read). The overdue scorecards to chase are the feedback board's count."""
    loops = loop_feedback_list(viewer=viewer)  # counts of others' feedback are feedback too
    return {
        "to_schedule": loops.filter(status__in=[Loop.Status.DRAFT, Loop.Status.SCHEDULING]).count(),
        "awaiting_feedback": loops.filter(status=Loop.Status.AWAITING_FEEDBACK).count(),
    }
