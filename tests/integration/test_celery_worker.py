"""A real Celery worker, over the real Redis broker, writing to the real PostgreSQL test database."""

import time

import pytest

from core.models import WorkerHeartbeat
from core.tasks import worker_heartbeat_task

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_task_sent_through_redis_runs_on_a_worker(celery_worker_process):
    """A task sent through redis runs on a worker."""
    worker_heartbeat_task.delay(hostname="integration-host")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        beat = WorkerHeartbeat.objects.filter(hostname="integration-host").first()
        if beat is not None:
            break
        time.sleep(0.25)
    else:
        pytest.fail(f"The worker did not run the task; its log:\n{celery_worker_process.log()}")
    assert beat.beats == 1
