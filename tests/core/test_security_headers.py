"""Security headers (OWASP ASVS 14.4): a CSP without inline script, Permissions-Policy, no-store on what shows
PII or feedback; the schema and docs need sign-in when `API_DOCS_PUBLIC` is off (production)."""

import re

import pytest
from django.test import override_settings

from tests.factories import UserFactory
from tests.interviews.scheduling.scheduled import scheduled_loop

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_csp_without_inline_script_and_the_grid_uses_the_nonce(client):
    """script-src is 'self' only; the loop page's one style block carries the header's nonce."""
    s, loop = scheduled_loop()
    client.force_login(s.recruiter)
    response = client.get(f"/loops/{loop.pk}/")
    policy = _csp(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == ["'none'"]
    nonce = next(v for v in policy["style-src"] if v.startswith("'nonce-"))[7:-1]
    html = response.content.decode()
    assert f'<style nonce="{nonce}">' in html
    assert ' style="' not in html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/decisions/",
        "/interviews/mine/",
        "/candidates/",
        "/analytics/",
        "/admin/",
        "/api/docs/",
        "/api/redoc/",
        "/account/",
    ],
)
def test_no_page_has_an_inline_script_or_style_attribute(client, path):
    """Every script comes from a file (data blocks of type application/json aside)."""
    client.force_login(UserFactory(roles=["admin", "recruiter"], is_staff=True, is_superuser=True))
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert INLINE_SCRIPT.findall(html) == [], path


def test_permissions_policy_everywhere_and_no_store_on_personal_responses(client):
    """The login page gets the policy; the API and signed-in pages also get no-store."""
    response = client.get("/login/")
    assert "camera=()" in response["Permissions-Policy"]
    client.force_login(UserFactory(roles=["recruiter"]))
    for path in ("/", "/api/v1/me/", "/candidates/"):
        assert client.get(path)["Cache-Control"] == "no-store", path


def test_the_schema_and_docs_follow_the_setting(client):
    """Public on the embedded default; with the production setting, anonymous callers are refused."""
    assert client.get("/api/schema/").status_code == 200
    with override_settings(API_DOCS_PUBLIC=False):
        for path in ("/api/schema/", "/api/docs/", "/api/redoc/"):
            assert client.get(path).status_code in (401, 403), path
        client.force_login(UserFactory(roles=["interviewer"]))
        assert client.get("/api/schema/").status_code == 200
