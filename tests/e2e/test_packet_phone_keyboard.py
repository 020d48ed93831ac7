"""Journey 5 for the packet (issue #14): a committee member opens a packet from the decision queue, reads
the summary by round, follows a score to the scorecard it comes from and votes — at laptop and phone
widths, by keyboard alone (Tab, arrows, Space, Enter). Nothing on the phone scrolls sideways."""

import pytest
from playwright.sync_api import expect

from decisions.models import Vote
from interviews.models import Loop
from tests.e2e.conftest import DEMO_PASSWORD, LAPTOP, PHONE, assert_clean, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_member_reads_the_packet_and_votes_by_keyboard_alone(demo, open_page, viewport):
    """Queue → packet → summary → a score's scorecard → vote, by keyboard, with no sideways scroll."""
    loop = (
        Loop.objects.filter(status=Loop.Status.READY_FOR_REVIEW)
        .exclude(votes__voter__username="committee")
        .order_by("pk")
        .first()
    )
    page, shot = open_page(viewport)
    page.goto(f"{demo}/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("committee")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{demo}/")
    page.goto(f"{demo}/decisions/")
    tab_to(page, f"a[href='/decisions/loops/{loop.pk}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/decisions/loops/{loop.pk}/")

    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= viewport["width"], f"the packet is {wide} px wide on a {viewport['width']} px screen"
    summary = page.locator("table.summary")
    card = page.locator("#matrix")
    assert summary.bounding_box()["width"] <= card.bounding_box()["width"], "the summary overflows its card"
    rounds = summary.locator("tr.round-head").count()
    assert rounds == loop.interviews.values("round_type").distinct().count()

    tab_to(page, "a[href='#matrix']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo}/decisions/loops/{loop.pk}/#matrix")
    tab_to(page, "td.scores a")
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo}/decisions/loops/{loop.pk}/{target}")
    expect(page.locator(f"{target} ul.ratings li").first).to_be_in_viewport()
    shot("read-by-keyboard")

    tab_to(page, "input[name='vote']")
    page.keyboard.press("Space")
    while not page.locator("input[name='vote'][value='hire']").is_checked():
        page.keyboard.press("ArrowDown")
    tab_to(page, "#id_comment")
    page.keyboard.type("The coding and depth rounds carry it.")
    tab_to(page, "#vote-form button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Your vote is recorded.")
    shot("voted")
    vote = Vote.objects.get(loop=loop, voter__username="committee")
    assert (vote.vote, vote.comment) == ("hire", "The coding and depth rounds carry it.")
    assert_clean(page)
