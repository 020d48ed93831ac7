"""A real Celery worker, over the real Redis broker, writing to the real PostgreSQL test database."""

import json
import time

import pytest

from core.logs import request_id
from core.models import WorkerHeartbeat
from core.tasks import worker_heartbeat_task
from tests.integration.conftest import publishing_to

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


def test_a_worker_and_its_beat_record_their_own_heartbeats(celery_worker_factory):
    """Once ready, the worker beats under its node name and the (embedded) beat as beat@host, from their
    own threads, every LOOPWISE_HEARTBEAT_SECONDS."""
    worker = celery_worker_factory(beat=True, LOOPWISE_HEARTBEAT_SECONDS="0.5")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rows = {(row.kind, row.hostname.split("@")[0]): row.beats for row in WorkerHeartbeat.objects.all()}
        if rows.get(("worker", "celery"), 0) >= 2 and rows.get(("beat", "beat"), 0) >= 2:
            break
        time.sleep(0.25)
    else:
        pytest.fail(f"No heartbeats from the worker and its beat; its log:\n{worker.log()}")


def test_a_task_logs_on_the_worker_under_the_request_id_it_was_queued_with(celery_worker_factory):
    """The request id travels in the message: the worker's JSON log lines for the task carry it."""
    worker = celery_worker_factory(LOOPWISE_LOG_FORMAT="json", LOOPWISE_REQUEST_LOG="INFO")
    token = request_id.set("fleet-req-42")
    try:
        with publishing_to(worker.queue):
            worker_heartbeat_task.delay(hostname="traced-host")
    finally:
        request_id.reset(token)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in worker.log().splitlines() if line.startswith("{")]
        traced = [line for line in lines if line.get("request_id") == "fleet-req-42"]
        if any("finished" in line["message"] for line in traced):
            break
        time.sleep(0.25)
    else:
        pytest.fail(f"No log line of the task under its request id; the worker's log:\n{worker.log()}")
    assert "loopwise.task" in {line["logger"] for line in traced}  # Celery's own "succeeded" line carries it too
    assert {line["task"]["name"] for line in traced} == {"core.tasks.worker_heartbeat_task"}
