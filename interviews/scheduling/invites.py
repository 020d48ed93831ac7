"""Calendar invites (RFC 5545) for interviews, and importing busy time from an uploaded .ics file.

Times are written in UTC ("Z"); each attendee's calendar shows them in that person's own zone, which
is what keeps invites right across time zones and DST changes.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from hiring.selectors import hiring_settings_get
from interviews.models import Interview, InterviewAssignment

REQUEST = "REQUEST"
CANCEL = "CANCEL"
METHODS = (REQUEST, CANCEL)
PRODID = "-//Loopwise//Interview loops//EN"
UID_DOMAIN = "loopwise"
RECURRENCE_HORIZON = dt.timedelta(weeks=8)  # how far ahead repeating busy events are expanded

COMPANY_UNNAMED = "the hiring team"
WHERE_TO_BE_CONFIRMED = "to be confirmed (your recruiter will send the details)"

ICS_UNREADABLE = "This file is not an iCalendar (.ics) file we can read."
ICS_TOO_LARGE = "The .ics file is too large (at most 2 MB)."
ICS_TOO_MANY = (
    "This calendar has more than {limit} busy blocks in the coming weeks (a repeating event every few minutes?); "
    "export a calendar of real meetings instead."
)
ICS_MAX_BLOCKS = 2000  # a full calendar has a few hundred in 8 weeks; more is a runaway repeat rule
ICS_MAX_BYTES = 2 * 1024 * 1024


def interview_uid(interview: Interview) -> str:
    return f"{interview.ical_uid}@{UID_DOMAIN}"


def _address(email: str, name: str, role: str = "REQ-PARTICIPANT") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    address.params["role"] = vText(role)
    address.params["partstat"] = vText("NEEDS-ACTION")
    address.params["rsvp"] = vText("TRUE")
    return address


def interview_invite_ics(
    *, interview: Interview, method: str, for_candidate: bool = False, with_candidate_contact: bool = False
) -> str:
    """One interview as an iCalendar invite (METHOD:REQUEST or METHOD:CANCEL), built for its reader.

    The UID is the interview's for life; SEQUENCE is its `ical_sequence`, raised by the services on
    every change, so calendars replace the earlier version.
    - For the panel (the default): the interviewers are attendees, the description carries the round's
      purpose; no candidate contact, unless `with_candidate_contact` (a recruiter's own download).
    - `for_candidate`: the candidate is the only attendee, and the description is what they should
      expect (`RoundType.candidate_description`), the length, where, and their recruiter's contact —
      never the interviewer guidance nor the interviewers' addresses.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    calendar = _calendar(method=method)
    calendar.add_component(
        interview_event(
            interview,
            cancelled=method == CANCEL,
            for_candidate=for_candidate,
            with_candidate_contact=with_candidate_contact,
        )
    )
    return calendar.to_ical().decode()


FEED_NAME = "Loopwise interviews"


def interviewer_feed_ics(*, interviews) -> str:
    """An interviewer's subscription feed: every interview of theirs as the panel's event (cancelled ones as
    STATUS:CANCELLED, so calendars drop them), with no METHOD (a published calendar, not an invite)."""
    calendar = _calendar(method=None)
    calendar.add("x-wr-calname", FEED_NAME)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"value": "DURATION"})
    for interview in interviews:
        calendar.add_component(interview_event(interview, cancelled=interview.status == Interview.Status.CANCELLED))
    return calendar.to_ical().decode()


def interview_copy_ics(interview: Interview) -> str:
    """The interview as stored in an interviewer's connected calendar (interviews/calendar_sync.py): the
    panel's event, same UID and SEQUENCE as the invites, no METHOD (a calendar object, not a message), and no
    organizer or attendees (a server doing CalDAV scheduling would otherwise send replies for it)."""
    calendar = _calendar(method=None)
    event = interview_event(interview, cancelled=False)
    for name in ("attendee", "organizer", "dtstamp"):
        event.pop(name, None)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def copy_digest(content: str) -> str:
    """What a stored copy says, as a digest: a copy is rewritten when it changes."""
    return hashlib.sha256(content.encode()).hexdigest()


def is_interview_uid(uid: str) -> bool:
    """Whether an event's UID is one of our interviews (read back from a connected calendar: not busy time)."""
    return uid.endswith(f"@{UID_DOMAIN}")


def _calendar(*, method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def interview_event(
    interview: Interview, *, cancelled: bool, for_candidate: bool = False, with_candidate_contact: bool = False
) -> Event:
    """The interview's VEVENT, the one shape for invites and the interviewer's subscription feed."""
    candidate = interview.loop.application.candidate
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("sequence", interview.ical_sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    if interview.start and interview.end:
        event.add("dtstart", interview.start.astimezone(dt.UTC))
        event.add("dtend", interview.end.astimezone(dt.UTC))
    if for_candidate:
        event.add("summary", f"Interview with {company_name()}: {interview.round_type.name}")
        event.add("description", candidate_round_description(interview))
    else:
        event.add("summary", f"Interview: {interview.round_type.name} — {candidate.name}")
        event.add("description", _panel_description(interview))
    if interview.where:
        event.add("location", interview.where)
    if interview.meeting_url:
        event.add("url", interview.meeting_url)
        # RFC 7986: calendars that know it offer a "join" button.
        event.add("conference", interview.meeting_url, parameters={"value": "URI", "feature": "VIDEO"})
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")

    organizer_name, organizer_email = _organizer(interview)
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText(organizer_name)
    event["organizer"] = organizer
    if (for_candidate or with_candidate_contact) and candidate.email:
        event.add("attendee", _address(candidate.email, candidate.name), encode=0)
    if not for_candidate:
        for assignment in _assignments(interview):
            person = assignment.interviewer
            if not person.email:
                continue
            role = "OPT-PARTICIPANT" if assignment.role == InterviewAssignment.Role.SHADOW else "REQ-PARTICIPANT"
            event.add("attendee", _address(person.email, str(person), role), encode=0)
    return event


def _assignments(interview: Interview) -> list[InterviewAssignment]:
    cached = getattr(interview, "_prefetched_objects_cache", {}).get("assignments")
    if cached is not None:
        return sorted(cached, key=lambda a: (a.role != InterviewAssignment.Role.INTERVIEWER, a.interviewer_id))
    return list(interview.assignments.select_related("interviewer").order_by("-role", "interviewer_id"))


def loop_recruiter(loop) -> tuple[str, str] | None:
    """Who the candidate writes to about their loop: the recruiter who built it, else one of the
    requisition's recruiters (name, e-mail); None when nobody with an address is there."""
    people = [loop.created_by, *loop.application.requisition.recruiters.order_by("pk")]
    for person in people:
        if person is not None and person.is_active and person.email:
            return str(person), person.email
    return None


def _organizer(interview: Interview) -> tuple[str, str]:
    recruiter = loop_recruiter(interview.loop)
    if recruiter is not None:
        return recruiter
    return "Loopwise", settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()


def company_name() -> str:
    """How candidates' messages and invites name the company (the hiring settings' `company_name`)."""
    return hiring_settings_get().company_name or COMPANY_UNNAMED


def _panel_description(interview: Interview) -> str:
    lines = [
        f"{interview.round_type.name} round ({interview.minutes} minutes) of the interview loop for "
        f"{interview.loop.application.candidate.name}.",
    ]
    if interview.round_type.purpose:
        lines.append(f"Purpose: {interview.round_type.purpose}")
    if interview.where:
        lines.append(f"Where: {interview.where}")
    return "\n".join(lines)


def candidate_round_description(interview: Interview) -> str:
    """What the candidate's invite says about one round: what to expect, length, where, whom to ask."""
    lines = [f"{interview.round_type.name} ({interview.minutes} minutes) with {company_name()}."]
    if interview.round_type.candidate_description:
        lines.append(f"What to expect: {interview.round_type.candidate_description}")
    lines.append(f"Where: {interview.where or WHERE_TO_BE_CONFIRMED}")
    recruiter = loop_recruiter(interview.loop)
    if recruiter is not None:
        lines.append(f"Questions, or a time that no longer works: {recruiter[0]} <{recruiter[1]}>")
    return "\n".join(lines)


# --- importing busy time ---------------------------------------------------------------------


@dataclass(frozen=True)
class BusyEvent:
    start: dt.datetime
    end: dt.datetime
    uid: str
    summary: str


def busy_events_from_ics(
    *, content: bytes, zone: dt.tzinfo, now: dt.datetime, horizon: dt.timedelta = RECURRENCE_HORIZON
) -> list[BusyEvent]:
    """Busy blocks from an .ics file: opaque, not-cancelled events, repeating ones expanded ahead.

    All-day events block the whole day in the interviewer's zone; floating times are read in it too.
    Raises ValueError when the file cannot be read.
    """
    if len(content) > ICS_MAX_BYTES:
        raise ValueError(ICS_TOO_LARGE)
    try:
        calendar = Calendar.from_ical(content)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValueError(ICS_UNREADABLE) from exc
    try:
        return _busy_events(calendar, zone=zone, now=now, until=now + horizon)
    except TooManyBlocks:
        raise ValueError(ICS_TOO_MANY.format(limit=ICS_MAX_BLOCKS)) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        # A malformed date or rule anywhere in the file: say so rather than import half of it.
        raise ValueError(ICS_UNREADABLE) from exc


class TooManyBlocks(Exception):
    pass


def _busy_events(calendar: Calendar, *, zone: dt.tzinfo, now: dt.datetime, until: dt.datetime) -> list[BusyEvent]:
    events: list[BusyEvent] = []
    for component in calendar.walk("VEVENT"):
        if str(component.get("status", "")).upper() == "CANCELLED":
            continue
        if str(component.get("transp", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if component.get("dtstart") is None:
            continue
        local_start = _aware(component.decoded("dtstart"), zone)
        start = local_start.astimezone(dt.UTC)
        if component.get("dtend") is not None:
            end = _aware(component.decoded("dtend"), zone).astimezone(dt.UTC)
        elif component.get("duration") is not None:
            end = start + component.decoded("duration")
        elif isinstance(component.decoded("dtstart"), dt.datetime):
            end = start
        else:
            end = start + dt.timedelta(days=1)
        if end <= start:
            continue
        # NUL characters cannot be stored (PostgreSQL text); nothing meaningful is lost without them.
        uid = str(component.get("uid", "")).replace("\x00", "")
        summary = str(component.get("summary", "")).replace("\x00", "")
        length = end - start
        if component.get("rrule") is not None:
            # Expand in the event's own zone so a weekly 09:00 stays at 09:00 across DST.
            rule = rrulestr(component.get("rrule").to_ical().decode(), dtstart=local_start)
            occurrences = []
            for occurrence in rule.xafter(now - length, inc=True):
                if occurrence > until:
                    break
                occurrences.append(occurrence.astimezone(dt.UTC))
                if len(occurrences) > ICS_MAX_BLOCKS:
                    raise TooManyBlocks()
        else:
            occurrences = [start]
        events.extend(
            BusyEvent(occurrence, occurrence + length, uid[:255], summary[:255])
            for occurrence in occurrences
            if occurrence + length > now and occurrence < until
        )
        if len(events) > ICS_MAX_BLOCKS:
            raise TooManyBlocks()
    return sorted(events, key=lambda e: e.start)


def _aware(value: dt.date | dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """An aware datetime in the value's own zone (dates and floating times read in `zone`)."""
    if not isinstance(value, dt.date):
        raise TypeError(f"not a date: {value!r}")
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value
