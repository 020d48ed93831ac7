"""Four eyes on use cases: whoever proposed one does not accept it too (admins are exempt)."""

import pytest
from django.urls import reverse

from hiring.models import UseCase
from hiring.services.use_cases import PROPOSER_CANNOT_ACCEPT
from tests.factories import UseCaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def _proposed_by(user) -> UseCase:
    return UseCaseFactory(status=UseCase.Status.PROPOSED, proposed_by=user)


def test_it_refuses_a_hiring_manager_accepting_their_own_proposal(api, as_user):
    """403 with the four-eyes message; the use case stays proposed."""
    manager = as_user("hiring_manager")
    use_case = _proposed_by(manager)
    response = api.post(f"/api/v1/use-cases/{use_case.id}/accept/")
    assert response.status_code == 403
    assert response.json() == {"detail": PROPOSER_CANNOT_ACCEPT}
    use_case.refresh_from_db()
    assert (use_case.status, use_case.accepted_by, use_case.accepted_at) == (UseCase.Status.PROPOSED, None, None)


def test_another_hiring_manager_accepts_it(api, as_user):
    """A second person accepting is the normal path."""
    use_case = _proposed_by(UserFactory(roles=["hiring_manager"]))
    other = as_user("hiring_manager")
    response = api.post(f"/api/v1/use-cases/{use_case.id}/accept/")
    assert response.status_code == 200, response.json()
    use_case.refresh_from_db()
    assert (use_case.status, use_case.accepted_by) == (UseCase.Status.ACCEPTED, other)


def test_an_admin_may_accept_their_own_proposal(api, as_user):
    """Admins are exempt (they configure the system and may be the only other person)."""
    admin = as_user("admin")
    use_case = _proposed_by(admin)
    response = api.post(f"/api/v1/use-cases/{use_case.id}/accept/")
    assert response.status_code == 200, response.json()
    use_case.refresh_from_db()
    assert (use_case.status, use_case.accepted_by) == (UseCase.Status.ACCEPTED, admin)


def test_the_proposer_may_still_retire_it(api, as_user):
    """Retiring hires nobody, so it needs no second person."""
    manager = as_user("hiring_manager")
    use_case = _proposed_by(manager)
    assert api.post(f"/api/v1/use-cases/{use_case.id}/retire/").status_code == 200
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.RETIRED


def test_the_page_tells_the_proposer_someone_else_accepts(client):
    """No accept button for the proposer, the four-eyes note instead; a forged post is 403 and changes nothing."""
    manager = UserFactory(roles=["hiring_manager"])
    use_case = _proposed_by(manager)
    client.force_login(manager)
    html = client.get(reverse("hiring:use-case", args=[use_case.pk])).content.decode()
    assert "Accept as a reason to hire" not in html
    assert PROPOSER_CANNOT_ACCEPT in html
    assert "Retire" in html
    assert client.post(reverse("hiring:use-case-accept", args=[use_case.pk])).status_code == 403
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.PROPOSED


def test_the_page_offers_accepting_to_another_hiring_manager(client):
    """The page offers accepting to another hiring manager."""
    use_case = _proposed_by(UserFactory(roles=["hiring_manager"]))
    client.force_login(UserFactory(roles=["hiring_manager"]))
    response = client.post(reverse("hiring:use-case-accept", args=[use_case.pk]), follow=True)
    assert response.status_code == 200
    assert "Use case accepted." in response.content.decode()
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.ACCEPTED
