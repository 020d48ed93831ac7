"""The interviewer's pages: My interviews and the interview kit with its scorecard form."""

import datetime as dt

import pytest
from django.utils import timezone

from interviews import scorecard_rules as rules
from interviews import services
from interviews.models import Scorecard, ScorecardRevision
from interviews.views.interviewer import STALE_PAGE_MESSAGE
from tests.factories import UserFactory
from tests.interviews.scorecard_setup import complete_content, make_loop

pytestmark = pytest.mark.django_db


def _kit(s, interview=None):
    return f"/interviews/{(interview or s.coding).id}/kit/"


def _form(s, *, version=1, score="3", **extra):
    data = {"version": str(version), "overall": "yes", "summary": "Good."}
    for competency in s.required:
        data[f"score_{competency.id}"] = score
        data[f"evidence_{competency.id}"] = f"Saw {competency.name}."
    data.update(extra)
    return data


def test_my_interviews_lists_overdue_feedback_first(client):
    """My interviews lists overdue feedback first."""
    s = make_loop(ended_hours_ago=30)  # overdue
    later = make_loop(ended_hours_ago=-48)  # upcoming
    later.coding.assignments.update(interviewer=s.alice)
    Scorecard.objects.filter(pk=later.alice_card.pk).update(interviewer=s.alice)
    client.force_login(s.alice)
    html = client.get("/interviews/mine/").content.decode()
    assert html.index("Feedback overdue") < html.index("Upcoming")
    assert html.count("Fill scorecard") == 1


def test_the_kit_shows_every_anchor_and_no_contact_details(client):
    """The kit shows every anchor and no contact details."""
    s = make_loop()
    candidate = s.loop.application.candidate
    candidate.links = ["https://arxiv.org/abs/1234.5678"]
    candidate.phone = "+44 20 7946 0123"
    candidate.save()
    client.force_login(s.alice)
    html = client.get(_kit(s)).content.decode()
    assert candidate.name in html
    assert "arxiv.org/abs/1234.5678" in html
    assert candidate.email not in html
    assert candidate.phone not in html
    for competency in s.required:
        for anchor in competency.anchors.values():
            assert anchor in html


def test_the_kit_is_404_for_someone_not_on_the_loop(client):
    """The kit is 404 for someone not on the loop."""
    s = make_loop()
    client.force_login(UserFactory(roles=["interviewer"]))
    assert client.get(_kit(s)).status_code == 404


def test_saving_a_draft_keeps_it_a_draft(client):
    """Saving a draft keeps it a draft."""
    s = make_loop()
    client.force_login(s.alice)
    response = client.post(_kit(s) + "save/", _form(s))
    assert response.status_code == 302
    card = Scorecard.objects.get(pk=s.alice_card.pk)
    assert card.status == "draft"
    assert card.version == 2
    assert card.ratings.count() == 2  # the untouched optional competency is not recorded as "not assessed"


def test_not_assessed_is_kept_only_when_chosen(client):
    """Not assessed is kept only when chosen."""
    s = make_loop()
    client.force_login(s.alice)
    client.post(_kit(s) + "save/", _form(s, **{f"score_{s.optional.id}": "na"}))
    card = Scorecard.objects.get(pk=s.alice_card.pk)
    assert card.ratings.get(competency=s.optional).score is None
    html = client.get(_kit(s)).content.decode()
    assert html.count('value="na" checked') == 1


def test_a_failed_submit_still_keeps_the_draft(client):
    """A failed submit still keeps the draft."""
    s = make_loop()
    client.force_login(s.alice)
    response = client.post(_kit(s) + "submit/", _form(s, overall="", summary="Typed before submitting."))
    assert response.status_code == 400
    assert "Your draft is saved" in response.content.decode()
    card = Scorecard.objects.get(pk=s.alice_card.pk)
    assert card.status == "draft"
    assert card.summary == "Typed before submitting."
    assert 'name="version" value="2"' in response.content.decode()


def test_an_amendment_reports_the_missing_reason_with_the_other_problems(client):
    """An amendment reports the missing reason with the other problems."""
    s = make_loop()
    services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    client.force_login(s.alice)
    version = Scorecard.objects.get(pk=s.alice_card.pk).version
    response = client.post(_kit(s) + "amend/", _form(s, version=version, reason="", overall=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert services.AMEND_REASON_MISSING in html
    assert rules.OVERALL_MISSING in html


def test_submitting_an_incomplete_form_shows_each_problem_beside_its_field(client):
    """Submitting an incomplete form shows each problem beside its field."""
    s = make_loop()
    client.force_login(s.alice)
    data = _form(s, score="na", overall="", brilliant_jerk="on")
    response = client.post(_kit(s) + "submit/", data)
    assert response.status_code == 400
    html = response.content.decode()
    for competency in s.required:
        assert rules.RATING_MISSING.format(name=competency.name).replace("'", "&#x27;") in html
    assert rules.OVERALL_MISSING in html
    assert rules.JERK_EVIDENCE_MISSING in html
    assert "4 things to fix" in html
    assert "checked" in html  # the jerk flag the person ticked is still ticked
    assert Scorecard.objects.get(pk=s.alice_card.pk).status == "draft"


def test_submitting_on_the_page_reveals_the_others_feedback(client):
    """Submitting on the page reveals the others feedback."""
    s = make_loop()
    services.scorecard_submit(
        scorecard=s.bob_card, actor=s.bob, changes=dict(complete_content(s.bob_card), summary="Bob's private view.")
    )
    client.force_login(s.alice)
    assert "Bob&#x27;s private view." not in client.get(_kit(s)).content.decode()
    response = client.post(_kit(s) + "submit/", _form(s), follow=True)
    html = response.content.decode()
    assert Scorecard.objects.get(pk=s.alice_card.pk).status == "submitted"
    assert "Bob&#x27;s private view." in html


def test_a_stale_page_save_keeps_both_texts(client):
    """Two tabs: the second save is refused with a message, showing its own text and the saved one."""
    s = make_loop()
    client.force_login(s.alice)
    client.post(_kit(s) + "save/", _form(s, summary="Text from the first tab."))
    response = client.post(_kit(s) + "save/", _form(s, version=1, summary="Text from the second tab."))
    assert response.status_code == 409
    html = response.content.decode()
    assert STALE_PAGE_MESSAGE.replace("'", "&#x27;") in html
    assert "Text from the second tab." in html
    assert "Text from the first tab." in html
    assert 'name="version" value="2"' in html
    assert Scorecard.objects.get(pk=s.alice_card.pk).summary == "Text from the first tab."


def test_amending_on_the_page_adds_a_revision(client):
    """Amending on the page adds a revision."""
    s = make_loop()
    services.scorecard_submit(scorecard=s.alice_card, actor=s.alice, changes=complete_content(s.alice_card))
    client.force_login(s.alice)
    html = client.get(_kit(s)).content.decode()
    assert "Save amendment" not in html  # a submitted scorecard reads as text, with an Amend button
    assert f'href="{_kit(s)}?amend=1#scorecard"' in html
    html = client.get(_kit(s) + "?amend=1").content.decode()
    assert "Save amendment" in html
    assert "Submit scorecard" not in html
    version = Scorecard.objects.get(pk=s.alice_card.pk).version
    missing = client.post(_kit(s) + "amend/", _form(s, version=version, reason=""))
    assert missing.status_code == 400
    response = client.post(_kit(s) + "amend/", _form(s, version=version, score="4", reason="Re-read my notes."))
    assert response.status_code == 302
    assert ScorecardRevision.objects.filter(scorecard=s.alice_card).count() == 2
    html = client.get(_kit(s)).content.decode()
    assert "Re-read my notes." in html
    assert f"{s.required[0].name}: 3 → 4" in html


def test_times_are_shown_in_the_interviewers_zone(client):
    """Times are shown in the interviewers zone."""
    s = make_loop()
    from tests.factories import InterviewerProfileFactory

    InterviewerProfileFactory(user=s.alice, timezone="Asia/Tokyo")
    start = timezone.now().replace(hour=1, minute=0, second=0, microsecond=0) + dt.timedelta(days=2)
    s.coding.start, s.coding.end = start, start + dt.timedelta(hours=1)
    s.coding.save()
    client.force_login(s.alice)
    html = client.get(_kit(s)).content.decode()
    assert "10:00" in html  # 01:00 UTC is 10:00 in Tokyo


def test_a_failed_submit_lists_each_problem_with_a_link_to_its_field(client):
    """A failed submit lists each problem with a link to its field."""
    s = make_loop()
    client.force_login(s.alice)
    html = client.post(_kit(s) + "submit/", _form(s, overall="")).content.decode()
    assert f'action="/interviews/{s.coding.id}/kit/save/#scorecard"' in html
    assert f'formaction="/interviews/{s.coding.id}/kit/submit/#scorecard"' in html
    assert f'<a href="#overall">{rules.OVERALL_MISSING}</a>' in html


def test_a_recruiter_reads_names_and_times_only_of_their_own_requisitions_on_an_interviewer_page(client):
    """Another requisition's interview appears only as a count: no candidate name, no time."""
    from interviews.models import Interview, InterviewerProfile

    ours = make_loop(ended_hours_ago=-48)
    theirs = make_loop(ended_hours_ago=-72)
    theirs.coding.assignments.update(interviewer=ours.alice)
    Interview.objects.filter(pk__in=[ours.coding.pk, theirs.coding.pk]).update(status=Interview.Status.SCHEDULED)
    recruiter = UserFactory(roles=["recruiter"])
    ours.loop.application.requisition.recruiters.add(recruiter)
    profile, _ = InterviewerProfile.objects.get_or_create(user=ours.alice)
    client.force_login(recruiter)
    html = client.get(f"/interviewers/{profile.pk}/").content.decode()
    assert ours.loop.application.candidate.name in html
    assert theirs.loop.application.candidate.name not in html
    start = theirs.coding.start.astimezone(ours.alice.zone)
    assert f"{start:%a %-d %b %H:%M}" not in html
    assert "And 1 interview on requisitions you don't work on" in html
    client.force_login(ours.alice)
    own = client.get(f"/interviewers/{profile.pk}/").content.decode()
    assert theirs.loop.application.candidate.name in own
