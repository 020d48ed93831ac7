import pytest

from core.models import WorkerHeartbeat
from core.services import worker_heartbeat_record
from core.tasks import worker_heartbeat_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_health_tells_only_staff_the_parts(client):
    """Anyone (a load balancer) reads `ok`; staff also read the parts, the outbox and the workers."""
    worker_heartbeat_record(hostname="worker-a")
    assert client.get("/healthz/").json() == {"ok": True}
    client.force_login(UserFactory(roles=["interviewer"]))
    assert client.get("/healthz/").json() == {"ok": True}
    client.force_login(UserFactory(roles=["admin"], is_staff=True))
    body = client.get("/healthz/").json()
    assert body["ok"] is True
    assert body["database"] is True
    assert body["broker"] == "eager"
    assert body["outbox"]["pending"] == 0
    assert body["workers"][0]["hostname"] == "worker-a"
    assert body["workers"][0]["alive"] is True


def test_the_heartbeat_task_counts_beats():
    """The heartbeat task counts beats."""
    worker_heartbeat_task.delay(hostname="worker-b")
    worker_heartbeat_task.delay(hostname="worker-b")
    assert WorkerHeartbeat.objects.get(hostname="worker-b").beats == 2
