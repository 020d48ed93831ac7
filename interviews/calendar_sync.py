"""Connected calendars over CalDAV (RFC 4791), with the maintained `caldav` client.

An interviewer connects the URL of one calendar collection, a user name and an app password (stored
encrypted, core.encryption; never shown back). A sync (`interviewer_calendar_sync`: on connecting, when
their interviews change, from "Sync now", and every 15 minutes from beat) does both directions:
- busy time in: the calendar's events in the coming weeks (RECURRENCE_HORIZON), recurring ones expanded
  (each occurrence, with its exceptions, as the server or the client expands it), read by the same parser
  as an uploaded .ics (invites.busy_events_from_ics: opaque, not cancelled, all-day in the person's zone),
  replace the person's upcoming `caldav` busy blocks; our own interviews read back are not busy time;
- interviews out: each upcoming scheduled interview the person is on is written as the panel's event (same
  UID and SEQUENCE as the invites), rewritten when its SEQUENCE moved on (a reschedule), and deleted when it
  is cancelled or the person is taken off it (CalendarCopy remembers where each copy is and its version).
A failed sync records why on the profile (`caldav_error`, shown on their page and in the API) and changes
nothing; the next one tries again.
"""

import contextlib
import datetime as dt
import ipaddress
import logging
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import caldav
import niquests
from caldav.elements import dav
from caldav.lib import error as caldav_error
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADMIN
from core.encryption import CannotDecrypt, decrypt, encrypt
from core.errors import PermissionDenied, ValidationFailed
from core.fields import zone_or_utc
from interviews.busy import busy_replace
from interviews.models import BusyBlock, CalendarCopy, Interview, InterviewerProfile
from interviews.scheduling import invites

logger = logging.getLogger(__name__)

ONLY_THEIRS = "Only the interviewer themselves (or an admin) connects their calendar."
URL_SCHEME = "Give the calendar's https:// address (your calendar app's CalDAV settings show it)."
URL_REQUIRED = "Give the calendar's address."
USERNAME_REQUIRED = "Give the user name you sign in to the calendar server with."
PASSWORD_REQUIRED = "Give an app password for the calendar (made in your account's security settings)."
TOO_LONG = "At most {limit} characters."
NOT_CONNECTED = "No calendar is connected to this profile: connect one first."
FAILED_SIGN_IN = "The calendar server refused the user name or app password."
FAILED_NOT_FOUND = "There is no calendar at this address (check the URL of the calendar itself)."
FAILED_UNREACHABLE = "The calendar server could not be reached: {reason}"
FAILED_SERVER = "The calendar server answered with an error: {reason}"
FAILED_KEY = "The stored app password cannot be read (the encryption key changed): enter it again."
CALENDAR_RESOURCE = "{urn:ietf:params:xml:ns:caldav}calendar"
FAILED_REDIRECT = "The calendar server sent the request elsewhere: give the calendar's own address."
HOST_UNKNOWN = "This host name does not resolve: check the calendar's address."
HOST_PRIVATE = "This address is on a private network; give the calendar server's public address."
SYNC_RUNNING = "A sync of this calendar is already running; try again in a minute."
NOT_ALL_WRITTEN = "{count} interview(s) could not be written to the calendar; the next sync tries again."


class CalendarSettingsInvalid(ValidationFailed):
    """Bad calendar settings: 400 naming `caldav_url`, `username` or `password` (under `calendar` in the API)."""


class CalendarUnreachable(Exception):
    """A sync failed; `message` says why in words the interviewer can act on (also saved on the profile)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class SyncResult:
    busy: int  # busy blocks read
    written: int  # interviews added to the calendar
    updated: int  # rewritten after a change
    removed: int  # deleted (cancelled, or the person left the panel)


def calendar_can_manage(*, viewer: User, profile: InterviewerProfile) -> bool:
    """Who connects, sees the settings of and syncs a person's calendar: they themselves, or an admin."""
    return viewer.pk == profile.user_id or viewer.has_role(ADMIN)


def calendar_connected(profile: InterviewerProfile) -> bool:
    return bool(profile.caldav_url and profile.caldav_username and profile.caldav_password)


# --- connecting ---------------------------------------------------------------------------------------


def _clean_url(url: str) -> str:
    """A calendar URL the server may call: http(s) to a named host on a sane port, no credentials, query or
    fragment in it, and (unless LOOPWISE_CALDAV_ALLOW_PRIVATE) never an internal address (calendar_host_refusal)."""
    url = (url or "").strip()
    if len(url) > 500:
        raise CalendarSettingsInvalid({"caldav_url": [TOO_LONG.format(limit=500)]})
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise CalendarSettingsInvalid({"caldav_url": [URL_SCHEME]}) from None
    allowed = ("https", "http") if settings.CALDAV_ALLOW_HTTP else ("https",)
    if (
        parts.scheme not in allowed
        or not parts.hostname
        or "\x00" in url
        or any(c.isspace() for c in url)
        or parts.username is not None
        or parts.query
        or parts.fragment
        or (port is not None and not 0 < port < 65536)
    ):
        raise CalendarSettingsInvalid({"caldav_url": [URL_SCHEME]})
    if refusal := calendar_host_refusal(parts.hostname):
        raise CalendarSettingsInvalid({"caldav_url": [refusal]})
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return parts._replace(path=path).geturl()


def calendar_host_refusal(host: str) -> str:
    """Why the server must not call this host ("" when it may): each address it resolves to must be a public
    one, so a calendar URL cannot reach the machine itself, the private network or a cloud's metadata service.
    Checked when connecting and again before every sync (an address can change). LOOPWISE_CALDAV_ALLOW_PRIVATE
    lifts it for a calendar server on the same network (and the tests' local Radicale)."""
    if settings.CALDAV_ALLOW_PRIVATE:
        return ""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return HOST_UNKNOWN
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return HOST_PRIVATE
    return ""


@transaction.atomic
def interviewer_calendar_connect(
    *, profile: InterviewerProfile, actor: User, caldav_url: str, username: str = "", password: str = ""
) -> InterviewerProfile:
    """Connect (or change, or with an empty URL disconnect) the person's calendar. An empty password keeps
    the stored one only while the calendar (URL and user) stays the same, so the stored password can never be
    pointed at another server. A sync runs after the commit."""
    if not calendar_can_manage(viewer=actor, profile=profile):
        raise PermissionDenied(ONLY_THEIRS)
    profile = InterviewerProfile.objects.select_for_update().get(pk=profile.pk)
    if not (caldav_url or "").strip():
        _disconnect(profile)
        return profile
    url = _clean_url(caldav_url)
    username = (username or "").strip()
    problems = {}
    if not username or "\x00" in username:
        problems["username"] = [USERNAME_REQUIRED]
    elif len(username) > 200:
        problems["username"] = [TOO_LONG.format(limit=200)]
    same_calendar = url == profile.caldav_url and username == profile.caldav_username
    if not password and not (same_calendar and profile.caldav_password):
        problems["password"] = [PASSWORD_REQUIRED]
    elif len(password) > 500 or "\x00" in password:
        problems["password"] = [TOO_LONG.format(limit=500)]
    if problems:
        raise CalendarSettingsInvalid(problems)
    if not same_calendar:
        # A different calendar holds none of our copies and none of this busy time.
        profile.calendar_copies.all().delete()
        profile.busy_blocks.filter(source=BusyBlock.Source.CALDAV).delete()
    profile.caldav_url, profile.caldav_username = url, username
    if password:
        profile.caldav_password = encrypt(password)
    profile.caldav_error = ""
    profile.save(update_fields=["caldav_url", "caldav_username", "caldav_password", "caldav_error"])
    calendar_sync_queue(user_ids=[profile.user_id])
    return profile


def _disconnect(profile: InterviewerProfile) -> None:
    """Forget the calendar: its busy time and the record of our copies go (the copies stay in it)."""
    profile.busy_blocks.filter(source=BusyBlock.Source.CALDAV).delete()
    profile.calendar_copies.all().delete()
    profile.caldav_url = profile.caldav_username = profile.caldav_password = profile.caldav_error = ""
    profile.caldav_last_synced_at = None
    profile.save(
        update_fields=["caldav_url", "caldav_username", "caldav_password", "caldav_error", "caldav_last_synced_at"]
    )


# --- syncing ------------------------------------------------------------------------------------------


def _calendar(profile: InterviewerProfile) -> caldav.Calendar:
    if refusal := calendar_host_refusal(urlsplit(profile.caldav_url).hostname or ""):
        raise CalendarUnreachable(refusal)
    client = caldav.DAVClient(
        url=profile.caldav_url,
        username=profile.caldav_username,
        password=decrypt(profile.caldav_password),
        timeout=settings.CALDAV_TIMEOUT,
        require_tls=not settings.CALDAV_ALLOW_HTTP,
        enable_rfc6764=False,  # the URL is the calendar's own: no DNS discovery
    )
    client.session.max_redirects = 0  # a redirect could lead anywhere, an internal address included
    calendar = client.calendar(url=profile.caldav_url)
    if CALENDAR_RESOURCE in (calendar.get_property(dav.ResourceType()) or []):
        return calendar
    # The address of the account (or the server) rather than of a calendar: their first calendar, as calendar
    # apps do — on the same server only (an address the server names elsewhere is not followed).
    found = client.principal().calendars()
    same = [c for c in found if urlsplit(str(c.url)).netloc == urlsplit(profile.caldav_url).netloc]
    if not same:
        raise CalendarUnreachable(FAILED_NOT_FOUND)
    return same[0]


def interviewer_calendar_sync_now(*, profile: InterviewerProfile, actor: User) -> SyncResult:
    """ "Sync now" from the page or `POST interviewers/{id}/sync-calendar/`."""
    if not calendar_can_manage(viewer=actor, profile=profile):
        raise PermissionDenied(ONLY_THEIRS)
    if not calendar_connected(profile):
        raise ValidationFailed({"calendar": [NOT_CONNECTED]})
    return interviewer_calendar_sync(profile_id=profile.pk)


@dataclass
class _Plan:
    """What one sync works from, read before any network call (no lock is held while the server answers)."""

    profile: InterviewerProfile
    interviews: dict[int, Interview]  # upcoming, scheduled, the person on it
    copies: dict[int, CalendarCopy]  # our copies of interviews not yet over


def interviewer_calendar_sync(*, profile_id: int, now: dt.datetime | None = None) -> SyncResult:
    """Both directions for one person (see the module's docstring); CalendarUnreachable when it failed.

    One sync per person at a time by a claim in the shared cache (never by the profile row, which every
    booking locks); the server is called with no transaction open, and what it answered is then written in
    one short transaction."""
    now = now or timezone.now()
    claim = f"loopwise:caldav-sync:{profile_id}"
    if not cache.add(claim, "1", timeout=settings.CALDAV_TIMEOUT * 20):
        raise CalendarUnreachable(SYNC_RUNNING)
    try:
        plan = _plan(profile_id, now)
        if plan is None:
            return SyncResult(0, 0, 0, 0)
        try:
            calendar = _calendar(plan.profile)
            events = _fetch_busy(plan.profile, calendar, now)
            done = _push_interviews(plan, calendar)
        except CalendarUnreachable as exc:
            InterviewerProfile.objects.filter(pk=profile_id).update(caldav_error=exc.message[:500])
            raise
        except TALKING_FAILED as exc:
            failure = _failure(exc)
            InterviewerProfile.objects.filter(pk=profile_id).update(caldav_error=failure.message[:500])
            raise failure from exc
        return _record(plan, events, done, now)
    finally:
        cache.delete(claim)


def _plan(profile_id: int, now: dt.datetime) -> _Plan | None:
    profile = InterviewerProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or not calendar_connected(profile):
        return None
    upcoming = (
        Interview.objects.filter(
            assignments__interviewer_id=profile.user_id, status=Interview.Status.SCHEDULED, end__gt=now
        )
        .select_related("round_type", "loop__application__candidate", "loop__application__requisition")
        .prefetch_related("assignments__interviewer")
        .distinct()
    )
    # Copies of interviews that are over stay as they are (history in the person's calendar).
    copies = profile.calendar_copies.filter(Q(interview__end__gt=now) | Q(interview__end__isnull=True))
    return _Plan(profile=profile, interviews={i.pk: i for i in upcoming}, copies={c.interview_id: c for c in copies})


def _failure(exc: Exception) -> CalendarUnreachable:
    """The words for what went wrong talking to the server: fixed sentences and at most a status code, never
    the server's own text (it could be anything, an internal service's answer included)."""
    if isinstance(exc, CannotDecrypt):
        return CalendarUnreachable(FAILED_KEY)
    if isinstance(exc, caldav_error.AuthorizationError):
        return CalendarUnreachable(FAILED_SIGN_IN)
    if isinstance(exc, caldav_error.NotFoundError):
        return CalendarUnreachable(FAILED_NOT_FOUND)
    if isinstance(exc, niquests.exceptions.TooManyRedirects):
        return CalendarUnreachable(FAILED_REDIRECT)
    if isinstance(exc, caldav_error.DAVError):
        status = getattr(exc, "status", None) or getattr(getattr(exc, "response", None), "status", None)
        return CalendarUnreachable(FAILED_SERVER.format(reason=f"HTTP {status}" if status else type(exc).__name__))
    if isinstance(exc, niquests.exceptions.RequestException | OSError):
        return CalendarUnreachable(FAILED_UNREACHABLE.format(reason=type(exc).__name__))
    logger.warning("calendar sync: unexpected %s from the server", type(exc).__name__)
    return CalendarUnreachable(FAILED_SERVER.format(reason=type(exc).__name__))


# Anything can come back from a server that is not quite CalDAV (an HTML login page, a proxy's error, bad XML):
# every failure while talking to it is a failed sync explained on the profile, never an error page.
TALKING_FAILED = (Exception,)
BUSY_SUMMARY = "Busy"  # what a calendar event says stays in the calendar: recruiters see only that it is busy


def _fetch_busy(profile: InterviewerProfile, calendar: caldav.Calendar, now: dt.datetime) -> list:
    """The calendar's busy time ahead: events the parser cannot read are skipped (one odd invitation never
    stops the sync), our own interviews are not busy time, and at most ICS_MAX_BLOCKS in all."""
    found = calendar.search(start=now, end=now + invites.RECURRENCE_HORIZON, event=True, expand=True)
    zone = zone_or_utc(profile.timezone)
    events = []
    for item in found:
        try:
            read = invites.busy_events_from_ics(content=item.data.encode(), zone=zone, now=now)
        except ValueError:
            continue
        events.extend(e for e in read if not invites.is_interview_uid(e.uid))
        if len(events) >= invites.ICS_MAX_BLOCKS:
            return events[: invites.ICS_MAX_BLOCKS]
    return events


@dataclass
class _Pushed:
    written: dict[int, tuple[str, str]]  # interview id → (url, digest) added or rewritten
    removed: list[int]  # interview ids whose copy was deleted
    failed: int


def _push_interviews(plan: _Plan, calendar: caldav.Calendar) -> _Pushed:
    """Add, rewrite and delete our copies so the calendar holds the person's upcoming interviews as they are
    now. A copy is rewritten when what it says changed (its content digest), whatever the SEQUENCE did. One
    interview the server refuses is counted and the rest go on."""
    pushed = _Pushed(written={}, removed=[], failed=0)
    for pk, interview in plan.interviews.items():
        content = invites.interview_copy_ics(interview)
        digest = invites.copy_digest(content)
        copy = plan.copies.get(pk)
        if copy is not None and copy.digest == digest:
            continue
        try:
            url = _put(calendar, interview, content, copy)
        except (caldav_error.AuthorizationError, niquests.exceptions.ConnectionError):
            raise
        except TALKING_FAILED as exc:
            logger.warning("calendar sync: interview %s not written (%s)", pk, type(exc).__name__)
            pushed.failed += 1
            continue
        pushed.written[pk] = (url, digest)
    for pk, copy in plan.copies.items():
        if pk in plan.interviews:
            continue
        with contextlib.suppress(caldav_error.NotFoundError):  # already deleted by the person
            caldav.Event(client=calendar.client, url=copy.url, parent=calendar).delete()
        pushed.removed.append(pk)
    return pushed


def _put(calendar: caldav.Calendar, interview: Interview, content: str, copy: CalendarCopy | None) -> str:
    """Write the interview's copy where it is (or where an event with its UID already is: the person's mail
    app may have filed the invite in this calendar, and a calendar holds one event per UID); its URL."""
    if copy is None:
        try:
            return str(calendar.add_event(content, increase_seqno=False).url)
        except caldav_error.DAVError:
            existing = calendar.event_by_uid(invites.interview_uid(interview))
            url = str(existing.url)
    else:
        url = copy.url
    caldav.Event(client=calendar.client, url=url, data=content, parent=calendar).save(increase_seqno=False)
    return url


@transaction.atomic
def _record(plan: _Plan, events: list, pushed: _Pushed, now: dt.datetime) -> SyncResult:
    """Write what the server answered, in one short transaction after all the network calls."""
    profile = plan.profile
    if not InterviewerProfile.objects.filter(pk=profile.pk, caldav_url=profile.caldav_url).exists():
        return SyncResult(0, 0, 0, 0)  # disconnected or moved to another calendar meanwhile
    busy_replace(profile=profile, source=BusyBlock.Source.CALDAV, events=events, summary=BUSY_SUMMARY)
    updated = 0
    for pk, (url, digest) in pushed.written.items():
        interview = plan.interviews[pk]
        _, created = CalendarCopy.objects.update_or_create(
            profile=profile,
            interview_id=pk,
            defaults={"url": url, "digest": digest, "sequence": interview.ical_sequence},
        )
        updated += 0 if created else 1
    CalendarCopy.objects.filter(profile=profile, interview_id__in=pushed.removed).delete()
    error = NOT_ALL_WRITTEN.format(count=pushed.failed) if pushed.failed else ""
    InterviewerProfile.objects.filter(pk=profile.pk).update(caldav_last_synced_at=now, caldav_error=error)
    return SyncResult(
        busy=len(events), written=len(pushed.written) - updated, updated=updated, removed=len(pushed.removed)
    )


# --- when to sync -------------------------------------------------------------------------------------


def calendar_sync_queue(*, user_ids: Iterable[int]) -> None:
    """After this transaction commits, sync the connected calendars of these people (their interviews
    changed, or they just connected): one task each, so a slow server delays nobody else."""
    from interviews.tasks import interviewer_calendar_sync_task

    ids = list(
        InterviewerProfile.objects.filter(user_id__in=set(user_ids)).exclude(caldav_url="").values_list("pk", flat=True)
    )
    for pk in ids:
        # robust: a broker outage must never turn the booking that queued it into an error (beat syncs later)
        transaction.on_commit(lambda pk=pk: interviewer_calendar_sync_task.delay(pk), robust=True)


def calendars_sync_all() -> int:
    """Beat: queue a sync of every connected calendar; how many."""
    from interviews.tasks import interviewer_calendar_sync_task

    # A refused sign-in waits for new settings (saving them clears the error): retrying every 15 minutes
    # could lock the person out at their provider.
    ids = list(
        InterviewerProfile.objects.exclude(caldav_url="")
        .exclude(caldav_error=FAILED_SIGN_IN)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        interviewer_calendar_sync_task.delay(pk)
    return len(ids)
