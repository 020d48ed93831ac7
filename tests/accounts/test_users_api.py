import pytest

from accounts.models import User
from accounts.services import USERNAME_TAKEN
from interviews.models import InterviewerProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_user_with_roles(api, as_user):
    """An admin creates a user with roles."""
    as_user("admin")
    response = api.post(
        "/api/v1/users/",
        {
            "username": "nadia",
            "email": "nadia@example.org",
            "name": "Nadia N",
            "roles": ["interviewer", "committee"],
            "password": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["roles"] == ["interviewer", "committee"]
    assert "password" not in body
    user = User.objects.get(username="nadia")
    assert user.check_password("a-long-enough-passphrase")
    assert sorted(user.groups.values_list("name", flat=True)) == ["committee", "interviewer"]
    assert InterviewerProfile.objects.filter(user=user).exists()


def test_it_rejects_a_weak_password_on_the_password_field(api, as_user):
    """It rejects a weak password on the password field."""
    as_user("admin")
    response = api.post("/api/v1/users/", {"username": "weak", "password": "123"})
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="weak").exists()


def test_it_rejects_a_taken_username(api, as_user):
    """It rejects a taken username."""
    as_user("admin")
    UserFactory(username="taken")
    response = api.post("/api/v1/users/", {"username": "TAKEN", "password": "a-long-enough-passphrase"})
    assert response.status_code == 400
    assert response.json() == {"username": [USERNAME_TAKEN]}


def test_it_rejects_an_unknown_role(api, as_user):
    """It rejects an unknown role."""
    as_user("admin")
    response = api.post("/api/v1/users/", {"username": "x", "password": "a-long-enough-passphrase", "roles": ["ceo"]})
    assert response.status_code == 400
    assert "roles" in response.json()


def test_an_admin_changes_roles(api, as_user):
    """An admin changes roles."""
    as_user("admin")
    user = UserFactory(roles=["interviewer"])
    response = api.patch(f"/api/v1/users/{user.pk}/", {"roles": ["recruiter", "admin"]})
    assert response.status_code == 200
    user = User.objects.get(pk=user.pk)
    assert user.roles == ["recruiter", "admin"]
    assert user.is_staff


def test_a_recruiter_lists_but_cannot_create(api, as_user):
    """A recruiter lists but cannot create."""
    as_user("recruiter")
    UserFactory.create_batch(3)
    listing = api.get("/api/v1/users/")
    assert listing.status_code == 200
    assert listing.json()["count"] == 4
    assert api.post("/api/v1/users/", {"username": "x", "password": "a-long-enough-passphrase"}).status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_an_interviewer_may_not_list_users(api, as_user):
    """An interviewer may not list users."""
    as_user("interviewer")
    assert api.get("/api/v1/users/").status_code == 403


def test_the_user_list_is_paginated_and_capped_at_200(api, as_user):
    """The user list is paginated and capped at 200."""
    as_user("admin")
    UserFactory.create_batch(4)
    response = api.get("/api/v1/users/?page_size=2")
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert len(api.get("/api/v1/users/?page_size=5000").json()["results"]) == 5


@pytest.mark.parametrize("rows", [1, 12])
def test_the_user_list_query_count_does_not_grow(api, as_user, django_assert_num_queries, rows):
    """The user list query count does not grow."""
    as_user("admin")
    for _ in range(rows):
        UserFactory(roles=["interviewer", "committee"])
    with django_assert_num_queries(6):
        assert api.get("/api/v1/users/").status_code == 200
