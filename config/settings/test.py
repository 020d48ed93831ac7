"""Test settings: fast hashing, mail kept in memory (locmem) so tests can read it."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests outside `integration` run tasks in-process; integration tests switch this off and run a worker.
CELERY_TASK_ALWAYS_EAGER = True
# Serve static files straight from the app folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Django's test client signs in without a request, which django-axes refuses; the lockout tests switch
# it on (override_settings(AXES_ENABLED=True)) and sign in through the real pages and API.
AXES_ENABLED = False
# The calendar-sync tests start Radicale on 127.0.0.1 over plain http; the tests of the address check switch
# these off (production's defaults).
CALDAV_ALLOW_HTTP = True
CALDAV_ALLOW_PRIVATE = True
