import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import PermissionDenied, ValidationFailed
from interviews.models import BusyBlock, InterviewerProfile, Qualification, RoundType, Scorecard
from interviews.selectors import interviewer_profile_can_manage

DEFAULT_WEEKDAYS = [0, 1, 2, 3, 4]
ONLY_MANAGERS_CHANGE_TRAINING = "Only recruiters and admins change qualifications or senior-leader status."
WORKING_HOURS_ORDER = "The working day must end after it starts."
BUSY_ORDER = "Each busy block must end after it starts (block {index})."
UNKNOWN_ROUND_TYPE = "Unknown round type {code!r}."
PROFILE_EXISTS = "This user already has an interviewer profile."
NO_SUCH_USER = "No user with id {user_id}."


def interviewer_profile_ensure(*, user: User) -> InterviewerProfile:
    profile, _ = InterviewerProfile.objects.get_or_create(user=user, defaults={"weekdays": DEFAULT_WEEKDAYS})
    return profile


@transaction.atomic
def interviewer_profile_create(*, user_id: int, actor: User, **changes: Any) -> InterviewerProfile:
    """A profile for an existing user, created by a recruiter or admin."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise ValidationFailed({"user": [NO_SUCH_USER.format(user_id=user_id)]})
    if InterviewerProfile.objects.filter(user=user).exists():
        raise ValidationFailed({"user": [PROFILE_EXISTS]})
    profile = interviewer_profile_ensure(user=user)
    return interviewer_profile_update(profile=profile, actor=actor, **changes)


@transaction.atomic
def interviewer_profile_update(
    *,
    profile: InterviewerProfile,
    actor: User,
    senior_leader: bool | None = None,
    timezone_name: str | None = None,
    working_hours: Mapping[str, Any] | None = None,
    weekly_cap: int | None = None,
    qualifications: Iterable[Mapping[str, str]] | None = None,
    busy: Iterable[Mapping[str, dt.datetime]] | None = None,
) -> InterviewerProfile:
    """Update a profile. `busy` replaces the manually entered blocks; imported ones stay."""
    if not interviewer_profile_can_manage(viewer=actor) and (senior_leader is not None or qualifications is not None):
        raise PermissionDenied(ONLY_MANAGERS_CHANGE_TRAINING)
    if senior_leader is not None:
        profile.senior_leader = senior_leader
    if timezone_name is not None:
        profile.timezone = timezone_name
    if working_hours is not None:
        start = working_hours.get("start", profile.work_start)
        end = working_hours.get("end", profile.work_end)
        if end <= start:
            raise ValidationFailed({"working_hours": [WORKING_HOURS_ORDER]})
        profile.work_start, profile.work_end = start, end
        if "weekdays" in working_hours:
            profile.weekdays = sorted(set(working_hours["weekdays"]))
    if weekly_cap is not None:
        profile.weekly_cap = weekly_cap
    profile.save()

    if qualifications is not None:
        _replace_qualifications(profile, qualifications)
    if busy is not None:
        _replace_manual_busy(profile, busy)
    return profile


def _replace_qualifications(profile: InterviewerProfile, qualifications: Iterable[Mapping[str, str]]) -> None:
    wanted = {item["round_type"]: item["stage"] for item in qualifications}
    round_types = {rt.code: rt for rt in RoundType.objects.filter(code__in=wanted)}
    unknown = sorted(set(wanted) - set(round_types))
    if unknown:
        raise ValidationFailed({"qualifications": [UNKNOWN_ROUND_TYPE.format(code=code) for code in unknown]})
    profile.qualifications.exclude(round_type__code__in=wanted).delete()
    for code, stage in wanted.items():
        Qualification.objects.update_or_create(profile=profile, round_type=round_types[code], defaults={"stage": stage})


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
