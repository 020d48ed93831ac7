"""How long a candidate's personal data is kept: the one owner of the retention rule.

A candidate is anonymized automatically `CANDIDATE_RETENTION_DAYS` (LOOPWISE_RETENTION_DAYS, default 365)
after their last application closed (hired, rejected or withdrawn), once none is open. A candidate with
an open application, or with none at all, is kept; 0 days turns automatic anonymization off. The daily
beat task (`hiring.tasks.candidates_retention_sweep_task`) and the candidate page and API
(`anonymize_after`) read only this module.
"""

import datetime as dt

from django.conf import settings
from django.db.models import DateTimeField, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from hiring.codes import CLOSED_STAGES
from hiring.models import Application, ApplicationStageChange, Candidate


def days() -> int:
    return settings.CANDIDATE_RETENTION_DAYS


def retention_period() -> dt.timedelta | None:
    """How long after the last application closed; None when automatic anonymization is off."""
    return dt.timedelta(days=days()) if days() > 0 else None


def with_retention(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Annotate `has_open_application` and `last_closed_at` (when the last application closed)."""
    closed_change = ApplicationStageChange.objects.filter(
        application__candidate=OuterRef("pk"), to_stage__in=CLOSED_STAGES, application__stage__in=CLOSED_STAGES
    ).order_by("-at")
    # An application recorded closed without a move (an import, the demo) closed when it was last saved.
    closed_application = Application.objects.filter(candidate=OuterRef("pk"), stage__in=CLOSED_STAGES).order_by(
        "-updated_at"
    )
    moved = Subquery(closed_change.values("at")[:1], output_field=DateTimeField())
    saved = Subquery(
        closed_application.exclude(stage_changes__to_stage__in=CLOSED_STAGES).values("updated_at")[:1],
        output_field=DateTimeField(),
    )
    return candidates.annotate(
        has_open_application=Exists(
            Application.objects.filter(candidate=OuterRef("pk")).exclude(stage__in=CLOSED_STAGES)
        ),
        # The later of the two (Greatest alone is null on SQLite when either is).
        last_closed_at=Greatest(Coalesce(moved, saved), Coalesce(saved, moved), output_field=DateTimeField()),
    )


def anonymize_after(candidate: Candidate) -> dt.datetime | None:
    """When `candidate` (annotated by `with_retention`) is anonymized automatically; None while it is not
    scheduled (an open application, none at all, already anonymized, or retention off)."""
    period = retention_period()
    if period is None or candidate.anonymized_at is not None:
        return None
    if candidate.has_open_application or candidate.last_closed_at is None:
        return None
    return candidate.last_closed_at + period


def candidates_due(now: dt.datetime | None = None) -> QuerySet[Candidate]:
    """Candidates whose retention has run out, not yet anonymized."""
    period = retention_period()
    if period is None:
        return Candidate.objects.none()
    cutoff = (now or timezone.now()) - period
    return with_retention(Candidate.objects.filter(anonymized_at__isnull=True)).filter(
        has_open_application=False, last_closed_at__lte=cutoff
    )
