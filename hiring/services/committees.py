"""Hiring committees: who reviews a requisition's loops, who chairs (records the decision), and how many
votes the chair needs first (`quorum`, see `hiring.quorum`). The API and the Django admin both write
through here."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.roles import COMMITTEE
from core.errors import ValidationFailed
from core.services import model_update
from hiring.models import Committee
from hiring.quorum import quorum_problem
from hiring.services.common import UNKNOWN_USERS, users_in_role

COMMITTEE_NAME_TAKEN = "A committee with this name already exists."
NOT_COMMITTEE_MEMBERS = "{names}: not in the committee role; give them the role first."


def _committee_people(*, member_ids: Iterable[int], chair_id: int) -> tuple[list[User], User]:
    """Resolve and check the people; the chair is always a member."""
    member_ids = set(member_ids)
    ids = member_ids | {chair_id}
    missing = sorted(ids - set(User.objects.filter(pk__in=ids).values_list("pk", flat=True)))
    if missing == [chair_id] and chair_id not in member_ids:
        raise ValidationFailed({"chair": [UNKNOWN_USERS.format(ids=chair_id)]})
    users = users_in_role(ids=ids, role=COMMITTEE, field="members", lacks_role=NOT_COMMITTEE_MEMBERS)
    return list(users.values()), users[chair_id]


def committee_check(
    *, name: str, member_ids: Iterable[int], chair_id: int, quorum: int | None, exclude_id: int | None = None
) -> tuple[list[User], User]:
    """Everything a committee must satisfy, as one 400 (field → reasons); → (members, chair)."""
    if Committee.objects.filter(name__iexact=name).exclude(pk=exclude_id).exists():
        raise ValidationFailed({"name": [COMMITTEE_NAME_TAKEN]})
    members, chair = _committee_people(member_ids=member_ids, chair_id=chair_id)
    problem = quorum_problem(quorum=quorum, members=len(members))
    if problem:
        raise ValidationFailed({"quorum": [problem]})
    return members, chair


@transaction.atomic
def committee_create(
    *, name: str, member_ids: Iterable[int], chair_id: int, quorum: int | None = None, debrief_minutes: int = 0
) -> Committee:
    members, chair = committee_check(name=name, member_ids=member_ids, chair_id=chair_id, quorum=quorum)
    committee = Committee.objects.create(name=name, chair=chair, quorum=quorum, debrief_minutes=debrief_minutes)
    committee.members.set(members)
    return committee


@transaction.atomic
def committee_update(*, committee: Committee, data: Mapping[str, Any]) -> Committee:
    """Change any of `name`, `member_ids`, `chair_id`, `quorum` and `debrief_minutes` (absent keys stay as they
    are; a null quorum is the default). A quorum above the new member count is refused, not silently lowered."""
    member_ids = data.get("member_ids")
    if member_ids is None:
        member_ids = list(committee.members.values_list("pk", flat=True))
    values = {
        "name": data.get("name", committee.name),
        "chair_id": data.get("chair_id", committee.chair_id),
        "quorum": data.get("quorum", committee.quorum),
    }
    members, chair = committee_check(member_ids=member_ids, exclude_id=committee.pk, **values)
    committee.members.set(members)
    model_update(
        instance=committee,
        fields=["name", "chair", "quorum", "debrief_minutes"],
        data={
            "name": values["name"],
            "chair": chair,
            "quorum": values["quorum"],
            "debrief_minutes": data.get("debrief_minutes", committee.debrief_minutes),
        },
    )
    return committee
