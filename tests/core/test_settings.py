"""Production settings fail fast without their secrets; embedded defaults need nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = (
    "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
)


def _run(settings_module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    """Production refuses to start without a secret key."""
    result = _run("config.settings.production", DATABASE_URL="postgres://x@127.0.0.1/x", CELERY_BROKER_URL="redis://")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    """Production refuses to start without a database URL."""
    result = _run("config.settings.production", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="a")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_local_settings_need_no_environment():
    """Local settings need no environment."""
    result = _run("config.settings.local")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_production_refuses_to_start_without_the_site_url_for_email_links():
    """Production refuses to start without the site URL for email links."""
    result = _run(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="a",
        DATABASE_URL="postgres://x@127.0.0.1/x",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode != 0
    assert "NOTIFICATIONS_SITE_URL" in result.stderr


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "loopwise.example.com",
    "DATABASE_URL": "postgres://loopwise@127.0.0.1:5432/loopwise",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "NOTIFICATIONS_SITE_URL": "https://loopwise.example.com",
}
# What each entry point loaded: the settings module, then whether Celery would run tasks in-process.
ENTRY_POINT = {
    "wsgi": "import config.wsgi; from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, settings.CELERY_TASK_ALWAYS_EAGER, settings.DEBUG)",
    "asgi": "import config.asgi; from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, settings.CELERY_TASK_ALWAYS_EAGER, settings.DEBUG)",
    # What `celery -A config worker` does first: import the package, then load the app's configuration.
    "celery": "from config import celery_app as app; app.loader.import_default_modules(); "
    "from django.conf import settings; print(settings.SETTINGS_MODULE, app.conf.task_always_eager, settings.DEBUG)",
}


def _entry(name: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", ENTRY_POINT[name]], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("name", list(ENTRY_POINT))
def test_entry_points_load_production_settings_unless_told_otherwise(name):
    """config.wsgi, config.asgi and the Celery app, started with production variables and no
    DJANGO_SETTINGS_MODULE, load the production settings: real broker, DEBUG off."""
    result = _entry(name, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.production", "False", "False"]


@pytest.mark.parametrize("name", list(ENTRY_POINT))
def test_entry_points_refuse_to_start_without_production_variables(name):
    """Without a settings choice and without the production variables an entry point refuses to start
    (naming the missing variable) instead of serving the embedded defaults."""
    result = _entry(name)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr  # refused by the production settings, not some other crash


def test_an_explicit_settings_choice_wins_over_the_production_default():
    """DJANGO_SETTINGS_MODULE, when given, is what the Celery app loads (the tests and manage.py rely on it)."""
    result = _entry("celery", DJANGO_SETTINGS_MODULE="config.settings.local")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.local", "True", "True"]
