"""Journey 3 (issue #14): the committee votes, then the chair opens the packet from the decision queue,
reads the recommendation and its reasons, and records an override — refused without a rationale first."""

import re

import pytest
from playwright.sync_api import expect

from decisions.models import Decision
from decisions.selectors import loop_recommendation
from interviews.models import Loop
from tests.e2e.conftest import assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUTCOME_LABEL = {"hire": "Hire", "no_hire": "No hire"}


def _a_loop_to_decide() -> tuple[Loop, str]:
    """A demo loop waiting for the committee with no vote yet; → it and its recommended outcome."""
    for loop in Loop.objects.filter(status=Loop.Status.READY_FOR_REVIEW, votes__isnull=True).order_by("pk"):
        outcome = loop_recommendation(loop=loop).outcome
        if outcome in OUTCOME_LABEL:
            return loop, outcome
    raise AssertionError("the demo has no undecided loop with a hire or no-hire recommendation")


def test_the_committee_votes_and_the_chair_overrides_with_a_rationale(demo, open_page):
    """Members vote on the packet page; the chair's override is refused without a rationale, then recorded
    with it, and the packet shows it as an override with the chair's words."""
    loop, recommended = _a_loop_to_decide()
    override = "hire" if recommended == "no_hire" else "no_hire"
    candidate = loop.application.candidate.name
    for member in ("committee", "lena"):
        page, shot = open_page()
        sign_in(page, demo, member)
        page.goto(f"{demo}/decisions/")
        page.get_by_role("link", name=candidate).first.click()
        votes = page.locator("#vote-form")
        votes.get_by_label(OUTCOME_LABEL[override], exact=True).check()
        votes.get_by_label("Comment").fill(f"{member}: the evidence on the coding round outweighs the rest.")
        votes.get_by_role("button", name="Record my vote").click()
        expect(page.locator("#quorum")).to_contain_text("voted")
        shot(f"voted-{member}")
    assert loop.votes.count() == 2

    page, shot = open_page()
    sign_in(page, demo, "chair")
    page.goto(f"{demo}/decisions/")
    page.get_by_role("link", name=candidate).first.click()
    expect(page).to_have_url(re.compile(rf"/decisions/loops/{loop.pk}/"))
    recommendation = page.locator("#recommendation")
    expect(recommendation.get_by_role("heading")).to_contain_text(OUTCOME_LABEL[recommended])
    expect(recommendation.locator("li").first).to_be_visible()  # its reasons
    shot("packet")
    page.evaluate("() => document.getElementById('matrix').scrollIntoView()")
    shot("packet-summary", scan=False, docs="packet")

    form = page.locator("#decision-form")
    form.get_by_label(OUTCOME_LABEL[override], exact=True).check()
    form.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#error-summary")).to_contain_text("Nothing was saved")
    assert not Decision.objects.filter(loop=loop).exists()
    shot("refused")

    rationale = "The committee weighed the ML coding evidence above the bar shortfall; we take the risk."
    form = page.locator("#decision-form")
    form.get_by_label(OUTCOME_LABEL[override], exact=True).check()
    form.get_by_label("Rationale").fill(rationale)
    form.get_by_role("button", name="Record the decision").click()
    decided = page.locator("#decision")
    expect(decided.locator(".badge.warn")).to_have_text("override")
    expect(decided.locator("blockquote")).to_contain_text(rationale)
    shot("decided")
    decision = Decision.objects.get(loop=loop)
    assert (decision.outcome, decision.rationale, decision.is_override) == (override, rationale, True)
    assert_clean(page)
