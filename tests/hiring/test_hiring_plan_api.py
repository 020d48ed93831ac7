from decimal import Decimal

import pytest

from core.errors import shown
from hiring.models import ExistingHeadcount, HiringSettings, Requisition, UseCase
from hiring.services.plan import ONLY_ADMINS_CONFIGURE, UNKNOWN_FAMILY
from tests.factories import ApplicationFactory, RequisitionFactory, UseCaseFactory
from tests.hiring.factories import hiring_settings

pytestmark = pytest.mark.django_db


def test_the_plan_has_the_contract_fields(api, as_user):
    """use_cases, ml_scientists, cap, ratio, stage_advice and warnings[] (API.md "Hiring")."""
    as_user("recruiter")
    body = api.get("/api/v1/hiring-plan/").json()
    assert {"use_cases", "ml_scientists", "cap", "ratio", "stage_advice", "warnings"} <= set(body)
    assert body["ratio"]["target"] == "1 : 2 : 4"


def test_without_saved_settings_the_defaults_apply(api, as_user):
    """Series B and a multiplier of 3 until an admin says otherwise; nothing is written by reading."""
    as_user("hiring_manager")
    UseCaseFactory.create_batch(2, status=UseCase.Status.ACCEPTED)
    UseCaseFactory(status=UseCase.Status.PROPOSED)
    body = api.get("/api/v1/hiring-plan/").json()
    assert body["use_cases"] == 2
    assert body["cap_multiplier"] == 3.0
    assert body["cap"] == 6
    assert body["stage_advice"]["company_stage"] == "series_b"
    assert not HiringSettings.objects.exists()


def test_it_counts_the_existing_team_hires_and_open_seats(api, as_user):
    """ML scientists = existing + hired through Loopwise + unfilled open seats; drafts wait."""
    hiring_settings(applied_scientist=3, data_engineer=4, analytics_engineer=24)
    as_user("recruiter")
    UseCaseFactory()
    open_one = RequisitionFactory(status=Requisition.Status.OPEN, headcount=3)
    ApplicationFactory(requisition=open_one, stage="hired")
    ApplicationFactory(requisition=open_one, stage="offer")
    RequisitionFactory(status=Requisition.Status.DRAFT, headcount=5)
    body = api.get("/api/v1/hiring-plan/").json()
    assert body["ml_scientists"] == {"existing": 3, "hired": 1, "filled": 4, "open": 2, "total": 6}
    assert body["cap"] == 3
    assert body["ratio"]["actual"] == "6 : 4 : 24"
    assert body["ratio"]["hire_next"] == "data_engineer"
    assert [w["code"] for w in body["warnings"]] == ["over_cap", "ratio_short_data_engineers"]
    assert body["warnings"][0]["message"] == (
        "6 ML scientists (filled + open) exceed the cap of 3 = 3 × 1 accepted use cases by 3. "
        "Accept another use case or hold a requisition."
    )


@pytest.mark.parametrize(("multiplier", "cap", "warns"), [("2", 4, True), ("2.5", 5, False), ("3", 6, False)])
def test_the_cap_follows_the_configured_multiplier(api, as_user, multiplier, cap, warns):
    """Five ML scientists on two use cases: over at 2 (cap 4), within at 2.5 (cap 5) and 3 (cap 6)."""
    hiring_settings(multiplier=multiplier, applied_scientist=5, data_engineer=10, analytics_engineer=20)
    as_user("admin")
    UseCaseFactory.create_batch(2)
    body = api.get("/api/v1/hiring-plan/").json()
    assert body["cap"] == cap
    assert ("over_cap" in [w["code"] for w in body["warnings"]]) is warns


def test_stage_advice_and_warnings_follow_the_company_stage(api, as_user):
    """An open ML-engineer requisition warns at Series B and not at Series C."""
    as_user("admin")
    requisition = RequisitionFactory(role_family="ml_engineer", status=Requisition.Status.OPEN, title="MLE")
    hiring_settings(stage="series_b")
    body = api.get("/api/v1/hiring-plan/").json()
    assert body["stage_advice"]["not_yet"] == ["ml_engineer", "research_scientist"]
    (warning,) = body["warnings"]
    assert warning["code"] == "stage_ml_engineer"
    assert warning["requisition"] == requisition.id
    assert warning["message"].startswith("MLE: ML engineers / MLOps come from Series C onwards")
    hiring_settings(stage="series_c")
    assert api.get("/api/v1/hiring-plan/").json()["warnings"] == []


@pytest.mark.parametrize("role", ["interviewer", "committee"])
def test_the_plan_is_for_planners_only(api, as_user, role):
    """Interviewers and committee members get 403."""
    as_user(role)
    assert api.get("/api/v1/hiring-plan/").status_code == 403
    assert api.get("/api/v1/hiring-settings/").status_code == 403


@pytest.mark.parametrize("rows", [1, 8])
def test_the_plan_query_count_does_not_grow(api, as_user, django_assert_num_queries, rows):
    """A fixed handful of queries whatever the number of requisitions."""
    as_user("recruiter")
    hiring_settings(applied_scientist=1)
    for _ in range(rows):
        ApplicationFactory(requisition=RequisitionFactory(status=Requisition.Status.OPEN), stage="hired")
    with django_assert_num_queries(7):
        assert api.get("/api/v1/hiring-plan/").status_code == 200


# --- settings ----------------------------------------------------------------------------------


def test_an_admin_changes_the_stage_multiplier_and_existing_team(api, as_user):
    """The settings row and the counts are written; the response shows them."""
    as_user("admin")
    response = api.patch(
        "/api/v1/hiring-settings/",
        {"company_stage": "series_d", "cap_multiplier": "2.5", "existing_team": {"data_engineer": 7}},
    )
    assert response.status_code == 200, response.json()
    settings = HiringSettings.objects.get()
    assert settings.company_stage == "series_d"
    assert settings.cap_multiplier == Decimal("2.5")
    assert ExistingHeadcount.objects.get(role_family="data_engineer").count == 7
    assert response.json()["existing_team"] == {"data_engineer": 7}
    assert response.json()["cap_multiplier"] == 2.5


@pytest.mark.parametrize("multiplier", ["1.9", "3.1", "-1"])
def test_it_refuses_a_multiplier_outside_2_to_3(api, as_user, multiplier):
    """The cap multiplier is configurable between 2 and 3 only."""
    as_user("admin")
    response = api.patch("/api/v1/hiring-settings/", {"cap_multiplier": multiplier})
    assert response.status_code == 400
    assert "cap_multiplier" in response.json()
    assert not HiringSettings.objects.exists()


def test_it_refuses_unknown_families_and_negative_counts(api, as_user):
    """Each bad entry is named."""
    as_user("admin")
    response = api.patch("/api/v1/hiring-settings/", {"existing_team": {"wizard": 1}})
    assert response.status_code == 400
    assert response.json() == {"existing_team": [UNKNOWN_FAMILY.format(code=shown("wizard"))]}
    response = api.patch("/api/v1/hiring-settings/", {"existing_team": {"data_engineer": -2}})
    assert response.status_code == 400
    assert not ExistingHeadcount.objects.exists()


@pytest.mark.parametrize("role", ["recruiter", "hiring_manager"])
def test_planners_read_the_settings_but_only_admins_change_them(api, as_user, role):
    """403 with the reason; nothing written."""
    as_user(role)
    assert api.get("/api/v1/hiring-settings/").json()["company_stage"] == "series_b"
    response = api.patch("/api/v1/hiring-settings/", {"company_stage": "ipo"})
    assert response.status_code == 403
    assert response.json()["detail"] == ONLY_ADMINS_CONFIGURE
    assert not HiringSettings.objects.exists()


def test_an_admin_names_the_company_for_candidates(api, as_user):
    """`company_name` is read by planners and written by admins, trimmed."""
    as_user("admin")
    response = api.patch("/api/v1/hiring-settings/", {"company_name": "  Northwind Analytics "}, format="json")
    assert (response.status_code, response.json()["company_name"]) == (200, "Northwind Analytics")
    as_user("recruiter")
    assert api.get("/api/v1/hiring-settings/").json()["company_name"] == "Northwind Analytics"
    assert api.patch("/api/v1/hiring-settings/", {"company_name": "X"}, format="json").status_code == 403
