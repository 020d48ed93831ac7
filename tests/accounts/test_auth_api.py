import pytest

from accounts.apis import BAD_CREDENTIALS
from core.parsers import NOT_JSON
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_it_returns_a_token_for_good_credentials(api):
    """It returns a token for good credentials."""
    user = UserFactory(roles=["interviewer"])
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert user.api_tokens.count() == 1
    assert token not in str(list(user.api_tokens.values()))  # only its digest is stored

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json() == {
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "email": user.email,
        "timezone": "UTC",
        "roles": ["interviewer"],
    }


def test_it_rejects_a_wrong_password_with_a_reason(api):
    """It rejects a wrong password with a reason."""
    user = UserFactory()
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [BAD_CREDENTIALS]}


def test_it_names_missing_fields(api):
    """It names missing fields."""
    response = api.post("/api/v1/auth/token/", {})
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_it_refuses_anonymous_callers_with_401(api):
    """It refuses anonymous callers with 401."""
    assert api.get("/api/v1/me/").status_code == 401
    assert api.get("/api/v1/users/").status_code == 401


def test_a_bad_token_is_401(api):
    """A bad token is 401."""
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/me/").status_code == 401


def test_malformed_json_is_a_400_in_the_usual_shape(api):
    """Malformed JSON is a 400 in the usual shape."""
    response = api.post("/api/v1/auth/token/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert response.json()["non_field_errors"] == [NOT_JSON]
