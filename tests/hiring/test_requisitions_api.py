import pytest

from hiring import gate
from hiring.models import Requisition, UseCase
from hiring.services.requisitions import (
    CHOOSE_HIRING_MANAGER,
    NOT_A_HIRING_MANAGER,
    NOT_RECRUITERS,
    ONLY_OWNERS_CHANGE,
    REQUISITION_IS_HISTORY,
)
from tests.factories import (
    ApplicationFactory,
    CommitteeFactory,
    RequisitionFactory,
    TeamFactory,
    UseCaseFactory,
    UserFactory,
)
from tests.hiring.factories import hiring_settings

pytestmark = pytest.mark.django_db

HEADLINE = gate.GATE_HEADLINE.format(family="Applied scientist")


def _payload(**overrides) -> dict:
    payload = {"role_family": "applied_scientist", "level": "MLS2", "team": TeamFactory().id, "headcount": 1}
    payload.update(overrides)
    return payload


def _owned_by(user, **fields) -> Requisition:
    """A requisition the user works on: as its hiring manager or as one of its recruiters."""
    if user.has_role("hiring_manager"):
        return RequisitionFactory(hiring_manager=user, **fields)
    requisition = RequisitionFactory(**fields)
    requisition.recruiters.add(user)
    return requisition


# --- create and edit ---------------------------------------------------------------------------


def test_a_recruiter_creates_a_draft_and_is_among_its_recruiters(api, as_user):
    """New requisitions are drafts; the creating recruiter can keep working on it."""
    recruiter = as_user("recruiter")
    manager = UserFactory(roles=["hiring_manager"])
    use_case = UseCaseFactory()
    response = api.post("/api/v1/requisitions/", _payload(hiring_manager=manager.id, use_cases=[use_case.id]))
    assert response.status_code == 201, response.json()
    requisition = Requisition.objects.get()
    assert requisition.status == Requisition.Status.DRAFT
    assert requisition.hiring_manager == manager
    assert list(requisition.recruiters.all()) == [recruiter]
    assert list(requisition.use_cases.all()) == [use_case]
    body = response.json()
    assert body["status"] == "draft"
    assert body["recruiters"] == [recruiter.id]
    assert body["gate_problems"] == []
    assert isinstance(body["warnings"], list)


def test_a_hiring_manager_owns_what_they_create(api, as_user):
    """Without a hiring manager named, the hiring manager creating it owns it."""
    manager = as_user("hiring_manager")
    response = api.post("/api/v1/requisitions/", _payload())
    assert response.status_code == 201, response.json()
    assert Requisition.objects.get().hiring_manager == manager


def test_a_recruiter_must_name_the_hiring_manager(api, as_user):
    """Every requisition has an owner."""
    as_user("recruiter")
    response = api.post("/api/v1/requisitions/", _payload())
    assert response.status_code == 400
    assert response.json() == {"hiring_manager": [CHOOSE_HIRING_MANAGER]}
    assert not Requisition.objects.exists()


def test_it_refuses_people_without_the_right_role(api, as_user):
    """The hiring manager must be a hiring manager and recruiters recruiters."""
    as_user("admin")
    outsider = UserFactory(roles=["interviewer"], name="Ivy I")
    response = api.post("/api/v1/requisitions/", _payload(hiring_manager=outsider.id))
    assert response.status_code == 400
    assert response.json() == {"hiring_manager": [NOT_A_HIRING_MANAGER.format(name="Ivy I")]}
    manager = UserFactory(roles=["hiring_manager"])
    response = api.post("/api/v1/requisitions/", _payload(hiring_manager=manager.id, recruiters=[outsider.id]))
    assert response.json() == {"recruiters": [NOT_RECRUITERS.format(names="Ivy I")]}
    assert not Requisition.objects.exists()


def test_it_refuses_a_level_off_the_family_ladder(api, as_user):
    """An applied scientist cannot be EM1."""
    as_user("hiring_manager")
    response = api.post("/api/v1/requisitions/", _payload(level="EM1"))
    assert response.status_code == 400
    assert response.json()["level"][0].startswith("Level EM1 is not on the Applied scientist ladder")
    assert not Requisition.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("team", 9999), ("committee", 9999), ("use_cases", [9999]), ("headcount", 0), ("role_family", "wizard")],
)
def test_bad_input_is_a_400_naming_the_field(api, as_user, field, value):
    """Unknown references and impossible values never reach the database."""
    as_user("hiring_manager")
    response = api.post("/api/v1/requisitions/", _payload(**{field: value}))
    assert response.status_code == 400
    assert field in response.json()
    assert not Requisition.objects.exists()


def test_its_owners_edit_it(api, as_user):
    """A recruiter on the requisition changes headcount, use cases and committee."""
    recruiter = as_user("recruiter")
    requisition = _owned_by(recruiter, headcount=1)
    use_case, committee = UseCaseFactory(), CommitteeFactory()
    response = api.patch(
        f"/api/v1/requisitions/{requisition.id}/",
        {"headcount": 3, "use_cases": [use_case.id], "committee": committee.id},
    )
    assert response.status_code == 200, response.json()
    requisition.refresh_from_db()
    assert requisition.headcount == 3
    assert requisition.committee == committee
    assert list(requisition.use_cases.all()) == [use_case]


def test_other_recruiters_and_managers_may_read_but_not_change_it(api, as_user):
    """Only its hiring manager, its recruiters and admins change a requisition."""
    requisition = RequisitionFactory(headcount=1)
    for role in ("recruiter", "hiring_manager"):
        as_user(role)
        assert api.get(f"/api/v1/requisitions/{requisition.id}/").status_code == 200
        response = api.patch(f"/api/v1/requisitions/{requisition.id}/", {"headcount": 5})
        assert response.status_code == 403
        assert response.json()["detail"] == ONLY_OWNERS_CHANGE
        assert api.post(f"/api/v1/requisitions/{requisition.id}/close/").status_code == 403
    requisition.refresh_from_db()
    assert requisition.headcount == 1
    assert requisition.status == Requisition.Status.DRAFT


# --- the gate ----------------------------------------------------------------------------------


def test_opening_an_applied_scientist_requisition_without_use_cases_is_refused(api, as_user):
    """The 400 says that no use case is linked; the requisition stays a draft."""
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager)
    response = api.post(f"/api/v1/requisitions/{requisition.id}/open/")
    assert response.status_code == 400
    assert response.json() == {"use_cases": [HEADLINE, gate.GATE_NONE_LINKED]}
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT
    assert requisition.opened_at is None


def test_the_gate_message_says_what_each_use_case_lacks(api, as_user):
    """A proposed use case without the why is named with both gaps."""
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager, role_family="research_scientist", level="senior")
    requisition.use_cases.set(
        [UseCaseFactory(title="Descriptions", status=UseCase.Status.PROPOSED, why_baseline_insufficient="")]
    )
    response = api.post(f"/api/v1/requisitions/{requisition.id}/open/")
    assert response.status_code == 400
    assert response.json() == {
        "use_cases": [
            gate.GATE_HEADLINE.format(family="Research scientist"),
            "“Descriptions”: not accepted by a hiring manager (it is proposed); "
            "no reason why the baseline is not enough.",
        ]
    }
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT


def test_the_requisition_shows_what_blocks_it_before_anyone_tries(api, as_user):
    """A draft's `gate_problems` are the same messages the open action would give."""
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager)
    response = api.get(f"/api/v1/requisitions/{requisition.id}/")
    assert response.json()["gate_problems"] == [HEADLINE, gate.GATE_NONE_LINKED]


def test_an_accepted_justified_use_case_opens_it(api, as_user):
    """The gate passes; the requisition opens and records when."""
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager)
    requisition.use_cases.set([UseCaseFactory(status=UseCase.Status.ACCEPTED)])
    response = api.post(f"/api/v1/requisitions/{requisition.id}/open/")
    assert response.status_code == 200, response.json()
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN
    assert requisition.opened_at is not None
    assert response.json()["status"] == "open"


@pytest.mark.parametrize("family", ["ml_engineer", "data_engineer", "analytics_engineer", "data_scientist"])
def test_other_families_open_without_a_use_case(api, as_user, family):
    """The gate is for ML scientists only."""
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager, role_family=family)
    response = api.post(f"/api/v1/requisitions/{requisition.id}/open/")
    assert response.status_code == 200, response.json()
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN


def test_an_open_requisition_cannot_drop_its_justification(api, as_user):
    """Unlinking the only accepted use case of an open requisition is refused by the gate."""
    manager = as_user("hiring_manager")
    use_case = UseCaseFactory()
    requisition = _owned_by(manager, status=Requisition.Status.OPEN)
    requisition.use_cases.set([use_case])
    response = api.patch(f"/api/v1/requisitions/{requisition.id}/", {"use_cases": [], "headcount": 4})
    assert response.status_code == 400
    assert response.json() == {"use_cases": [HEADLINE, gate.GATE_NONE_LINKED]}
    requisition.refresh_from_db()
    assert list(requisition.use_cases.all()) == [use_case]
    assert requisition.headcount == 1


def test_reopening_after_the_use_case_was_retired_hits_the_gate_again(api, as_user):
    """On hold → open re-checks the gate."""
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager, status=Requisition.Status.ON_HOLD)
    requisition.use_cases.set([UseCaseFactory(title="Old", status=UseCase.Status.RETIRED)])
    response = api.post(f"/api/v1/requisitions/{requisition.id}/open/")
    assert response.status_code == 400
    assert response.json()["use_cases"][1] == "“Old”: not accepted by a hiring manager (it is retired)."
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.ON_HOLD


# --- lifecycle ---------------------------------------------------------------------------------


def test_the_lifecycle_runs_draft_open_hold_open_filled(api, as_user):
    """Each step moves the status; opened_at is kept from the first opening."""
    recruiter = as_user("recruiter")
    requisition = _owned_by(recruiter, role_family="data_engineer")
    for action, status in [("open", "open"), ("hold", "on_hold"), ("open", "open"), ("fill", "filled")]:
        response = api.post(f"/api/v1/requisitions/{requisition.id}/{action}/")
        assert response.status_code == 200, (action, response.json())
        requisition.refresh_from_db()
        assert requisition.status == status
    assert requisition.opened_at is not None


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("draft", "hold", "Only a requisition that is open can be put on hold; this one is draft."),
        ("draft", "fill", "Only a requisition that is on hold or open can be marked filled; this one is draft."),
        ("open", "open", "Only a requisition that is draft or on hold can be opened; this one is open."),
        ("filled", "close", "Only a requisition that is draft or on hold or open can be closed; this one is filled."),
        ("closed", "open", "Only a requisition that is draft or on hold can be opened; this one is closed."),
    ],
)
def test_impossible_moves_are_a_clear_400(api, as_user, status, action, message):
    """The message says which statuses allow the move."""
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager, status=status, role_family="data_engineer")
    response = api.post(f"/api/v1/requisitions/{requisition.id}/{action}/")
    assert response.status_code == 400
    assert response.json() == {"status": [message]}
    requisition.refresh_from_db()
    assert requisition.status == status


@pytest.mark.parametrize("status", ["filled", "closed"])
def test_filled_and_closed_requisitions_are_not_edited(api, as_user, status):
    """History stays as it was."""
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager, status=status, headcount=2)
    response = api.patch(f"/api/v1/requisitions/{requisition.id}/", {"headcount": 9})
    assert response.status_code == 400
    assert response.json() == {"status": [REQUISITION_IS_HISTORY.format(status=status)]}
    requisition.refresh_from_db()
    assert requisition.headcount == 2


# --- warnings ----------------------------------------------------------------------------------


def test_a_requisition_carries_its_headcount_warnings(api, as_user):
    """A research scientist draft at Series B warns about the stage, with the numbers."""
    hiring_settings(stage="series_b", applied_scientist=1, data_engineer=10, analytics_engineer=10)
    manager = as_user("hiring_manager")
    requisition = _owned_by(manager, role_family="research_scientist", level="senior")
    requisition.use_cases.set([UseCaseFactory()])
    warnings = api.get(f"/api/v1/requisitions/{requisition.id}/").json()["warnings"]
    assert [w["code"] for w in warnings] == ["stage_research_scientist"]
    assert "the company is at Series B" in warnings[0]["message"]
    assert warnings[0]["requisition"] == requisition.id
    assert warnings[0]["numbers"] == {"company_stage": "series_b", "advised_from": "series_d"}


def test_hires_through_loopwise_count_against_the_cap(api, as_user):
    """Two hired on one requisition with one accepted use case at 2×: the next draft is over the cap."""
    hiring_settings(multiplier="2", data_engineer=50, analytics_engineer=50)
    manager = as_user("hiring_manager")
    use_case = UseCaseFactory()
    filled = RequisitionFactory(status=Requisition.Status.OPEN, headcount=2)
    ApplicationFactory.create_batch(2, requisition=filled, stage="hired")
    draft = _owned_by(manager)
    draft.use_cases.set([use_case])
    body = api.get(f"/api/v1/requisitions/{draft.id}/").json()
    assert body["warnings"][0]["code"] == "over_cap"
    assert body["warnings"][0]["numbers"] == {"ml_scientists": 3, "cap": 2, "use_cases": 1}
    assert api.get(f"/api/v1/requisitions/{filled.id}/").json()["hired"] == 2


# --- who sees what -----------------------------------------------------------------------------


def test_interviewers_see_no_requisitions(api, as_user):
    """403 for list, detail and writes alike: nothing reveals which ids exist."""
    as_user("interviewer")
    requisition = RequisitionFactory()
    assert api.get("/api/v1/requisitions/").status_code == 403
    assert api.get(f"/api/v1/requisitions/{requisition.id}/").status_code == 403
    assert api.get("/api/v1/requisitions/99999/").status_code == 403
    assert api.post(f"/api/v1/requisitions/{requisition.id}/open/").status_code == 403
    assert api.post("/api/v1/requisitions/", _payload()).status_code == 403
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT


def test_committee_members_read_only_their_committees_requisitions(api, as_user):
    """Other requisitions are 404 to them, and they change none."""
    member = as_user("committee")
    mine = RequisitionFactory(committee=CommitteeFactory(members=[member]))
    other = RequisitionFactory(committee=CommitteeFactory())
    assert [r["id"] for r in api.get("/api/v1/requisitions/").json()["results"]] == [mine.id]
    assert api.get(f"/api/v1/requisitions/{other.id}/").status_code == 404
    assert api.post(f"/api/v1/requisitions/{mine.id}/close/").status_code == 403
    mine.refresh_from_db()
    assert mine.status == Requisition.Status.DRAFT


def test_admins_change_any_requisition(api, as_user):
    """Admins may do everything."""
    as_user("admin")
    requisition = RequisitionFactory()
    response = api.post(f"/api/v1/requisitions/{requisition.id}/close/")
    assert response.status_code == 200
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.CLOSED


@pytest.mark.parametrize("rows", [1, 8])
def test_the_list_query_count_does_not_grow(api, as_user, django_assert_num_queries, rows):
    """Warnings for every row come from one set of plan numbers."""
    as_user("recruiter")
    hiring_settings(applied_scientist=2)
    for _ in range(rows):
        requisition = RequisitionFactory()
        requisition.use_cases.set([UseCaseFactory()])
        requisition.recruiters.set([UserFactory(roles=["recruiter"])])
    with django_assert_num_queries(11):
        assert api.get("/api/v1/requisitions/").json()["count"] == rows
