"""Hooks the hiring app calls (core.hooks); the apps above it register in their AppConfig.ready().

hiring knows nothing of loops or decisions. Where its pages and visibility rules need them (an
interviewer sees the candidates they interview; a candidate's page lists their loops), the apps
above plug in here.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from core.hooks import Hook

applications_visible = Hook(
    "hiring.applications_visible",
    "Called with viewer=; each receiver returns a queryset of application ids (one `values()` column) that the "
    "viewer may see through an app above hiring. The interviews app: the applications whose loops they interview on.",
)
application_lines = Hook(
    "hiring.application_lines",
    "Called with viewer= and application_ids=; each receiver returns {application id: [RelatedLine]}, shown "
    "under each application on the candidate and requisition pages. The interviews app: each loop (and its packet).",
)

candidate_anonymized = Hook(
    "hiring.candidate_anonymized",
    "Called with candidate= (already erased) and redact= (a core.redaction.Redactor for their former name, e-mail "
    "and phone) inside the anonymization's transaction; each receiver erases them from the free text it owns. "
    "The interviews app: scorecards, ratings, revisions, busy blocks, the loop's stored recommendation; the "
    "decisions app: votes, decisions, the recommendation audit trail.",
)


@dataclass(frozen=True)
class RelatedLine:
    """One line under an application: links (label, url) of an app above hiring, and a note."""

    links: tuple[tuple[str, str], ...]
    note: str = ""


def applications_visible_elsewhere(*, viewer) -> list[QuerySet]:
    """The application-id querysets every app above hiring adds for this viewer."""
    return applications_visible.call(viewer=viewer)


def application_related_lines(*, viewer, application_ids: list[int]) -> dict[int, list[RelatedLine]]:
    """Every app's lines per application, in registration order."""
    lines: dict[int, list[RelatedLine]] = {}
    if not application_ids:
        return lines
    for found in application_lines.call(viewer=viewer, application_ids=application_ids):
        for application_id, more in found.items():
            lines.setdefault(application_id, []).extend(more)
    return lines
