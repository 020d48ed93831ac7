from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from accounts.roles import COMMITTEE
from core.errors import ValidationFailed
from hiring.models import Committee

COMMITTEE_NAME_TAKEN = "A committee with this name already exists."
NOT_COMMITTEE_MEMBERS = "{names}: not in the committee role; give them the role first."
UNKNOWN_USERS = "No users with ids {ids}."


def _committee_people(*, member_ids: Iterable[int], chair_id: int) -> tuple[list[User], User]:
    """Resolve and check the people; the chair is always a member."""
    ids = set(member_ids) | {chair_id}
    users = {user.pk: user for user in User.objects.filter(pk__in=ids).prefetch_related("groups")}
    missing = sorted(ids - set(users))
    if missing:
        field = "chair" if missing == [chair_id] and chair_id not in set(member_ids) else "members"
        raise ValidationFailed({field: [UNKNOWN_USERS.format(ids=", ".join(map(str, missing)))]})
    outsiders = sorted(str(user) for user in users.values() if not user.has_role(COMMITTEE))
    if outsiders:
        raise ValidationFailed({"members": [NOT_COMMITTEE_MEMBERS.format(names=", ".join(outsiders))]})
    return list(users.values()), users[chair_id]


@transaction.atomic
def committee_create(*, name: str, member_ids: Iterable[int], chair_id: int) -> Committee:
    if Committee.objects.filter(name__iexact=name).exists():
        raise ValidationFailed({"name": [COMMITTEE_NAME_TAKEN]})
    members, chair = _committee_people(member_ids=member_ids, chair_id=chair_id)
    committee = Committee.objects.create(name=name, chair=chair)
    committee.members.set(members)
    return committee


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    name: str | None = None,
    member_ids: Iterable[int] | None = None,
    chair_id: int | None = None,
) -> Committee:
    if name is not None and name.lower() != committee.name.lower():
        if Committee.objects.filter(name__iexact=name).exclude(pk=committee.pk).exists():
            raise ValidationFailed({"name": [COMMITTEE_NAME_TAKEN]})
        committee.name = name
    if member_ids is not None or chair_id is not None:
        current_members = member_ids if member_ids is not None else committee.members.values_list("pk", flat=True)
        members, chair = _committee_people(
            member_ids=list(current_members), chair_id=chair_id if chair_id is not None else committee.chair_id
        )
        committee.chair = chair
        committee.members.set(members)
    committee.save()
    return committee
