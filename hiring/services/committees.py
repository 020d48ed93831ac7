"""Hiring committees: who reviews a requisition's loops, and who chairs (records the decision)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.roles import COMMITTEE
from core.errors import ValidationFailed
from core.services import model_update
from hiring.models import Committee
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


def _check_name_free(name: str, *, exclude_id: int | None = None) -> None:
    if Committee.objects.filter(name__iexact=name).exclude(pk=exclude_id).exists():
        raise ValidationFailed({"name": [COMMITTEE_NAME_TAKEN]})


@transaction.atomic
def committee_create(*, name: str, member_ids: Iterable[int], chair_id: int) -> Committee:
    _check_name_free(name)
    members, chair = _committee_people(member_ids=member_ids, chair_id=chair_id)
    committee = Committee.objects.create(name=name, chair=chair)
    committee.members.set(members)
    return committee


@transaction.atomic
def committee_update(*, committee: Committee, data: Mapping[str, Any]) -> Committee:
    """Change any of `name`, `member_ids` and `chair_id` (absent keys stay as they are)."""
    if "name" in data and data["name"].lower() != committee.name.lower():
        _check_name_free(data["name"], exclude_id=committee.pk)
    changes = {key: data[key] for key in ("name",) if key in data}
    if "member_ids" in data or "chair_id" in data:
        member_ids = data.get("member_ids")
        if member_ids is None:
            member_ids = committee.members.values_list("pk", flat=True)
        members, chair = _committee_people(
            member_ids=list(member_ids), chair_id=data.get("chair_id", committee.chair_id)
        )
        changes["chair"] = chair
        committee.members.set(members)
    model_update(instance=committee, fields=["name", "chair"], data=changes)
    return committee
