import os

from celery import Celery

# A worker or beat started without DJANGO_SETTINGS_MODULE runs the production settings, which refuse to
# start without their secrets: it never falls back to the embedded ones (eager tasks, console mail, the
# insecure key). manage.py and the tests name their settings before anything imports this.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("loopwise")
# Every CELERY_* setting in Django settings configures Celery.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
