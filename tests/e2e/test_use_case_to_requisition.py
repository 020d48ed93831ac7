"""Journey 4 (issue #14): the hiring manager proposes a use case, someone else (four eyes) accepts it, and
a requisition that relies on it opens — refused by the use-case gate while the use case is only proposed."""

import re

import pytest
from playwright.sync_api import expect

from hiring.models import Requisition, UseCase
from tests.e2e.conftest import assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Cut stock-outs in the Lisbon warehouse"


def test_a_use_case_proposed_accepted_by_another_then_a_requisition_opens(demo, open_page):
    """Propose → the proposer cannot accept → a draft requisition fails the gate → an admin accepts →
    the requisition opens."""
    manager, shot = open_page()
    sign_in(manager, demo, "manager")
    manager.goto(f"{demo}/use-cases/new/")
    manager.get_by_label("Title").fill(TITLE)
    manager.get_by_label("Problem").fill(
        "Stock-outs cost 3.1% of revenue last quarter; the weekly rule misses promotions."
    )
    manager.get_by_label("Category").select_option(index=1)
    manager.get_by_label("Team").select_option(label="Forecasting & Pricing")
    manager.get_by_label("Baseline tried").fill("A 4-week moving average per SKU, reordered weekly.")
    manager.get_by_label("Why the baseline is not enough").fill("It lags promotions by two weeks: 40% of stock-outs.")
    manager.get_by_role("button", name="Propose").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Proposed")
    expect(manager.get_by_role("button", name="Accept as a reason to hire")).to_have_count(0)  # four eyes
    shot("proposed")
    use_case = UseCase.objects.get(title=TITLE)

    manager.goto(f"{demo}/requisitions/new/")
    manager.get_by_label("Role family").select_option(value="applied_scientist")
    manager.get_by_label("Level").select_option(value="MLS2")
    manager.get_by_label("Team").select_option(label="Forecasting & Pricing")
    manager.get_by_label(re.compile(re.escape(TITLE))).check()
    manager.get_by_role("button", name="Create draft").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Draft")
    requisition = Requisition.objects.get(use_cases=use_case)
    expect(manager.locator("section.gate")).to_be_visible()  # nothing accepted yet: the gate says why
    shot("draft-refused-by-the-gate")

    admin, admin_shot = open_page()
    sign_in(admin, demo, "admin")
    admin.goto(f"{demo}/use-cases/{use_case.pk}/")
    admin.get_by_role("button", name="Accept as a reason to hire").click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Accepted")
    admin_shot("accepted")

    manager.goto(f"{demo}/requisitions/{requisition.pk}/")
    manager.get_by_role("button", name="Open", exact=True).click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Open")
    shot("opened")
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN
    assert_clean(manager, admin)
