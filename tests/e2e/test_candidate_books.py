"""Candidate self-booking in a browser (issue #15): the recruiter hands out the link from the loop page; the
candidate, with no account, books one of the complete plans, sees their times on their own clock and asks to
reschedule; the recruiter sees the request on the loop page — at laptop and phone widths, scanned by axe."""

import pytest
from playwright.sync_api import expect

from interviews.models import Loop, RescheduleRequest
from tests.e2e.conftest import LAPTOP, PHONE, assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_candidate_books_their_loop_and_asks_to_reschedule(demo, open_page, viewport):
    """Loop page link → Pick a time → Book these times → booked times → Ask to reschedule → the recruiter sees it."""
    loop = Loop.objects.filter(status__in=["draft", "scheduling"], application__candidate__timezone__gt="").first()
    recruiter, recruiter_shot = open_page(viewport)
    sign_in(recruiter, demo, "recruiter")
    recruiter.goto(f"{demo}/loops/{loop.pk}/")
    link = recruiter.locator("#candidate-link").input_value()

    candidate, shot = open_page(viewport)
    candidate.goto(link)
    expect(candidate.get_by_role("heading", name="Pick a time")).to_be_visible()
    options = candidate.locator("li.option")
    expect(options).to_have_count(3)
    shot("options")
    options.nth(2).get_by_role("button", name="Book these times").click()
    expect(candidate.get_by_role("heading", name="Your interviews are booked")).to_be_visible()
    expect(candidate.locator("ul.booked li")).to_have_count(loop.interviews.exclude(status="cancelled").count())
    shot("booked")
    candidate.get_by_label("Why, and which days would suit you better").fill("A family wedding that day.")
    candidate.get_by_role("button", name="Ask to reschedule").click()
    expect(candidate.get_by_role("status").first).to_contain_text("Your request is with your recruiter")
    assert RescheduleRequest.objects.filter(loop=loop, reason="A family wedding that day.").exists()
    assert Loop.objects.get(pk=loop.pk).status == Loop.Status.SCHEDULED

    recruiter.goto(f"{demo}/loops/{loop.pk}/")
    expect(recruiter.locator("#availability").locator("..")).to_contain_text("A family wedding that day.")
    recruiter_shot("request")
    for page in (candidate, recruiter):
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    assert_clean(candidate, recruiter)
