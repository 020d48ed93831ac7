"""Beat runs once in the fleet (core/heartbeat.py): the first beat takes the schedule's lock, renews it,
hands it over on a clean stop; every other beat waits as a standby until it is free."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from config.celery_app import app as celery_app
from core import heartbeat
from core.heartbeat import (
    BEAT_LOCK,
    LockedScheduler,
    _holds_the_schedule,
    beat_lock_holder,
    beat_lock_release,
    beat_lock_take,
    beat_lock_ttl,
    may_schedule,
)
from core.models import WorkerHeartbeat
from core.tasks import worker_heartbeat_task

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_lock():
    cache.delete(BEAT_LOCK)
    yield
    cache.delete(BEAT_LOCK)


def test_the_first_beat_takes_the_schedule_and_the_second_waits():
    """One holder at a time; the holder keeps it when it renews."""
    assert beat_lock_take(owner="beat@a:1")
    assert not beat_lock_take(owner="beat@b:2")
    assert beat_lock_take(owner="beat@a:1")
    assert beat_lock_holder() == "beat@a:1"


def test_a_clean_stop_hands_over_and_only_the_holder_can_release():
    """A standby's release changes nothing; the holder's lets the standby take over at once."""
    beat_lock_take(owner="beat@a:1")
    beat_lock_release(owner="beat@b:2")
    assert beat_lock_holder() == "beat@a:1"
    beat_lock_release(owner="beat@a:1")
    assert beat_lock_take(owner="beat@b:2")
    assert beat_lock_holder() == "beat@b:2"


def test_a_dead_holders_lock_expires_after_three_heartbeats(settings):
    """Nobody renews a dead beat's lock: after its time-to-live a standby takes the schedule."""
    settings.LOOPWISE_HEARTBEAT_SECONDS = 0.2
    assert beat_lock_ttl() == 1
    beat_lock_take(owner="beat@a:1")
    assert not beat_lock_take(owner="beat@b:2")
    time.sleep(1.2)
    assert beat_lock_take(owner="beat@b:2")


def test_a_beat_that_cannot_reach_the_lock_does_not_hold_the_schedule(settings):
    """While the cache is unreachable a beat neither takes nor keeps the schedule (it must not run beside a
    standby that takes over meanwhile; the heart then exits the process, to restart as a standby)."""
    with socket.socket() as probe:  # a local port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }
    assert _holds_the_schedule("beat@a:1") is False


def test_a_beat_may_schedule_only_while_its_renewal_is_fresh(settings):
    """Renewed within the lock's life less one heartbeat: yes; before any renewal, or after that: no."""
    settings.LOOPWISE_HEARTBEAT_SECONDS = 10  # the lock lives 30 s
    heartbeat._renewed_at = None
    assert not may_schedule()
    assert _holds_the_schedule("beat@a:1")
    renewed = heartbeat._renewed_at
    assert may_schedule(now=renewed + 19)
    assert not may_schedule(now=renewed + 20)


@pytest.fixture
def one_entry_schedule(settings, tmp_path):
    """The Celery app's schedule reduced to one entry due at once: the heartbeat task for 'from-schedule'."""
    previous = celery_app.conf.beat_schedule
    celery_app.conf.beat_schedule = {
        "test entry": {
            "task": worker_heartbeat_task.name,  # imported, so registered: beat applies it (eagerly here)
            "schedule": 0.01,
            "kwargs": {"hostname": "from-sched"},
        }
    }
    scheduler = LockedScheduler(app=celery_app, schedule_filename=str(tmp_path / "schedule"))
    yield scheduler
    scheduler.close()
    celery_app.conf.beat_schedule = previous


@pytest.mark.django_db
def test_the_scheduler_sends_nothing_without_the_lock_and_what_is_due_with_it(one_entry_schedule):
    """LockedScheduler.tick: without a fresh renewal nothing is sent; once the lock is ours, the due entry
    runs (here eagerly: the heartbeat row it writes is the proof)."""
    heartbeat._renewed_at = None
    time.sleep(0.05)
    one_entry_schedule.tick()
    assert not WorkerHeartbeat.objects.filter(hostname="from-sched").exists()
    assert _holds_the_schedule("beat@a:1")
    one_entry_schedule.tick()
    assert WorkerHeartbeat.objects.filter(hostname="from-sched").exists()


LOST = """
import django, os
django.setup()
from core.heartbeat import Heart
Heart(kind="beat", hostname="beat@x", interval=1, lock_owner="beat@x:1", record=lambda **row: None).beat()
print("still running")
"""


def test_a_beat_that_cannot_renew_its_lock_ends_its_process():
    """With the cache unreachable the heart ends the process (exit 1) instead of letting it schedule on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.core.cache_settings",
        "LOOPWISE_TEST_CACHE_URL": f"redis://127.0.0.1:{port}/0",
    }
    result = subprocess.run([sys.executable, "-c", LOST], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "still running" not in result.stdout
    assert "lost the schedule" in result.stderr
