"""Structured logs for a fleet: one JSON object per line (`LOOPWISE_LOG_FORMAT=json`, production's default),
each carrying the request id of the web request it belongs to — also in the Celery tasks that request
queued, on whichever worker runs them — so one person's action can be followed across processes.

The request id comes from the proxy's `X-Request-ID` when it is a sane token (letters, digits, `.`, `_`,
`-`, at most 64), else a new one; every response says it back in `X-Request-ID`.
"""

import datetime as dt
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "loopwise_request_id"
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id: ContextVar[str | None] = ContextVar("loopwise_request_id", default=None)
_task_started: ContextVar[float | None] = ContextVar("loopwise_task_started", default=None)
requests_log = logging.getLogger("loopwise.request")
tasks_log = logging.getLogger("loopwise.task")


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is a sane token, else a new one (never an attacker's text in the logs)."""
    return header if header and SANE_ID.fullmatch(header) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain: every log line of the request, and every task it queues, carries its id; one
    line per request says what was asked, by whom, the status and how long it took."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        token = request_id.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = rid
            if requests_log.isEnabledFor(logging.INFO):  # reading the user costs queries: only when logged
                self._log(request, response, started)
            return response
        finally:
            request_id.reset(token)

    @staticmethod
    def _log(request: HttpRequest, response: HttpResponse, started: float) -> None:
        user = getattr(request, "user", None)
        path = logged_path(request)
        requests_log.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "http": {
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "ms": round((time.monotonic() - started) * 1000, 1),
                    "user": user.pk if user is not None and user.is_authenticated else None,
                }
            },
        )


# URL parts that are secrets (the candidate's booking and availability links, password-reset links, the
# calendar feed): logged as "…", so a log collector never holds a working link.
SECRET_URL_PARTS = ("token", "uidb64", "key", "secret")


def logged_path(request: HttpRequest) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if any(part in name for part in SECRET_URL_PARTS) and isinstance(value, str) and value:
            path = path.replace(value, "…")
    return path


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "-") and, inside a task, its name and id on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        from celery import current_task

        task = current_task if current_task and current_task.request.id else None
        record.task = {"name": task.name, "id": task.request.id} if task else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, task, the HTTP summary,
    the process, and the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "process": record.process,
        }
        for key in ("task", "http"):
            if getattr(record, key, None):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


# --- Carrying the id into Celery --------------------------------------------------------------------


@before_task_publish.connect
def _publish_with_request_id(headers=None, **kwargs) -> None:
    rid = request_id.get()
    if rid and headers is not None:
        headers[TASK_HEADER] = rid


def _task_request_id(task) -> str | None:
    """The id the publisher put in the message's headers (Celery exposes custom headers on the request, or
    under `headers` depending on the protocol path, celery#4875)."""
    found = getattr(task.request, TASK_HEADER, None)
    if found is None:
        found = (getattr(task.request, "headers", None) or {}).get(TASK_HEADER)
    return found if isinstance(found, str) and SANE_ID.fullmatch(found) else None


@task_prerun.connect
def _task_started_log(task=None, **kwargs) -> None:
    rid = _task_request_id(task) if task is not None else None
    if rid:
        request_id.set(rid)
    _task_started.set(time.monotonic())
    tasks_log.info("task %s started", getattr(task, "name", "?"))


@task_postrun.connect
def _task_finished_log(task=None, state=None, **kwargs) -> None:
    started = _task_started.get()
    ms = round((time.monotonic() - started) * 1000, 1) if started else None
    tasks_log.info("task %s finished: %s in %s ms", getattr(task, "name", "?"), state, ms)
    if not (task is not None and task.request.is_eager):
        request_id.set(None)  # a worker runs the next task for someone else
