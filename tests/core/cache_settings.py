"""The test settings with the cache at LOOPWISE_TEST_CACHE_URL (Redis), for processes a test starts."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("LOOPWISE_TEST_CACHE_URL")}
}
