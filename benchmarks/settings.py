"""Settings for the benchmarks (benchmarks/run.py): the embedded settings with DEBUG off, against the
database in DATABASE_URL, plus the bare view the results are compared with."""

from config.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
AXES_ENABLED = False  # wrk signs in once per role; nothing here tests the lockout
