"""Local development: `make run`. Debug on, SQLite and eager Celery unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Serve static files straight from the app folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A calendar server on this machine (e.g. Radicale) can be connected while developing.
CALDAV_ALLOW_HTTP = env.bool("LOOPWISE_CALDAV_ALLOW_HTTP", default=True)
CALDAV_ALLOW_PRIVATE = env.bool("LOOPWISE_CALDAV_ALLOW_PRIVATE", default=True)
