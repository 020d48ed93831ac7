"""Every Celery worker and every beat says it is alive, from a thread of its own, every
`LOOPWISE_HEARTBEAT_SECONDS` (`WorkerHeartbeat`, one row per process: a worker by its node name, beat as
beat@host). Staff see them on `/healthz/` and in the admin (*Operations → Worker heartbeats*); a process
not heard from for three intervals is shown as not alive.

The beat-scheduled `worker_heartbeat_task` adds the other half: the schedule reaches the broker and some
worker consumes it (its beat lands on the row of the worker that ran it).

Beat runs exactly once in the fleet: a beat (standalone `celery beat`, or embedded `worker --beat`) holds
a lock in the shared cache (Redis in production) for three heartbeat intervals and renews it with every
heartbeat. A second beat started anywhere waits as a standby until the lock is free (its holder stopped
or died), then takes over. Two guards keep a holder that lost the lock from scheduling beside the new
one: its scheduler (`LockedScheduler`, CELERY_BEAT_SCHEDULER) sends nothing once its last renewal is
older than the lock's life less one interval, and a heart that finds the lock taken, or cannot reach the
cache to renew it, ends the process so that its supervisor restarts it as a standby.
"""

import atexit
import contextlib
import logging
import math
import os
import socket
import threading
import time

from celery.beat import PersistentScheduler
from celery.signals import beat_init, worker_ready, worker_shutdown
from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)
_hearts: list["Heart"] = []
_renewed_at: float | None = None  # monotonic time of this process's last renewal of the schedule's lock


BEAT_LOCK = "loopwise:beat:owner"


def beat_lock_ttl() -> int:
    """As long as a heartbeat stays fresh (`heartbeat_fresh`), in whole seconds (Redis expires in seconds)."""
    from core.selectors import heartbeat_fresh

    return math.ceil(heartbeat_fresh().total_seconds())


def beat_lock_take(*, owner: str) -> bool:
    """Take the schedule (or keep it): True when `owner` holds the lock afterwards."""
    if cache.add(BEAT_LOCK, owner, timeout=beat_lock_ttl()):
        return True
    if cache.get(BEAT_LOCK) == owner:
        cache.touch(BEAT_LOCK, timeout=beat_lock_ttl())
        return True
    return False


def beat_lock_holder() -> str | None:
    return cache.get(BEAT_LOCK)


def beat_lock_release(*, owner: str) -> None:
    if cache.get(BEAT_LOCK) == owner:
        cache.delete(BEAT_LOCK)


def _holds_the_schedule(owner: str) -> bool:
    """Whether `owner` holds (or just took) the lock; False while the cache cannot be reached — a beat that
    cannot renew must not go on scheduling beside a standby that may take over meanwhile."""
    global _renewed_at
    try:
        held = beat_lock_take(owner=owner)
    except Exception:
        logger.warning("beat %s cannot reach the cache that holds the schedule's lock", owner, exc_info=True)
        return False
    if held:
        _renewed_at = time.monotonic()
    return held


def may_schedule(now: float | None = None) -> bool:
    """Whether this process's beat may send what is due: it renewed the lock within its life less one
    heartbeat (so a standby cannot have taken it yet)."""
    if _renewed_at is None:
        return False
    now = time.monotonic() if now is None else now
    return now - _renewed_at < beat_lock_ttl() - settings.LOOPWISE_HEARTBEAT_SECONDS


class LockedScheduler(PersistentScheduler):
    """Celery's persistent scheduler that sends nothing unless this beat holds the schedule (`may_schedule`).
    The lock's heart renews from its own thread; this is the guard if that thread or the cache stalls."""

    def tick(self, *args, **kwargs):
        if not may_schedule():
            logger.warning("beat does not hold the schedule (its lock was not renewed in time): sending nothing")
            return min(self.max_interval, settings.LOOPWISE_HEARTBEAT_SECONDS)
        return super().tick(*args, **kwargs)


def _lost_the_schedule(owner: str) -> None:
    """End the process (its supervisor restarts it as a standby); said first, if the cache still answers."""
    try:
        holder = beat_lock_holder()
    except Exception:
        holder = "(the cache cannot be reached)"
    try:
        logger.critical("beat %s lost the schedule to %s; exiting to restart as a standby", owner, holder)
    finally:
        os._exit(1)


def _record(*, hostname: str, kind: str) -> None:
    from core.services import worker_heartbeat_record

    try:
        worker_heartbeat_record(hostname=hostname, kind=kind)
    finally:
        connection.close()  # the heart thread's own connection; never left open between beats


class Heart:
    def __init__(self, *, kind: str, hostname: str, interval: float, lock_owner: str | None = None, record=None):
        self.kind, self.hostname, self.interval = kind, hostname, interval
        self.lock_owner = lock_owner  # a standalone beat renews the schedule's lock with every beat
        self.record = record or _record
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"loopwise-heartbeat-{kind}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def beat(self) -> None:
        if self.lock_owner is not None and not self._stop.is_set() and not _holds_the_schedule(self.lock_owner):
            _lost_the_schedule(self.lock_owner)
        try:
            self.record(hostname=self.hostname, kind=self.kind)
        except Exception:  # the database is away: say so, and try again next time
            logger.warning("heartbeat of %s %s not recorded", self.kind, self.hostname, exc_info=True)

    def _run(self) -> None:
        while True:
            try:
                self.beat()
            except Exception:  # never let the thread die quietly while the process goes on
                logger.exception("heartbeat of %s %s failed", self.kind, self.hostname)
                if self.lock_owner is not None:
                    _lost_the_schedule(self.lock_owner)
            if self._stop.wait(self.interval):
                return


def _start(*, kind: str, hostname: str, lock_owner: str | None = None) -> Heart:
    heart = Heart(kind=kind, hostname=hostname, interval=settings.LOOPWISE_HEARTBEAT_SECONDS, lock_owner=lock_owner)
    _hearts.append(heart)
    heart.start()
    return heart


@worker_ready.connect
def _worker_ready(sender=None, **kwargs) -> None:
    _start(kind="worker", hostname=getattr(sender, "hostname", None) or f"celery@{socket.gethostname()}")


@beat_init.connect
def _beat_init(sender=None, **kwargs) -> None:
    """A beat, standalone or embedded in a worker: wait as a standby until the schedule is ours, then beat
    (and renew) until stopped. Sent in the beat's own thread before its loop starts (so a waiting embedded
    beat holds up nothing of its worker), and the scheduler sends nothing without the lock anyway."""
    owner = f"beat@{socket.gethostname()}:{os.getpid()}"
    while not _holds_the_schedule(owner):
        with contextlib.suppress(Exception):
            logger.warning("beat %s is a standby: %s holds the schedule", owner, beat_lock_holder())
        time.sleep(settings.LOOPWISE_HEARTBEAT_SECONDS)
    logger.info("beat %s holds the schedule", owner)
    heart = _start(kind="beat", hostname=f"beat@{socket.gethostname()}", lock_owner=owner)

    def hand_over() -> None:  # a clean stop: the standby takes over at once
        heart.stop()
        with contextlib.suppress(Exception):
            beat_lock_release(owner=owner)

    atexit.register(hand_over)


@worker_shutdown.connect
def _worker_shutdown(**kwargs) -> None:
    for heart in _hearts:
        heart.stop()
