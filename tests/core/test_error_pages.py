"""403, 404 and 500 pages a person can act on: our layout, what happened, a way back (issue #14)."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils.html import escape

from hiring.services.use_cases import ONLY_EDITORS_EDIT
from tests.factories import UseCaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_page_that_is_not_there_is_our_404_with_the_way_back(client):
    """Signed in: the top bar, 'Page not found' and a link to the start page; the favicon is linked."""
    client.force_login(UserFactory(roles=["recruiter"]))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 id="error-h">Page not found</h1>' in page
    assert 'href="/"' in page
    assert 'aria-label="Main"' in page  # the navigation
    assert 'rel="icon"' in page


@override_settings(DEBUG=False)
def test_a_refusal_is_our_403_saying_why(client):
    """The reason the rule gives is shown, in our layout, with the way back."""
    use_case = UseCaseFactory()
    client.force_login(UserFactory(roles=["recruiter"]))
    response = client.get(f"/use-cases/{use_case.pk}/edit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Not allowed" in page
    assert escape(ONLY_EDITORS_EDIT) in page
    assert 'aria-label="Main"' in page


def test_the_500_page_stands_alone():
    """Rendered with no context at all (as Django does after an error): still our stylesheet and a way back."""
    page = render_to_string("500.html")
    assert "Something went wrong on our side" in page
    assert "css/loopwise.css" in page
    assert 'href="/"' in page


def test_the_favicon_is_ours_and_served(client):
    """Every page links an icon that the static files serve (no 404 for it in the browser)."""
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"<svg")
