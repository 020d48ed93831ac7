"""Applications: a candidate on a requisition, moving along the pipeline's stages."""

from django.db import IntegrityError, transaction

from accounts.models import User
from core.errors import PermissionDenied, ValidationFailed
from core.services import model_update
from hiring import stages
from hiring.models import Application, ApplicationStageChange, Candidate, Requisition
from hiring.selectors import application_can_move, requisition_can_change
from hiring.services.candidates import CANDIDATE_ANONYMIZED
from hiring.services.common import require_planner

UNKNOWN_CANDIDATE = "No candidate with id {id}."
UNKNOWN_REQUISITION = "No requisition with id {id}."
ONLY_OWNERS_ADD_APPLICATIONS = "Only the requisition's hiring manager, its recruiters and admins add candidates to it."
ONLY_OWNERS_MOVE = "Only the requisition's recruiters and its hiring manager move its applications."
REQUISITION_NOT_OPEN = "Candidates are added only to open requisitions; this one is {status}."
ALREADY_APPLIED = "{candidate} already has an application for {requisition} (#{id}); move that one instead."
START_STAGES = (Application.Stage.APPLIED, Application.Stage.SCREEN)
BAD_START_STAGE = "A new application starts at applied or screen."
HIRE_NEEDS_ACTIVE_REQUISITION = "Hires are recorded on open or on-hold requisitions; this one is {status}."
SEATS_FULL = "All {headcount} seat(s) of this requisition are filled; raise its headcount first."


def application_require_creator(*, actor: User) -> None:
    """Recruiters, hiring managers and admins add applications (on which requisitions:
    `requisition_can_change`); 403 for anyone else before what they sent is read."""
    require_planner(actor)


@transaction.atomic
def application_create(
    *, actor: User, candidate_id: int, requisition_id: int, stage: str = Application.Stage.APPLIED
) -> Application:
    """One application per candidate and requisition, only on open requisitions."""
    application_require_creator(actor=actor)
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    if candidate is None:
        raise ValidationFailed({"candidate": [UNKNOWN_CANDIDATE.format(id=candidate_id)]})
    requisition = Requisition.objects.filter(pk=requisition_id).prefetch_related("recruiters").first()
    if requisition is None:
        raise ValidationFailed({"requisition": [UNKNOWN_REQUISITION.format(id=requisition_id)]})
    if not requisition_can_change(viewer=actor, requisition=requisition):
        raise PermissionDenied(ONLY_OWNERS_ADD_APPLICATIONS)
    if requisition.status != Requisition.Status.OPEN:
        raise ValidationFailed(
            {"requisition": [REQUISITION_NOT_OPEN.format(status=requisition.get_status_display().lower())]}
        )
    if candidate.anonymized_at is not None:
        raise ValidationFailed({"candidate": [CANDIDATE_ANONYMIZED.format(date=f"{candidate.anonymized_at:%Y-%m-%d}")]})
    if stage not in START_STAGES:
        raise ValidationFailed({"stage": [BAD_START_STAGE]})
    existing = Application.objects.filter(candidate=candidate, requisition=requisition).first()
    if existing is None:
        try:
            # A savepoint: a concurrent insert loses to the unique constraint, and we say so clearly.
            with transaction.atomic():
                return Application.objects.create(candidate=candidate, requisition=requisition, stage=stage)
        except IntegrityError:
            existing = Application.objects.get(candidate=candidate, requisition=requisition)
    raise ValidationFailed(
        {"candidate": [ALREADY_APPLIED.format(candidate=candidate, requisition=requisition, id=existing.pk)]}
    )


def application_require_mover(*, application: Application, actor: User) -> None:
    """Only its requisition's recruiters, hiring manager and admins move an application (403)."""
    if not application_can_move(viewer=actor, application=application):
        raise PermissionDenied(ONLY_OWNERS_MOVE)


@transaction.atomic
def application_move(*, application: Application, actor: User, stage: str, reason: str = "") -> Application:
    """A recruiter or the hiring manager moves an application (hiring.stages has the table): between
    the early stages, to rejected or withdrawn with a reason, and from an offer to hired (a free seat on
    an open or on-hold requisition) or withdrawn. Only a hire decision makes an offer."""
    application_require_mover(application=application, actor=actor)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _refuse(stages.move_problem(current=application.stage, target=stage, mover=stages.Mover.OWNER, reason=reason))
    if stage == Application.Stage.HIRED:
        _check_seat(application)
    return _move(application, stage, mover=stages.Mover.OWNER, by=actor, reason=reason)


@transaction.atomic
def application_decided(*, application: Application, hire: bool, actor: User) -> Application:
    """The committee's recorded decision moves the application: a hire to offer, a no hire to rejected.
    A closed application (withdrawn, rejected, hired) is never moved by a decision: 400."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    target = Application.Stage.OFFER if hire else Application.Stage.REJECTED
    _refuse(stages.move_problem(current=application.stage, target=target, mover=stages.Mover.DECISION))
    return _move(application, target, mover=stages.Mover.DECISION, by=actor)


@transaction.atomic
def application_loop_completed(*, application: Application) -> Application:
    """The loop's last required scorecard is in: an application at loop goes to the committee."""
    if application.stage == Application.Stage.LOOP:
        _move(application, Application.Stage.COMMITTEE, mover=stages.Mover.LOOP)
    return application


def application_decision_problem(*, application: Application) -> str:
    """Why the application's loop cannot be decided ("" when it can): it is withdrawn, rejected or hired."""
    found = stages.move_problem(current=application.stage, target=Application.Stage.OFFER, mover=stages.Mover.DECISION)
    return found[1] if found else ""


def _refuse(problem: tuple[str, str] | None) -> None:
    if problem is not None:
        field, message = problem
        raise ValidationFailed({field: [message]})


def _check_seat(application: Application) -> None:
    requisition = Requisition.objects.select_for_update().get(pk=application.requisition_id)
    if requisition.status not in {Requisition.Status.OPEN, Requisition.Status.ON_HOLD}:
        status = requisition.get_status_display().lower()
        raise ValidationFailed({"stage": [HIRE_NEEDS_ACTIVE_REQUISITION.format(status=status)]})
    if requisition.applications.filter(stage=Application.Stage.HIRED).count() >= requisition.headcount:
        raise ValidationFailed({"stage": [SEATS_FULL.format(headcount=requisition.headcount)]})


def _move(application: Application, stage: str, *, mover: str, by: User | None = None, reason: str = "") -> Application:
    ApplicationStageChange.objects.create(
        application=application, from_stage=application.stage, to_stage=stage, mover=mover, by=by, reason=reason.strip()
    )
    model_update(instance=application, fields=["stage"], data={"stage": stage})
    return application
