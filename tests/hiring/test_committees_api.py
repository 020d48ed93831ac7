import pytest

from hiring.models import Committee
from hiring.quorum import QUORUM_ABOVE_MEMBERS, QUORUM_OUT_OF_RANGE
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


# --- Quorum -------------------------------------------------------------------------------------


def _committee_of(size: int, **fields) -> Committee:
    return CommitteeFactory(members=[UserFactory(roles=["committee"]) for _ in range(size - 1)], **fields)


@pytest.mark.parametrize(("size", "default"), [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3)])
def test_the_default_quorum_is_half_the_members_rounded_up(api, as_user, size, default):
    """No quorum set: half the members, rounded up, and `quorum_is_default`."""
    as_user("admin")
    committee = _committee_of(size)
    body = api.get(f"/api/v1/committees/{committee.id}/").json()
    assert (body["quorum"], body["quorum_is_default"]) == (default, True)


def test_an_admin_sets_the_quorum_and_clears_it_back_to_the_default(api, as_user):
    """1 to the member count; null returns to the default, which follows the members."""
    as_user("admin")
    committee = _committee_of(4)
    response = api.patch(f"/api/v1/committees/{committee.id}/", {"quorum": 4}, format="json")
    assert (response.status_code, response.json()["quorum"], response.json()["quorum_is_default"]) == (200, 4, False)
    committee.refresh_from_db()
    assert committee.quorum == 4
    response = api.patch(f"/api/v1/committees/{committee.id}/", {"quorum": None}, format="json")
    assert (response.json()["quorum"], response.json()["quorum_is_default"]) == (2, True)


def test_a_committee_is_created_with_its_quorum(api, as_user):
    """POST with quorum."""
    as_user("admin")
    chair, member = UserFactory(roles=["committee"]), UserFactory(roles=["committee"])
    response = api.post(
        "/api/v1/committees/", {"name": "Q", "members": [member.id], "chair": chair.id, "quorum": 2}, format="json"
    )
    assert (response.status_code, response.json()["quorum"]) == (201, 2)


@pytest.mark.parametrize(
    ("quorum", "message"),
    [
        (0, QUORUM_OUT_OF_RANGE.format(members=3, s="s")),
        (-2, QUORUM_OUT_OF_RANGE.format(members=3, s="s")),
        (4, QUORUM_ABOVE_MEMBERS.format(quorum=4, members=3, s="s")),
        ("many", "A valid integer is required."),
    ],
)
def test_a_quorum_outside_one_to_the_member_count_is_a_400(api, as_user, quorum, message):
    """The field and the reason; nothing changes."""
    as_user("admin")
    committee = _committee_of(3)
    response = api.patch(f"/api/v1/committees/{committee.id}/", {"quorum": quorum}, format="json")
    assert (response.status_code, response.json()) == (400, {"quorum": [message]})
    committee.refresh_from_db()
    assert committee.quorum is None


def test_removing_members_below_the_quorum_is_refused(api, as_user):
    """A quorum of 3 stays valid: dropping to two members is a 400 on quorum, and the members stay."""
    as_user("admin")
    committee = _committee_of(3, quorum=3)
    response = api.patch(f"/api/v1/committees/{committee.id}/", {"members": [committee.chair_id]}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"quorum": [QUORUM_ABOVE_MEMBERS.format(quorum=3, members=1, s="")]},
    )
    assert committee.members.count() == 3


def test_a_put_without_members_is_a_400_not_an_empty_committee(api, as_user):
    """PUT replaces: leaving out the members is refused, and the members stay."""
    as_user("admin")
    committee = _committee_of(3)
    response = api.put(
        f"/api/v1/committees/{committee.id}/", {"name": committee.name, "chair": committee.chair_id}, format="json"
    )
    assert (response.status_code, list(response.json())) == (400, ["members"])
    assert committee.members.count() == 3
