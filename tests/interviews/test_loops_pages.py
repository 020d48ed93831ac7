"""Recruiter pages: pipeline, loop builder, loop page (availability, propose, edit, save), profiles."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hiring.models import Application, Requisition
from interviews.models import BusyBlock, Interview, Loop, Scorecard
from interviews.scheduling import forms, invites, services, solver
from interviews.services import interview_feedback_times
from interviews.views import loop as loop_views
from tests.factories import CommitteeFactory, UserFactory
from tests.interviews.scheduling.scheduled import scheduled_loop
from tests.interviews.scheduling.setup import interviewer, loop_for, make_setup, with_windows

pytestmark = pytest.mark.django_db


# Each thing done on the loop page posts to its own small view.
LOOP_ACTIONS = {"windows": "availability/", "propose": "propose/", "check": "plan/check/", "save": "plan/save/"}


def _action(loop, form: dict) -> tuple[str, dict]:
    """The URL of the form's action and the form's fields (the action is the URL, not a field)."""
    data = dict(form)
    return f"/loops/{loop.pk}/{LOOP_ACTIONS[data.pop('action')]}", data


def _options(**extra) -> dict:
    return {"buffer_minutes": "15", "max_rounds_per_day": "4", "slot_minutes": "15", **extra}


def test_the_pipeline_lists_applications_by_stage_with_their_loops(client):
    """The recruiter sees their candidates by stage and a link to build or open the loop."""
    s = make_setup()
    client.force_login(s.recruiter)
    response = client.get("/pipeline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Okafor" in html
    assert f"/applications/{s.application.pk}/build-loop/" in html
    loop = loop_for(s)
    assert f"/loops/{loop.pk}/" in client.get("/pipeline/").content.decode()


def test_the_pipeline_is_not_for_interviewers(client):
    """An interviewer-only user gets 403."""
    client.force_login(UserFactory(roles=["interviewer"]))
    assert client.get("/pipeline/").status_code == 403


def test_the_loop_builder_creates_a_loop_with_optional_rounds_toggled_off(client):
    """Submitting the builder creates the loop and opens its page."""
    s = make_setup()
    client.force_login(s.recruiter)
    page = client.get(f"/applications/{s.application.pk}/build-loop/")
    assert page.status_code == 200
    response = client.post(
        f"/applications/{s.application.pk}/build-loop/", {"template": s.template.pk, "skip_rounds": ["ml_systems"]}
    )
    loop = Loop.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/loops/{loop.pk}/"
    assert list(loop.interviews.values_list("round_type__code", flat=True)) == ["overview", "ml_coding"]


def test_the_loop_builder_refuses_a_withdrawn_application(client):
    """The builder says why instead of offering a form, and a POST creates nothing (400)."""
    s = make_setup()
    Application.objects.filter(pk=s.application.pk).update(stage="withdrawn")
    client.force_login(s.recruiter)
    page = client.get(f"/applications/{s.application.pk}/build-loop/")
    assert page.status_code == 200
    html = page.content.decode()
    assert services.APPLICATION_CLOSED.format(stage="withdrawn") in html
    assert "Create loop</button>" not in html
    response = client.post(f"/applications/{s.application.pk}/build-loop/", {"template": s.template.pk})
    assert response.status_code == 400
    assert services.APPLICATION_CLOSED.format(stage="withdrawn") in response.content.decode()
    assert not Loop.objects.exists()


def test_the_loop_page_takes_windows_in_the_candidates_zone(client):
    """Windows entered on the page are read in the candidate's zone and stored in UTC."""
    s = make_setup(candidate_zone="America/New_York")
    loop = loop_for(s)
    client.force_login(s.recruiter)
    form = {
        "action": "windows",
        "w-TOTAL_FORMS": "1",
        "w-INITIAL_FORMS": "0",
        "w-MIN_NUM_FORMS": "0",
        "w-MAX_NUM_FORMS": "20",
        "w-0-day": s.day.isoformat(),
        "w-0-start": "09:00",
        "w-0-end": "12:00",
    }
    response = client.post(*_action(loop, form))
    assert response.status_code == 302
    assert loop.windows.get().start == s.at("09:00", zone="America/New_York")


def test_the_loop_page_keeps_showing_the_candidates_current_link_with_its_expiry(client):
    """While the loop is being scheduled the page shows the same working link, read-only, with its expiry."""
    s = make_setup(candidate_zone="Asia/Kolkata")
    loop = loop_for(s)
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    link = services.loop_availability_link(loop=loop, actor=s.recruiter)
    url = f"http://testserver/availability/{link.token}/"
    assert f'<input id="candidate-link" type="url" value="{url}" readonly' in html
    expires = link.expires_at.astimezone(ZoneInfo("Asia/Kolkata"))
    assert f"Valid until {expires:%a} {expires.day} {expires:%b %Y, %H:%M} (Asia/Kolkata)" in html
    assert url in client.get(f"/loops/{loop.pk}/").content.decode()  # the same link on the next visit
    assert client.get(url).status_code == 200
    assert link.expires_at >= dt.datetime.now(dt.UTC) + dt.timedelta(days=7)


def test_a_scheduled_loop_keeps_the_link_and_it_shows_the_booking(client):
    """Once scheduled the page still offers the link (to send again); the candidate's link shows their booked
    times (and the reschedule request), and says why once the loop is over or cancelled instead of 'not valid'."""
    s = make_setup()
    loop = loop_for(s)
    link = services.loop_availability_link(loop=loop, actor=s.recruiter)
    s, loop = scheduled_loop(s, loop=loop)
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert 'id="candidate-link"' in html
    assert "shows their booked times" in html
    client.logout()
    response = client.get(f"/availability/{link.token}/")
    assert response.status_code == 200
    assert "Your interviews are booked" in response.content.decode()
    assert "Overview" in response.content.decode()
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.CANCELLED)
    assert services.LINK_LOOP_CANCELLED in client.get(f"/availability/{link.token}/").content.decode()
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.AWAITING_FEEDBACK)
    assert services.LINK_LOOP_DONE in client.get(f"/availability/{link.token}/").content.decode()


def test_no_link_is_made_for_a_scheduled_loop(api):
    """The API refuses a link that could never be used (400), instead of handing out a dead one."""
    s, loop = scheduled_loop()
    api.force_authenticate(s.recruiter)
    response = api.post(f"/api/v1/loops/{loop.pk}/availability-link/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [services.LINK_ONLY_BEFORE_SCHEDULING.format(status="scheduled")]}


def test_proposing_shows_the_plan_on_a_day_grid_and_saving_schedules_it(client):
    """Propose fills the grid and the edit form; saving that form books the loop."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    client.force_login(s.recruiter)
    response = client.post(*_action(loop, {"action": "propose", **_options()}), follow=True)
    assert response.redirect_chain == [(f"/loops/{loop.pk}/#propose", 302)]
    html = response.content.decode()
    assert 'class="day-block b1-1"' in html
    assert "09:00–09:45 Overview / culture" in html
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    form = {
        "action": "save",
        **_options(),
        f"start_{interviews['overview'].pk}": f"{s.day.isoformat()}T09:00",
        f"lead_{interviews['overview'].pk}": str(s.people["lena"].pk),
        f"shadow_{interviews['overview'].pk}": "",
        f"start_{interviews['ml_coding'].pk}": f"{s.day.isoformat()}T10:00",
        f"lead_{interviews['ml_coding'].pk}": str(s.people["omar"].pk),
        f"shadow_{interviews['ml_coding'].pk}": str(s.people["kenji"].pk),
    }
    response = client.post(*_action(loop, form))
    assert response.status_code == 302
    loop.refresh_from_db()
    assert loop.status == Loop.Status.SCHEDULED
    coding = loop.interviews.get(round_type__code="ml_coding")
    assert coding.start == s.at("10:00")
    assert set(coding.assignments.values_list("interviewer__username", "role")) == {
        ("omar", "interviewer"),
        ("kenji", "shadow"),
    }
    assert list(Scorecard.objects.filter(interview=coding).values_list("interviewer__username", flat=True)) == ["omar"]


def test_rechecking_an_edited_plan_highlights_each_conflict(client):
    """A conflicting edit is shown in red with its messages, and nothing is saved."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    client.force_login(s.recruiter)
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    form = {
        "action": "save",
        **_options(),
        f"start_{interviews['overview'].pk}": f"{s.day.isoformat()}T10:00",
        f"lead_{interviews['overview'].pk}": str(s.people["lena"].pk),
        f"start_{interviews['ml_coding'].pk}": f"{s.day.isoformat()}T10:00",
        f"lead_{interviews['ml_coding'].pk}": str(s.people["omar"].pk),
    }
    response = client.post(*_action(loop, form), follow=True)
    assert response.redirect_chain == [(f"/loops/{loop.pk}/#problems", 302)]
    html = response.content.decode()
    assert re.search(r'class="day-block b\d+-\d+ conflict"', html)
    assert solver.C_OVERLAP.format(label="ML coding from scratch", other="Overview / culture") in html
    assert solver.C_OVERVIEW_FIRST.format(label="ML coding from scratch") in html
    assert not Interview.objects.filter(start__isnull=False).exists()


def _plan_form(s, interviews, **rows) -> dict:
    """The edit form's fields: rows maps a round code to (clock, lead username[, location[, shadow]])."""
    form = {"action": "save", **_options()}
    for code, row in rows.items():
        pk = interviews[code].pk
        clock, lead, *rest = row
        form[f"start_{pk}"] = f"{s.day.isoformat()}T{clock}"
        form[f"lead_{pk}"] = str(s.people[lead].pk)
        form[f"location_{pk}"] = rest[0] if rest else ""
        form[f"shadow_{pk}"] = str(s.people[rest[1]].pk) if len(rest) > 1 else ""
    return form


def test_a_refused_save_lands_on_a_summary_at_the_top_and_keeps_the_edits(client):
    """The page redirects (no resubmission on refresh), sums up every problem with links, and shows what was typed."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    client.force_login(s.recruiter)
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    form = _plan_form(
        s, interviews, overview=("10:00", "lena", "https://meet.example/ov"), ml_coding=("10:00", "omar", "Room 4")
    )
    response = client.post(*_action(loop, form))
    assert response.status_code == 302
    assert response["Location"] == f"/loops/{loop.pk}/#problems"
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    summary = html.split('id="problems"')[1].split("</div>")[0]
    assert 'role="alert"' in html.split('id="problems"')[0].rsplit("<div", 1)[1]
    assert "Nothing was saved. 2 problems to fix:" in summary
    coding = interviews["ml_coding"].pk
    assert (
        f'<a href="#id_start_{coding}">{solver.C_OVERVIEW_FIRST.format(label="ML coding from scratch")}</a>' in summary
    )
    assert f'name="start_{coding}" value="{s.day.isoformat()}T10:00"' in html
    assert 'value="https://meet.example/ov"' in html
    assert 'value="Room 4"' in html
    # The edits travelled once: a refresh shows the saved state, and nothing was booked.
    assert 'id="problems"' not in client.get(f"/loops/{loop.pk}/").content.decode()
    assert not Interview.objects.filter(start__isnull=False).exists()


def test_the_edit_form_saves_each_rounds_place_or_video_link(client):
    """A location typed per round is saved and goes into the invite."""
    s = make_setup()
    loop = with_windows(s, loop_for(s))
    client.force_login(s.recruiter)
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    form = _plan_form(
        s, interviews, overview=("09:00", "lena", "https://meet.example/ov"), ml_coding=("10:00", "omar", "Room 4")
    )
    assert client.post(*_action(loop, form)).status_code == 302
    overview = Interview.objects.get(pk=interviews["overview"].pk)
    assert overview.location == "https://meet.example/ov"
    assert "LOCATION:https://meet.example/ov" in invites.interview_invite_ics(interview=overview, method="REQUEST")
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert '<a href="https://meet.example/ov" rel="nofollow">https://meet.example/ov</a>' in html
    assert 'value="Room 4"' in html


def _options_of(html: str, name: str) -> list[str]:
    select = html.split(f'name="{name}"')[1].split("</select>")[0]
    return [chunk.split(">", 1)[1].split("<", 1)[0] for chunk in select.split("<option")[2:]]


def test_the_interviewer_menus_offer_only_people_qualified_for_the_round(client):
    """Overview lists senior leaders qualified for it; ML coding its qualified people; shadows list trainees."""
    s = make_setup()
    interviewer("vera", {"overview": "qualified"})  # qualified, but not a senior leader
    loop = with_windows(s, loop_for(s))
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    assert _options_of(html, f"lead_{interviews['overview'].pk}") == ["Lena"]
    assert _options_of(html, f"lead_{interviews['ml_coding'].pk}") == ["Omar"]
    assert _options_of(html, f"shadow_{interviews['ml_coding'].pk}") == ["Kenji (shadow)"]
    assert _options_of(html, f"shadow_{interviews['overview'].pk}") == []


def test_someone_already_on_a_round_stays_listed_and_marked_when_no_longer_qualified(client):
    """A plan made before a qualification changed still shows its people, so a re-check can name the problem."""
    s, loop = scheduled_loop()
    s.people["omar"].interviewer_profile.qualifications.filter(round_type__code="ml_coding").delete()
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    coding = loop.interviews.get(round_type__code="ml_coding")
    assert _options_of(html, f"lead_{coding.pk}") == [f"Omar{forms.NOT_QUALIFIED_SUFFIX}"]


def test_moving_one_round_says_which_round_moved(client):
    """Saving a plan where only ML coding changed names it and its new time, not 'Loop scheduled'."""
    s, loop = scheduled_loop()
    client.force_login(s.recruiter)
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    form = _plan_form(s, interviews, overview=("09:00", "lena", "Room 1"), ml_coding=("13:00", "omar"))
    response = client.post(*_action(loop, form), follow=True)
    when = s.at("13:00").astimezone(ZoneInfo("Europe/London"))
    expected = loop_views.INVITES_UPDATED.format(
        changes=loop_views.ROUND_MOVED.format(
            label="ML coding from scratch", when=f"{when:%a} {when.day} {when:%b}, 13:00", zone="Europe/London"
        )
    )
    assert expected in response.content.decode()
    assert loop_views.PLAN_SAVED not in response.content.decode()
    assert Interview.objects.get(pk=interviews["ml_coding"].pk).ical_sequence == 1
    again = client.post(*_action(loop, form), follow=True)
    assert loop_views.PLAN_UNCHANGED in again.content.decode()
    assert Interview.objects.get(pk=interviews["ml_coding"].pk).ical_sequence == 1


def test_the_rounds_table_says_which_invite_version_went_out(client):
    """SEQUENCE 0 reads 'invite sent (version 1)'; a cancelled round shows its cancellation's version."""
    s, loop = scheduled_loop()
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert "invite sent (version 1)" in html
    assert "invite v0" not in html
    coding = loop.interviews.get(round_type__code="ml_coding")
    services.interview_cancel(interview=coding, actor=s.recruiter)
    assert "cancellation sent (version 2)" in client.get(f"/loops/{loop.pk}/").content.decode()


def test_a_cancelled_round_is_rebooked_from_the_loop_page(client):
    """The cancelled round is in the editor with a Rebook box; ticking it books it again with new invites."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    services.interview_cancel(interview=coding, actor=s.recruiter)
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert f'href="#id_rebook_{coding.pk}"' in html
    assert f'id="id_rebook_{coding.pk}"' in html
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    form = _plan_form(s, interviews, overview=("09:00", "lena", "Room 1"), ml_coding=("11:00", "omar"))
    # Unticked, the cancelled round stays cancelled and the rest saves.
    assert client.post(*_action(loop, form)).status_code == 302
    coding.refresh_from_db()
    assert coding.status == Interview.Status.CANCELLED
    response = client.post(*_action(loop, {**form, f"rebook_{coding.pk}": "on"}), follow=True)
    coding.refresh_from_db()
    assert (coding.status, coding.start, coding.ical_sequence) == (Interview.Status.SCHEDULED, s.at("11:00"), 2)
    assert "ML coding from scratch rebooked for" in response.content.decode()
    assert Scorecard.objects.filter(interview=coding, interviewer=s.people["omar"], status="draft").exists()


def test_cancel_asks_first_and_says_who_gets_a_cancel(client):
    """The Cancel link opens a confirmation naming the recipients; nothing changes until it is confirmed."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert f'<a href="/interviews/{coding.pk}/cancel/">Cancel…' in html
    assert f'action="/interviews/{coding.pk}/cancel/"' not in html
    page = client.get(f"/interviews/{coding.pk}/cancel/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "A calendar cancellation (CANCEL) is sent to <strong>Ada Okafor (candidate)</strong> and " in text
    assert "<strong>Omar (interviewer)</strong>" in text
    assert "The unfilled draft scorecard of Omar is removed." in text
    coding.refresh_from_db()
    assert coding.status == Interview.Status.SCHEDULED
    assert client.post(f"/interviews/{coding.pk}/cancel/").status_code == 302
    coding.refresh_from_db()
    assert coding.status == Interview.Status.CANCELLED
    assert services.ALREADY_CANCELLED in client.get(f"/interviews/{coding.pk}/cancel/").content.decode()


def test_only_the_loops_recruiters_see_the_cancel_confirmation(client):
    """An interviewer on the loop gets 403; someone who cannot see the loop gets 404."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    client.force_login(s.people["omar"])
    assert client.get(f"/interviews/{coding.pk}/cancel/").status_code == 403
    client.force_login(UserFactory(roles=["recruiter"]))
    assert client.get(f"/interviews/{coding.pk}/cancel/").status_code == 404


def test_an_infeasible_proposal_shows_the_reasons(client):
    """When no plan exists the page says why."""
    s = make_setup()
    loop = with_windows(s, loop_for(s), ("09:00", "09:30"))
    client.force_login(s.recruiter)
    html = client.post(*_action(loop, {"action": "propose", **_options()}), follow=True).content.decode()
    assert "No plan is possible" in html
    assert "No candidate window is long enough for the 45-minute Overview / culture round" in html


def test_the_scorecard_board_shows_due_overdue_and_submitted(client):
    """Each interviewer's feedback state is on the loop page."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=5)
    Interview.objects.filter(pk=coding.pk).update(
        start=past, end=past + dt.timedelta(hours=1), **interview_feedback_times(end=past + dt.timedelta(hours=1))
    )
    client.force_login(s.recruiter)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert '<span class="badge bad">overdue</span>' in html
    assert '<span class="badge">upcoming</span>' in html


def test_other_recruiters_get_a_404_and_interviewers_cannot_act(client):
    """The loop page follows loop visibility; interviewers on the loop may look but not schedule."""
    s, loop = scheduled_loop()
    client.force_login(UserFactory(roles=["recruiter"]))
    assert client.get(f"/loops/{loop.pk}/").status_code == 404
    client.force_login(s.people["omar"])
    assert client.get(f"/loops/{loop.pk}/").status_code == 200
    assert client.post(*_action(loop, {"action": "windows"})).status_code == 403


def test_cancelling_from_the_loop_page(client):
    """The cancel button cancels that interview."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    client.force_login(s.recruiter)
    response = client.post(f"/interviews/{coding.pk}/cancel/")
    assert response.status_code == 302
    coding.refresh_from_db()
    assert coding.status == Interview.Status.CANCELLED


def test_the_interviewer_profile_page_imports_an_ics_file(client):
    """A recruiter uploads a calendar file on the profile page; the blocks appear."""
    s = make_setup()
    profile = s.people["omar"].interviewer_profile
    client.force_login(s.recruiter)
    assert client.get("/interviewers/").status_code == 200
    day = s.day.strftime("%Y%m%d")
    content = (
        f"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:{day}T100000Z\nDTEND:{day}T110000Z\n"
        "SUMMARY:Sync\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    response = client.post(
        f"/interviewers/{profile.pk}/busy/import/", {"file": SimpleUploadedFile("c.ics", content.encode())}, follow=True
    )
    assert response.status_code == 200
    assert "Imported 1 busy block" in response.content.decode()
    assert BusyBlock.objects.filter(profile=profile, source="ics").count() == 1
    assert "Sync" in response.content.decode()


def test_an_interviewer_gets_a_read_only_loop_page_with_their_kit_and_no_pipeline_link(client):
    """No link to a page they may not open; their kit instead; no scheduling sections."""
    s, loop = scheduled_loop()
    coding = loop.interviews.get(round_type__code="ml_coding")
    client.force_login(s.people["omar"])
    response = client.get(f"/loops/{loop.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/pipeline/"' not in html
    assert '<a href="/interviews/mine/">← My interviews</a>' in html
    assert f'<a href="/interviews/{coding.pk}/kit/">Kit' in html
    overview = loop.interviews.get(round_type__code="overview")
    assert f"/interviews/{overview.pk}/kit/" not in html
    for section in ("Candidate availability", "Edit, re-check and save", "Scorecards", "Cancel…"):
        assert section not in html


def test_a_committee_member_is_pointed_to_the_packet(client):
    """A reviewer of a loop awaiting the committee gets the packet link, not the pipeline."""
    s, loop = scheduled_loop()
    member = UserFactory(roles=["committee"])
    committee = CommitteeFactory(members=[member])
    Requisition.objects.filter(pk=s.application.requisition_id).update(committee=committee)
    Loop.objects.filter(pk=loop.pk).update(status=Loop.Status.READY_FOR_REVIEW)
    client.force_login(member)
    html = client.get(f"/loops/{loop.pk}/").content.decode()
    assert 'href="/pipeline/"' not in html
    assert f'<a href="/decisions/loops/{loop.pk}/">Committee packet →</a>' in html
    assert client.get(f"/decisions/loops/{loop.pk}/").status_code == 200
