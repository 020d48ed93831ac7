"""Who edits a use case, and what an edit to an accepted one does: its substance changed, it is proposed
again and accepted only by someone else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hiring.models import UseCase
from hiring.services.use_cases import BACK_TO_PROPOSED, ONLY_EDITORS_EDIT, PROPOSER_CANNOT_ACCEPT
from tests.factories import RequisitionFactory, UseCaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted():
    """Accepted: proposed by Pia (recruiter), accepted by Hal (hiring manager), used by Mo's requisition."""
    proposer = UserFactory(roles=["recruiter"], name="Pia Proposer")
    acceptor = UserFactory(roles=["hiring_manager"], name="Hal Acceptor")
    use_case = UseCaseFactory(proposed_by=proposer, accepted_by=acceptor, accepted_at=timezone.now())
    manager = UserFactory(roles=["hiring_manager"], name="Mo Manager")
    RequisitionFactory(hiring_manager=manager).use_cases.add(use_case)
    return use_case


def _patch(api, user, use_case, data):
    api.force_authenticate(user)
    return api.patch(f"/api/v1/use-cases/{use_case.id}/", data, format="json")


def test_rewriting_the_problem_of_an_accepted_use_case_sends_it_back_to_proposed(api, accepted):
    """The proposer rewrites the problem and justification: proposed, acceptance cleared, revised by them."""
    response = _patch(
        api,
        accepted.proposed_by,
        accepted,
        {"problem": "Something else entirely.", "why_baseline_insufficient": "New."},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["accepted_by"], body["accepted_at"]) == ("proposed", None, None)
    assert body["revised_by"] == accepted.proposed_by_id


@pytest.mark.parametrize("field", ["problem", "category", "baseline_tried", "why_baseline_insufficient"])
def test_each_part_of_the_substance_reopens_it(api, accepted, field):
    """Problem, category and both justifications are what acceptance vouched for."""
    value = "other" if field == "category" else "Changed text."
    assert _patch(api, accepted.proposed_by, accepted, {field: value}).json()["status"] == "proposed"


def test_a_new_title_or_team_or_the_same_text_keeps_it_accepted(api, accepted):
    """Labels are not substance, and sending the same problem back changes nothing."""
    body = _patch(api, accepted.proposed_by, accepted, {"title": "Clearer title", "problem": accepted.problem}).json()
    assert (body["status"], body["title"], body["revised_by"]) == ("accepted", "Clearer title", None)


def test_the_editor_cannot_accept_it_again_but_someone_else_can(api, accepted):
    """The requisition's hiring manager edits it; they are refused acceptance, the earlier acceptor accepts."""
    manager = accepted.requisitions.get().hiring_manager
    assert _patch(api, manager, accepted, {"baseline_tried": "A tuned seasonal naive."}).status_code == 200
    response = api.post(f"/api/v1/use-cases/{accepted.id}/accept/")
    assert (response.status_code, response.json()) == (403, {"detail": PROPOSER_CANNOT_ACCEPT})
    api.force_authenticate(accepted.accepted_by)
    assert api.post(f"/api/v1/use-cases/{accepted.id}/accept/").json()["status"] == "accepted"


def test_only_the_proposer_the_requisitions_manager_and_admins_edit(api, accepted):
    """An unrelated recruiter or hiring manager gets 403 and nothing changes."""
    for outsider in (UserFactory(roles=["recruiter"]), UserFactory(roles=["hiring_manager"])):
        response = _patch(api, outsider, accepted, {"problem": "Hijacked."})
        assert (response.status_code, response.json()) == (403, {"detail": ONLY_EDITORS_EDIT})
    accepted.refresh_from_db()
    assert (accepted.status, accepted.problem) == (UseCase.Status.ACCEPTED, "Stock-outs in peak weeks.")
    assert _patch(api, UserFactory(roles=["admin"]), accepted, {"title": "Admin's title"}).status_code == 200


def test_the_page_offers_edit_only_to_editors_and_says_the_use_case_is_proposed_again(client, accepted):
    """Outsiders see no Edit button and get 403 on the form; the proposer's edit is flashed as reopened."""
    outsider = UserFactory(roles=["hiring_manager"])
    client.force_login(outsider)
    detail = reverse("hiring:use-case", args=[accepted.pk])
    edit = reverse("hiring:use-case-edit", args=[accepted.pk])
    assert edit not in client.get(detail).content.decode()
    assert client.get(edit).status_code == 403
    client.force_login(accepted.proposed_by)
    assert edit in client.get(detail).content.decode()
    response = client.post(
        edit,
        {
            "title": accepted.title,
            "problem": "A different problem.",
            "category": accepted.category,
            "baseline_tried": accepted.baseline_tried,
            "why_baseline_insufficient": accepted.why_baseline_insufficient,
        },
        follow=True,
    )
    html = response.content.decode()
    assert BACK_TO_PROPOSED.replace("'", "&#x27;") in html
    assert "last revised by Pia Proposer" in html
    accepted.refresh_from_db()
    assert accepted.status == UseCase.Status.PROPOSED
