"""What a domain app needs to write a message for the outbox: the `Draft` and a few plain helpers.

Each domain app builds its own messages (what, to whom, when; e.g. `interviews/notifications.py`)
and hands the drafts to `notifications.services.notifications_enqueue`.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Draft:
    """A notification to write: to whom, what it says, and what it is about."""

    kind: str
    dedupe_key: str
    to_email: str
    subject: str
    body: str
    to_name: str = ""
    recipient: Any = None  # the user, for people with an account
    ics: str = ""
    ics_method: str = ""
    attachments: list[dict[str, str]] = field(default_factory=list)  # more invites: {filename, method, content}
    about: dict[str, int] = field(default_factory=dict)  # ids the delivery-time check reads


def reachable(person: Any) -> bool:
    """An active account with an e-mail address."""
    return person is not None and person.is_active and bool(person.email)


def reachable_people(people: Iterable[Any]) -> list[Any]:
    """Active people with an email address, each once, in the given order."""
    seen: set[int] = set()
    found = []
    for person in people:
        if reachable(person) and person.pk not in seen:
            seen.add(person.pk)
            found.append(person)
    return found


def addressed_to(person: Any) -> dict[str, Any]:
    """The Draft fields that address a signed-up person."""
    return {"recipient": person, "to_email": person.email, "to_name": str(person)}


def stamp(moment: dt.datetime) -> str:
    """A moment for dedupe keys: UTC, to the second."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def local_time(moment: dt.datetime | None, zone_name: str) -> str:
    """A time as its reader reads it, naming the zone: "Mon 7 Dec 2026, 09:00 Europe/London"."""
    if moment is None:
        return "time to be confirmed"
    try:
        zone = zoneinfo.ZoneInfo(zone_name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        zone, zone_name = dt.UTC, "UTC"
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {zone_name or 'UTC'}"


def site_link(url_name: str, *args: object) -> str:
    """An absolute link into the app; the home page if that page is not built yet."""
    try:
        path = reverse(url_name, args=args)
    except NoReverseMatch:
        path = reverse("home")
    return settings.NOTIFICATIONS_SITE_URL.rstrip("/") + path


def render_body(template: str, context: dict[str, Any]) -> str:
    """A plain-text body from a template (e.g. "interviews/email/scorecard_due.txt")."""
    return render_to_string(template, context).strip() + "\n"
