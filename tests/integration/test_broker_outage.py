"""A broker outage: the user's action succeeds at once, nothing is lost, and the sweep delivers once Redis is back."""

import json
import shutil
import socket
import subprocess
import sys
import time

import pytest
import redis

from notifications.models import Notification
from notifications.outbox import NOTIFICATION_HEADER
from tests.integration.conftest import ROOT, service_env
from tests.integration.mailbox import read_mail
from tests.notifications.factories import decision_for, interview_with_panel

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SETTINGS = "tests.integration.service_settings"

# The stand-in for the web request: the chair records a decision; the service notifies in its transaction.
USER_ACTION = """
import json, sys, time
import django
django.setup()
from django.db import transaction
from decisions.models import Decision
from decisions.notifications import notify_decision_recorded
started = time.monotonic()
with transaction.atomic():
    rows = notify_decision_recorded(decision=Decision.objects.get(pk=int(sys.argv[1])))
print(json.dumps({"rows": [row.pk for row in rows], "seconds": time.monotonic() - started}))
"""


@pytest.fixture
def dead_broker_port():
    """A local port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def start_redis(dead_broker_port, tmp_path):
    """Bring the broker up on the dead port, when the test says so."""
    servers: list[subprocess.Popen] = []

    def start() -> None:
        if shutil.which("redis-server") is None:
            pytest.fail("redis-server is needed on PATH to bring the broker back up")
        servers.append(
            subprocess.Popen(
                ["redis-server", "--port", str(dead_broker_port), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "no", "--dir", str(tmp_path)],
                stdout=subprocess.DEVNULL,
            )
        )
        client = redis.Redis(port=dead_broker_port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        pytest.fail("redis-server did not start")

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_an_outage_delays_mail_but_loses_none(celery_worker_factory, dead_broker_port, start_redis, tmp_path):
    """Broker down: the action commits within seconds, rows wait; broker up: the beat sweep sends each once."""
    broker_url = f"redis://127.0.0.1:{dead_broker_port}/14"
    interview = interview_with_panel(panel=1, recruiters=1)
    decision = decision_for(interview)

    action = subprocess.run(
        [sys.executable, "-c", USER_ACTION, str(decision.pk)],
        cwd=ROOT,
        env=service_env(DJANGO_SETTINGS_MODULE=SETTINGS, CELERY_BROKER_URL=broker_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert action.returncode == 0, action.stderr
    outcome = json.loads(action.stdout.strip().splitlines()[-1])
    assert outcome["seconds"] < 10
    assert "Broker unavailable" in action.stderr
    rows = Notification.objects.filter(pk__in=outcome["rows"])
    assert len(outcome["rows"]) == 2
    assert set(rows.values_list("status", "attempts")) == {("pending", 0)}

    start_redis()
    mail_dir = tmp_path / "mail"
    worker = celery_worker_factory(
        settings_module=SETTINGS,
        beat=True,
        CELERY_BROKER_URL=broker_url,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        LOOPWISE_TEST_SWEEP_EVERY="1",
    )
    deadline = time.monotonic() + 90
    while rows.filter(status="sent").count() < 2:
        if time.monotonic() > deadline:
            pytest.fail(f"The sweep did not deliver; the worker's log:\n{worker.log()}")
        time.sleep(0.25)
    time.sleep(3)  # several more sweeps: nothing is sent twice
    messages = read_mail(mail_dir)
    assert sorted(m[NOTIFICATION_HEADER].strip() for m in messages) == sorted(rows.values_list("dedupe_key", flat=True))
    assert set(rows.values_list("status", "attempts")) == {("sent", 1)}
