"""Anonymizing a candidate erases them everywhere the product can know: the candidate row, free text about
them (scorecards, revisions, votes, decisions, stage reasons, the audit trail, busy blocks), the outbox
(redacted; pending deliveries to them cancelled), the admin's history and people's notification lists."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from decisions.models import RecommendationRecord, Vote
from decisions.services import loop_recommendation_refresh
from hiring.models import ApplicationStageChange, Candidate
from hiring.services.candidates import NOT_SENT_ANONYMIZED
from interviews.models import BusyBlock, Rating, Scorecard, ScorecardRevision
from notifications.models import Notification
from tests.decisions import factories as f
from tests.factories import InterviewerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Dana Kowalski", "dana.k@example.org", "+48 600 100 200"


@pytest.fixture
def dana():
    """Dana's complete loop with her name in free text, messages to and about her, and an admin log entry."""
    loop = f.loop()
    candidate = loop.application.candidate
    Candidate.objects.filter(pk=candidate.pk).update(
        name=NAME, email=EMAIL, phone=PHONE, source="Referred by Dana's old team lead", links=["https://x.org/dk"]
    )
    f.complete(loop, overview={"jerk": True})
    card = Scorecard.objects.filter(interview__loop=loop, brilliant_jerk=True).get()
    Scorecard.objects.filter(pk=card.pk).update(summary="Dana Kowalski interrupted; Dana was dismissive.")
    Rating.objects.filter(scorecard=card).update(evidence="Kowalski mocked a question.")
    ScorecardRevision.objects.filter(scorecard=card).update(content={"summary": "Dana was dismissive."})
    loop_recommendation_refresh(loop=loop, trigger="scorecard_submitted")
    member = loop.application.requisition.committee.members.exclude(pk=loop.application.requisition.committee.chair_id)
    Vote.objects.create(loop=loop, voter=member.get(), vote="no_hire", comment="Dana would hurt the team.")
    ApplicationStageChange.objects.create(
        application=loop.application, from_stage="applied", to_stage="screen", reason="Dana asked to speed up."
    )
    interviewer = card.interviewer
    profile = InterviewerProfileFactory(user=interviewer)
    BusyBlock.objects.create(
        profile=profile,
        start=loop.interviews.first().start,
        end=loop.interviews.first().end,
        source="ics",
        summary="Interview: Overview — Dana Kowalski",
    )
    common = {
        "kind": "interview_invite",
        "body": f"Interview with {NAME} ({EMAIL}, {PHONE}).",
        "about": {"candidate": candidate.pk},
    }
    Notification.objects.create(
        dedupe_key="to-dana",
        to_email=EMAIL,
        to_name=NAME,
        subject=f"Your interview, {NAME}",
        ics=f"ATTENDEE;CN={NAME}:mailto:{EMAIL}",
        **common,
    )
    Notification.objects.create(
        dedupe_key="to-dana-failed", to_email=EMAIL, status="failed", subject="Your interview", **common
    )
    Notification.objects.create(
        dedupe_key="to-ivy",
        recipient=interviewer,
        to_email=interviewer.email,
        subject=f"Interview: Overview — {NAME}",
        status="sent",
        sent_at=loop.created_at,
        **common,
    )
    Notification.objects.create(
        dedupe_key="digest",
        kind="recruiter_digest",
        recipient=interviewer,
        to_email=interviewer.email,
        subject="Digest",
        body=f"Waiting: {NAME}.",
    )
    LogEntry.objects.create(
        user=UserFactory(roles=["admin"]),
        content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message=f"Renamed to {NAME}",
    )
    return loop, interviewer


def _anonymize(api, loop):
    api.force_authenticate(UserFactory(roles=["admin"]))
    response = api.post(f"/api/v1/candidates/{loop.application.candidate_id}/anonymize/")
    assert response.status_code == 200, response.json()
    return response.json()


def _everything_stored() -> str:
    """Every text column this test wrote, as one string to search."""
    parts = [
        *Candidate.objects.values_list("name", "email", "phone", "source", "links"),
        *Scorecard.objects.values_list("summary", "jerk_evidence"),
        *Rating.objects.values_list("evidence"),
        *ScorecardRevision.objects.values_list("content", "reason"),
        *Vote.objects.values_list("comment"),
        *RecommendationRecord.objects.values_list("reasons"),
        *ApplicationStageChange.objects.values_list("reason"),
        *BusyBlock.objects.values_list("summary"),
        *Notification.objects.values_list("subject", "body", "ics", "to_email", "to_name"),
        *LogEntry.objects.values_list("object_repr", "change_message"),
    ]
    return repr(parts)


def test_the_name_and_contact_leave_every_stored_text(api, dana):
    """No trace of 'Dana', 'Kowalski', the e-mail or the phone remains; the anonymized name stands in."""
    loop, _ = dana
    assert "Kowalski" in _everything_stored()
    body = _anonymize(api, loop)
    assert body["source"] is None or body["source"] == ""
    stored = _everything_stored()
    for trace in ("Dana", "Kowalski", EMAIL, PHONE, "x.org/dk"):
        assert trace not in stored, trace
    label = f"Anonymized candidate #{loop.application.candidate_id}"
    assert label in Scorecard.objects.get(brilliant_jerk=True).summary
    assert Candidate.objects.get(pk=loop.application.candidate_id).source == ""


def test_deliveries_to_the_candidate_are_cancelled_and_others_keep_their_status(api, dana):
    """Waiting and failed rows to her are skipped with the reason; the interviewer's sent row stays sent."""
    loop, _ = dana
    _anonymize(api, loop)
    statuses = dict(Notification.objects.exclude(kind="loop_ready_for_committee").values_list("dedupe_key", "status"))
    assert statuses == {"to-dana": "skipped", "to-dana-failed": "skipped", "to-ivy": "sent", "digest": "pending"}
    assert Notification.objects.get(dedupe_key="to-dana").last_error == NOT_SENT_ANONYMIZED


def test_the_interviewers_notification_list_shows_the_anonymized_name(api, client, dana):
    """The interviewer's own list reads the anonymized name, never the real one."""
    loop, interviewer = dana
    client.force_login(interviewer)
    assert NAME in client.get("/notifications/").content.decode()
    _anonymize(api, loop)
    html = client.get("/notifications/").content.decode()
    assert NAME not in html
    assert f"Anonymized candidate #{loop.application.candidate_id}" in html


def test_an_availability_link_stops_working(api, client, dana):
    """A link handed out before erasure no longer opens the page."""
    from interviews.models import Loop
    from interviews.scheduling.services import loop_availability_link

    loop, _ = dana
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.SCHEDULING)
    loop.refresh_from_db()
    recruiter = UserFactory(roles=["recruiter"])
    loop.application.requisition.recruiters.add(recruiter)
    token = loop_availability_link(loop=loop, actor=recruiter).token
    assert client.get(f"/availability/{token}/").status_code == 200
    _anonymize(api, loop)
    response = client.get(f"/availability/{token}/")
    assert NAME not in response.content.decode()
    assert "not valid" in response.content.decode()


def test_folded_calendar_lines_and_an_earlier_address_are_erased_too(api):
    """A long name and address folded across .ics lines are found; a waiting row to an old address is skipped."""
    from interviews.scheduling import invites

    loop = f.loop()
    candidate = loop.application.candidate
    name, address = "Aleksandra Wiśniewska-Kowalczyk", "aleksandra.wisniewska-kowalczyk@example.com"
    Candidate.objects.filter(pk=candidate.pk).update(name=name, email=address)
    interview = loop.interviews.first()
    ics = invites.interview_invite_ics(interview=interview, method="REQUEST", for_candidate=True)
    assert address not in ics  # folded at 75 octets: the plain text search alone would miss it
    Notification.objects.create(
        kind="candidate_itinerary",
        dedupe_key="itinerary",
        to_email=address,
        subject="Your interviews",
        body="…",
        attachments=[{"filename": "1.ics", "method": "REQUEST", "content": ics}],
        about={"loop": loop.pk, "candidate": candidate.pk},
    )
    Notification.objects.create(
        kind="candidate_itinerary",
        dedupe_key="old-address",
        to_email="old@example.org",
        subject="Your interviews",
        body="…",
        about={"loop": loop.pk, "candidate": candidate.pk},
    )
    _anonymize(api, loop)
    content = Notification.objects.get(dedupe_key="itinerary").attachments[0]["content"]
    for trace in ("Wiśniewska", "Kowalczyk", "aleksandra", "Kowal"):
        assert trace not in content, trace
    old = Notification.objects.get(dedupe_key="old-address")
    assert (old.status, old.to_email) == ("skipped", "")
