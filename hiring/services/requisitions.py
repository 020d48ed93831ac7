"""Requisitions: a role to fill (family, level, team, seats), its use cases, owners and committee,
and its lifecycle draft → open → on hold → filled / closed, with the use-case gate on opening."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import HIRING_MANAGER, RECRUITER
from core.errors import PermissionDenied, ValidationFailed
from core.services import model_update
from hiring.codes import level_error
from hiring.models import Committee, Requisition, UseCase
from hiring.selectors import requisition_can_change, requisition_gate_problems
from hiring.services.common import UNKNOWN_USERS, require_planner, team_for, users_in_role

ONLY_OWNERS_CHANGE = "Only this requisition's hiring manager, its recruiters and admins change it."
REQUISITION_IS_HISTORY = "A {status} requisition is history and cannot be changed."
CHOOSE_HIRING_MANAGER = "Choose the hiring manager who owns this requisition."
NOT_A_HIRING_MANAGER = "{name} is not a hiring manager; give them the role first."
NOT_RECRUITERS = "{names}: not in the recruiter role; give them the role first."
UNKNOWN_COMMITTEE = "No committee with id {id}."
UNKNOWN_USE_CASES = "No use cases with ids {ids}."
BAD_TRANSITION = "Only a requisition that is {allowed} can be {verb}; this one is {status}."


def _hiring_manager(user_id: int) -> User:
    user = User.objects.filter(pk=user_id).prefetch_related("groups").first()
    if user is None:
        raise ValidationFailed({"hiring_manager": [UNKNOWN_USERS.format(ids=user_id)]})
    if not user.has_role(HIRING_MANAGER):
        raise ValidationFailed({"hiring_manager": [NOT_A_HIRING_MANAGER.format(name=user)]})
    return user


def _recruiters(user_ids: Iterable[int]) -> list[User]:
    return list(users_in_role(ids=user_ids, role=RECRUITER, field="recruiters", lacks_role=NOT_RECRUITERS).values())


def _committee(committee_id: int | None) -> Committee | None:
    if committee_id is None:
        return None
    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None:
        raise ValidationFailed({"committee": [UNKNOWN_COMMITTEE.format(id=committee_id)]})
    return committee


def _use_cases(use_case_ids: Iterable[int]) -> list[UseCase]:
    ids = set(use_case_ids)
    use_cases = list(UseCase.objects.filter(pk__in=ids))
    missing = sorted(ids - {use_case.pk for use_case in use_cases})
    if missing:
        raise ValidationFailed({"use_cases": [UNKNOWN_USE_CASES.format(ids=", ".join(map(str, missing)))]})
    return use_cases


def _check_level(role_family: str, level: str) -> None:
    message = level_error(role_family, level)
    if message:
        raise ValidationFailed({"level": [message]})


def _check_gate(role_family: str, use_cases: list[UseCase]) -> None:
    problems = requisition_gate_problems(role_family=role_family, use_cases=use_cases)
    if problems:
        raise ValidationFailed({"use_cases": problems})


@transaction.atomic
def requisition_create(
    *,
    actor: User,
    role_family: str,
    level: str,
    team_id: int,
    headcount: int = 1,
    title: str = "",
    use_case_ids: Iterable[int] = (),
    hiring_manager_id: int | None = None,
    recruiter_ids: Iterable[int] = (),
    committee_id: int | None = None,
) -> Requisition:
    """A draft requisition. A hiring manager creating one owns it unless they name someone else;
    a recruiter creating one is among its recruiters, so they can keep working on it."""
    require_planner(actor)
    _check_level(role_family, level)
    team = team_for(team_id)
    if hiring_manager_id is None:
        if not actor.has_role(HIRING_MANAGER):
            raise ValidationFailed({"hiring_manager": [CHOOSE_HIRING_MANAGER]})
        hiring_manager_id = actor.pk
    hiring_manager = _hiring_manager(hiring_manager_id)
    recruiter_ids = set(recruiter_ids)
    if actor.has_role(RECRUITER):
        recruiter_ids.add(actor.pk)
    recruiters = _recruiters(recruiter_ids)
    use_cases = _use_cases(use_case_ids)
    requisition = Requisition.objects.create(
        title=title,
        role_family=role_family,
        level=level,
        team=team,
        headcount=headcount,
        hiring_manager=hiring_manager,
        committee=_committee(committee_id),
        status=Requisition.Status.DRAFT,
    )
    requisition.use_cases.set(use_cases)
    requisition.recruiters.set(recruiters)
    return requisition


def requisition_require_changer(*, requisition: Requisition, actor: User) -> None:
    """Only its recruiters, its hiring manager and admins change a requisition (403)."""
    if not requisition_can_change(viewer=actor, requisition=requisition):
        raise PermissionDenied(ONLY_OWNERS_CHANGE)


def _require_changeable(requisition: Requisition, actor: User) -> None:
    requisition_require_changer(requisition=requisition, actor=actor)
    if requisition.status in {Requisition.Status.FILLED, Requisition.Status.CLOSED}:
        raise ValidationFailed(
            {"status": [REQUISITION_IS_HISTORY.format(status=requisition.get_status_display().lower())]}
        )


@transaction.atomic
def requisition_update(*, requisition: Requisition, actor: User, data: Mapping[str, Any]) -> Requisition:
    """Edit a draft, open or on-hold requisition: any of `title`, `role_family`, `level`, `team_id`,
    `headcount`, `use_case_ids`, `hiring_manager_id`, `recruiter_ids`, `committee_id` (absent keys stay
    as they are). An open one must still pass the use-case gate."""
    _require_changeable(requisition, actor)
    changes = {name: data[name] for name in ("title", "role_family", "level", "headcount") if name in data}
    _check_level(changes.get("role_family", requisition.role_family), changes.get("level", requisition.level))
    if "team_id" in data:
        changes["team"] = team_for(data["team_id"])
    if "hiring_manager_id" in data:
        changes["hiring_manager"] = _hiring_manager(data["hiring_manager_id"])
    if "committee_id" in data:
        changes["committee"] = _committee(data["committee_id"])
    use_cases = _use_cases(data["use_case_ids"]) if "use_case_ids" in data else list(requisition.use_cases.all())
    if requisition.status == Requisition.Status.OPEN:
        _check_gate(changes.get("role_family", requisition.role_family), use_cases)
    model_update(instance=requisition, fields=[*changes], data=changes)
    if "use_case_ids" in data:
        requisition.use_cases.set(use_cases)
    if "recruiter_ids" in data:
        requisition.recruiters.set(_recruiters(data["recruiter_ids"]))
    return requisition


# action → (statuses it may start from, status it leads to, verb for messages)
TRANSITIONS = {
    "open": ({Requisition.Status.DRAFT, Requisition.Status.ON_HOLD}, Requisition.Status.OPEN, "opened"),
    "hold": ({Requisition.Status.OPEN}, Requisition.Status.ON_HOLD, "put on hold"),
    "fill": ({Requisition.Status.OPEN, Requisition.Status.ON_HOLD}, Requisition.Status.FILLED, "marked filled"),
    "close": (
        {Requisition.Status.DRAFT, Requisition.Status.OPEN, Requisition.Status.ON_HOLD},
        Requisition.Status.CLOSED,
        "closed",
    ),
}


def _transition(requisition: Requisition, actor: User, action: str) -> Requisition:
    if not requisition_can_change(viewer=actor, requisition=requisition):
        raise PermissionDenied(ONLY_OWNERS_CHANGE)
    sources, target, verb = TRANSITIONS[action]
    if requisition.status not in sources:
        allowed = " or ".join(sorted(Requisition.Status(s).label.lower() for s in sources))
        raise ValidationFailed(
            {
                "status": [
                    BAD_TRANSITION.format(allowed=allowed, verb=verb, status=requisition.get_status_display().lower())
                ]
            }
        )
    opened = {}
    if target == Requisition.Status.OPEN:
        _check_gate(requisition.role_family, list(requisition.use_cases.all()))
        opened = {"opened_at": requisition.opened_at or timezone.now()}
    model_update(instance=requisition, fields=["status", "opened_at"], data={"status": target, **opened})
    return requisition


@transaction.atomic
def requisition_open(*, requisition: Requisition, actor: User) -> Requisition:
    """Open for candidates. ML-scientist families need an accepted, justified use case (the gate)."""
    return _transition(requisition, actor, "open")


@transaction.atomic
def requisition_hold(*, requisition: Requisition, actor: User) -> Requisition:
    return _transition(requisition, actor, "hold")


@transaction.atomic
def requisition_fill(*, requisition: Requisition, actor: User) -> Requisition:
    return _transition(requisition, actor, "fill")


@transaction.atomic
def requisition_close(*, requisition: Requisition, actor: User) -> Requisition:
    return _transition(requisition, actor, "close")
