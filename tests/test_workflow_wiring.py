"""The apps hand off to each other: scheduling → invites in the outbox, feedback → recommendation and
committee notice, decision → notice to the requisition team. Each through the real services."""

import datetime as dt

import pytest
from django.db import transaction
from icalendar import Calendar

from decisions.models import RecommendationRecord
from decisions.services import decision_record, vote_cast
from interviews import services as interview_services
from interviews.models import Loop, Scorecard
from interviews.scheduling import services as scheduling
from notifications.models import Notification
from tests.factories import CommitteeFactory, UserFactory
from tests.interviews.scheduling.scheduled import scheduled_loop
from tests.interviews.scorecard_setup import complete_content, make_loop

pytestmark = pytest.mark.django_db


def test_scheduling_a_loop_queues_an_invite_per_person_in_the_same_transaction(django_capture_on_commit_callbacks):
    """Scheduling a loop queues an invite per person in the same transaction."""
    with django_capture_on_commit_callbacks(execute=False):
        s, loop = scheduled_loop()
    invites = Notification.objects.filter(about__interview__in=[i.pk for i in loop.interviews.all()])
    coding = loop.interviews.get(round_type__code="ml_coding")
    people = {n.to_email for n in invites.filter(about__interview=coding.pk)}
    assert s.people["omar"].email in people
    assert loop.application.candidate.email not in people  # the candidate gets one itinerary instead
    ics = Calendar.from_ical(invites.filter(about__interview=coding.pk).first().ics)
    assert str(ics.get("method")) == "REQUEST"
    assert {n.kind for n in invites} == {"interview_invite"}
    itinerary = Notification.objects.get(about__loop=loop.pk, kind="candidate_itinerary")
    assert itinerary.to_email == loop.application.candidate.email
    assert len(itinerary.attachments) == loop.interviews.count()


def test_cancelling_an_interview_queues_a_cancel_with_a_higher_sequence():
    """Cancelling an interview queues a cancel with a higher sequence."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    scheduling.interview_cancel(interview=coding, actor=s.recruiter, now=coding.start - dt.timedelta(days=1))
    cancel = Notification.objects.filter(about__interview=coding.pk, kind="interview_cancelled")
    assert cancel.exists()
    event = next(iter(Calendar.from_ical(cancel.first().ics).walk("VEVENT")))
    assert str(Calendar.from_ical(cancel.first().ics).get("method")) == "CANCEL"
    assert int(event.get("sequence")) == 1


def test_a_rollback_leaves_no_invite():
    """A rollback leaves no invite."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    before = Notification.objects.count()

    def cancel_then_fail():
        with transaction.atomic():
            scheduling.interview_cancel(interview=coding, actor=s.recruiter, now=coding.start - dt.timedelta(days=1))
            raise RuntimeError("the surrounding change failed")

    with pytest.raises(RuntimeError):
        cancel_then_fail()
    assert Notification.objects.count() == before


def test_the_last_scorecard_makes_the_loop_ready_and_tells_the_committee():
    """The last scorecard makes the loop ready and tells the committee."""
    s = make_loop()
    member = UserFactory(roles=["committee"])
    requisition = s.loop.application.requisition
    requisition.committee = CommitteeFactory(members=[member])
    requisition.save()
    interview_services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    assert Loop.objects.get(pk=s.loop.pk).status == Loop.Status.AWAITING_FEEDBACK
    assert RecommendationRecord.objects.filter(loop=s.loop, outcome="incomplete").count() == 1
    assert not Notification.objects.filter(kind="loop_ready_for_committee").exists()

    interview_services.scorecard_submit(scorecard=s.bob_card, actor=s.bob, changes=complete_content(s.bob_card))
    assert Loop.objects.get(pk=s.loop.pk).status == Loop.Status.READY_FOR_REVIEW
    assert RecommendationRecord.objects.filter(loop=s.loop).count() == 2
    notices = Notification.objects.filter(kind="loop_ready_for_committee")
    assert member in {n.recipient for n in notices}


def test_an_amendment_is_recomputed_and_audited():
    """An amendment is recomputed and audited."""
    s = make_loop()
    for card, person in ((s.alice_card, s.alice), (s.bob_card, s.bob)):
        interview_services.scorecard_submit(scorecard=card, actor=person, changes=complete_content(card))
    count = RecommendationRecord.objects.filter(loop=s.loop).count()
    card = Scorecard.objects.get(pk=s.alice_card.pk)
    interview_services.scorecard_amend(
        scorecard=card, actor=s.alice, reason="Re-read notes", changes={"overall": "strong_no"}
    )
    latest = RecommendationRecord.objects.filter(loop=s.loop).order_by("-id").first()
    assert RecommendationRecord.objects.filter(loop=s.loop).count() == count + 1
    assert latest.trigger == "scorecard_amended"
    assert latest.outcome == "needs_discussion"


def test_recording_a_decision_tells_the_recruiters_and_manager():
    """Recording a decision tells the recruiters and manager."""
    s = make_loop()
    chair = UserFactory(roles=["committee"])
    recruiter = UserFactory(roles=["recruiter"])
    requisition = s.loop.application.requisition
    member = UserFactory(roles=["committee"])
    requisition.committee = CommitteeFactory(chair=chair, members=[member])
    requisition.recruiters.add(recruiter)
    requisition.save()
    for card, person in ((s.alice_card, s.alice), (s.bob_card, s.bob)):
        interview_services.scorecard_submit(scorecard=card, actor=person, changes=complete_content(card))
    vote_cast(loop=s.loop, voter=member, vote="hire")
    decision_record(loop=s.loop, actor=chair, outcome="hire", rationale="")
    notices = Notification.objects.filter(kind="decision_recorded")
    assert {n.recipient for n in notices} >= {recruiter, requisition.hiring_manager}


@pytest.mark.django_db(transaction=True)
def test_two_last_scorecards_submitted_at_once_make_the_loop_ready_once():
    """Each submission locks the loop before judging completeness, so neither sees a stale 'incomplete'."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    import threading

    s = make_loop()
    barrier = threading.Barrier(2)
    errors = []

    def submit(card, person):
        try:
            barrier.wait(timeout=10)
            interview_services.scorecard_submit(scorecard=card, actor=person, changes=complete_content(card))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(s.alice_card, s.alice)),
        threading.Thread(target=submit, args=(s.bob_card, s.bob)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Loop.objects.get(pk=s.loop.pk).status == Loop.Status.READY_FOR_REVIEW
    assert RecommendationRecord.objects.filter(loop=s.loop).count() == 2


def test_someone_taken_off_an_interview_gets_a_cancel_and_the_newcomer_an_invite():
    """Someone taken off an interview gets a cancel and the newcomer an invite."""
    from tests.interviews.scheduling.setup import interviewer

    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    newcomer = interviewer("sam-newcomer", {"ml_coding": "qualified"})
    scheduling.interview_reschedule(interview=coding, actor=s.recruiter, start=coding.start, interviewers=[newcomer.pk])
    coding.refresh_from_db()
    assert coding.ical_sequence == 1
    omar = s.people["omar"]
    cancel = Notification.objects.get(about__interview=coding.pk, recipient=omar, ics_method="CANCEL")
    assert cancel.about["sequence"] == 1
    assert "no longer on the panel" in cancel.body
    assert Notification.objects.filter(
        about__interview=coding.pk, recipient=newcomer, ics_method="REQUEST", about__sequence=1
    ).exists()
    assert not Notification.objects.filter(about__interview=coding.pk, recipient=newcomer, ics_method="CANCEL").exists()


def test_a_cancel_to_someone_taken_off_is_still_delivered_after_later_changes():
    """A later reschedule raises the sequence, but the removed person's CANCEL is not 'superseded'."""
    from django.core import mail

    from notifications.outbox import notification_deliver
    from tests.interviews.scheduling.setup import interviewer

    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    newcomer = interviewer("sam-later", {"ml_coding": "qualified"})
    scheduling.interview_reschedule(interview=coding, actor=s.recruiter, start=coding.start, interviewers=[newcomer.pk])
    cancel = Notification.objects.get(about__interview=coding.pk, recipient=s.people["omar"], ics_method="CANCEL")
    coding.refresh_from_db()
    scheduling.interview_reschedule(
        interview=coding, actor=s.recruiter, start=coding.start, interviewers=[newcomer.pk], location="Room 9"
    )
    mail.outbox.clear()
    notification_deliver(notification_id=cancel.pk)
    cancel.refresh_from_db()
    assert cancel.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox] == [[f"{s.people['omar']} <{s.people['omar'].email}>"]]


def test_the_decision_email_links_to_the_packet():
    """The decision email links to the packet."""
    s = make_loop()
    chair = UserFactory(roles=["committee"])
    requisition = s.loop.application.requisition
    member = UserFactory(roles=["committee"])
    requisition.committee = CommitteeFactory(chair=chair, members=[member])
    requisition.save()
    for card, person in ((s.alice_card, s.alice), (s.bob_card, s.bob)):
        interview_services.scorecard_submit(scorecard=card, actor=person, changes=complete_content(card))
    vote_cast(loop=s.loop, voter=member, vote="hire")
    decision_record(loop=s.loop, actor=chair, outcome="hire", rationale="")
    notice = Notification.objects.get(kind="decision_recorded")
    assert f"/decisions/loops/{s.loop.pk}/" in notice.body


def test_a_scorecard_reminder_gives_the_end_time_in_the_interviewers_zone():
    """A scorecard reminder gives the end time in the interviewers zone."""
    import datetime as dt

    from interviews.notifications import scorecard_reminders_send
    from tests.factories import InterviewerProfileFactory

    s = make_loop(ended_hours_ago=1.5)
    InterviewerProfileFactory(user=s.alice, timezone="Asia/Tokyo")
    scorecard_reminders_send()
    reminder = Notification.objects.get(kind="scorecard_due", recipient=s.alice)
    tokyo = s.coding.end.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert f"{tokyo:%H:%M}" in reminder.body
