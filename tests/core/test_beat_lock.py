"""Beat runs once in the fleet (core/heartbeat.py): the first beat takes the schedule's lock, renews it,
hands it over on a clean stop; every other beat waits as a standby until it is free."""

import socket
import time

import pytest
from django.core.cache import cache

from core.heartbeat import (
    BEAT_LOCK,
    _holds_the_schedule,
    beat_lock_holder,
    beat_lock_release,
    beat_lock_take,
    beat_lock_ttl,
)


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
