"""The committee debrief (issue #15): when a loop is ready for review and its committee wants debriefs, the
first time every member has free is sent to them as a calendar invite; without a common time the chair is
told; a committee without debriefs gets none."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar

from decisions import debrief
from decisions.models import LoopDebrief
from decisions.services import loop_recommendation_refresh
from hiring.models import Committee
from interviews.feedback_timing import WorkingWeek
from interviews.models import Loop
from notifications.models import Notification
from tests.decisions import factories as f

MONDAY = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)


def test_the_slot_is_the_first_half_hour_everyone_has_free_on_their_own_clock():
    """London 9–17 and New York 9–17 overlap 14:00–17:00 London time; London's 14:00 is taken."""
    london = debrief.Member(
        week=WorkingWeek(zone="Europe/London"), busy=[(MONDAY.replace(hour=14), MONDAY.replace(hour=15))]
    )
    new_york = debrief.Member(week=WorkingWeek(zone="America/New_York"))
    start, end = debrief.debrief_slot(members=[london, new_york], after=MONDAY - dt.timedelta(days=1), minutes=45)
    assert start == MONDAY.replace(hour=15)  # 10:00 in New York, after London's busy hour
    assert end - start == dt.timedelta(minutes=45)
    assert start.astimezone(ZoneInfo("America/New_York")).hour == 10


def test_no_slot_when_nobody_overlaps_or_it_is_off():
    """Sydney and London working days never overlap; 0 minutes means no debrief."""
    sydney, london = (
        debrief.Member(week=WorkingWeek(zone="Australia/Sydney")),
        debrief.Member(week=WorkingWeek(zone="Europe/London")),
    )
    assert debrief.debrief_slot(members=[sydney, london], after=MONDAY, minutes=30) is None
    assert debrief.debrief_slot(members=[london], after=MONDAY, minutes=0) is None


def _ready(minutes: int) -> Loop:
    committee = f.committee()
    Committee.objects.filter(pk=committee.pk).update(debrief_minutes=minutes)
    loop = f.loop(committee_=Committee.objects.get(pk=committee.pk))
    for card_interview in loop.interviews.all():
        f.submit(card_interview)
    return loop


@pytest.mark.django_db
def test_a_ready_loop_sends_the_debrief_invite_to_every_member(django_capture_on_commit_callbacks):
    """The last scorecard makes the loop ready: one invite per member with the same .ics event."""
    loop = _ready(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        loop_recommendation_refresh(loop=loop, trigger="scorecard_submitted")
    meeting = LoopDebrief.objects.get(loop=loop)
    assert meeting.end - meeting.start == dt.timedelta(minutes=30)
    invites = [m for m in mail.outbox if m.subject.startswith("Committee debrief")]
    members = loop.application.requisition.committee.members.all()
    assert len(invites) == members.count()
    message = invites[0].message()
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    event = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.start
    assert {str(a).removeprefix("mailto:") for a in event.get("attendee")} == {m.email for m in members}
    with django_capture_on_commit_callbacks(execute=True):
        loop_recommendation_refresh(loop=loop, trigger="scorecard_submitted")
    assert LoopDebrief.objects.filter(loop=loop).count() == 1  # once per loop


@pytest.mark.django_db
def test_a_committee_without_debriefs_gets_none():
    """debrief_minutes 0 (the default): nothing proposed."""
    loop = _ready(minutes=0)
    loop_recommendation_refresh(loop=loop, trigger="scorecard_submitted")
    assert not LoopDebrief.objects.exists()
    assert not Notification.objects.filter(kind__startswith="committee_debrief").exists()


@pytest.mark.django_db
def test_without_a_common_time_the_chair_is_told(django_capture_on_commit_callbacks):
    """The chair works in Sydney and the other member in London: no overlap, so the chair gets the note."""
    loop = _ready(minutes=30)
    committee = loop.application.requisition.committee
    committee.chair.timezone = "Australia/Sydney"
    committee.chair.save()
    committee.members.exclude(pk=committee.chair_id).update(timezone="Europe/London")
    with django_capture_on_commit_callbacks(execute=True):
        loop_recommendation_refresh(loop=loop, trigger="scorecard_submitted")
    assert not LoopDebrief.objects.exists()
    (note,) = Notification.objects.filter(kind="committee_debrief_no_slot")
    assert note.recipient == committee.chair


@pytest.mark.django_db
def test_a_second_loop_of_the_same_committee_gets_a_debrief_after_the_first():
    """Another loop's debrief is busy time for its members: two loops ready together never share a slot."""
    first = _ready(minutes=30)
    committee = first.application.requisition.committee
    second = f.loop(committee_=committee, template_=first.template)
    for card_interview in second.interviews.all():
        f.submit(card_interview)
    loop_recommendation_refresh(loop=first, trigger="scorecard_submitted")
    loop_recommendation_refresh(loop=second, trigger="scorecard_submitted")
    one, two = LoopDebrief.objects.get(loop=first), LoopDebrief.objects.get(loop=second)
    assert two.start >= one.end or two.end <= one.start
