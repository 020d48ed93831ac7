"""Retention: a candidate is anonymized automatically LOOPWISE_RETENTION_DAYS after their last application
closed, by an idempotent, logged beat task; the candidate page and API say when."""

import datetime as dt
import logging

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from audit.models import AuditEvent
from hiring import retention
from hiring.models import Application, ApplicationStageChange, Candidate
from hiring.services.applications import application_move
from hiring.tasks import candidates_retention_sweep_task
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _closed(days_ago: int, *, stage: str = Application.Stage.REJECTED) -> Application:
    """An application moved to a closed stage `days_ago` days ago."""
    application = ApplicationFactory(stage=Application.Stage.SCREEN)
    recruiter = UserFactory(roles=["recruiter"])
    application.requisition.recruiters.add(recruiter)
    application_move(application=application, actor=recruiter, stage=stage, reason="Not this time.")
    ApplicationStageChange.objects.filter(application=application).update(at=NOW - dt.timedelta(days=days_ago))
    return application


def test_the_sweep_anonymizes_only_candidates_past_retention_and_is_idempotent(settings, caplog):
    """Past 365 days: anonymized, audited as by retention, logged; recent, open or no application: kept;
    a second run changes nothing."""
    settings.CANDIDATE_RETENTION_DAYS = 365
    old = _closed(400)
    recent = _closed(30)
    still_open = _closed(400)
    ApplicationFactory(candidate=still_open.candidate, stage=Application.Stage.LOOP)
    never_applied = CandidateFactory()
    with caplog.at_level(logging.INFO, logger="hiring.services.candidates"):
        candidates_retention_sweep_task.delay()
    anonymized = set(Candidate.objects.filter(anonymized_at__isnull=False).values_list("pk", flat=True))
    assert anonymized == {old.candidate_id}
    assert Candidate.objects.get(pk=old.candidate_id).name == f"Anonymized candidate #{old.candidate_id}"
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.CANDIDATE_ANONYMIZED)
    assert (event.target_id, event.actor_id, event.detail) == (old.candidate_id, None, {"by": "retention"})
    assert f"Anonymized candidate #{old.candidate_id}: retention of 365 days ran out" in caplog.text
    candidates_retention_sweep_task.delay()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CANDIDATE_ANONYMIZED).count() == 1
    kept = Candidate.objects.filter(pk__in=[recent.candidate_id, still_open.candidate_id, never_applied.pk])
    assert all(c.anonymized_at is None for c in kept)


def test_a_reopened_application_is_open_again():
    """Only applications closed now count: one moved back to screen keeps the candidate."""
    application = _closed(400, stage=Application.Stage.WITHDRAWN)
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.SCREEN)
    assert not retention.candidates_due().exists()


def test_zero_days_turns_automatic_anonymization_off(settings):
    """With LOOPWISE_RETENTION_DAYS=0 nothing is ever due."""
    settings.CANDIDATE_RETENTION_DAYS = 0
    _closed(4000)
    assert not retention.candidates_due().exists()
    candidates_retention_sweep_task.delay()
    assert not Candidate.objects.filter(anonymized_at__isnull=False).exists()


def test_the_candidate_page_and_api_say_when(client, api, settings):
    """Closed 30 days ago with 365 days' retention: anonymized 335 days from now, on the page and the API."""
    settings.CANDIDATE_RETENTION_DAYS = 365
    application = _closed(30)
    admin = UserFactory(roles=["admin"])
    when = NOW - dt.timedelta(days=30) + dt.timedelta(days=365)
    client.force_login(admin)
    page = client.get(f"/candidates/{application.candidate_id}/").content.decode()
    assert f"Personal data is kept until {when:%-d %b %Y}, 365 days after the last application closed" in page
    api.force_authenticate(admin)
    body = api.get(f"/api/v1/candidates/{application.candidate_id}/").json()
    assert abs(dt.datetime.fromisoformat(body["anonymize_after"]) - when) < dt.timedelta(seconds=1)
    listed = api.get("/api/v1/candidates/").json()["results"]
    assert [c["anonymize_after"] for c in listed] == [body["anonymize_after"]]
    open_one = ApplicationFactory(stage=Application.Stage.LOOP)
    assert api.get(f"/api/v1/candidates/{open_one.candidate_id}/").json()["anonymize_after"] is None
    page = client.get(f"/candidates/{open_one.candidate_id}/").content.decode()
    assert "kept while an application is open; it is anonymized automatically 365 days after" in page


def test_the_sweep_runs_daily_from_beat():
    """The beat schedule has the task."""
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "hiring.tasks.candidates_retention_sweep_task" in tasks


def test_the_latest_closing_counts_whether_moved_or_recorded_closed(settings):
    """A move to rejected 400 days ago and an application recorded withdrawn today: kept a year from today."""
    settings.CANDIDATE_RETENTION_DAYS = 365
    old = _closed(400)
    ApplicationFactory(candidate=old.candidate, stage=Application.Stage.WITHDRAWN)
    assert not retention.candidates_due().exists()
    [candidate] = retention.with_retention(Candidate.objects.filter(pk=old.candidate_id))
    assert abs(retention.anonymize_after(candidate) - (timezone.now() + dt.timedelta(days=365))) < dt.timedelta(
        minutes=1
    )
