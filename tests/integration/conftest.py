"""Run a real `celery worker` process against the test database and the Redis broker.

Integration tests are skipped unless DATABASE_URL points at PostgreSQL and CELERY_BROKER_URL at
Redis, which is how `.ci/run` runs the suite the second time.
"""

import os
import subprocess
import sys
import tempfile
import uuid
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
    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db):
    """A worker on a queue of its own, so stray messages from elsewhere never reach it."""
    queue = f"loopwise-test-{uuid.uuid4().hex[:8]}"
    env = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        DJANGO_SETTINGS_MODULE="config.settings.test",
        CELERY_TASK_DEFAULT_QUEUE=queue,
    )
    log_path = Path(tempfile.mkstemp(prefix="celery-worker-", suffix=".log")[1])
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
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
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield WorkerProcess(process, log_path)
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
