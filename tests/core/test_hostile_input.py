"""Hostile input never reaches a 500 (OWASP ASVS 5): bounded JSON depth and size, bounded headers, messages
that never echo what was sent, and CSV cells that a spreadsheet cannot run as formulas."""

import csv
import io
import json

import pytest
from django.test import override_settings

from analytics.renderers import csv_cell
from core.apps import NOT_A_CHOICE
from core.middleware import HEADER_TOO_LONG, MAX_HEADER_LENGTH
from core.parsers import BODY_TOO_LARGE, MAX_DEPTH, NOT_JSON, TOO_DEEP, json_depth_exceeds
from interviews.api.scorecards import VERSION_NOT_A_NUMBER
from tests.analytics.factories import scored_loop
from tests.factories import ApplicationFactory, RequisitionFactory, UserFactory
from tests.interviews.scorecard_setup import make_loop

pytestmark = pytest.mark.django_db


def _post_raw(client, path, body: str, **headers):
    return client.post(path, data=body, content_type="application/json", **headers)


def test_json_nested_a_thousand_deep_is_a_400_even_before_sign_in(client):
    """The unauthenticated token endpoint and PATCH me/ both answer 400 with the limit."""
    body = "[" * 1000 + "]" * 1000
    response = _post_raw(client, "/api/v1/auth/token/", body)
    assert response.status_code == 400
    assert TOO_DEEP.format(limit=MAX_DEPTH) in json.dumps(response.json())
    client.force_login(UserFactory())
    deep = '{"name": ' + "[" * 200 + "]" * 200 + "}"
    response = client.patch("/api/v1/me/", data=deep, content_type="application/json")
    assert response.status_code == 400


def test_the_depth_scan_ignores_brackets_inside_strings():
    """Brackets in text are text."""
    assert not json_depth_exceeds('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 32)
    assert json_depth_exceeds("[" * 33 + "]" * 33, 32)
    assert not json_depth_exceeds('{"a": "\\"[[["}', 1)


@override_settings(API_MAX_BODY_BYTES=1000)
def test_a_body_over_the_limit_is_a_400(client):
    """Size is checked before parsing."""
    client.force_login(UserFactory())
    response = client.patch("/api/v1/me/", data=json.dumps({"name": "x" * 2000}), content_type="application/json")
    assert response.status_code == 400
    assert BODY_TOO_LARGE.format(limit=1000) in json.dumps(response.json())


def test_not_json_and_an_unencodable_string_are_400s_that_do_not_echo(client):
    """Invalid UTF-8 and a lone surrogate in a zone: 400s; the message says what is allowed, not what came."""
    client.force_login(UserFactory())
    response = client.generic("PATCH", "/api/v1/me/", b'{"name": "\xff"}', content_type="application/json")
    assert response.status_code == 400
    assert NOT_JSON in json.dumps(response.json())
    response = _post_raw(client, "/api/v1/me/", '{"timezone": "\\ud800"}', REQUEST_METHOD="PATCH")
    assert response.status_code == 400, response.content
    body = response.content.decode()
    assert "ud800" not in body.lower()
    assert "that value is not an IANA time zone" in body


def test_an_if_match_of_five_thousand_digits_is_a_400():
    """The version header is bounded before it is read as a number."""
    from rest_framework.test import APIClient

    s = make_loop()
    api = APIClient()
    api.force_authenticate(s.alice)
    url = f"/api/v1/scorecards/{s.alice_card.pk}/"
    assert api.patch(url, {"summary": "x"}, HTTP_IF_MATCH="9" * 5000).status_code == 400  # the header limit
    response = api.patch(url, {"summary": "x"}, HTTP_IF_MATCH="9" * 4000)  # under it: the version's own check
    assert (response.status_code, response.json()) == (400, {"version": [VERSION_NOT_A_NUMBER]})


def test_an_overlong_header_is_a_400_on_pages_and_the_api(client):
    """Any header over the limit is refused before a view runs."""
    long = "x" * (MAX_HEADER_LENGTH + 1)
    for path in ("/", "/api/v1/me/"):
        response = client.get(path, HTTP_X_ANYTHING=long)
        assert response.status_code == 400
        assert HEADER_TOO_LONG.format(limit=MAX_HEADER_LENGTH) in response.content.decode()


def test_an_invalid_choice_is_not_echoed(api, as_user):
    """A stage of markup: 400 on `stage` with the fixed message, the input nowhere in the response."""
    recruiter = as_user("recruiter")
    application = ApplicationFactory(requisition=RequisitionFactory(status="open"))
    application.requisition.recruiters.add(recruiter)
    response = api.post(f"/api/v1/applications/{application.pk}/move/", {"stage": "<script>x</script>"})
    assert (response.status_code, response.json()) == (400, {"stage": [NOT_A_CHOICE]})


def test_csv_cells_that_would_run_as_formulas_are_neutralised(api, as_user):
    """An interviewer named =HYPERLINK(…) is exported as text; numbers stay numbers."""
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ok", 3, -2.5, None)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        3,
        -2.5,
        "",
    ]
    as_user("admin")
    evil = UserFactory(roles=["interviewer"], name='=HYPERLINK("http://evil.example","x")')
    plain = UserFactory(roles=["interviewer"], name="Plain Person")
    scored_loop(panels={"depth": [(evil, "yes", [3, 4]), (plain, "no", [2, 3])]})
    table = list(csv.reader(io.StringIO(api.get("/api/v1/analytics/calibration/?format=csv").content.decode())))
    names = [row[table[0].index("interviewer")] for row in table[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    offsets = [row[table[0].index("offset")] for row in table[1:]]
    assert all(not value.startswith("'") for value in offsets)
