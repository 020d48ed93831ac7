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
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import caldav
import niquests
from caldav.lib import error as caldav_error
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADMIN
from core.encryption import CannotDecrypt, decrypt, encrypt
from core.errors import PermissionDenied, ValidationFailed
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
FAILED_CONTENT = "An event in the calendar could not be read: {reason}"


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
    url = (url or "").strip()
    if len(url) > 500:
        raise ValidationFailed({"caldav_url": [TOO_LONG.format(limit=500)]})
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.CALDAV_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise ValidationFailed({"caldav_url": [URL_SCHEME]})
    return url if url.endswith("/") else url + "/"


@transaction.atomic
def interviewer_calendar_connect(
    *, profile: InterviewerProfile, actor: User, caldav_url: str, username: str = "", password: str = ""
) -> InterviewerProfile:
    """Connect (or change, or with an empty URL disconnect) the person's calendar. An empty password keeps
    the stored one when the calendar stays the same. A sync runs after the commit."""
    if not calendar_can_manage(viewer=actor, profile=profile):
        raise PermissionDenied(ONLY_THEIRS)
    profile = InterviewerProfile.objects.select_for_update().get(pk=profile.pk)
    if not (caldav_url or "").strip():
        _disconnect(profile)
        return profile
    url = _clean_url(caldav_url)
    username = (username or "").strip()
    problems = {}
    if not username:
        problems["username"] = [USERNAME_REQUIRED]
    elif len(username) > 200:
        problems["username"] = [TOO_LONG.format(limit=200)]
    same_calendar = url == profile.caldav_url and username == profile.caldav_username
    if not password and not (same_calendar and profile.caldav_password):
        problems["password"] = [PASSWORD_REQUIRED]
    elif len(password) > 500:
        problems["password"] = [TOO_LONG.format(limit=500)]
    if problems:
        raise ValidationFailed(problems)
    if not same_calendar:
        profile.calendar_copies.all().delete()  # a different calendar holds none of our copies yet
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
    client = caldav.DAVClient(
        url=profile.caldav_url,
        username=profile.caldav_username,
        password=decrypt(profile.caldav_password),
        timeout=settings.CALDAV_TIMEOUT,
        require_tls=not settings.CALDAV_ALLOW_HTTP,
        enable_rfc6764=False,  # the URL is the calendar's own: no DNS discovery
    )
    return client.calendar(url=profile.caldav_url)


def interviewer_calendar_sync_now(*, profile: InterviewerProfile, actor: User) -> SyncResult:
    """ "Sync now" from the page or `POST interviewers/{id}/sync-calendar/`."""
    if not calendar_can_manage(viewer=actor, profile=profile):
        raise PermissionDenied(ONLY_THEIRS)
    if not calendar_connected(profile):
        raise ValidationFailed({"calendar": [NOT_CONNECTED]})
    return interviewer_calendar_sync(profile_id=profile.pk)


def interviewer_calendar_sync(*, profile_id: int, now: dt.datetime | None = None) -> SyncResult:
    """Both directions for one person (see the module's docstring); CalendarUnreachable when it failed."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # One sync per person at a time (beat's and a click's): the second waits, then sees the first's.
            profile = InterviewerProfile.objects.select_for_update().select_related("user").get(pk=profile_id)
            if not calendar_connected(profile):
                return SyncResult(0, 0, 0, 0)
            try:
                calendar = _calendar(profile)
            except TALKING_FAILED as exc:
                raise _failure(exc) from exc
            busy = _read_busy(profile, calendar, now)
            written, updated, removed = _write_interviews(profile, calendar, now)
            profile.caldav_last_synced_at, profile.caldav_error = now, ""
            profile.save(update_fields=["caldav_last_synced_at", "caldav_error"])
    except CalendarUnreachable as exc:
        InterviewerProfile.objects.filter(pk=profile_id).update(caldav_error=exc.message[:500])
        raise
    return SyncResult(busy=busy, written=written, updated=updated, removed=removed)


def _failure(exc: Exception) -> CalendarUnreachable:
    """The words for what went wrong talking to the server."""
    if isinstance(exc, CannotDecrypt):
        return CalendarUnreachable(FAILED_KEY)
    if isinstance(exc, caldav_error.AuthorizationError):
        return CalendarUnreachable(FAILED_SIGN_IN)
    if isinstance(exc, caldav_error.NotFoundError):
        return CalendarUnreachable(FAILED_NOT_FOUND)
    if isinstance(exc, caldav_error.DAVError):
        return CalendarUnreachable(FAILED_SERVER.format(reason=str(exc)[:200]))
    if isinstance(exc, niquests.exceptions.RequestException | OSError):
        return CalendarUnreachable(FAILED_UNREACHABLE.format(reason=type(exc).__name__))
    logger.warning("calendar sync: unexpected %s from the server", type(exc).__name__, exc_info=exc)
    return CalendarUnreachable(FAILED_SERVER.format(reason=type(exc).__name__))


# Anything can come back from a server that is not quite CalDAV (an HTML login page, a proxy's error, bad XML):
# every failure while talking to it is a failed sync explained on the profile, never an error page.
TALKING_FAILED = (Exception,)


def _read_busy(profile: InterviewerProfile, calendar: caldav.Calendar, now: dt.datetime) -> int:
    until = now + invites.RECURRENCE_HORIZON
    try:
        found = calendar.search(start=now, end=until, event=True, expand=True)
        contents = [item.data for item in found]
    except TALKING_FAILED as exc:
        raise _failure(exc) from exc
    events = []
    zone = ZoneInfo(profile.timezone or "UTC")
    for content in contents:
        try:
            read = invites.busy_events_from_ics(content=content.encode(), zone=zone, now=now)
        except ValueError as exc:
            raise CalendarUnreachable(FAILED_CONTENT.format(reason=str(exc)[:200])) from exc
        events.extend(e for e in read if not invites.is_interview_uid(e.uid))
    profile.busy_blocks.filter(source=BusyBlock.Source.CALDAV).delete()
    BusyBlock.objects.bulk_create(
        BusyBlock(
            profile=profile,
            start=e.start,
            end=e.end,
            source=BusyBlock.Source.CALDAV,
            ics_uid=e.uid[:255],
            summary=e.summary[:255],
        )
        for e in events
    )
    return len(events)


def _write_interviews(profile: InterviewerProfile, calendar: caldav.Calendar, now: dt.datetime) -> tuple[int, int, int]:
    """Add, rewrite and delete our copies so the calendar holds the person's interviews as they are now."""
    mine = (
        Interview.objects.filter(assignments__interviewer_id=profile.user_id, status=Interview.Status.SCHEDULED)
        .select_related("round_type", "loop__application__candidate", "loop__application__requisition")
        .prefetch_related("assignments__interviewer")
        .distinct()
    )
    current = {i.pk: i for i in mine}
    copies = {c.interview_id: c for c in profile.calendar_copies.all()}
    written = updated = removed = 0
    try:
        for pk, interview in current.items():
            copy = copies.get(pk)
            if copy is None and interview.end and interview.end > now:
                event = calendar.add_event(invites.interview_copy_ics(interview), increase_seqno=False)
                CalendarCopy.objects.create(
                    profile=profile, interview=interview, url=str(event.url), sequence=interview.ical_sequence
                )
                written += 1
            elif copy is not None and copy.sequence != interview.ical_sequence:
                caldav.Event(
                    client=calendar.client, url=copy.url, data=invites.interview_copy_ics(interview), parent=calendar
                ).save(increase_seqno=False)  # our SEQUENCE, the invites' own
                copy.sequence = interview.ical_sequence
                copy.save(update_fields=["sequence"])
                updated += 1
        for pk, copy in copies.items():
            if pk in current:
                continue
            with contextlib.suppress(caldav_error.NotFoundError):  # already deleted by the person
                caldav.Event(client=calendar.client, url=copy.url, parent=calendar).delete()
            copy.delete()
            removed += 1
    except TALKING_FAILED as exc:
        raise _failure(exc) from exc
    return written, updated, removed


# --- when to sync -------------------------------------------------------------------------------------


def calendar_sync_queue(*, user_ids: Iterable[int]) -> None:
    """After this transaction commits, sync the connected calendars of these people (their interviews
    changed, or they just connected): one task each, so a slow server delays nobody else."""
    from interviews.tasks import interviewer_calendar_sync_task

    ids = list(
        InterviewerProfile.objects.filter(user_id__in=set(user_ids)).exclude(caldav_url="").values_list("pk", flat=True)
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: interviewer_calendar_sync_task.delay(pk))


def calendars_sync_all() -> int:
    """Beat: queue a sync of every connected calendar; how many."""
    from interviews.tasks import interviewer_calendar_sync_task

    ids = list(InterviewerProfile.objects.exclude(caldav_url="").values_list("pk", flat=True))
    for pk in ids:
        interviewer_calendar_sync_task.delay(pk)
    return len(ids)
