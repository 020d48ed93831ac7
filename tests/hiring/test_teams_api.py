"""`teams/` (API.md v1.1): everyone who may open a requisition lists the teams; admins write them, and the
Django admin writes through the same service."""

import pytest
from django.db import IntegrityError, transaction

from core.errors import ValidationFailed
from hiring.models import Requisition, Team
from hiring.services.teams import TEAM_HAS_REQUISITIONS, TEAM_NAME_TAKEN, _saved
from tests.factories import RequisitionFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["recruiter", "hiring_manager", "admin"])
def test_whoever_may_open_a_requisition_lists_the_teams_by_name(api, as_user, role):
    """Recruiters, hiring managers and admins list every team, by name, with its description."""
    TeamFactory(name="Search ranking", description="Ranking models")
    TeamFactory(name="Ads")
    as_user(role)
    body = api.get("/api/v1/teams/").json()
    assert body["count"] == 2
    assert [(t["name"], t["description"]) for t in body["results"]] == [
        ("Ads", ""),
        ("Search ranking", "Ranking models"),
    ]


@pytest.mark.parametrize("role", ["interviewer", "committee"])
def test_nobody_else_lists_them(api, as_user, role):
    """Interviewers and committee members do not open requisitions, so they get 403."""
    TeamFactory()
    as_user(role)
    assert api.get("/api/v1/teams/").status_code == 403


def test_a_recruiter_opens_a_requisition_with_a_team_id_learnt_from_the_list(api, as_user):
    """The list is how an API client learns the id a requisition needs."""
    TeamFactory(name="Forecasting")
    as_user("hiring_manager")
    team_id = next(t["id"] for t in api.get("/api/v1/teams/").json()["results"] if t["name"] == "Forecasting")
    response = api.post(
        "/api/v1/requisitions/", {"role_family": "applied_scientist", "level": "MLS2", "team": team_id, "headcount": 1}
    )
    assert response.status_code == 201, response.json()
    assert Requisition.objects.get(pk=response.json()["id"]).team.name == "Forecasting"


def test_an_admin_creates_renames_and_describes_a_team(api, as_user):
    """Create (201), rename with PATCH, replace with PUT; names lose surrounding spaces."""
    as_user("admin")
    created = api.post("/api/v1/teams/", {"name": "  Vision  ", "description": "Image models"})
    assert created.status_code == 201, created.json()
    team = Team.objects.get(pk=created.json()["id"])
    assert (team.name, team.description) == ("Vision", "Image models")
    renamed = api.patch(f"/api/v1/teams/{team.pk}/", {"name": "Computer vision"})
    assert renamed.json() == {"id": team.pk, "name": "Computer vision", "description": "Image models"}
    replaced = api.put(f"/api/v1/teams/{team.pk}/", {"name": "CV"})
    assert replaced.status_code == 200
    team.refresh_from_db()
    assert (team.name, team.description) == ("CV", "Image models")


def test_a_name_is_unique_whatever_its_case_and_never_blank(api, as_user):
    """A taken name (in any case) or a blank one is a 400 on `name`; nothing is written."""
    existing = TeamFactory(name="Ads")
    other = TeamFactory(name="Search")
    as_user("admin")
    assert api.post("/api/v1/teams/", {"name": "ADS"}).json() == {"name": [TEAM_NAME_TAKEN]}
    assert api.post("/api/v1/teams/", {"name": "   "}).json() == {"name": ["This field may not be blank."]}
    assert api.patch(f"/api/v1/teams/{other.pk}/", {"name": "ads"}).json() == {"name": [TEAM_NAME_TAKEN]}
    assert api.patch(f"/api/v1/teams/{existing.pk}/", {"name": "ADS"}).status_code == 200  # its own name
    assert api.post("/api/v1/teams/", {}).json() == {"name": ["This field is required."]}
    assert sorted(Team.objects.values_list("name", flat=True)) == ["ADS", "Search"]


def test_only_admins_write(api, as_user):
    """A recruiter reads teams but gets 403 on every write; nothing changes."""
    team = TeamFactory(name="Ads")
    as_user("recruiter")
    assert api.post("/api/v1/teams/", {"name": "New"}).status_code == 403
    assert api.patch(f"/api/v1/teams/{team.pk}/", {"name": "Renamed"}).status_code == 403
    assert api.delete(f"/api/v1/teams/{team.pk}/").status_code == 403
    assert list(Team.objects.values_list("name", flat=True)) == ["Ads"]


def test_a_team_with_requisitions_is_kept_and_one_without_is_deleted(api, as_user):
    """Deleting a team its requisitions name is a 400 that says so; an unused team goes (204)."""
    used = RequisitionFactory().team
    unused = TeamFactory(name="Spare")
    as_user("admin")
    refused = api.delete(f"/api/v1/teams/{used.pk}/")
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": [TEAM_HAS_REQUISITIONS.format(team=used.name, count=1)]}
    assert api.delete(f"/api/v1/teams/{unused.pk}/").status_code == 204
    assert list(Team.objects.values_list("pk", flat=True)) == [used.pk]


def test_the_django_admin_writes_through_the_same_rules(client):
    """The admin's form refuses a name taken in another case, and offers no delete for a team in use."""
    client.force_login(UserFactory(roles=["admin"], is_superuser=True))
    used = RequisitionFactory().team
    refused = client.post("/admin/hiring/team/add/", {"name": used.name.upper(), "description": ""})
    assert refused.status_code == 200
    assert TEAM_NAME_TAKEN in refused.content.decode()
    assert client.post("/admin/hiring/team/add/", {"name": " Spare ", "description": "x"}).status_code == 302
    assert Team.objects.filter(name="Spare").exists()
    assert client.get(f"/admin/hiring/team/{used.pk}/delete/").status_code == 403
    spare = Team.objects.get(name="Spare")
    assert client.post(f"/admin/hiring/team/{spare.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Team.objects.filter(pk=spare.pk).exists()


def test_the_database_refuses_a_name_taken_in_another_case_even_past_the_check():
    """Two admins at once: the any-case constraint, not the early check, has the last word (a 400 on name)."""
    TeamFactory(name="Ads")
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(name="ADS")
    with pytest.raises(ValidationFailed) as refused:
        _saved(lambda: Team.objects.create(name="aDs"))
    assert refused.value.errors == {"name": [TEAM_NAME_TAKEN]}
