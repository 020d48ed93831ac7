import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADMIN, INTERVIEWER
from accounts.services import user_update
from core.errors import PermissionDenied, StaleVersion, ValidationFailed, shown
from core.redaction import Redactor
from core.services import model_update
from interviews import calendar_sync, feedback_timing, hooks, scorecard_rules
from interviews.models import (
    BusyBlock,
    InterviewerProfile,
    Loop,
    Qualification,
    Rating,
    RoundType,
    Scorecard,
    ScorecardRevision,
)
from interviews.selectors import interviewer_profile_can_manage

DEFAULT_WEEKDAYS = [0, 1, 2, 3, 4]
ONLY_MANAGERS_CHANGE_TRAINING = "Only recruiters and admins change qualifications or senior-leader status."
WORKING_HOURS_ORDER = "The working day must end after it starts."
BUSY_ORDER = "Each busy block must end after it starts (block {index})."
UNKNOWN_ROUND_TYPE = "Unknown round type {code}."
PROFILE_EXISTS = "This user already has an interviewer profile."
NO_SUCH_USER = "No user with id {user_id}."


FEEDBACK_TIME_FIELDS = ("scorecard_due_at", "scorecard_overdue_at", "scorecard_late_at")


def interview_feedback_times(*, end: dt.datetime | None) -> dict[str, dt.datetime | None]:
    """The stored feedback times of an interview ending at `end` (feedback_timing's definitions);
    all empty for an interview that is not booked or was cancelled."""
    if end is None:
        return dict.fromkeys(FEEDBACK_TIME_FIELDS)
    times = feedback_timing.feedback_times(end)
    return dict(zip(FEEDBACK_TIME_FIELDS, (times.due_at, times.overdue_at, times.late_at), strict=True))


def interviewer_roles_changed(*, user: User, roles: frozenset[str]) -> None:
    """The `accounts.hooks.roles_changed` receiver: whoever becomes an interviewer gets a profile."""
    if INTERVIEWER in roles:
        interviewer_profile_ensure(user=user)


def interviewer_profile_ensure(*, user: User) -> InterviewerProfile:
    profile, _ = InterviewerProfile.objects.get_or_create(user=user, defaults={"weekdays": DEFAULT_WEEKDAYS})
    return profile


@transaction.atomic
def interviewer_profile_create(*, user_id: int, actor: User, data: Mapping[str, Any]) -> InterviewerProfile:
    """A profile for an existing user, created by a recruiter or admin."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise ValidationFailed({"user": [NO_SUCH_USER.format(user_id=user_id)]})
    if InterviewerProfile.objects.filter(user=user).exists():
        raise ValidationFailed({"user": [PROFILE_EXISTS]})
    profile = interviewer_profile_ensure(user=user)
    return interviewer_profile_update(profile=profile, actor=actor, data=data)


TRAINING = ("senior_leader", "qualifications")
PROFILE_FIELDS = ["senior_leader", "weekly_cap", "work_start", "work_end", "weekdays"]


@transaction.atomic
def interviewer_profile_update(
    *, profile: InterviewerProfile, actor: User, data: Mapping[str, Any]
) -> InterviewerProfile:
    """Change any of `senior_leader`, `timezone`, `working_hours` ({start, end, weekdays}), `weekly_cap`,
    `meeting_url` (their own meeting room), `calendar` (their CalDAV calendar: calendar_sync),
    `qualifications` and `busy` (absent keys stay). `busy` replaces the manually entered blocks;
    imported ones stay. Training (seniority, qualifications) is for recruiters and admins."""
    if not interviewer_profile_can_manage(viewer=actor) and any(data.get(name) is not None for name in TRAINING):
        raise PermissionDenied(ONLY_MANAGERS_CHANGE_TRAINING)
    fields = ("senior_leader", "weekly_cap", "meeting_url")
    changes = {name: data[name] for name in fields if data.get(name) is not None}
    if data.get("working_hours") is not None:
        changes.update(_working_hours(profile, data["working_hours"]))
    model_update(instance=profile, fields=[*fields, "work_start", "work_end", "weekdays"], data=changes)
    if data.get("timezone") is not None:
        # The person's one zone: their pages, e-mails and working hours all follow it.
        user_update(user=profile.user, data={"timezone": data["timezone"]})
    if data.get("qualifications") is not None:
        _replace_qualifications(profile, data["qualifications"])
    if data.get("busy") is not None:
        _replace_manual_busy(profile, data["busy"])
    if data.get("calendar") is not None:
        calendar = data["calendar"]
        profile = calendar_sync.interviewer_calendar_connect(
            profile=profile,
            actor=actor,
            caldav_url=calendar.get("caldav_url", ""),
            username=calendar.get("username", ""),
            password=calendar.get("password", ""),
        )
    return profile


def _working_hours(profile: InterviewerProfile, hours: Mapping[str, Any]) -> dict[str, Any]:
    start, end = hours.get("start", profile.work_start), hours.get("end", profile.work_end)
    if end <= start:
        raise ValidationFailed({"working_hours": [WORKING_HOURS_ORDER]})
    changes = {"work_start": start, "work_end": end}
    if "weekdays" in hours:
        changes["weekdays"] = sorted(set(hours["weekdays"]))
    return changes


def _replace_qualifications(profile: InterviewerProfile, qualifications: Iterable[Mapping[str, str]]) -> None:
    wanted = {item["round_type"]: item["stage"] for item in qualifications}
    round_types = {rt.code: rt for rt in RoundType.objects.filter(code__in=wanted)}
    unknown = sorted(set(wanted) - set(round_types))
    if unknown:
        raise ValidationFailed({"qualifications": [UNKNOWN_ROUND_TYPE.format(code=shown(code)) for code in unknown]})
    profile.qualifications.exclude(round_type__code__in=wanted).delete()
    current = {q.round_type_id: q.stage for q in profile.qualifications.all()}
    for code, stage in wanted.items():
        round_type = round_types[code]
        if current.get(round_type.pk) == stage:
            continue
        Qualification.objects.update_or_create(
            profile=profile, round_type=round_type, defaults={"stage": stage, "stage_since": timezone.now()}
        )


def _replace_manual_busy(profile: InterviewerProfile, busy: Iterable[Mapping[str, dt.datetime]]) -> None:
    blocks = list(busy)
    problems = [BUSY_ORDER.format(index=i + 1) for i, block in enumerate(blocks) if block["end"] <= block["start"]]
    if problems:
        raise ValidationFailed({"busy": problems})
    # Mirror what the API shows: upcoming manual blocks are replaced, past ones are history.
    profile.busy_blocks.filter(source=BusyBlock.Source.MANUAL, end__gte=timezone.now()).delete()
    BusyBlock.objects.bulk_create(
        BusyBlock(profile=profile, start=block["start"], end=block["end"], source=BusyBlock.Source.MANUAL)
        for block in blocks
    )


def scorecard_content(*, scorecard: Scorecard) -> dict[str, Any]:
    """What a revision freezes: every rating with its evidence, the overall and the flags."""
    return {
        "ratings": [
            {
                "competency": rating.competency_id,
                "code": rating.competency.code,
                "score": rating.score,
                "evidence": rating.evidence,
            }
            for rating in scorecard.ratings.select_related("competency").order_by("competency__order")
        ],
        "overall": scorecard.overall,
        "summary": scorecard.summary,
        "brilliant_jerk": scorecard.brilliant_jerk,
        "jerk_evidence": scorecard.jerk_evidence,
        "force_fit_concern": scorecard.force_fit_concern,
        "force_fit_evidence": scorecard.force_fit_evidence,
    }


# --- Scorecards -----------------------------------------------------------------------------

SCORECARD_LOCKED = "This scorecard was submitted and can no longer be edited; amend it with a reason instead."
SCORECARD_NOT_SUBMITTED = "Only a submitted scorecard can be amended; edit the draft instead."
NOT_YOUR_SCORECARD = "Only the interviewer who owns this scorecard can change it."
AMEND_REASON_MISSING = "Say why you are amending a submitted scorecard."
INTERVIEW_NOT_STARTED = "You can submit once the interview has started ({start})."
INTERVIEW_CANCELLED = "This interview was cancelled; there is nothing to submit."


def _scorecard_input(
    scorecard: Scorecard, changes: Mapping[str, Any]
) -> tuple[scorecard_rules.ScorecardInput, list[scorecard_rules.CompetencySpec]]:
    """The scorecard as it would be after `changes`, in the pure rules' terms."""
    current = {r.competency_id: r for r in scorecard.ratings.all()}
    merged = {cid: (r.score, r.evidence) for cid, r in current.items()}
    for rating in changes.get("ratings") or []:
        merged[rating["competency"]] = (rating.get("score"), rating.get("evidence", ""))
    content = scorecard_rules.ScorecardInput(
        ratings=[scorecard_rules.RatingInput(cid, score, evidence or "") for cid, (score, evidence) in merged.items()],
        **{
            name: changes.get(name, getattr(scorecard, name))
            for name in (
                "overall",
                "summary",
                "brilliant_jerk",
                "jerk_evidence",
                "force_fit_concern",
                "force_fit_evidence",
            )
        },
    )
    competencies = [
        scorecard_rules.CompetencySpec(c.id, c.name, c.required) for c in scorecard.rubric.competencies.all()
    ]
    return content, competencies


def _is_depth(scorecard: Scorecard) -> bool:
    return scorecard.interview.round_type.code == RoundType.Code.DEPTH


def _claim_version(scorecard: Scorecard, version: int) -> None:
    """Raise the version only if nobody else did since `version` was read: detects concurrent edits."""
    claimed = Scorecard.objects.filter(pk=scorecard.pk, version=version).update(version=F("version") + 1)
    if not claimed:
        current = Scorecard.objects.filter(pk=scorecard.pk).values_list("version", flat=True).first()
        raise StaleVersion(current_version=current or 0)
    scorecard.version = version + 1


def _write_content(scorecard: Scorecard, content: scorecard_rules.ScorecardInput) -> None:
    for name in ("overall", "summary", "brilliant_jerk", "jerk_evidence", "force_fit_concern", "force_fit_evidence"):
        setattr(scorecard, name, getattr(content, name))
    existing = {r.competency_id: r for r in scorecard.ratings.all()}
    for rating in content.ratings:
        row = existing.get(rating.competency)
        if row is None:
            Rating.objects.create(
                scorecard=scorecard, competency_id=rating.competency, score=rating.score, evidence=rating.evidence
            )
        elif (row.score, row.evidence) != (rating.score, rating.evidence):
            row.score, row.evidence = rating.score, rating.evidence
            row.save(update_fields=["score", "evidence"])


def scorecard_require_owner(scorecard: Scorecard, actor: User) -> None:
    if scorecard.interviewer_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_SCORECARD)


@transaction.atomic
def scorecard_update_draft(*, scorecard: Scorecard, actor: User, version: int, changes: Mapping[str, Any]) -> Scorecard:
    """Save a draft. `changes` holds any of the content fields; ratings are merged by competency."""
    scorecard = Scorecard.objects.select_for_update().select_related("interview__round_type").get(pk=scorecard.pk)
    scorecard_require_owner(scorecard, actor)
    if scorecard.status != Scorecard.Status.DRAFT:
        raise ValidationFailed({"status": [SCORECARD_LOCKED]})
    content, competencies = _scorecard_input(scorecard, changes)
    problems = scorecard_rules.draft_problems(content, competencies, is_depth_round=_is_depth(scorecard))
    if problems:
        raise ValidationFailed(scorecard_rules.problems_by_field(problems), details=problems)
    _claim_version(scorecard, version)
    _write_content(scorecard, content)
    scorecard.save()
    return scorecard


@transaction.atomic
def scorecard_submit(
    *,
    scorecard: Scorecard,
    actor: User,
    version: int | None = None,
    changes: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Scorecard:
    """Check completeness (every problem at once), lock the scorecard and keep its first revision."""
    now = now or timezone.now()
    scorecard = (
        Scorecard.objects.select_for_update()
        .select_related("interview__round_type", "interview__loop")
        .get(pk=scorecard.pk)
    )
    scorecard_require_owner(scorecard, actor)
    if scorecard.status != Scorecard.Status.DRAFT:
        raise ValidationFailed({"status": [SCORECARD_LOCKED]})
    interview = scorecard.interview
    if interview.status == interview.Status.CANCELLED:
        raise ValidationFailed(INTERVIEW_CANCELLED)
    if interview.start is None or now < interview.start:
        # Shown on pages in the person's own zone (activated per request), in the API in UTC.
        start = (
            f"{timezone.localtime(interview.start):%a %d %b %Y, %H:%M %Z}" if interview.start else "not scheduled yet"
        )
        raise ValidationFailed(INTERVIEW_NOT_STARTED.format(start=start))
    content, competencies = _scorecard_input(scorecard, changes or {})
    problems = scorecard_rules.submit_problems(content, competencies, is_depth_round=_is_depth(scorecard))
    if problems:
        raise ValidationFailed(scorecard_rules.problems_by_field(problems), details=problems)
    _claim_version(scorecard, scorecard.version if version is None else version)
    _write_content(scorecard, content)
    scorecard.status = Scorecard.Status.SUBMITTED
    scorecard.submitted_at = now
    scorecard.save()
    ScorecardRevision.objects.create(
        scorecard=scorecard, number=1, content=scorecard_content(scorecard=scorecard), author=actor
    )
    _after_feedback_changed(scorecard, revision=1)
    return scorecard


@transaction.atomic
def scorecard_amend(
    *,
    scorecard: Scorecard,
    actor: User,
    reason: str,
    changes: Mapping[str, Any],
    version: int | None = None,
    now: dt.datetime | None = None,
) -> Scorecard:
    """Change a submitted scorecard as a new revision with a reason; the history is kept."""
    now = now or timezone.now()
    scorecard = (
        Scorecard.objects.select_for_update()
        .select_related("interview__round_type", "interview__loop")
        .get(pk=scorecard.pk)
    )
    scorecard_require_owner(scorecard, actor)
    if scorecard.status != Scorecard.Status.SUBMITTED:
        raise ValidationFailed({"status": [SCORECARD_NOT_SUBMITTED]})
    content, competencies = _scorecard_input(scorecard, changes)
    problems = scorecard_rules.submit_problems(content, competencies, is_depth_round=_is_depth(scorecard))
    unchanged = scorecard_rules.amendment_problem(_scorecard_input(scorecard, {})[0], content)
    if unchanged:
        problems.insert(0, unchanged)
    if not reason.strip():
        problems.insert(0, scorecard_rules.Problem("reason", AMEND_REASON_MISSING))
    if problems:
        raise ValidationFailed(scorecard_rules.problems_by_field(problems), details=problems)
    _claim_version(scorecard, scorecard.version if version is None else version)
    _write_content(scorecard, content)
    scorecard.amended_at = now
    scorecard.save()
    number = scorecard.revisions.count() + 1
    ScorecardRevision.objects.create(
        scorecard=scorecard,
        number=number,
        reason=reason.strip(),
        content=scorecard_content(scorecard=scorecard),
        author=actor,
        after_decision=scorecard.interview.loop.status == Loop.Status.DECIDED,
    )
    _after_feedback_changed(scorecard, revision=number)
    return scorecard


def _after_feedback_changed(scorecard: Scorecard, *, revision: int) -> None:
    """Feedback changed: a loop whose interviews have begun is awaiting feedback, and the apps above
    are told (the decisions app recomputes the recommendation; once the last required scorecard is
    in, that moves the loop to ready for review and tells the committee)."""
    loop = scorecard.interview.loop
    if (
        loop.status in {Loop.Status.SCHEDULED, Loop.Status.SCHEDULING}
        and loop.interviews.filter(end__lte=timezone.now()).exists()
    ):
        loop.status = Loop.Status.AWAITING_FEEDBACK
        loop.save(update_fields=["status", "updated_at"])
    hooks.feedback_changed.call(loop=loop, scorecard=scorecard, revision=revision)


# --- Anonymization ---------------------------------------------------------------------------


def _redact_fields(rows, redact: Redactor, fields: tuple[str, ...], json_fields: tuple[str, ...] = ()) -> int:
    changed = 0
    for row in rows:
        touched = []
        for name in fields:
            value = getattr(row, name)
            if redact.mentions(value):
                setattr(row, name, redact(value))
                touched.append(name)
        for name in json_fields:
            value = getattr(row, name)
            redacted = redact.json(value)
            if redacted != value:
                setattr(row, name, redacted)
                touched.append(name)
        if touched:
            row.save(update_fields=touched)
            changed += 1
    return changed


def candidate_anonymized(*, candidate, redact: Redactor) -> None:
    """hiring.hooks.candidate_anonymized: erase the candidate from the free text of their loops (scorecards,
    ratings, revisions, the stored recommendation) and from interviewers' imported busy-time titles."""
    loops = Loop.objects.filter(application__candidate=candidate)
    _redact_fields(
        Scorecard.objects.filter(interview__loop__in=loops),
        redact,
        ("summary", "jerk_evidence", "force_fit_evidence"),
    )
    _redact_fields(
        Rating.objects.filter(scorecard__interview__loop__in=loops).exclude(evidence=""), redact, ("evidence",)
    )
    _redact_fields(
        ScorecardRevision.objects.filter(scorecard__interview__loop__in=loops), redact, ("reason",), ("content",)
    )
    _redact_fields(loops, redact, (), ("latest_recommendation",))
    busy = BusyBlock.objects.exclude(summary="")
    found = Q()
    for needle in redact.names:
        found |= Q(summary__icontains=needle)
    if found:
        _redact_fields(busy.filter(found), redact, ("summary",))


FEED_ONLY_THEIRS = "Only the interviewer themselves (or an admin) makes a new calendar feed link."


@transaction.atomic
def interviewer_feed_rotate(*, profile: InterviewerProfile, actor: User) -> InterviewerProfile:
    """A new secret for the person's calendar feed: the old URL stops working at once (revoked)."""
    if actor.pk != profile.user_id and not actor.has_role(ADMIN):
        raise PermissionDenied(FEED_ONLY_THEIRS)
    profile.feed_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["feed_token"])
    return profile


def interviewer_feed_token(*, profile: InterviewerProfile) -> str:
    """The person's feed secret, made the first time it is needed."""
    if not profile.feed_token:
        InterviewerProfile.objects.filter(pk=profile.pk, feed_token="").update(feed_token=secrets.token_urlsafe(32))
        profile.refresh_from_db(fields=["feed_token"])
    return profile.feed_token
