"""Every Celery worker and every beat says it is alive, from a thread of its own, every
`LOOPWISE_HEARTBEAT_SECONDS` (`WorkerHeartbeat`, one row per process: a worker by its node name, beat as
beat@host). Staff see them on `/healthz/` and in the admin (*Operations → Worker heartbeats*); a process
not heard from for three intervals is shown as not alive.

The beat-scheduled `worker_heartbeat_task` adds the other half: the schedule reaches the broker and some
worker consumes it (its beat lands on the row of the worker that ran it).

Beat runs exactly once in the fleet: a standalone `celery beat` holds a lock in the shared cache (Redis in
production) for three heartbeat intervals and renews it with every heartbeat. A second beat started
anywhere waits as a standby until the lock is free (its holder stopped or died), then takes over; a beat
that finds its lock taken by another exits so that its supervisor restarts it as a standby. (A beat
embedded in a worker, `worker --beat`, is for development and tests: it beats but takes no lock.)
"""

import atexit
import contextlib
import logging
import math
import os
import socket
import threading
import time

from celery.signals import beat_embedded_init, beat_init, worker_init, worker_ready, worker_shutdown
from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)
_hearts: list["Heart"] = []
_in_worker = False  # set in a worker's process (and inherited by an embedded beat's)


BEAT_LOCK = "loopwise:beat:owner"


def beat_lock_ttl() -> int:
    """Three heartbeats, in whole seconds (Redis expires in whole seconds)."""
    return math.ceil(3 * settings.LOOPWISE_HEARTBEAT_SECONDS)


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
    try:
        return beat_lock_take(owner=owner)
    except Exception:
        logger.warning("beat %s cannot reach the cache that holds the schedule's lock", owner, exc_info=True)
        return False


def _lost_the_schedule(owner: str) -> None:
    logger.critical("beat %s lost the schedule to %s; exiting to restart as a standby", owner, beat_lock_holder())
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
        self.beat()
        while not self._stop.wait(self.interval):
            self.beat()


def _start(*, kind: str, hostname: str, lock_owner: str | None = None) -> Heart:
    heart = Heart(kind=kind, hostname=hostname, interval=settings.LOOPWISE_HEARTBEAT_SECONDS, lock_owner=lock_owner)
    _hearts.append(heart)
    heart.start()
    return heart


@worker_init.connect
def _worker_init(**kwargs) -> None:
    global _in_worker
    _in_worker = True


@worker_ready.connect
def _worker_ready(sender=None, **kwargs) -> None:
    _start(kind="worker", hostname=getattr(sender, "hostname", None) or f"celery@{socket.gethostname()}")


@beat_init.connect
def _beat_init(sender=None, **kwargs) -> None:
    """A standalone beat: wait as a standby until the schedule is ours, then beat (and renew) until stopped.
    Sent before the scheduler's loop starts, so nothing is scheduled while we wait. (Also sent for a beat
    embedded in a worker, which takes no lock: see `_beat_embedded_init`.)"""
    if _in_worker:
        return
    owner = f"beat@{socket.gethostname()}:{os.getpid()}"
    while not _holds_the_schedule(owner):
        with contextlib.suppress(Exception):
            logger.warning("beat %s is a standby: %s holds the schedule", owner, beat_lock_holder())
        time.sleep(settings.LOOPWISE_HEARTBEAT_SECONDS)
    logger.info("beat %s holds the schedule", owner)
    atexit.register(beat_lock_release, owner=owner)  # a clean stop hands over at once
    _start(kind="beat", hostname=owner, lock_owner=owner)


@beat_embedded_init.connect
def _beat_embedded_init(sender=None, **kwargs) -> None:
    _start(kind="beat", hostname=f"beat@{socket.gethostname()}:{os.getpid()}")


@worker_shutdown.connect
def _worker_shutdown(**kwargs) -> None:
    for heart in _hearts:
        heart.stop()
