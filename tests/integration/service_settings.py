"""Settings for the processes integration tests start (workers, beat, a stand-in web process).

The test settings, except that tasks really go through the broker (CELERY_BROKER_URL) and mail is
written to files (EMAIL_BACKEND / EMAIL_FILE_PATH) that the test reads back. With
LOOPWISE_TEST_SWEEP_EVERY=<seconds>, an embedded beat (`worker --beat`) runs only the outbox sweep,
that often, and the sweep takes rows from 1 second old, so a test need not wait a minute.
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="/tmp/loopwise-test-mail")

_sweep_every = env.float("LOOPWISE_TEST_SWEEP_EVERY", default=0)
if _sweep_every:
    NOTIFICATIONS_SWEEP_GRACE_SECONDS = 1
    CELERY_BEAT_SCHEDULE = {
        "outbox sweep (test cadence)": {
            "task": "notifications.tasks.notification_sweep_task",
            "schedule": _sweep_every,
        },
    }
