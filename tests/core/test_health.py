import datetime as dt
import socket
import threading
import time

import pytest
from celery import current_app
from django.conf import settings
from django.utils import timezone

from core.heartbeat import Heart
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


def test_staff_see_the_beat_apart_from_the_workers(client):
    """Beat's heartbeat is listed on its own; a process silent for three intervals is not alive."""
    worker_heartbeat_record(hostname="celery@web-1")
    worker_heartbeat_record(hostname="beat@web-1", kind=WorkerHeartbeat.Kind.BEAT)
    stale = timezone.now() - dt.timedelta(seconds=3 * settings.LOOPWISE_HEARTBEAT_SECONDS + 1)
    worker_heartbeat_record(hostname="celery@web-2")
    WorkerHeartbeat.objects.filter(hostname="celery@web-2").update(last_seen_at=stale)
    WorkerHeartbeat.objects.create(hostname="celery@retired", last_seen_at=timezone.now() - dt.timedelta(days=2))
    client.force_login(UserFactory(roles=["admin"], is_staff=True))
    body = client.get("/healthz/").json()
    assert [(w["hostname"], w["alive"]) for w in body["workers"]] == [("celery@web-1", True), ("celery@web-2", False)]
    assert [(b["hostname"], b["alive"]) for b in body["beat"]] == [("beat@web-1", True)]


def test_the_admin_lists_heartbeats_read_only(client):
    """Staff read the heartbeats in the admin; nobody adds or edits one there."""
    worker_heartbeat_record(hostname="celery@web-1")
    client.force_login(UserFactory(roles=["admin"], is_superuser=True, is_staff=True))
    page = client.get("/admin/core/workerheartbeat/")
    assert page.status_code == 200
    assert "celery@web-1" in page.content.decode()
    assert client.get("/admin/core/workerheartbeat/add/").status_code == 403


def test_liveness_touches_nothing_but_the_process(client, django_assert_num_queries):
    """`/healthz/live` answers without a query: a database outage never restarts the web processes."""
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert (response.status_code, response.json()) == (200, {"ok": True})


def test_readiness_says_whether_the_database_and_the_broker_answer(client):
    """`/healthz/ready` is 200 while both answer (the embedded default's broker is eager); which part is which
    is for staff only. GET and HEAD both work (load balancers probe with either)."""
    response = client.get("/healthz/ready")
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert client.head("/healthz/ready").status_code == 200
    assert client.head("/healthz/live").status_code == 200
    client.force_login(UserFactory(roles=["admin"], is_staff=True))
    assert client.get("/healthz/ready").json() == {"ok": True, "database": True, "broker": "eager"}


def test_readiness_is_503_not_500_when_the_database_is_down(client, django_db_blocker):
    """A database that refuses every query makes readiness (and /healthz/) a 503, never a 500; liveness
    does not ask it and stays 200."""
    with django_db_blocker.block():
        assert client.get("/healthz/ready").status_code == 503
        assert client.get("/healthz/").status_code == 503
        assert client.get("/healthz/live").status_code == 200


def test_readiness_is_503_when_the_broker_does_not_answer(client, settings):
    """A broker nobody listens on makes the instance not ready (503), while it stays live."""
    with socket.socket() as probe:  # a local port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    names = ("broker_url", "broker_write_url")  # the second is derived from the first when the app configures
    previous = {name: current_app.conf[name] for name in names}
    current_app.conf.update(dict.fromkeys(names, f"redis://127.0.0.1:{port}/0"))
    try:
        response = client.get("/healthz/ready")
    finally:
        current_app.conf.update(previous)
    assert (response.status_code, response.json()) == (503, {"ok": False})
    assert client.get("/healthz/live").status_code == 200


def test_a_heart_beats_from_its_own_thread_until_stopped():
    """The thread a worker or beat starts records its row again every interval, and stops when told (the
    rows themselves: worker_heartbeat_record above, and a real worker in tests/integration)."""
    recorded = []
    heart = Heart(
        kind=WorkerHeartbeat.Kind.BEAT,
        hostname="beat@test",
        interval=0.05,
        record=lambda **row: recorded.append((row["kind"], row["hostname"], threading.current_thread().name)),
    )
    heart.start()
    deadline = time.monotonic() + 10
    while len(recorded) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    heart.stop()
    heart._thread.join(timeout=5)
    assert not heart._thread.is_alive()
    assert len(recorded) >= 3
    assert set(recorded) == {("beat", "beat@test", "loopwise-heartbeat-beat")}
    count = len(recorded)
    time.sleep(0.2)
    assert len(recorded) == count


def test_a_heartbeat_the_database_refuses_is_logged_and_the_heart_goes_on(caplog):
    """A failing record (the database away) is a warning, not a dead thread."""

    def refuse(**row):
        raise ConnectionError("database away")

    heart = Heart(kind=WorkerHeartbeat.Kind.WORKER, hostname="celery@x", interval=1, record=refuse)
    heart.beat()
    assert "heartbeat of worker celery@x not recorded" in caplog.text
