"""Candidates: the people in the pipeline. Contact details are PII; anonymizing erases them."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import PermissionDenied, ValidationFailed
from core.services import model_update
from hiring.models import Candidate
from hiring.selectors import candidate_can_change
from hiring.services.common import require_planner

ONLY_PLANNERS_ADD_CANDIDATES = "Only recruiters, hiring managers and admins add candidates."
ONLY_CONTACT_HOLDERS_CHANGE = (
    "Only admins and the recruiters or hiring managers working with this candidate change or anonymize them."
)
CANDIDATE_EMAIL_TAKEN = "A candidate with this email already exists (#{id}); add an application to them instead."
CANDIDATE_ANONYMIZED = "This candidate was anonymized on {date}; their details cannot be changed."
ALREADY_ANONYMIZED = "This candidate was already anonymized on {date}."
ANONYMIZED_NAME = "Anonymized candidate #{id}"
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
    require_planner(actor, ONLY_PLANNERS_ADD_CANDIDATES)
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


def _require_candidate_changeable(candidate: Candidate, actor: User) -> None:
    if not candidate_can_change(viewer=actor, candidate=candidate):
        raise PermissionDenied(ONLY_CONTACT_HOLDERS_CHANGE)


@transaction.atomic
def candidate_update(*, candidate: Candidate, actor: User, data: Mapping[str, Any]) -> Candidate:
    """Change any of `name`, `email`, `phone`, `timezone`, `links` and `source` (absent keys stay)."""
    _require_candidate_changeable(candidate, actor)
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
    """Erase what identifies the person; applications, loops, scorecards and statistics stay."""
    _require_candidate_changeable(candidate, actor)
    if candidate.anonymized_at is not None:
        raise ValidationFailed(ALREADY_ANONYMIZED.format(date=f"{candidate.anonymized_at:%Y-%m-%d}"))
    erased = {"name": ANONYMIZED_NAME.format(id=candidate.pk), "email": "", "phone": "", "links": []}
    model_update(
        instance=candidate, fields=[*erased, "anonymized_at"], data={**erased, "anonymized_at": timezone.now()}
    )
    return candidate
