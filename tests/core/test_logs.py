"""Structured logs (core/logs.py): the request id comes from the proxy or is made, is said back, and is on
every line of the request and of the tasks it queues; JSON lines for a log collector."""

import json
import logging
import sys

import pytest

from core.logs import REQUEST_ID_HEADER, JsonFormatter, RequestIdFilter, request_id
from core.tasks import worker_heartbeat_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the loopwise.* loggers write, formatted as production writes it (JSON, one object a line)."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("loopwise.request", "loopwise.task")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in lines]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_sane_request_id_from_the_proxy_is_kept_and_said_back(client, json_lines):
    """The proxy's X-Request-ID names the request's log line and comes back on the response."""
    response = client.get("/healthz/live", headers={"X-Request-ID": "lb-7f3a.01_x"})
    assert response[REQUEST_ID_HEADER] == "lb-7f3a.01_x"
    (line,) = [line for line in json_lines() if line["logger"] == "loopwise.request"]
    assert line["request_id"] == "lb-7f3a.01_x"
    assert line["http"]["method"] == "GET"
    assert line["http"]["path"] == "/healthz/live"
    assert line["http"]["status"] == 200
    assert line["http"]["user"] is None
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")


@pytest.mark.parametrize("sent", ["", "has space", "<script>", "x" * 65, "ünïcode"])
def test_an_unusable_request_id_is_replaced_by_a_new_one(client, sent):
    """Anything but a short plain token is replaced (never an attacker's text in the logs)."""
    response = client.get("/healthz/live", headers={"X-Request-ID": sent})
    made = response[REQUEST_ID_HEADER]
    assert made != sent
    assert len(made) == 32
    assert int(made, 16) >= 0


def test_each_request_gets_its_own_id(client):
    """Without a header, every request gets a fresh id."""
    ids = {client.get("/healthz/live")[REQUEST_ID_HEADER] for _ in range(3)}
    assert len(ids) == 3


def test_a_signed_in_request_names_the_user(client, json_lines):
    """The request line carries the user's id (never their name or e-mail)."""
    user = UserFactory(roles=["interviewer"])
    client.force_login(user)
    client.get("/healthz/live")
    (line,) = [line for line in json_lines() if line["logger"] == "loopwise.request"]
    assert line["http"]["user"] == user.pk


def test_a_task_run_for_a_request_logs_under_its_id(json_lines):
    """A task queued while a request is being served logs its start and end under the request's id."""
    token = request_id.set("req-42")
    try:
        worker_heartbeat_task.delay(hostname="celery@test")
    finally:
        request_id.reset(token)
    task_lines = [line for line in json_lines() if line["logger"] == "loopwise.task"]
    assert [line["message"].split(" ")[2] for line in task_lines] == ["started", "finished:"]
    assert {line["request_id"] for line in task_lines} == {"req-42"}
    assert {line["task"]["name"] for line in task_lines} == {"core.tasks.worker_heartbeat_task"}


def test_an_exception_is_one_json_line_with_its_traceback():
    """A traceback stays inside the one JSON object (a log collector sees one event, not thirty lines)."""
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info()
        )
    text = formatter.format(record)
    assert "\n" not in text
    body = json.loads(text)
    assert body["message"] == "failed here"
    assert "ValueError: boom" in body["exception"]


def test_a_secret_in_the_url_never_reaches_the_log(client, json_lines):
    """The candidate's link and password-reset links are logged with their token as "…"."""
    client.get("/availability/a-secret-token-value/")
    client.get("/password-reset/MQ/some-reset-token/")
    paths = [line["http"]["path"] for line in json_lines() if line["logger"] == "loopwise.request"]
    assert paths == ["/availability/…/", "/password-reset/…/…/"]
    assert not any("secret-token" in p or "reset-token" in p for p in paths)
