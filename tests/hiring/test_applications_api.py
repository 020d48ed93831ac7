import datetime as dt

import pytest

from hiring.models import Application, Requisition
from hiring.services.applications import (
    ALREADY_APPLIED,
    ONLY_OWNERS_ADD_APPLICATIONS,
    SEATS_FULL,
    UNKNOWN_CANDIDATE,
    application_decided,
)
from hiring.stages import (
    ALREADY_AT_STAGE,
    HIRE_NEEDS_OFFER,
    OFFER_ENDS_IN_HIRE_OR_WITHDRAWAL,
    OFFER_NEEDS_DECISION,
    REASON_NEEDED,
    STAGE_IS_FINAL,
)
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    CommitteeFactory,
    RequisitionFactory,
)

pytestmark = pytest.mark.django_db


def _open_requisition_of(user, **fields) -> Requisition:
    requisition = RequisitionFactory(status=Requisition.Status.OPEN, **fields)
    requisition.recruiters.add(user)
    return requisition


def test_a_recruiter_adds_a_candidate_to_their_open_requisition(api, as_user):
    """The application starts at applied."""
    recruiter = as_user("recruiter")
    requisition, candidate = _open_requisition_of(recruiter), CandidateFactory()
    response = api.post("/api/v1/applications/", {"candidate": candidate.id, "requisition": requisition.id})
    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    assert (application.candidate, application.requisition, application.stage) == (candidate, requisition, "applied")
    assert response.json()["stage"] == "applied"
    assert response.json()["candidate_name"] == candidate.name


def test_one_application_per_candidate_and_requisition_is_a_clear_400(api, as_user):
    """The second one names the existing application; no IntegrityError, nothing added."""
    recruiter = as_user("recruiter")
    requisition = _open_requisition_of(recruiter)
    existing = ApplicationFactory(requisition=requisition, stage="screen")
    response = api.post("/api/v1/applications/", {"candidate": existing.candidate_id, "requisition": requisition.id})
    assert response.status_code == 400
    assert response.json() == {
        "candidate": [ALREADY_APPLIED.format(candidate=existing.candidate, requisition=requisition, id=existing.id)]
    }
    assert Application.objects.count() == 1


@pytest.mark.parametrize("status", ["draft", "on_hold", "filled", "closed"])
def test_applications_go_only_to_open_requisitions(api, as_user, status):
    """Draft, on-hold, filled and closed requisitions take no new candidates."""
    recruiter = as_user("recruiter")
    requisition = RequisitionFactory(status=status)
    requisition.recruiters.add(recruiter)
    response = api.post("/api/v1/applications/", {"candidate": CandidateFactory().id, "requisition": requisition.id})
    assert response.status_code == 400
    assert "requisition" in response.json()
    assert not Application.objects.exists()


def test_an_anonymized_candidate_cannot_apply_again(api, as_user):
    """Erased people do not re-enter the pipeline."""
    recruiter = as_user("recruiter")
    requisition = _open_requisition_of(recruiter)
    candidate = CandidateFactory(anonymized_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    response = api.post("/api/v1/applications/", {"candidate": candidate.id, "requisition": requisition.id})
    assert response.status_code == 400
    assert "candidate" in response.json()
    assert not Application.objects.exists()


def test_only_the_requisitions_people_add_candidates_to_it(api, as_user):
    """Another recruiter gets 403."""
    as_user("recruiter")
    requisition = RequisitionFactory(status=Requisition.Status.OPEN)
    response = api.post("/api/v1/applications/", {"candidate": CandidateFactory().id, "requisition": requisition.id})
    assert response.status_code == 403
    assert response.json()["detail"] == ONLY_OWNERS_ADD_APPLICATIONS
    assert not Application.objects.exists()


def test_unknown_ids_are_400s(api, as_user):
    """Naming the missing candidate or requisition."""
    as_user("admin")
    response = api.post("/api/v1/applications/", {"candidate": 999, "requisition": 999})
    assert response.status_code == 400
    assert response.json() == {"candidate": [UNKNOWN_CANDIDATE.format(id=999)]}


def test_moving_an_application_along_to_hired(api, as_user):
    """applied → screen → loop → committee by the recruiter; the hire decision makes the offer; then hired."""
    recruiter = as_user("recruiter")
    application = ApplicationFactory(requisition=_open_requisition_of(recruiter), stage="applied")
    for stage in ["screen", "loop", "committee"]:
        response = api.post(f"/api/v1/applications/{application.id}/move/", {"stage": stage})
        assert response.status_code == 200, (stage, response.json())
        application.refresh_from_db()
        assert application.stage == stage
    application_decided(application=application, hire=True, actor=recruiter)
    response = api.post(f"/api/v1/applications/{application.id}/move/", {"stage": "hired"})
    assert response.status_code == 200
    assert [(c["from_stage"], c["to_stage"], c["mover"]) for c in response.json()["stage_changes"]] == [
        ("applied", "screen", "owner"),
        ("screen", "loop", "owner"),
        ("loop", "committee", "owner"),
        ("committee", "offer", "decision"),
        ("offer", "hired", "owner"),
    ]


@pytest.mark.parametrize(
    ("start", "target", "field", "message"),
    [
        ("loop", "hired", "stage", HIRE_NEEDS_OFFER.format(stage="loop")),
        ("committee", "offer", "stage", OFFER_NEEDS_DECISION),
        ("offer", "screen", "stage", OFFER_ENDS_IN_HIRE_OR_WITHDRAWAL),
        ("offer", "rejected", "stage", OFFER_ENDS_IN_HIRE_OR_WITHDRAWAL),
        ("hired", "offer", "stage", STAGE_IS_FINAL.format(stage="hired")),
        ("rejected", "screen", "stage", STAGE_IS_FINAL.format(stage="rejected")),
        ("screen", "screen", "stage", ALREADY_AT_STAGE.format(stage="screen")),
        ("committee", "rejected", "reason", REASON_NEEDED.format(stage="rejected")),
        ("offer", "withdrawn", "reason", REASON_NEEDED.format(stage="withdrawn")),
    ],
)
def test_impossible_moves_are_clear_400s(api, as_user, start, target, field, message):
    """Final stages stay final; only a hire decision makes an offer; hired needs the offer; an offer ends
    in hired or withdrawn; rejecting or withdrawing needs a reason."""
    recruiter = as_user("recruiter")
    application = ApplicationFactory(requisition=_open_requisition_of(recruiter), stage=start)
    response = api.post(f"/api/v1/applications/{application.id}/move/", {"stage": target})
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    application.refresh_from_db()
    assert application.stage == start
    assert not application.stage_changes.exists()


def test_hiring_beyond_the_headcount_is_refused(api, as_user):
    """One seat, one hire."""
    recruiter = as_user("recruiter")
    requisition = _open_requisition_of(recruiter, headcount=1)
    ApplicationFactory(requisition=requisition, stage="hired")
    second = ApplicationFactory(requisition=requisition, stage="offer")
    response = api.post(f"/api/v1/applications/{second.id}/move/", {"stage": "hired"})
    assert response.status_code == 400
    assert response.json() == {"stage": [SEATS_FULL.format(headcount=1)]}
    second.refresh_from_db()
    assert second.stage == "offer"


@pytest.mark.parametrize("start", ["applied", "screen", "loop", "committee"])
def test_a_rejection_with_a_reason_from_any_early_stage_keeps_the_reason(api, as_user, start):
    """The hiring manager rejects before any decision; the reason and who gave it are kept."""
    manager = as_user("hiring_manager")
    application = ApplicationFactory(requisition=RequisitionFactory(hiring_manager=manager), stage=start)
    response = api.post(
        f"/api/v1/applications/{application.id}/move/", {"stage": "rejected", "reason": "Relocation fell through."}
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.stage == "rejected"
    change = application.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.reason, change.by) == (
        start,
        "rejected",
        "Relocation fell through.",
        manager,
    )


def test_people_off_the_requisition_cannot_move_its_applications(api, as_user):
    """Visible (committee member) but not theirs: 403. Invisible (interviewer): 404."""
    member = as_user("committee")
    application = ApplicationFactory(requisition=RequisitionFactory(committee=CommitteeFactory(members=[member])))
    assert api.post(f"/api/v1/applications/{application.id}/move/", {"stage": "offer"}).status_code == 403
    as_user("recruiter")  # a recruiter of another requisition
    assert api.post(f"/api/v1/applications/{application.id}/move/", {"stage": "screen"}).status_code == 403
    as_user("interviewer")
    assert api.post(f"/api/v1/applications/{application.id}/move/", {"stage": "offer"}).status_code == 404
    application.refresh_from_db()
    assert application.stage == "loop"


def test_the_list_filters_by_requisition_candidate_and_stage(api, as_user):
    """Query parameters narrow the list."""
    as_user("recruiter")
    first = ApplicationFactory(stage="screen")
    ApplicationFactory(stage="loop")
    assert [
        a["id"] for a in api.get(f"/api/v1/applications/?requisition={first.requisition_id}").json()["results"]
    ] == [first.id]
    assert [a["id"] for a in api.get(f"/api/v1/applications/?candidate={first.candidate_id}").json()["results"]] == [
        first.id
    ]
    assert [a["id"] for a in api.get("/api/v1/applications/?stage=screen").json()["results"]] == [first.id]


@pytest.mark.parametrize("rows", [1, 8])
def test_the_list_query_count_does_not_grow(api, as_user, django_assert_num_queries, rows):
    """Candidate and requisition come with each row."""
    as_user("recruiter")
    ApplicationFactory.create_batch(rows)
    with django_assert_num_queries(6):
        assert api.get("/api/v1/applications/").json()["count"] == rows


def test_an_admin_moves_through_the_same_state_machine(api, as_user):
    """Admins may move any application, but not to offer without a hire decision, and not without a reason."""
    as_user("admin")
    application = ApplicationFactory()
    url = f"/api/v1/applications/{application.id}/move/"
    assert api.post(url, {"stage": "offer"}).json()["stage"] == [OFFER_NEEDS_DECISION]
    assert "reason" in api.post(url, {"stage": "withdrawn"}).json()
    response = api.post(url, {"stage": "screen"})
    assert (response.status_code, response.json()["stage"]) == (200, "screen")
