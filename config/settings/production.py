"""Production: every secret comes from the environment; a missing one fails at start-up."""

from .base import *  # noqa: F403
from .base import env, logging_config

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
env("DATABASE_URL")  # required here; base.py has read it, with the PostgreSQL options (work_mem, timeouts)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# Links in emails must point at the real site, never at a developer's machine.
NOTIFICATIONS_SITE_URL = env("NOTIFICATIONS_SITE_URL")
CELERY_TASK_ALWAYS_EAGER = False
# One cache for the fleet (sign-in rate limits, and anything else cached): Redis, by default the broker's.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=CELERY_BROKER_URL),
        "KEY_PREFIX": "loopwise",
    }
}
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Probes talk to an instance directly over HTTP (no proxy in between): answer them, never redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
TWO_FACTOR_REQUIRED_FOR_ADMINS = env.bool("LOOPWISE_ADMIN_TWO_FACTOR", default=True)
API_DOCS_PUBLIC = env.bool("LOOPWISE_API_DOCS_PUBLIC", default=False)

# A fleet's logs go to a collector: one JSON object per line, one line per request and per task.
LOGGING = logging_config(
    log_format=env("LOOPWISE_LOG_FORMAT", default="json"), request_log=env("LOOPWISE_REQUEST_LOG", default="INFO")
)
