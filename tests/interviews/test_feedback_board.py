"""The feedback board (issue #14): owed scorecards across a recruiter's loops, and the nudge — through the
outbox, at most once a day per scorecard, one by one or in bulk — on the page and in the API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import NotFound
from interviews.models import Interview, Loop, RoundType, Scorecard, ScorecardNudge
from interviews.scheduling.selectors import feedback_board, owed_scorecard
from interviews.scheduling.services import NUDGE_CANCELLED, NUDGE_SUBMITTED, NUDGE_TOO_MANY, scorecard_nudge
from notifications.models import Notification
from tests.factories import UserFactory
from tests.notifications.factories import interview_with_panel

pytestmark = pytest.mark.django_db


ROUNDS = [code for code in RoundType.Code.values if code != RoundType.Code.ML_CODING]  # the first is ML coding


def _owed(*, hours_ago: float, panel: int = 1, loop=None) -> Interview:
    """An interview that ended `hours_ago`, its panel's scorecards still drafts (on `loop`: its next round,
    and the requisition's recruiter replaced)."""
    start = timezone.now() - dt.timedelta(hours=hours_ago + 1)
    extra = {"loop": loop, "rubric__round_type__code": ROUNDS[loop.interviews.count() - 1]} if loop else {}
    return interview_with_panel(start=start, panel=panel, **extra)


def _recruiter(interview: Interview):
    return interview.loop.application.requisition.recruiters.get()


def test_the_board_lists_owed_scorecards_of_ended_interviews_on_the_recruiters_loops_oldest_first():
    """Due and overdue drafts on the recruiter's requisitions; not what is upcoming, submitted, cancelled or
    someone else's requisition's."""
    overdue = _owed(hours_ago=30)
    due = _owed(hours_ago=3, loop=overdue.loop)
    upcoming = _owed(hours_ago=-5, loop=overdue.loop)
    submitted = _owed(hours_ago=4, loop=overdue.loop)
    Scorecard.objects.filter(interview=submitted).update(
        status=Scorecard.Status.SUBMITTED, overall="yes", submitted_at=timezone.now()
    )
    cancelled = _owed(hours_ago=6, loop=overdue.loop)
    Interview.objects.filter(pk=cancelled.pk).update(status=Interview.Status.CANCELLED)
    recruiter = _recruiter(overdue)
    elsewhere = _owed(hours_ago=30)
    now = timezone.now()
    rows = [owed_scorecard(s, now=now) for s in feedback_board(viewer=recruiter, now=now)]
    assert [(r.interview.pk, r.state) for r in rows] == [(overdue.pk, "overdue"), (due.pk, "due")]
    assert rows[0].hours_since_end == 30
    assert rows[0].can_nudge
    assert not rows[0].will_be_late
    assert upcoming.pk not in {r.interview.pk for r in rows}
    assert elsewhere.pk not in {r.interview.pk for r in rows}
    only_overdue = feedback_board(viewer=recruiter, now=now, overdue_only=True)
    assert [s.interview_id for s in only_overdue] == [overdue.pk]


def test_a_nudge_mails_the_interviewer_through_the_outbox_once_a_day(django_capture_on_commit_callbacks, mailoutbox):
    """The first nudge is sent; a second within 24 hours is refused with the time it becomes possible; a
    day later it goes again."""
    interview = _owed(hours_ago=50)
    recruiter = _recruiter(interview)
    card = interview.scorecards.get()
    with django_capture_on_commit_callbacks(execute=True):
        result = scorecard_nudge(actor=recruiter, scorecard_ids=[card.pk])
    assert [n.scorecard_id for n in result.sent] == [card.pk]
    row = Notification.objects.get(kind="scorecard_nudge")
    assert row.recipient == card.interviewer
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert card.interviewer.email in mail.to[0]
    assert mail.subject.startswith(f"Reminder from {recruiter}: your scorecard for")
    assert reverse("interviews:kit", args=[interview.pk]) in mail.body
    assert "past the 48-hour line" in mail.body

    again = scorecard_nudge(actor=recruiter, scorecard_ids=[card.pk], now=timezone.now() + dt.timedelta(hours=23))
    assert again.sent == []
    assert "at most one nudge a day per scorecard" in again.refused[0].message
    later = scorecard_nudge(actor=recruiter, scorecard_ids=[card.pk], now=timezone.now() + dt.timedelta(hours=25))
    assert len(later.sent) == 1
    assert ScorecardNudge.objects.filter(scorecard=card).count() == 2
    assert Notification.objects.filter(kind="scorecard_nudge").count() == 2


def test_a_bulk_nudge_sends_what_it_may_and_says_why_not_for_the_rest():
    """Two owed, one already nudged today, one submitted: two sent, two refused, each with its reason."""
    interview = _owed(hours_ago=30, panel=3)
    first, second, third = interview.scorecards.order_by("pk")
    submitted = _owed(hours_ago=30, loop=interview.loop).scorecards.get()
    recruiter = _recruiter(interview)
    scorecard_nudge(actor=recruiter, scorecard_ids=[first.pk])
    Scorecard.objects.filter(pk=submitted.pk).update(
        status=Scorecard.Status.SUBMITTED, overall="yes", submitted_at=timezone.now()
    )
    result = scorecard_nudge(actor=recruiter, scorecard_ids=[first.pk, second.pk, third.pk, submitted.pk])
    assert sorted(n.scorecard_id for n in result.sent) == [second.pk, third.pk]
    reasons = {r.scorecard: r.message for r in result.refused}
    assert set(reasons) == {first.pk, submitted.pk}
    assert reasons[submitted.pk] == NUDGE_SUBMITTED.format(
        interviewer=submitted.interviewer, round=submitted.interview.round_type.name
    )


def test_nobody_nudges_a_scorecard_on_a_requisition_they_do_not_recruit_for():
    """Another requisition's draft is a 404 for the whole request: nothing is sent."""
    mine = _owed(hours_ago=30)
    theirs = _owed(hours_ago=30)
    with pytest.raises(NotFound):
        scorecard_nudge(
            actor=_recruiter(mine),
            scorecard_ids=[mine.scorecards.get().pk, theirs.scorecards.get().pk],
        )
    assert not ScorecardNudge.objects.exists()
    assert not Notification.objects.filter(kind="scorecard_nudge").exists()


def test_the_api_lists_the_board_and_nudges(api):
    """GET feedback-board/ with each row's state and nudge; POST feedback-board/nudge/: 200 with what was
    nudged, 400 when nothing could be, 404 for a scorecard not yours to chase, 403 for an interviewer."""
    interview = _owed(hours_ago=30)
    card = interview.scorecards.get()
    api.force_authenticate(_recruiter(interview))
    listed = api.get("/api/v1/feedback-board/").json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["scorecard"] == card.pk
    assert row["state"] == "overdue"
    assert row["interviewer"] == card.interviewer_id
    assert row["can_nudge"] is True
    assert row["last_nudged_at"] is None
    assert api.get("/api/v1/feedback-board/?overdue=maybe").status_code == 400

    sent = api.post("/api/v1/feedback-board/nudge/", {"scorecards": [card.pk]}, format="json")
    assert sent.status_code == 200
    assert sent.json() == {"nudged": [card.pk], "refused": []}
    again = api.post("/api/v1/feedback-board/nudge/", {"scorecards": [card.pk]}, format="json")
    assert again.status_code == 400
    assert "at most one nudge a day" in again.json()["scorecards"][0]
    after = api.get("/api/v1/feedback-board/").json()["results"][0]
    assert after["can_nudge"] is False
    assert after["nudges"] == 1
    assert after["next_nudge_at"] is not None
    assert api.post("/api/v1/feedback-board/nudge/", {"scorecards": []}, format="json").status_code == 400
    other = _owed(hours_ago=30).scorecards.get()
    assert api.post("/api/v1/feedback-board/nudge/", {"scorecards": [other.pk]}, format="json").status_code == 404
    api.force_authenticate(card.interviewer)
    assert api.get("/api/v1/feedback-board/").status_code == 403


def test_the_board_page_nudges_one_row_or_the_chosen_ones(client, mailoutbox, django_capture_on_commit_callbacks):
    """A row's button nudges that scorecard; ticking rows nudges them all; a nudged row shows when it may go
    again; nothing chosen is a 400 on the page."""
    interview = _owed(hours_ago=30, panel=3)
    first, second, third = interview.scorecards.order_by("pk")
    client.force_login(_recruiter(interview))
    page = client.get(reverse("interviews:feedback-board"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="owed-{first.pk}"' in html
    assert '<span class="badge bad">overdue</span>' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("interviews:feedback-nudge"), {"one": first.pk}, follow=True)
    assert f"Nudged {first.interviewer}" in response.content.decode()
    assert "again from" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("interviews:feedback-nudge"), {"scorecards": [second.pk, third.pk]})
    assert len(mailoutbox) == 3
    assert all(any(c.interviewer.email in m.to[0] for m in mailoutbox) for c in (first, second, third))
    empty = client.post(reverse("interviews:feedback-nudge"), {})
    assert empty.status_code == 400
    assert "Choose at least one scorecard to nudge." in empty.content.decode()
    client.force_login(UserFactory(roles=["interviewer"]))
    assert client.get(reverse("interviews:feedback-board")).status_code == 403


def test_a_nudge_in_the_first_hour_after_the_interview_is_delivered(django_capture_on_commit_callbacks, mailoutbox):
    """Before the automatic reminder (an hour after the end) a nudge is still sent, not skipped as early."""
    interview = _owed(hours_ago=0.5)
    card = interview.scorecards.get()
    with django_capture_on_commit_callbacks(execute=True):
        scorecard_nudge(actor=_recruiter(interview), scorecard_ids=[card.pk])
    row = Notification.objects.get(kind="scorecard_nudge")
    assert row.status == Notification.Status.SENT
    assert len(mailoutbox) == 1


def test_sealed_cancelled_and_decided_loops_stay_off_the_board():
    """A loop the recruiter owes a scorecard on themselves, a cancelled one and a decided one are not listed;
    nudging the cancelled one in a bulk nudge is a refusal with its reason, the rest still go."""
    sealed = _owed(hours_ago=30)
    recruiter = _recruiter(sealed)
    Scorecard.objects.create(interview=sealed, interviewer=recruiter, rubric=sealed.rubric)
    cancelled = _owed(hours_ago=30)
    cancelled.loop.application.requisition.recruiters.set([recruiter])
    Loop.objects.filter(pk=cancelled.loop_id).update(status=Loop.Status.CANCELLED)
    decided = _owed(hours_ago=30)
    decided.loop.application.requisition.recruiters.set([recruiter])
    Loop.objects.filter(pk=decided.loop_id).update(status=Loop.Status.DECIDED)
    live = _owed(hours_ago=30)
    live.loop.application.requisition.recruiters.set([recruiter])
    board = [s.interview_id for s in feedback_board(viewer=recruiter)]
    assert board == [live.pk]
    gone, open_card = cancelled.scorecards.get(), live.scorecards.get()
    result = scorecard_nudge(actor=recruiter, scorecard_ids=[gone.pk, open_card.pk])
    assert [n.scorecard_id for n in result.sent] == [open_card.pk]
    assert result.refused[0].message == NUDGE_CANCELLED.format(
        interviewer=gone.interviewer, round=cancelled.round_type.name
    )


@pytest.mark.parametrize("bad", ["abc", str(2**63), "-3", "1.5"])
def test_a_bad_id_is_a_400_on_scorecards_on_the_page_and_in_the_api(client, api, bad):
    """Never a 404 or a 500 for what was typed: the field and the reason."""
    interview = _owed(hours_ago=30)
    recruiter = _recruiter(interview)
    client.force_login(recruiter)
    page = client.post(reverse("interviews:feedback-nudge"), {"one": bad})
    assert page.status_code == 400
    assert "Scorecards are chosen by their ids" in page.content.decode()
    api.force_authenticate(recruiter)
    response = api.post("/api/v1/feedback-board/nudge/", {"scorecards": [bad]}, format="json")
    assert response.status_code == 400
    assert "scorecards" in response.json()
    assert not ScorecardNudge.objects.exists()


def test_a_nudge_of_more_than_500_is_refused_whole(api):
    """A bulk nudge is bounded."""
    interview = _owed(hours_ago=30)
    api.force_authenticate(_recruiter(interview))
    response = api.post("/api/v1/feedback-board/nudge/", {"scorecards": list(range(1, 502))}, format="json")
    assert response.status_code == 400
    assert response.json()["scorecards"] == [NUDGE_TOO_MANY.format(limit=500)]


def test_an_interviewer_without_an_address_cannot_be_nudged_and_the_row_says_why(client):
    """No button for someone no e-mail can reach."""
    interview = _owed(hours_ago=30)
    card = interview.scorecards.get()
    type(card.interviewer).objects.filter(pk=card.interviewer_id).update(email="")
    row = owed_scorecard(feedback_board(viewer=_recruiter(interview)).get(), now=timezone.now())
    assert not row.can_nudge
    client.force_login(_recruiter(interview))
    assert "no e-mail address" in client.get(reverse("interviews:feedback-board")).content.decode()
