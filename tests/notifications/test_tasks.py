"""Beat schedule and task settings: every entry names a real task; time limits are set and consistent."""

import datetime as dt

import pytest
from django.conf import settings

from config.celery_app import app
from decisions import tasks as decision_tasks
from interviews import tasks as interview_tasks
from notifications import tasks
from notifications.models import Notification
from tests.notifications.factories import interview_with_panel

NOTIFICATION_TASKS = [
    tasks.notification_deliver_task,
    tasks.notification_sweep_task,
    interview_tasks.scorecard_reminders_send_task,
    interview_tasks.scorecard_escalations_send_task,
    decision_tasks.recruiter_digests_send_task,
]


def test_every_beat_entry_names_a_registered_task():
    """A typo in the schedule would fail silently in production; here it fails the build."""
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_the_periodic_notification_tasks_are_scheduled():
    """Sweep, due reminders, escalations, digests."""
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {task.name for task in NOTIFICATION_TASKS[1:]} <= scheduled


@pytest.mark.parametrize("task", NOTIFICATION_TASKS, ids=lambda t: t.name.rsplit(".", 1)[-1])
def test_each_task_has_a_soft_limit_below_its_hard_limit(task):
    """soft_time_limit < time_limit, both set on the task (the global soft limit is 100 s)."""
    assert task.time_limit is not None
    assert task.soft_time_limit is not None
    assert task.soft_time_limit < task.time_limit


@pytest.mark.django_db
def test_the_reminder_task_writes_and_delivers_due_reminders(django_capture_on_commit_callbacks, mailoutbox):
    """The beat task calls the service with the current time."""
    interview_with_panel(panel=1, start=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        interview_tasks.scorecard_reminders_send_task.apply()
    assert Notification.objects.filter(kind="scorecard_due", status="sent").count() == 1
    assert len(mailoutbox) == 1
