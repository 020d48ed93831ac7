"""Applications: a candidate on a requisition, moving along the pipeline's stages."""

from django.db import IntegrityError, transaction

from accounts.models import User
from core.errors import PermissionDenied, ValidationFailed
from core.services import model_update
from hiring.models import Application, Candidate, Requisition
from hiring.selectors import application_can_change, requisition_can_change
from hiring.services.candidates import CANDIDATE_ANONYMIZED

UNKNOWN_CANDIDATE = "No candidate with id {id}."
UNKNOWN_REQUISITION = "No requisition with id {id}."
ONLY_OWNERS_ADD_APPLICATIONS = "Only the requisition's hiring manager, its recruiters and admins add candidates to it."
ONLY_OWNERS_MOVE = "Only the requisition's hiring manager, its recruiters and admins move its applications."
REQUISITION_NOT_OPEN = "Candidates are added only to open requisitions; this one is {status}."
ALREADY_APPLIED = "{candidate} already has an application for {requisition} (#{id}); move that one instead."
START_STAGES = (Application.Stage.APPLIED, Application.Stage.SCREEN)
BAD_START_STAGE = "A new application starts at applied or screen."
STAGE_IS_FINAL = "This application is {stage}, which is final."
ALREADY_AT_STAGE = "This application is already at {stage}."
HIRE_NEEDS_OFFER = "Only an application at offer can be marked hired; this one is at {stage}."
HIRE_NEEDS_ACTIVE_REQUISITION = "Hires are recorded on open or on-hold requisitions; this one is {status}."
SEATS_FULL = "All {headcount} seat(s) of this requisition are filled; raise its headcount first."


@transaction.atomic
def application_create(
    *, actor: User, candidate_id: int, requisition_id: int, stage: str = Application.Stage.APPLIED
) -> Application:
    """One application per candidate and requisition, only on open requisitions."""
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


@transaction.atomic
def application_move(*, application: Application, actor: User, stage: str) -> Application:
    """Move along the pipeline. Hired, rejected and withdrawn are final; hired comes after an offer
    and never beyond the requisition's headcount."""
    if not application_can_change(viewer=actor, application=application):
        raise PermissionDenied(ONLY_OWNERS_MOVE)
    current = Application.Stage(application.stage)
    if application.is_closed:
        raise ValidationFailed({"stage": [STAGE_IS_FINAL.format(stage=current.label.lower())]})
    if stage == current:
        raise ValidationFailed({"stage": [ALREADY_AT_STAGE.format(stage=current.label.lower())]})
    if stage == Application.Stage.HIRED:
        requisition = Requisition.objects.select_for_update().get(pk=application.requisition_id)
        if current != Application.Stage.OFFER:
            raise ValidationFailed({"stage": [HIRE_NEEDS_OFFER.format(stage=current.label.lower())]})
        if requisition.status not in {Requisition.Status.OPEN, Requisition.Status.ON_HOLD}:
            raise ValidationFailed(
                {"stage": [HIRE_NEEDS_ACTIVE_REQUISITION.format(status=requisition.get_status_display().lower())]}
            )
        hired = requisition.applications.filter(stage=Application.Stage.HIRED).count()
        if hired >= requisition.headcount:
            raise ValidationFailed({"stage": [SEATS_FULL.format(headcount=requisition.headcount)]})
    model_update(instance=application, fields=["stage"], data={"stage": stage})
    return application
