"""The layout holds (issue #14): the top bar — brand, links, account and sign-out — stays one line at
1280 px for the roles with the most links, and nothing is wider than the screen at 390 px."""

import pytest

from tests.e2e.conftest import LAPTOP, PHONE, assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("username", ["admin", "recruiter", "manager"])
def test_the_top_bar_is_one_line_at_1280_px_and_fits_a_phone(demo, open_page, username):
    """Each nav link sits on the bar's one line on a laptop; on a phone the page never scrolls sideways."""
    page, shot = open_page(LAPTOP)
    sign_in(page, demo, username)
    tops = page.locator(".topbar nav a").evaluate_all("links => links.map(a => a.getBoundingClientRect().top)")
    heights = page.locator(".topbar nav a").evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")
    assert max(tops) - min(tops) < 2, f"the nav wraps: link tops {tops}"
    assert max(heights) < 40, f"a nav link breaks over lines: heights {heights}"
    bar = page.locator(".topbar").bounding_box()
    account = page.locator(".topbar .signout").bounding_box()
    assert account["y"] + account["height"] <= bar["y"] + bar["height"]
    assert bar["height"] < 70, f"the top bar is {bar['height']} px tall: it wraps onto a second line"
    assert abs((account["y"] + account["height"] / 2) - (min(tops) + max(heights) / 2)) < 12, (
        "account on a line of its own"
    )
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= LAPTOP["width"], f"the page is {wide} px wide on a {LAPTOP['width']} px screen"
    shot("laptop")
    phone, phone_shot = open_page(PHONE)
    sign_in(phone, demo, username)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px screen"
    phone_shot("phone")
    assert_clean(page, phone)
