"""Journey 2 (issue #14): an interviewer opens the kit, submits with a validation error first, fixes it on
the page, then sees the others' feedback, and amends with a reason — in Chromium, on the demo data."""

import re

import pytest
from playwright.sync_api import expect

from interviews.models import Scorecard
from tests.e2e.conftest import LAPTOP, PHONE, assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _the_demo_draft() -> Scorecard:
    """Ivy's draft on the demo loop the others have already scored (the demo's "Fill scorecard" row)."""
    return Scorecard.objects.select_related("interview").get(
        interviewer__username="interviewer",
        status=Scorecard.Status.DRAFT,
        interview__start__isnull=False,
        interview__loop__status="awaiting_feedback",
    )


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_an_interviewer_fixes_a_refused_submission_then_reads_the_others_and_amends(demo, open_page, viewport):
    """Submit empty → the error summary names each problem; fill it in → submitted, the others' feedback
    appears; amend with a reason → a second revision in the history."""
    card = _the_demo_draft()
    page, shot = open_page(viewport)
    sign_in(page, demo, "interviewer")
    page.goto(f"{demo}/interviews/mine/")
    page.get_by_role("link", name=re.compile("Fill scorecard")).first.click()
    expect(page).to_have_url(re.compile(rf"/interviews/{card.interview_id}/kit/"))
    expect(page.get_by_text("Hidden until you submit your own scorecard")).to_be_visible()
    shot("kit", docs="kit" if viewport == LAPTOP else "")

    page.get_by_role("button", name="Submit scorecard").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("to fix before this can be submitted")
    competencies = page.locator("fieldset.competency")
    required = competencies.filter(has=page.locator(".badge", has_text="required"))
    assert required.count() >= 3
    expect(page.locator("fieldset.competency.has-error").first).to_be_visible()
    shot("refused")

    for index in range(required.count()):
        fieldset = required.nth(index)
        fieldset.locator("label.anchor", has_text="3").first.click()
        fieldset.locator("textarea").fill("Derived the gradient unprompted and tested the edge cases.")
    page.get_by_label("Yes", exact=True).check()
    page.locator("#summary").fill("Solid fundamentals; would work well with the team.")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.locator("#scorecard-h .badge")).to_contain_text("submitted")
    expect(page.get_by_role("heading", name="Other interviewers' feedback")).to_be_visible()
    expect(page.locator("article.other-card")).to_have_count(3)
    shot("submitted")
    card.refresh_from_db()
    assert card.status == Scorecard.Status.SUBMITTED

    page.get_by_role("link", name="Amend").click()
    page.locator("#reason").fill("Mixed up two candidates' coding answers.")
    page.locator("#summary").fill("Solid fundamentals; slower on the systems question than I first wrote.")
    page.get_by_role("button", name="Save amendment").click()
    history = page.get_by_role("heading", name="History").locator("xpath=following-sibling::ol[1]")
    expect(history).to_contain_text("Revision 2")
    expect(history).to_contain_text("Mixed up two candidates' coding answers.")
    shot("amended")
    assert card.revisions.count() == 2
    assert_clean(page)
