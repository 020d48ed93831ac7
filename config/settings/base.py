"""Settings shared by every environment.

Embedded defaults work with no environment at all (SQLite, eager Celery, console mail);
the environment switches each part to the real one. `.env.example` lists every variable.
"""

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "audit",
    "core",
    "hiring",
    "interviews",
    "decisions",
    "notifications",
    "analytics",
    "home",
    "demo",
]

MIDDLEWARE = [
    # First: every log line of a request, and every task it queues, carries the request's id.
    "core.logs.RequestIdMiddleware",
    "core.middleware.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.services.AuditContextMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    # After the views and DRF's token authentication: the API's per-viewer ETag and 304.
    "core.middleware.ApiConditionalGetMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into accounts.lockout's 429.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): everything from this site, no inline script; the one inline style
# (the loop page's day grid) carries the request's nonce. Permissions-Policy and Cache-Control come from
# core.middleware.SecurityHeadersMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# Who may read the OpenAPI schema and docs without signing in (production: nobody).
API_DOCS_PUBLIC = env.bool("LOOPWISE_API_DOCS_PUBLIC", default=True)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded database serves one developer, but the browser sends requests in parallel: wait for
    # the write lock instead of failing with "database is locked", and let readers run beside a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # PostgreSQL's work_mem for this app's connections: the analytics' sorts and hashes over every
    # scorecard (analytics/selectors.py) stay in memory instead of spilling to disk (the server default,
    # 4MB, is made for hundreds of connections). Per sort, per connection: mind the connection count.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("options", f"-c work_mem={env.str('LOOPWISE_PG_WORK_MEM', default='64MB')}")
    # A database that does not answer fails a connection in seconds, never a request's (or a heartbeat's)
    # two minutes of TCP retries.
    options.setdefault("connect_timeout", env.int("LOOPWISE_PG_CONNECT_TIMEOUT", default=5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Mail: console by default; EMAIL_BACKEND / EMAIL_FILE_PATH / EMAIL_HOST... switch it.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Loopwise <loopwise@localhost>")
# Links in notification emails start with this (scheme, host and port people reach the app on).
NOTIFICATIONS_SITE_URL = env("NOTIFICATIONS_SITE_URL", default="http://127.0.0.1:8000")
# Video links on interviews (interviews.meeting_links): generated rooms on a Jitsi-compatible server, each
# lead interviewer's own room, or off.
MEETING_LINKS = env("LOOPWISE_MEETING_LINKS", default="generated")
if MEETING_LINKS not in ("generated", "personal", "off"):  # interviews.meeting_links.PROVIDERS
    raise ImproperlyConfigured(f"LOOPWISE_MEETING_LINKS is generated, personal or off, not {MEETING_LINKS!r}.")
MEETING_BASE_URL = env("LOOPWISE_MEETING_BASE_URL", default="https://meet.jit.si")
# After this many shadowed rounds of a type, the recruiter is prompted to promote the trainee.
TRAINEE_PROMOTE_AFTER = env.int("LOOPWISE_PROMOTE_AFTER_SHADOWS", default=3)

# Candidate self-booking (interviews/scheduling/booking.py): with no windows given, the link offers complete
# plans on the candidate's weekdays 09:00-17:00 (their zone) from this many hours ahead, for this many days.
BOOKING_NOTICE_HOURS = env.int("LOOPWISE_BOOKING_NOTICE_HOURS", default=24)
BOOKING_DAYS = env.int("LOOPWISE_BOOKING_DAYS", default=14)
BOOKING_OPTIONS = env.int("LOOPWISE_BOOKING_OPTIONS", default=3)

# Secrets stored at rest (core/encryption.py): Fernet keys, comma-separated (the first encrypts); empty: one
# derived from DJANGO_SECRET_KEY.
ENCRYPTION_KEYS = env("LOOPWISE_ENCRYPTION_KEY", default="")
# Connected calendars (interviews/calendar_sync.py): plain http only where this is true (a local test server);
# busy time is read this many weeks ahead; each request gives up after this many seconds.
CALDAV_ALLOW_HTTP = env.bool("LOOPWISE_CALDAV_ALLOW_HTTP", default=False)
# A calendar server on a private address (the same network, or the tests' local Radicale); off, calendar URLs
# that resolve to private, loopback or link-local addresses are refused (no reaching internal services).
CALDAV_ALLOW_PRIVATE = env.bool("LOOPWISE_CALDAV_ALLOW_PRIVATE", default=False)
CALDAV_TIMEOUT = env.int("LOOPWISE_CALDAV_TIMEOUT", default=15)

# Celery: with no broker configured, tasks run eagerly in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
# Publishing must never hang a web request when the broker is down.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers and beat record a heartbeat this often (core/heartbeat.py); three missed ones mark them not alive.
LOOPWISE_HEARTBEAT_SECONDS = env.float("LOOPWISE_HEARTBEAT_SECONDS", default=30)
# Beat sends nothing unless it holds the fleet's schedule lock (core/heartbeat.py), and wakes at least
# once a heartbeat to check.
CELERY_BEAT_SCHEDULER = "core.heartbeat:LockedScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = LOOPWISE_HEARTBEAT_SECONDS
CELERY_BEAT_SCHEDULE = {
    "record worker heartbeat every minute": {
        "task": "core.tasks.worker_heartbeat_task",
        "schedule": crontab(minute="*"),
    },
    # Each run is idempotent (dedupe keys); times are UTC. What is due when: interviews/feedback_timing.py.
    "deliver outbox notifications left waiting (broker outage, retries, dead workers) every minute": {
        "task": "notifications.tasks.notification_sweep_task",
        "schedule": crontab(minute="*"),
    },
    "remind interviewers of scorecards due (an hour after the interview) every five minutes": {
        "task": "interviews.tasks.scorecard_reminders_send_task",
        "schedule": crontab(minute="*/5"),
    },
    "chase overdue scorecards at the start of each interviewer's working day, checked every 15 minutes": {
        "task": "interviews.tasks.scorecard_escalations_send_task",
        "schedule": crontab(minute="*/15"),
    },
    "send each recruiter their daily digest on working days at 07:00": {
        "task": "decisions.tasks.recruiter_digests_send_task",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon-fri"),
    },
    "refresh connected calendars (busy time in, interviews out) every 15 minutes": {
        "task": "interviews.tasks.calendars_sync_task",
        "schedule": crontab(minute="*/15"),
    },
    "anonymize candidates whose retention ran out (hiring/retention.py), daily at 03:10": {
        "task": "hiring.tasks.candidates_retention_sweep_task",
        "schedule": crontab(minute=10, hour=3),
    },
}

# Candidates are anonymized automatically this many days after their last application closed (0: never).
CANDIDATE_RETENTION_DAYS = env.int("LOOPWISE_RETENTION_DAYS", default=365)

# Sign-in lockout (django-axes, accounts/lockout.py): per username + client address, on pages, admin and API.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("LOOPWISE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOOPWISE_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "otp"]
AXES_VERBOSE = False  # no start-up banner; failures are still logged with the username and address
# Behind the production proxy the client is the first address it forwards (LOOPWISE_TRUSTED_PROXIES hops).
# The client address (lockout, audit log) through django-ipware: behind LOOPWISE_TRUSTED_PROXIES proxies it is
# read from X-Forwarded-For; with none in front only the connecting address counts (the header is the
# client's to forge).
TRUSTED_PROXIES = env.int("LOOPWISE_TRUSTED_PROXIES", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXIES else ["REMOTE_ADDR"]

# Sessions: at most this long after sign-in, and signed out after this long without a request
# (accounts.middleware.IdleSessionMiddleware). Password-reset links work for an hour.
SESSION_COOKIE_AGE = env.int("LOOPWISE_SESSION_HOURS", default=12) * 3600
SESSION_IDLE_TIMEOUT_MINUTES = env.int("LOOPWISE_SESSION_IDLE_MINUTES", default=30)
PASSWORD_RESET_TIMEOUT = 3600

# Two-factor sign-in (accounts/two_factor.py): admins must use an authenticator app when this is on
# (production's default); anyone who set one up is always asked for its code.
TWO_FACTOR_REQUIRED_FOR_ADMINS = env.bool("LOOPWISE_ADMIN_TWO_FACTOR", default=False)
OTP_TOTP_ISSUER = "Loopwise"

# API tokens expire this long after sign-in (accounts/tokens.py); revoked earlier on logout, a password
# change or deactivation.
TOKEN_LIFETIME_HOURS = env.int("LOOPWISE_TOKEN_LIFETIME_HOURS", default=24)

# The largest JSON body the API reads (bytes); uploads (.ics) have their own limit.
API_MAX_BODY_BYTES = env.int("LOOPWISE_API_MAX_BODY_BYTES", default=1_000_000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call then gets 401 with WWW-Authenticate, not 403.
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    # The token endpoint is also rate-limited per client address (429 with Retry-After), lockout or not.
    "DEFAULT_THROTTLE_RATES": {"sign-in": env("LOOPWISE_SIGN_IN_RATE", default="30/minute")},
    # JSON of bounded size and depth in; JSON that always encodes out (core/parsers.py, core/renderers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "core.renderers.SafeJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Loopwise API",
    "DESCRIPTION": "Interview loops for hiring applied (ML) scientists.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RoundTypeCodeEnum": "interviews.codes.RoundCode",
        "RoleFamilyEnum": "hiring.codes.RoleFamily",
        "LevelEnum": "hiring.codes.Level",
        "QualificationStageEnum": "interviews.codes.QualificationStage",
        "LoopStatusEnum": "interviews.codes.LoopStatus",
        "InterviewStatusEnum": "interviews.codes.InterviewStatus",
        "ScorecardStatusEnum": "interviews.codes.ScorecardStatus",
        "ApplicationStageEnum": "hiring.codes.ApplicationStage",
    },
}


def logging_config(*, log_format: str, request_log: str) -> dict:
    """Every line through one handler on stderr, with the request id (core/logs.py); `json` for a fleet's
    log collector, `text` for a person. `request_log` is the level of the one-line-per-request log
    (`loopwise.request`): INFO writes it, WARNING keeps it quiet (runserver already prints requests)."""
    if log_format not in ("json", "text"):
        raise ImproperlyConfigured(f"LOOPWISE_LOG_FORMAT is json or text, not {log_format!r}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "core.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": log_format}},
        "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
        "loggers": {
            "loopwise.request": {"level": request_log},
            "loopwise.task": {"level": request_log},
            # The caldav client logs whole server answers at INFO: a calendar server's text stays out of logs.
            "caldav": {"level": "WARNING"},
        },
    }


LOGGING = logging_config(
    log_format=env("LOOPWISE_LOG_FORMAT", default="text"), request_log=env("LOOPWISE_REQUEST_LOG", default="WARNING")
)
# Workers log through the configuration above (JSON lines with the request id), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
