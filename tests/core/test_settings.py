"""Production settings fail fast without their secrets; embedded defaults need nothing."""

import os
import subprocess
import sys
from pathlib import Path

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
