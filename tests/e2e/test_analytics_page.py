"""The analytics page in a browser (issue #14): on the demo every report has rows that are not "few", the
page passes axe (text contrast included) at both widths, and the phone shows the phone drawing of each
chart with its names at a readable size."""

import pytest

from tests.e2e.conftest import LAPTOP, PHONE, assert_clean, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_analytics_page_reads_at_both_widths(demo, open_page, viewport):
    """The drawing that fits is shown, its labels are readable, axe finds nothing, nothing scrolls sideways."""
    page, shot = open_page(viewport)
    sign_in(page, demo, "chair")
    page.goto(f"{demo}/analytics/")
    shown, hidden = ("narrow", "wide") if viewport == PHONE else ("wide", "narrow")
    assert page.locator(f"svg.chart-{shown}").count() == 5
    for chart in page.locator(f"svg.chart-{shown}").all():
        assert chart.is_visible()
    assert not any(chart.is_visible() for chart in page.locator(f"svg.chart-{hidden}").all())
    # The names beside or above the rows are drawn at 10 px or more on the screen.
    sizes = page.locator(f"svg.chart-{shown} text.label").evaluate_all(
        "labels => labels.map(t => t.getBoundingClientRect().height)"
    )
    assert min(sizes) >= 10, f"chart labels as small as {min(sizes):.1f} px"
    assert page.locator("tbody tr").count() > 20
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= viewport["width"]
    shot("analytics")
    assert_clean(page)
