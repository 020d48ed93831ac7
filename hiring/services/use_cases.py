"""Use cases: the real problems (that simple baselines could not solve) an ML hire is for."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import PermissionDenied, ValidationFailed
from core.services import model_update
from hiring.models import UseCase
from hiring.selectors import use_case_can_accept, use_case_can_edit, use_case_is_own_proposal
from hiring.services.common import require_planner, team_for

ONLY_HIRING_MANAGERS_ACCEPT = "Only a hiring manager (or an admin) accepts or retires a use case."
PROPOSER_CANNOT_ACCEPT = (
    "You proposed this use case or last changed what it says, so someone else accepts it: another hiring manager "
    "or an admin (four eyes)."
)
ACCEPT_NEEDS_BASELINE = "Write the baseline that was tried before accepting the use case."
ACCEPT_NEEDS_WHY = "Write why the baseline is not enough before accepting the use case."
ALREADY_ACCEPTED = "This use case is already accepted."
ALREADY_RETIRED = "This use case is already retired."
ACCEPTED_KEEPS_JUSTIFICATION = (
    "An accepted use case keeps its baseline justification; retire it instead of clearing this."
)
ONLY_EDITORS_EDIT = (
    "Only the use case's proposer, the hiring manager of a requisition relying on it, or an admin edits it."
)
BACK_TO_PROPOSED = (
    "You changed what was accepted, so the use case is proposed again: someone else (a hiring manager or an "
    "admin) accepts it."
)
JUSTIFICATION = ("baseline_tried", "why_baseline_insufficient")
# What acceptance vouched for: changing any of it sends an accepted use case back to proposed. The
# title and the team are labels; changing them changes nothing that was checked.
SUBSTANCE = ("problem", "category", *JUSTIFICATION)
TEXT_FIELDS = ("title", *SUBSTANCE)


@transaction.atomic
def use_case_create(
    *,
    actor: User,
    title: str,
    problem: str,
    category: str,
    team_id: int | None = None,
    baseline_tried: str = "",
    why_baseline_insufficient: str = "",
) -> UseCase:
    """A proposed use case; a hiring manager accepts it once its baseline justification is written."""
    require_planner(actor)
    return UseCase.objects.create(
        title=title,
        problem=problem,
        category=category,
        team=team_for(team_id),
        baseline_tried=baseline_tried,
        why_baseline_insufficient=why_baseline_insufficient,
        status=UseCase.Status.PROPOSED,
        proposed_by=actor,
    )


def use_case_require_editor(*, use_case: UseCase, actor: User) -> None:
    """Only its proposer, the hiring manager of a requisition relying on it, and admins edit it (403)."""
    require_planner(actor)
    if not use_case_can_edit(viewer=actor, use_case=use_case):
        raise PermissionDenied(ONLY_EDITORS_EDIT)


@transaction.atomic
def use_case_update(*, use_case: UseCase, actor: User, data: Mapping[str, Any]) -> tuple[UseCase, bool]:
    """Change any of the texts, the category and `team_id` (absent keys stay as they are).

    Only its proposer, the hiring manager of a requisition relying on it, and admins edit it. Changing
    the substance of an accepted use case (problem, category, baseline justification) returns it to
    proposed, and the editor is then one of those who may not accept it (four eyes). Open requisitions
    relying on it keep running; the gate applies when one next opens. → (use case, sent back to proposed)
    """
    use_case_require_editor(use_case=use_case, actor=actor)
    changes = {name: data[name] for name in TEXT_FIELDS if name in data}
    if "team_id" in data:
        changes["team"] = team_for(data["team_id"])
    if use_case.status == UseCase.Status.ACCEPTED:
        cleared = {
            name: [ACCEPTED_KEEPS_JUSTIFICATION]
            for name in JUSTIFICATION
            if not changes.get(name, getattr(use_case, name)).strip()
        }
        if cleared:
            raise ValidationFailed(cleared)
    revised = any(name in changes and changes[name] != getattr(use_case, name) for name in SUBSTANCE)
    reopened = revised and use_case.status == UseCase.Status.ACCEPTED
    if revised:
        changes["revised_by"] = actor
    if reopened:
        changes.update(status=UseCase.Status.PROPOSED, accepted_by=None, accepted_at=None)
    model_update(
        instance=use_case,
        fields=[*TEXT_FIELDS, "team", "revised_by", "status", "accepted_by", "accepted_at"],
        data=changes,
    )
    return use_case, reopened


@transaction.atomic
def use_case_accept(*, use_case: UseCase, actor: User) -> UseCase:
    """Accepting says: a real problem that simple baselines could not solve. Needs both justifications,
    and someone other than the proposer (admins excepted): the reason to hire is checked by a second person."""
    if not use_case_can_accept(viewer=actor):
        raise PermissionDenied(ONLY_HIRING_MANAGERS_ACCEPT)
    if use_case_is_own_proposal(viewer=actor, use_case=use_case):
        raise PermissionDenied(PROPOSER_CANNOT_ACCEPT)
    if use_case.status == UseCase.Status.ACCEPTED:
        raise ValidationFailed({"status": [ALREADY_ACCEPTED]})
    errors = {}
    if not use_case.baseline_tried.strip():
        errors["baseline_tried"] = [ACCEPT_NEEDS_BASELINE]
    if not use_case.why_baseline_insufficient.strip():
        errors["why_baseline_insufficient"] = [ACCEPT_NEEDS_WHY]
    if errors:
        raise ValidationFailed(errors)
    model_update(
        instance=use_case,
        fields=["status", "accepted_by", "accepted_at"],
        data={"status": UseCase.Status.ACCEPTED, "accepted_by": actor, "accepted_at": timezone.now()},
    )
    return use_case


@transaction.atomic
def use_case_retire(*, use_case: UseCase, actor: User) -> UseCase:
    """No longer a reason to hire. Open requisitions keep running; the gate applies when one next opens."""
    if not use_case_can_accept(viewer=actor):
        raise PermissionDenied(ONLY_HIRING_MANAGERS_ACCEPT)
    if use_case.status == UseCase.Status.RETIRED:
        raise ValidationFailed({"status": [ALREADY_RETIRED]})
    model_update(instance=use_case, fields=["status"], data={"status": UseCase.Status.RETIRED})
    return use_case
