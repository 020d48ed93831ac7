"""What several hiring services check the same way."""

from collections.abc import Iterable

from accounts.models import User
from core.errors import PermissionDenied, ValidationFailed
from hiring.models import Team
from hiring.selectors import hiring_can_plan

ONLY_PLANNERS = "Only recruiters, hiring managers and admins work on use cases and requisitions."
UNKNOWN_USERS = "No users with ids {ids}."
UNKNOWN_TEAM = "No team with id {id}."


def require_planner(actor: User, message: str = ONLY_PLANNERS) -> None:
    if not hiring_can_plan(viewer=actor):
        raise PermissionDenied(message)


def team_for(team_id: int | None) -> Team | None:
    """The team with this id (None for none); a 400 on `team` when there is no such team."""
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise ValidationFailed({"team": [UNKNOWN_TEAM.format(id=team_id)]})
    return team


def users_in_role(*, ids: Iterable[int], role: str, field: str, lacks_role: str) -> dict[int, User]:
    """The users with these ids, each of whom must hold `role`; a 400 on `field` naming who is missing or
    lacks it (`lacks_role` is the message, with `{names}`)."""
    ids = set(ids)
    users = {user.pk: user for user in User.objects.filter(pk__in=ids).prefetch_related("groups")}
    missing = sorted(ids - set(users))
    if missing:
        raise ValidationFailed({field: [UNKNOWN_USERS.format(ids=", ".join(map(str, missing)))]})
    outsiders = sorted(str(user) for user in users.values() if not user.has_role(role))
    if outsiders:
        raise ValidationFailed({field: [lacks_role.format(names=", ".join(outsiders))]})
    return users
