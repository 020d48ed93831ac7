import pytest

from hiring.models import UseCase
from hiring.services.common import UNKNOWN_TEAM
from hiring.services.use_cases import (
    ACCEPT_NEEDS_BASELINE,
    ACCEPT_NEEDS_WHY,
    ACCEPTED_KEEPS_JUSTIFICATION,
    ALREADY_ACCEPTED,
    ONLY_HIRING_MANAGERS_ACCEPT,
)
from tests.factories import TeamFactory, UseCaseFactory

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "title": "Demand forecasting",
    "problem": "Stock-outs on 8% of SKUs in peak weeks.",
    "category": "forecasting_control",
    "baseline_tried": "4-week moving average per SKU.",
    "why_baseline_insufficient": "Missed 41% of promotion spikes.",
}


def test_a_recruiter_proposes_a_use_case(api, as_user):
    """A new use case is proposed, whatever status the caller sends."""
    recruiter = as_user("recruiter")
    team = TeamFactory()
    response = api.post("/api/v1/use-cases/", {**PROPOSAL, "team": team.id, "status": "accepted"})
    assert response.status_code == 201, response.json()
    use_case = UseCase.objects.get()
    assert use_case.status == UseCase.Status.PROPOSED
    assert use_case.proposed_by == recruiter
    assert use_case.team == team
    assert response.json()["status"] == "proposed"
    assert response.json()["baseline_tried"] == PROPOSAL["baseline_tried"]


def test_a_hiring_manager_accepts_a_justified_use_case(api, as_user):
    """Accepting records who and when."""
    manager = as_user("hiring_manager")
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED)
    response = api.post(f"/api/v1/use-cases/{use_case.id}/accept/")
    assert response.status_code == 200, response.json()
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.ACCEPTED
    assert use_case.accepted_by == manager
    assert use_case.accepted_at is not None
    assert response.json()["accepted_by"] == manager.id


def test_it_refuses_to_accept_without_the_baseline_justification(api, as_user):
    """Both justifications are named when missing, and nothing changes."""
    as_user("hiring_manager")
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED, baseline_tried="", why_baseline_insufficient=" ")
    response = api.post(f"/api/v1/use-cases/{use_case.id}/accept/")
    assert response.status_code == 400
    assert response.json() == {
        "baseline_tried": [ACCEPT_NEEDS_BASELINE],
        "why_baseline_insufficient": [ACCEPT_NEEDS_WHY],
    }
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.PROPOSED


def test_a_recruiter_may_not_accept_a_use_case(api, as_user):
    """Accepting is the hiring manager's call."""
    as_user("recruiter")
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED)
    response = api.post(f"/api/v1/use-cases/{use_case.id}/accept/")
    assert response.status_code == 403
    assert response.json()["detail"] == ONLY_HIRING_MANAGERS_ACCEPT
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.PROPOSED


def test_accepting_twice_is_a_clear_400(api, as_user):
    """An accepted use case cannot be accepted again."""
    as_user("admin")
    use_case = UseCaseFactory(status=UseCase.Status.ACCEPTED)
    response = api.post(f"/api/v1/use-cases/{use_case.id}/accept/")
    assert response.status_code == 400
    assert response.json() == {"status": [ALREADY_ACCEPTED]}


def test_an_accepted_use_case_keeps_its_justification(api, as_user):
    """Clearing the baseline of an accepted use case is refused; retire it instead."""
    use_case = UseCaseFactory(status=UseCase.Status.ACCEPTED, proposed_by=as_user("recruiter"))
    response = api.patch(f"/api/v1/use-cases/{use_case.id}/", {"why_baseline_insufficient": ""})
    assert response.status_code == 400
    assert response.json() == {"why_baseline_insufficient": [ACCEPTED_KEEPS_JUSTIFICATION]}
    use_case.refresh_from_db()
    assert use_case.why_baseline_insufficient == "Misses promotion spikes."


def test_planners_edit_a_use_case(api, as_user):
    """A partial update changes only what is sent; a null team clears the team."""
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED, team=TeamFactory(), proposed_by=as_user("recruiter"))
    response = api.patch(f"/api/v1/use-cases/{use_case.id}/", {"title": "Sharper title", "team": None})
    assert response.status_code == 200, response.json()
    use_case.refresh_from_db()
    assert use_case.title == "Sharper title"
    assert use_case.team is None
    assert use_case.problem == "Stock-outs in peak weeks."


def test_a_hiring_manager_retires_a_use_case(api, as_user):
    """Retired use cases stop counting towards the cap and the gate."""
    as_user("hiring_manager")
    use_case = UseCaseFactory()
    response = api.post(f"/api/v1/use-cases/{use_case.id}/retire/")
    assert response.status_code == 200
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.RETIRED


def test_it_filters_by_status(api, as_user):
    """`?status=accepted` lists only accepted use cases."""
    as_user("hiring_manager")
    accepted = UseCaseFactory(status=UseCase.Status.ACCEPTED)
    UseCaseFactory(status=UseCase.Status.PROPOSED)
    response = api.get("/api/v1/use-cases/?status=accepted")
    assert [item["id"] for item in response.json()["results"]] == [accepted.id]


def test_it_refuses_an_unknown_team_and_category(api, as_user):
    """Bad references are 400s that name the field."""
    as_user("recruiter")
    response = api.post("/api/v1/use-cases/", {**PROPOSAL, "team": 9999})
    assert response.status_code == 400
    assert response.json() == {"team": [UNKNOWN_TEAM.format(id=9999)]}
    response = api.post("/api/v1/use-cases/", {**PROPOSAL, "category": "astrology"})
    assert response.status_code == 400
    assert "category" in response.json()
    assert not UseCase.objects.exists()


@pytest.mark.parametrize("role", ["interviewer", "committee"])
def test_interviewers_and_committee_members_see_no_use_cases(api, as_user, role):
    """Use cases are for the people planning hires: 403 for list, detail and writes alike."""
    as_user(role)
    use_case = UseCaseFactory()
    assert api.get("/api/v1/use-cases/").status_code == 403
    assert api.get(f"/api/v1/use-cases/{use_case.id}/").status_code == 403
    assert api.post("/api/v1/use-cases/", PROPOSAL).status_code == 403
    assert api.post(f"/api/v1/use-cases/{use_case.id}/accept/").status_code == 403
    assert UseCase.objects.count() == 1


def test_anonymous_callers_get_401(api):
    """No credentials, no data."""
    assert api.get("/api/v1/use-cases/").status_code == 401


@pytest.mark.parametrize("rows", [1, 8])
def test_the_list_query_count_does_not_grow(api, as_user, django_assert_num_queries, rows):
    """Teams and people come with the list, not one query per row."""
    as_user("recruiter")
    for _ in range(rows):
        UseCaseFactory(team=TeamFactory())
    with django_assert_num_queries(5):
        assert api.get("/api/v1/use-cases/").json()["count"] == rows
