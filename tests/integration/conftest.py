"""Run a real `celery worker` process against the test database and the Redis broker.

Integration tests are skipped unless DATABASE_URL points at PostgreSQL and CELERY_BROKER_URL at
Redis, which is how `.ci/run` runs the suite the second time.
"""

import os
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    real_services = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and str(
        settings.CELERY_BROKER_URL
    ).startswith("redis")
    if real_services:
        return
    if os.environ.get("LOOPWISE_REQUIRE_INTEGRATION") == "1":
        raise pytest.UsageError(
            "LOOPWISE_REQUIRE_INTEGRATION=1 but DATABASE_URL/CELERY_BROKER_URL are not real services"
        )
    skip = pytest.mark.skip(reason="needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL); see .ci/run")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


class WorkerProcess:
    def __init__(self, process: subprocess.Popen, log_path: Path, queue: str | None = None):
        self.process = process
        self.log_path = log_path
        self.queue = queue

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def service_env(**overrides: str) -> dict[str, str]:
    """Environment for a process a test starts: this test database, plus the given overrides."""
    return dict(os.environ, DATABASE_URL=_database_url(), **overrides)


def _start_worker(
    queue: str, *, settings_module: str = "config.settings.test", beat_schedule: Path | None = None, **env: str
) -> WorkerProcess:
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "-Q",
        queue,
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
    ]
    if beat_schedule is not None:
        args += ["--beat", f"--schedule={beat_schedule}"]
    log_path = Path(tempfile.mkstemp(prefix="celery-worker-", suffix=".log")[1])
    with log_path.open("w") as log:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=service_env(DJANGO_SETTINGS_MODULE=settings_module, CELERY_TASK_DEFAULT_QUEUE=queue, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return WorkerProcess(process, log_path, queue)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def publishing_to(queue: str):
    """Tasks this test process sends go through the broker to `queue` instead of running inline."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous


@pytest.fixture
def celery_worker_process(transactional_db):
    """A worker on a queue of its own, so stray messages from elsewhere never reach it."""
    worker = _start_worker(f"loopwise-test-{uuid.uuid4().hex[:8]}")
    try:
        with publishing_to(worker.queue):
            yield worker
    finally:
        _stop(worker.process)


@pytest.fixture
def celery_worker_factory(transactional_db, tmp_path):
    """Start workers (each on its own queue) with the settings module, environment and optional embedded
    beat a test needs, e.g. `start(settings_module=..., beat=True, CELERY_BROKER_URL=...)`; all are
    stopped afterwards. Use `publishing_to(worker.queue)` to send them tasks from the test."""
    started: list[WorkerProcess] = []

    def start(*, settings_module: str = "config.settings.test", beat: bool = False, **env: str) -> WorkerProcess:
        queue = f"loopwise-test-{uuid.uuid4().hex[:8]}"
        schedule = tmp_path / f"celerybeat-{queue}" if beat else None
        worker = _start_worker(queue, settings_module=settings_module, beat_schedule=schedule, **env)
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            _stop(worker.process)
