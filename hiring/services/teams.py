"""Teams: who a requisition (and a use case) is for. Admins write them, through here, from the API and
the Django admin alike; anyone who may open a requisition reads them (`hiring.selectors.team_list`)."""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from core.errors import ValidationFailed
from core.services import model_update
from hiring.models import Requisition, Team

TEAM_NAME_TAKEN = "A team with this name already exists."
TEAM_NAME_BLANK = "Give the team a name."
TEAM_HAS_REQUISITIONS = (
    "{team} has {count} requisition(s); a team with requisitions is kept (rename it instead of deleting it)."
)
FIELDS = ("name", "description")


def team_check(*, name: str, exclude_id: int | None = None) -> str:
    """The team's name as stored (surrounding spaces dropped): not blank, and not taken whatever its case (the
    friendly early answer; the database's constraint decides under concurrency). 400 otherwise."""
    name = name.strip()
    if not name:
        raise ValidationFailed({"name": [TEAM_NAME_BLANK]})
    if Team.objects.filter(name__iexact=name).exclude(pk=exclude_id).exists():
        raise ValidationFailed({"name": [TEAM_NAME_TAKEN]})
    return name


def _saved(save) -> Team:
    """Run a save; a name taken meanwhile (the database's any-case constraint) is the same 400 as before."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError as exc:
        raise ValidationFailed({"name": [TEAM_NAME_TAKEN]}) from exc


@transaction.atomic
def team_create(*, name: str, description: str = "") -> Team:
    name = team_check(name=name)
    return _saved(lambda: Team.objects.create(name=name, description=description))


@transaction.atomic
def team_update(*, team: Team, data: Mapping[str, Any]) -> Team:
    """Change `name` and/or `description` (absent keys stay as they are)."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    values = dict(data)
    if "name" in values:
        values["name"] = team_check(name=values["name"], exclude_id=team.pk)
    return _saved(lambda: model_update(instance=team, fields=FIELDS, data=values)[0])


def team_delete_problem(*, team: Team) -> str | None:
    """Why the team cannot be deleted, or None: requisitions keep their team (use cases just lose theirs)."""
    count = Requisition.objects.filter(team=team).count()
    return TEAM_HAS_REQUISITIONS.format(team=team.name, count=count) if count else None


@transaction.atomic
def team_delete(*, team: Team) -> None:
    team = Team.objects.select_for_update().get(pk=team.pk)
    problem = team_delete_problem(team=team)
    if problem:
        raise ValidationFailed({"non_field_errors": [problem]})
    team.delete()
