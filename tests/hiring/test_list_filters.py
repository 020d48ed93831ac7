"""Filters on the hiring lists: an unknown value is a 400 naming the parameter and what is allowed."""

import pytest

from core.errors import shown
from hiring.api.filters import NOT_AN_ID, UNKNOWN_CHOICE
from hiring.models import Application, Requisition, UseCase
from tests.factories import ApplicationFactory, RequisitionFactory, UseCaseFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_stage_is_a_400_listing_the_stages(api, as_user):
    """`?stage=zzz` is refused rather than ignored (which would return every application)."""
    as_user("recruiter")
    ApplicationFactory(stage="screen")
    response = api.get("/api/v1/applications/?stage=zzz")
    assert response.status_code == 400
    allowed = ", ".join(Application.Stage.values)
    assert response.json() == {"stage": [UNKNOWN_CHOICE.format(field="stage", value=shown("zzz"), allowed=allowed)]}
    assert "applied, screen, loop, committee, offer, hired, rejected, withdrawn" in response.json()["stage"][0]


@pytest.mark.parametrize("name", ["requisition", "candidate"])
def test_an_id_filter_that_is_not_a_number_is_a_400(api, as_user, name):
    """An id filter that is not a number is a 400."""
    as_user("recruiter")
    response = api.get(f"/api/v1/applications/?{name}=abc")
    assert response.status_code == 400
    assert response.json() == {name: [NOT_AN_ID.format(field=name, value="abc")]}


def test_a_known_stage_and_an_empty_filter_still_work(api, as_user):
    """Valid values filter; an empty value means no filter."""
    as_user("recruiter")
    screen = ApplicationFactory(stage="screen")
    ApplicationFactory(stage="loop")
    assert [a["id"] for a in api.get("/api/v1/applications/?stage=screen").json()["results"]] == [screen.id]
    assert api.get("/api/v1/applications/?stage=&requisition=").json()["count"] == Application.objects.count() == 2


def test_an_unknown_use_case_status_is_a_400(api, as_user):
    """An unknown use case status is a 400."""
    as_user("recruiter")
    UseCaseFactory()
    response = api.get("/api/v1/use-cases/?status=done")
    assert response.status_code == 400
    allowed = ", ".join(UseCase.Status.values)
    assert response.json() == {"status": [UNKNOWN_CHOICE.format(field="status", value=shown("done"), allowed=allowed)]}


def test_an_unknown_requisition_status_is_a_400(api, as_user):
    """An unknown requisition status is a 400."""
    as_user("recruiter")
    RequisitionFactory()
    response = api.get("/api/v1/requisitions/?status=zzz")
    assert response.status_code == 400
    allowed = ", ".join(Requisition.Status.values)
    assert response.json() == {"status": [UNKNOWN_CHOICE.format(field="status", value=shown("zzz"), allowed=allowed)]}
