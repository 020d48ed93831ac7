"""Journey 5 (issue #14), by keyboard alone: sign in, open the kit from My interviews, rate every required
competency with its evidence, choose the overall recommendation and submit — Tab, arrows, Space and
Enter only, at laptop and phone widths."""

import pytest
from playwright.sync_api import expect

from interviews.models import Scorecard
from tests.e2e.conftest import DEMO_PASSWORD, LAPTOP, PHONE, assert_clean, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_an_interviewer_fills_and_submits_the_kit_by_keyboard_alone(demo, open_page, viewport):
    """Every control of the scorecard is reachable and operable from the keyboard."""
    page, shot = open_page(viewport)
    page.goto(f"{demo}/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("interviewer")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{demo}/")
    page.goto(f"{demo}/interviews/mine/")
    tab_to(page, "a[href$='/kit/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kit/")
    card = Scorecard.objects.get(interviewer__username="interviewer", interview_id=int(page.url.split("/")[-3]))
    required = list(card.rubric.competencies.filter(required=True).order_by("order", "id"))

    for competency in required:
        tab_to(page, f"input[name='score_{competency.id}']")
        page.keyboard.press("Space")  # the first point
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")  # now 3
        expect(page.locator(f"input[name='score_{competency.id}'][value='3']")).to_be_checked()
        tab_to(page, f"#evidence_{competency.id}")
        page.keyboard.type("Explained the trade-off and tested it.")
    tab_to(page, "input[name='overall']")
    page.keyboard.press("Space")
    while not page.locator("input[name='overall'][value='yes']").is_checked():
        page.keyboard.press("ArrowDown")
    tab_to(page, "#summary")
    page.keyboard.type("Good signal throughout.")
    shot("filled-by-keyboard")
    tab_to(page, "button[formaction*='/submit/']")
    page.keyboard.press("Enter")
    expect(page.locator("#scorecard-h .badge")).to_contain_text("submitted")
    shot("submitted")
    card.refresh_from_db()
    assert card.status == Scorecard.Status.SUBMITTED
    assert {r.competency_id: r.score for r in card.ratings.all() if r.competency.required} == {
        c.id: 3 for c in required
    }
    assert_clean(page)
