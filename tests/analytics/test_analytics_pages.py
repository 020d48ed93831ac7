"""The analytics page: one section per report with an inline SVG chart, a table and a CSV link."""

import pytest
from django.urls import reverse

from analytics import selectors
from tests.analytics.factories import scored_loop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(client, *roles):
    user = UserFactory(roles=list(roles))
    client.force_login(user)
    return user


def test_the_page_shows_five_charts_tables_and_csv_links(client):
    """A committee member sees every section with an SVG chart, n and a CSV link."""
    _signed_in(client, "admin")
    ann = UserFactory(roles=["interviewer"], name="Ann Rater")
    bob = UserFactory(roles=["interviewer"], name="Bob Rater")
    scored_loop(panels={"depth": [(ann, "yes", [3, 4]), (bob, "no", [2, 3])]}, hired=True)
    response = client.get(reverse("analytics:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="chart chart-wide"') == 5  # names left of the axis, for a laptop
    assert html.count('<svg class="chart chart-narrow"') == 5  # names above each row, for a phone
    for name in ("calibration", "reliability", "time-to-submit", "funnel", "round-validity"):
        assert f"/api/v1/analytics/{name}/?format=csv" in html
    assert "Ann Rater" in html
    assert "n = 1 (few)" in html
    # Reliability per competency: its own table and CSV link, a row per competency of the depth rubric.
    assert "Per competency" in html
    assert "/api/v1/analytics/reliability/?format=csv&amp;by=competency" in html
    assert "<script" not in html


def test_the_page_is_forbidden_to_interviewers(client):
    """Interviewers get 403."""
    _signed_in(client, "interviewer")
    assert client.get(reverse("analytics:index")).status_code == 403


def test_a_bad_filter_is_shown_beside_its_field(client):
    """since=nope is a 400 page with the message under the date field, and no charts."""
    _signed_in(client, "committee")
    response = client.get(reverse("analytics:index"), {"since": "nope", "round_type": "depth"})
    assert response.status_code == 400
    html = response.content.decode()
    assert selectors.BAD_SINCE in html
    assert "<svg" not in html


def test_filters_carry_into_the_csv_links(client):
    """A filtered page links CSVs with the same filters."""
    _signed_in(client, "recruiter")
    response = client.get(reverse("analytics:index"), {"round_type": "depth", "since": "2025-01-01"})
    assert response.status_code == 200
    assert "/api/v1/analytics/funnel/?round_type=depth&amp;since=2025-01-01&amp;format=csv" in response.content.decode()


def test_labels_in_charts_are_escaped(client):
    """An interviewer's name cannot inject markup into the SVG."""
    _signed_in(client, "admin")
    ann = UserFactory(roles=["interviewer"], name="<b>Ann</b>")
    bob = UserFactory(roles=["interviewer"], name="Bob")
    scored_loop(panels={"depth": [(ann, "yes", [3, 4])], "breadth": [(bob, "no", [2, 3])]})
    html = client.get(reverse("analytics:index")).content.decode()
    assert "<b>Ann</b>" not in html
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html
