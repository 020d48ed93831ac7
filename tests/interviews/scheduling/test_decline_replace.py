"""Decline and replace (issue #15): an interviewer declines an upcoming interview with a reason, the
recruiters are told with who is free; the recruiter sees the qualified, free people least loaded first and
swaps one in, in one step, with the invites updated for everyone affected."""

import pytest
from django.core import mail
from django.urls import reverse

from interviews.models import InterviewDecline, Scorecard
from interviews.scheduling import services
from notifications.models import Notification
from tests.interviews.scheduling.scheduled import scheduled_loop
from tests.interviews.scheduling.setup import interviewer, make_setup

pytestmark = pytest.mark.django_db


def _world():
    s = make_setup()
    s.people["sam"] = interviewer("sam", {"ml_coding": "qualified"})
    s, loop = scheduled_loop(s)
    return s, loop, loop.interviews.get(round_type__code="ml_coding")


def test_an_interviewer_declines_with_a_reason_and_the_recruiters_are_told_who_is_free(
    api, django_capture_on_commit_callbacks
):
    """201 with the decline; the recruiter's e-mail names the reason and Sam; a reason is required; twice is
    refused; someone not on it may not decline it."""
    s, loop, coding = _world()
    api.force_authenticate(s.people["omar"])
    url = f"/api/v1/interviews/{coding.pk}/decline/"
    assert api.post(url, {"reason": "  "}, format="json").json() == {"reason": [services.DECLINE_NEEDS_REASON]}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, {"reason": "Off sick that week."}, format="json")
    assert response.status_code == 201
    assert response.json()["reason"] == "Off sick that week."
    (message,) = [m for m in mail.outbox if "rita@example.org" in m.to[0]]
    assert "Off sick that week." in message.body
    assert "Sam" in message.body
    assert api.post(url, {"reason": "Again."}, format="json").status_code == 400
    api.force_authenticate(s.people["lena"])  # on the loop, not on this round
    assert api.post(url, {"reason": "Not mine."}, format="json").status_code == 403


def test_replacements_are_qualified_free_people_not_on_the_loop_least_loaded_first(api):
    """Sam is qualified and free; Kenji only shadows ML coding; Lena is already on the loop."""
    s, loop, coding = _world()
    api.force_authenticate(s.recruiter)
    rows = api.get(f"/api/v1/interviews/{coding.pk}/replacements/").json()
    assert [row["user"] for row in rows] == [s.people["sam"].pk]
    assert rows[0] == {"user": s.people["sam"].pk, "name": "Sam", "load": 0}
    api.force_authenticate(s.people["omar"])
    assert api.get(f"/api/v1/interviews/{coding.pk}/replacements/").status_code == 403


def test_replace_swaps_the_interviewer_in_one_step_and_updates_everyones_invites(
    api, django_capture_on_commit_callbacks
):
    """Omar declined; Sam in his place: a CANCEL to Omar, the invite to Sam at a higher SEQUENCE, the draft
    scorecard moves to Sam, the decline is resolved, the candidate is not told; someone not free is refused."""
    s, loop, coding = _world()
    services.interview_decline(interview=coding, actor=s.people["omar"], reason="A conference.")
    api.force_authenticate(s.recruiter)
    url = f"/api/v1/interviews/{coding.pk}/replace/"
    refused = api.post(url, {"from": s.people["omar"].pk, "to": s.people["kenji"].pk}, format="json")
    assert refused.status_code == 400
    assert "to" in refused.json()
    sequence = coding.ical_sequence
    itineraries = Notification.objects.filter(kind__startswith="candidate_itinerary").count()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, {"from": s.people["omar"].pk, "to": s.people["sam"].pk}, format="json")
    # The candidate's times and places did not change: no "Updated: your interviews" for a swap.
    assert Notification.objects.filter(kind__startswith="candidate_itinerary").count() == itineraries
    assert response.status_code == 200
    assert response.json()["interviewers"] == [s.people["sam"].pk]
    coding.refresh_from_db()
    assert coding.ical_sequence == sequence + 1
    cancels = Notification.objects.filter(kind="interview_cancelled", recipient=s.people["omar"])
    assert cancels.count() == 1
    assert Notification.objects.filter(kind__startswith="interview_", recipient=s.people["sam"]).exists()
    assert set(Scorecard.objects.filter(interview=coding).values_list("interviewer_id", flat=True)) == {
        s.people["sam"].pk
    }
    decline = InterviewDecline.objects.get(interview=coding)
    assert decline.resolved_at is not None
    assert decline.replaced_by == s.people["sam"]


def test_the_pages_decline_from_the_kit_and_replace_from_the_loop_page(client):
    """The kit links to the decline page; a reason is required there; the loop page shows the decline with a
    Replace menu of the free, qualified people, and replacing puts Sam on the round."""
    s, loop, coding = _world()
    client.force_login(s.people["omar"])
    kit = client.get(reverse("interviews:kit", args=[coding.pk])).content.decode()
    url = reverse("interviews:interview-decline", args=[coding.pk])
    assert f'href="{url}"' in kit
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Parental leave from Monday."}).status_code == 302
    assert f'href="{url}"' not in client.get(reverse("interviews:kit", args=[coding.pk])).content.decode()
    client.force_login(s.recruiter)
    page = client.get(reverse("interviews:loop", args=[loop.pk])).content.decode()
    assert "Parental leave from Monday." in page
    assert f'<option value="{s.people["sam"].pk}">Sam (0 in four weeks)</option>' in page
    response = client.post(
        reverse("interviews:interview-replace", args=[coding.pk]),
        {"from": s.people["omar"].pk, "to": s.people["sam"].pk},
        follow=True,
    )
    assert "Sam now runs ML coding from scratch" in response.content.decode()
    assert list(coding.assignments.values_list("interviewer_id", flat=True)) == [s.people["sam"].pk]


def test_replace_refuses_a_cancelled_round_and_a_trainee_and_a_decline_closes_when_its_person_leaves(api):
    """A cancelled round is not handed over (400, nothing rebooked); a trainee is changed in the plan, not
    here; moving Omar off the round by a reschedule closes his decline."""
    s, loop, coding = _world()
    services.interview_decline(interview=coding, actor=s.people["omar"], reason="Ill.")
    services.interview_reschedule(
        interview=coding, actor=s.recruiter, start=coding.start, interviewers=[s.people["sam"].pk]
    )
    assert InterviewDecline.objects.get(interview=coding).resolved_at is not None
    services.interview_reschedule(
        interview=coding,
        actor=s.recruiter,
        start=coding.start,
        interviewers=[s.people["sam"].pk],
        shadows=[s.people["kenji"].pk],
    )
    api.force_authenticate(s.recruiter)
    url = f"/api/v1/interviews/{coding.pk}/replace/"
    trainee = api.post(url, {"from": s.people["kenji"].pk, "to": s.people["omar"].pk}, format="json")
    assert trainee.status_code == 400
    assert trainee.json() == {"from": [services.REPLACE_ONLY_SCORERS]}
    services.interview_cancel(interview=coding, actor=s.recruiter)
    cancelled = api.post(url, {"from": s.people["sam"].pk, "to": s.people["omar"].pk}, format="json")
    assert cancelled.status_code == 400
    coding.refresh_from_db()
    assert coding.status == "cancelled"
