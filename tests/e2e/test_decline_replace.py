"""Decline and replace in a browser (issue #15): an interviewer declines a booked round from the kit with a
reason; the recruiter sees it on the loop page with the people free then, least loaded first, and swaps one
in with one click — at laptop and phone widths, every page scanned by axe."""

import pytest
from playwright.sync_api import expect

from interviews.models import Interview, InterviewDecline
from tests.e2e.conftest import LAPTOP, PHONE, assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_an_interviewer_declines_and_the_recruiter_replaces_them(demo, open_page, viewport):
    """Kit → Decline… (a reason is required) → the loop page's Replace menu → the new interviewer is on it."""
    interview = Interview.objects.filter(
        status=Interview.Status.SCHEDULED, assignments__interviewer__username="interviewer"
    ).first()
    page, shot = open_page(viewport)
    sign_in(page, demo, "interviewer")
    page.goto(f"{demo}/interviews/{interview.pk}/kit/")
    page.get_by_role("link", name="Decline this interview…").click()
    page.get_by_role("button", name="Decline this interview").click()
    expect(page.locator("#reason-error")).to_be_visible()
    page.get_by_label("Why you cannot do it").fill("Travelling to a conference that week.")
    shot("decline")
    page.get_by_role("button", name="Decline this interview").click()
    expect(page.get_by_role("status")).to_contain_text("Declined.")
    decline = InterviewDecline.objects.get(interview=interview)

    recruiter, recruiter_shot = open_page(viewport)
    sign_in(recruiter, demo, "recruiter")
    recruiter.goto(f"{demo}/loops/{interview.loop_id}/")
    row = recruiter.locator(f"#decline-{decline.pk}")
    expect(row).to_contain_text("Travelling to a conference that week.")
    menu = row.get_by_label("Replace with")
    chosen = menu.locator("option").first.get_attribute("value")
    recruiter_shot("declined")
    row.get_by_role("button", name="Replace").click()
    expect(recruiter.get_by_role("status")).to_contain_text("now runs")
    assert list(interview.assignments.values_list("interviewer_id", flat=True)) == [int(chosen)]
    decline.refresh_from_db()
    assert decline.replaced_by_id == int(chosen)
    recruiter_shot("replaced")
    wide = recruiter.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= viewport["width"]
    assert_clean(page, recruiter)
