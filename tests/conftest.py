import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def as_user(api):
    """Sign the API client in as a new user with the given roles; returns that user."""

    def sign_in(*roles: str, **fields):
        user = UserFactory(roles=list(roles), **fields)
        api.force_authenticate(user)
        return user

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache: each test starts from none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    """A live Radicale CalDAV server for the session (started when first asked for, stopped at the end)."""
    from tests.interviews.calendar import radicale_server

    process, server = radicale_server.start(tmp_path_factory.mktemp("radicale"))
    yield server
    process.terminate()
    process.wait(timeout=10)
