"""The kinds of message the outbox carries, registered by the domain apps that write them.

The outbox knows nothing of interviews, scorecards or loops. A domain app registers each of its
kinds (in its AppConfig.ready()) with a label for people and, where a message can go stale while it
waits (a reminder for a scorecard submitted since), a check that delivery runs first: it returns
the reason to skip the row, or "" to send it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (notification row, now) → why it is no longer needed ("" = send it)
StaleCheck = Callable[[Any, dt.datetime], str]


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    stale_reason: StaleCheck | None = None


_KINDS: dict[str, Kind] = {}


def kind_register(*, code: str, label: str, stale_reason: StaleCheck | None = None) -> Kind:
    """Make a kind known (again: registering the same code replaces it, so ready() may run twice)."""
    kind = Kind(code=code, label=label, stale_reason=stale_reason)
    _KINDS[code] = kind
    return kind


def kind_label(code: str) -> str:
    kind = _KINDS.get(code)
    return kind.label if kind else code.replace("_", " ").capitalize()


def kinds_registered() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def stale_reason(notification: Any, *, now: dt.datetime) -> str:
    """Why this row should no longer be sent ("" if it should): its kind's own check."""
    kind = _KINDS.get(notification.kind)
    if kind is None or kind.stale_reason is None:
        return ""
    return kind.stale_reason(notification, now)
