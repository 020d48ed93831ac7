"""Journey 1 (issue #14): the recruiter adds a candidate and puts them on a requisition, builds a loop from
the pipeline (offered only the chosen template's optional rounds), hands the candidate their private
link; the candidate, without an account, gives windows; the recruiter proposes a plan, saves it, and the
invites go out."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from hiring.models import Application, Requisition
from interviews.models import Loop, LoopTemplate
from notifications.models import Notification
from tests.e2e.conftest import assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Noor Rahimi"


def _next_weekdays(count: int) -> list[dt.date]:
    day, found = dt.date.today() + dt.timedelta(days=2), []
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += dt.timedelta(days=1)
    return found


def test_a_recruiter_takes_a_new_candidate_to_a_scheduled_loop(demo, open_page):
    """Candidate → application → loop → the candidate's windows → proposed plan → saved, invites queued."""
    requisition = Requisition.objects.filter(
        status=Requisition.Status.OPEN, recruiters__username="recruiter", level="MLS2", role_family="applied_scientist"
    ).first()
    page, shot = open_page()
    sign_in(page, demo, "recruiter")
    page.goto(f"{demo}/candidates/new/")
    page.get_by_label("Name").fill(NAME)
    page.get_by_label("Email").fill("noor@example.org")
    page.get_by_label("Timezone").select_option("Europe/London")  # the one zone menu, common zones first
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    page.get_by_label("Requisition").select_option(label=str(requisition))
    page.get_by_role("button", name="Add to requisition").click()
    application = Application.objects.get(candidate__name=NAME, requisition=requisition)
    shot("candidate-on-requisition")

    page.goto(f"{demo}/pipeline/")
    page.get_by_role("link", name=f"Build loop for {NAME}").click()
    matching = LoopTemplate.objects.get(role_family="applied_scientist", level="MLS2", is_active=True)
    expect(page.get_by_label("Loop template")).to_have_value(str(matching.pk))
    optional_here = {r.round_type.name for r in matching.rounds.all() if not r.required}
    for label in page.locator("label.skip-round").all():
        # The builder's script hides the rounds this template requires: wait for it rather than race it.
        if label.inner_text().strip() in optional_here:
            expect(label).to_be_visible()
        else:
            expect(label).to_be_hidden()
    shot("build-loop")
    page.get_by_role("button", name="Create loop").click()
    loop = Loop.objects.get(application=application)
    expect(page).to_have_url(re.compile(rf"/loops/{loop.pk}/"))
    link = page.locator("#candidate-link").input_value()
    assert "/availability/" in link

    candidate, candidate_shot = open_page()
    candidate.goto(link)
    expect(candidate.get_by_role("heading", level=1)).to_contain_text(NAME)
    for index, day in enumerate(_next_weekdays(3)):
        candidate.get_by_label(f"Date (window {index + 1})").fill(day.isoformat())
        candidate.get_by_label(f"From (window {index + 1})").fill("08:00")
        candidate.get_by_label(f"To (window {index + 1})").fill("18:00")
    candidate_shot("windows")
    candidate.get_by_role("button", name="Send my availability").click()
    expect(candidate.locator("body")).to_contain_text("The times we have for you")
    assert loop.windows.count() == 3

    page.reload()
    page.get_by_role("button", name="Propose a plan").click()
    expect(page.locator("#day-grid")).to_be_visible()
    shot("proposed-plan")
    _overlap_shows_side_by_side(page, shot)
    page.get_by_role("button", name="Save and send invites").click()
    loop.refresh_from_db()
    assert loop.status == Loop.Status.SCHEDULED
    # One invite per interviewer per round, each naming the candidate (kind and subject, never the ids).
    panel = {(a.interview_id, a.interviewer_id) for i in loop.interviews.all() for a in i.assignments.all()}
    invites = Notification.objects.filter(kind="interview_invite", subject__contains=NAME)
    assert panel
    assert invites.count() == len(panel)
    expect(page.locator("body")).to_contain_text("Scheduled")
    shot("scheduled")
    assert_clean(page, candidate)


def _boxes(page) -> list[dict]:
    return page.locator("#day-grid .day-block").evaluate_all(
        "blocks => blocks.map(b => { const r = b.getBoundingClientRect(); return {left: r.left, right: r.right, "
        "top: r.top, bottom: r.bottom, text: b.innerText, clipped: b.scrollHeight > b.clientHeight + 1}; })"
    )


def _overlap_shows_side_by_side(page, shot) -> None:
    """The recruiter moves the second round onto the first and re-checks: both rounds are drawn side by
    side (neither hides the other), every conflict is listed in full beside the grid, and the axis starts
    by the candidate's 08:00 window; then the edit is undone so the plan can be saved."""
    starts = page.locator("table.plan-edit input[type='datetime-local']")
    first, second = starts.nth(0).input_value(), starts.nth(1).input_value()
    starts.nth(1).fill(first)
    page.get_by_role("button", name="Re-check").click()
    expect(page.locator("#day-grid .day-block.conflict").first).to_be_visible()
    blocks = [b for b in _boxes(page) if b["top"] < _boxes(page)[0]["bottom"] and b["bottom"] > _boxes(page)[0]["top"]]
    assert len(blocks) >= 2, "the two rounds at the same time are not both drawn"
    for a, b in zip(blocks, blocks[1:], strict=False):
        assert a["right"] <= b["left"] + 1 or b["right"] <= a["left"] + 1, f"drawn on top of each other: {a} {b}"
    conflicts = page.locator("#grid ~ .error-box li, section[aria-labelledby='grid'] .error-box li")
    assert conflicts.count() >= 1
    for text in conflicts.all_inner_texts():
        assert len(text) > 20, f"a conflict is cut short: {text!r}"
    hours = page.locator("#day-grid .day-hours span").all_inner_texts()
    assert hours[0] <= "08:00", f"the grid starts at {hours[0]}, after the candidate's 08:00 window"
    page.evaluate("() => document.querySelector(\"section[aria-labelledby='grid']\").scrollIntoView()")
    shot("plan-grid-conflict", docs="plan-grid")
    page.locator("table.plan-edit input[type='datetime-local']").nth(1).fill(second)
