import pytest

from hiring.models import Committee
from hiring.services.committees import COMMITTEE_NAME_TAKEN
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_committee_and_the_chair_is_a_member(api, as_user):
    """An admin creates a committee and the chair is a member."""
    as_user("admin")
    chair = UserFactory(roles=["committee"])
    member = UserFactory(roles=["committee"])
    response = api.post("/api/v1/committees/", {"name": "Applied science", "members": [member.id], "chair": chair.id})
    assert response.status_code == 201, response.json()
    committee = Committee.objects.get(name="Applied science")
    assert committee.chair == chair
    assert set(committee.members.all()) == {chair, member}
    assert sorted(response.json()["members"]) == sorted([chair.id, member.id])


def test_it_refuses_members_without_the_committee_role(api, as_user):
    """It refuses members without the committee role."""
    as_user("admin")
    chair = UserFactory(roles=["committee"])
    outsider = UserFactory(roles=["interviewer"], name="Olly Outsider")
    response = api.post("/api/v1/committees/", {"name": "X", "members": [outsider.id], "chair": chair.id})
    assert response.status_code == 400
    assert response.json() == {"members": ["Olly Outsider: not in the committee role; give them the role first."]}
    assert not Committee.objects.exists()


def test_it_refuses_unknown_people_and_duplicate_names(api, as_user):
    """It refuses unknown people and duplicate names."""
    as_user("admin")
    existing = CommitteeFactory(name="Taken")
    response = api.post("/api/v1/committees/", {"name": "New", "members": [99999], "chair": existing.chair_id})
    assert response.status_code == 400
    assert "members" in response.json()
    response = api.post("/api/v1/committees/", {"name": "taken", "chair": existing.chair_id})
    assert response.json() == {"name": [COMMITTEE_NAME_TAKEN]}


def test_changing_the_chair_keeps_them_a_member(api, as_user):
    """Changing the chair keeps them a member."""
    as_user("admin")
    committee = CommitteeFactory()
    new_chair = UserFactory(roles=["committee"])
    response = api.patch(f"/api/v1/committees/{committee.id}/", {"chair": new_chair.id})
    assert response.status_code == 200
    committee.refresh_from_db()
    assert committee.chair == new_chair
    assert new_chair in committee.members.all()


def test_members_see_their_committees_and_others_see_none(api, as_user):
    """Members see their committees and others see none."""
    member = as_user("committee")
    mine = CommitteeFactory(members=[member])
    other = CommitteeFactory()
    assert [c["id"] for c in api.get("/api/v1/committees/").json()["results"]] == [mine.id]
    assert api.get(f"/api/v1/committees/{other.id}/").status_code == 404
    as_user("interviewer")
    assert api.get("/api/v1/committees/").json()["count"] == 0


def test_only_admins_change_committees(api, as_user):
    """Only admins change committees."""
    as_user("recruiter")
    committee = CommitteeFactory()
    assert api.get("/api/v1/committees/").json()["count"] == 1
    assert api.patch(f"/api/v1/committees/{committee.id}/", {"name": "Renamed"}).status_code == 403
    committee.refresh_from_db()
    assert committee.name != "Renamed"


@pytest.mark.parametrize("rows", [1, 8])
def test_the_list_query_count_does_not_grow(api, as_user, django_assert_num_queries, rows):
    """The list query count does not grow."""
    as_user("admin")
    for _ in range(rows):
        CommitteeFactory(members=[UserFactory(roles=["committee"])])
    with django_assert_num_queries(6):
        assert api.get("/api/v1/committees/").json()["count"] == rows
