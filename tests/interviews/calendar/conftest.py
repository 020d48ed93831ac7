import pytest

from tests.interviews.calendar import radicale_server


@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    """A live Radicale CalDAV server for the session (stopped at the end)."""
    process, server = radicale_server.start(tmp_path_factory.mktemp("radicale"))
    yield server
    process.terminate()
    process.wait(timeout=10)
