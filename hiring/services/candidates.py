"""Candidates: the people in the pipeline. Contact details are PII; anonymizing erases them."""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import Action, audit_record
from core.errors import PermissionDenied, ValidationFailed
from core.redaction import Redactor
from core.services import admin_log_redact, model_update
from hiring import hooks, retention
from hiring.models import ApplicationStageChange, Candidate
from hiring.selectors import candidate_can_change
from hiring.services.common import require_planner
from notifications.services import notifications_redact

logger = logging.getLogger(__name__)

ONLY_PLANNERS_ADD_CANDIDATES = "Only recruiters, hiring managers and admins add candidates."
ONLY_CONTACT_HOLDERS_CHANGE = (
    "Only admins and the recruiters or hiring managers working with this candidate change or anonymize them."
)
CANDIDATE_EMAIL_TAKEN = "A candidate with this email already exists (#{id}); add an application to them instead."
CANDIDATE_ANONYMIZED = "This candidate was anonymized on {date}; their details cannot be changed."
ALREADY_ANONYMIZED = "This candidate was already anonymized on {date}."
ANONYMIZED_NAME = "Anonymized candidate #{id}"
NOT_SENT_ANONYMIZED = "Not sent: the candidate was anonymized."
CONTACT_FIELDS = ["name", "email", "phone", "timezone", "links", "source"]


def _check_email_free(email: str, *, exclude_id: int | None = None) -> None:
    if not email:
        return
    existing = Candidate.objects.filter(email__iexact=email).exclude(pk=exclude_id).first()
    if existing is not None:
        raise ValidationFailed({"email": [CANDIDATE_EMAIL_TAKEN.format(id=existing.pk)]})


@transaction.atomic
def candidate_create(
    *,
    actor: User,
    name: str,
    email: str = "",
    phone: str = "",
    timezone_name: str = "UTC",
    links: Iterable[str] = (),
    source: str = "",
) -> Candidate:
    """A person in the pipeline; whoever adds them sees their contact details."""
    candidate_require_creator(actor=actor)
    _check_email_free(email)
    return Candidate.objects.create(
        name=name,
        email=email,
        phone=phone,
        timezone=timezone_name,
        links=list(links),
        source=source,
        created_by=actor,
    )


def candidate_require_creator(*, actor: User) -> None:
    """Recruiters, hiring managers and admins add candidates (403 before what was sent is read)."""
    require_planner(actor, ONLY_PLANNERS_ADD_CANDIDATES)


def candidate_require_changer(candidate: Candidate, actor: User) -> None:
    if not candidate_can_change(viewer=actor, candidate=candidate):
        raise PermissionDenied(ONLY_CONTACT_HOLDERS_CHANGE)


@transaction.atomic
def candidate_update(*, candidate: Candidate, actor: User, data: Mapping[str, Any]) -> Candidate:
    """Change any of `name`, `email`, `phone`, `timezone`, `links` and `source` (absent keys stay)."""
    candidate_require_changer(candidate, actor)
    if candidate.anonymized_at is not None:
        raise ValidationFailed(CANDIDATE_ANONYMIZED.format(date=f"{candidate.anonymized_at:%Y-%m-%d}"))
    changes = {name: data[name] for name in CONTACT_FIELDS if name in data}
    if "email" in changes:
        _check_email_free(changes["email"], exclude_id=candidate.pk)
    if "links" in changes:
        changes["links"] = list(changes["links"])
    model_update(instance=candidate, fields=CONTACT_FIELDS, data=changes)
    return candidate


@transaction.atomic
def candidate_anonymize(*, candidate: Candidate, actor: User) -> Candidate:
    """A person erases what identifies the candidate (`_erase`); admins and the candidate's recruiters
    or hiring managers may."""
    candidate_require_changer(candidate, actor)
    if candidate.anonymized_at is not None:
        raise ValidationFailed(ALREADY_ANONYMIZED.format(date=f"{candidate.anonymized_at:%Y-%m-%d}"))
    _erase(candidate)
    audit_record(Action.CANDIDATE_ANONYMIZED, actor=actor, target=candidate, detail={"by": "person"})
    return candidate


def candidates_retention_anonymize() -> list[int]:
    """Anonymize every candidate whose retention has run out (`hiring.retention`), each in its own
    transaction; the ids done. Idempotent: an anonymized candidate is never due again."""
    done = []
    for candidate_id in retention.candidates_due().values_list("pk", flat=True):
        with transaction.atomic():
            candidate = Candidate.objects.select_for_update().get(pk=candidate_id)
            # Asked again under the lock: an application may have been added since the list was read.
            if not retention.candidates_due().filter(pk=candidate_id).exists():
                continue
            _erase(candidate)
            audit_record(Action.CANDIDATE_ANONYMIZED, target=candidate, detail={"by": "retention"})
        logger.info("Anonymized candidate #%s: retention of %s days ran out", candidate_id, retention.days())
        done.append(candidate_id)
    return done


def _erase(candidate: Candidate) -> None:
    """Erase what identifies the person, everywhere the product can know it; applications, loops,
    scorecards and statistics stay.

    - The candidate: name (→ "Anonymized candidate #id"), e-mail, phone, links and source.
    - Free text naming them (`core.redaction`: full name, each name part as a capitalised word, e-mail,
      phone): stage-change reasons here; through `hooks.candidate_anonymized`, scorecards, ratings,
      revisions, votes, decisions, the recommendation trail, busy blocks.
    - The outbox: every message about or to them is redacted; those to them not yet sent are cancelled.
    - The Django admin's history. (The audit log holds no candidate PII and is left as it is.)
    """
    anonymized_name = ANONYMIZED_NAME.format(id=candidate.pk)
    redact = Redactor.for_person(
        names=[candidate.name], secrets=[candidate.email, candidate.phone], replacement=anonymized_name
    )
    former_email = candidate.email
    erased = {"name": anonymized_name, "email": "", "phone": "", "links": [], "source": ""}
    model_update(
        instance=candidate, fields=[*erased, "anonymized_at"], data={**erased, "anonymized_at": timezone.now()}
    )
    for change in ApplicationStageChange.objects.filter(application__candidate=candidate).exclude(reason=""):
        if redact.mentions(change.reason):
            change.reason = redact(change.reason)
            change.save(update_fields=["reason"])
    hooks.candidate_anonymized.call(candidate=candidate, redact=redact)
    notifications_redact(
        redact=redact, about={"candidate": candidate.pk}, to_email=former_email, cancel_reason=NOT_SENT_ANONYMIZED
    )
    admin_log_redact(redact=redact)
