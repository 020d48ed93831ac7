"""The use-case, requisition and hiring-plan pages: same rules as the API, shown to people."""

import pytest
from django.urls import reverse

from hiring import gate
from hiring.models import ExistingHeadcount, HiringSettings, Requisition, UseCase
from hiring.services.use_cases import ACCEPT_NEEDS_BASELINE, ACCEPTED_KEEPS_JUSTIFICATION
from tests.factories import RequisitionFactory, TeamFactory, UseCaseFactory, UserFactory
from tests.hiring.factories import hiring_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_in(client):
    def sign_in_as(*roles: str, **fields):
        user = UserFactory(roles=list(roles), **fields)
        client.force_login(user)
        return user

    return sign_in_as


def _html(response) -> str:
    return response.content.decode()


# --- use cases ---------------------------------------------------------------------------------


def test_the_use_case_list_shows_status_and_justification(client, sign_in):
    """Each use case with its category, status and whether its baseline justification is written."""
    sign_in("recruiter")
    UseCaseFactory(title="Fraud scoring", status=UseCase.Status.ACCEPTED)
    UseCaseFactory(title="Descriptions", status=UseCase.Status.PROPOSED, why_baseline_insufficient="")
    response = client.get(reverse("hiring:use-cases"))
    assert response.status_code == 200
    html = _html(response)
    assert "Fraud scoring" in html
    assert "Descriptions" in html
    assert "missing" in html


def test_proposing_a_use_case_creates_it_and_shows_it(client, sign_in):
    """The form posts to the service; the new use case is proposed."""
    user = sign_in("recruiter")
    team = TeamFactory()
    response = client.post(
        reverse("hiring:use-case-create"),
        {
            "title": "Churn",
            "problem": "Customers leave.",
            "category": "other",
            "team": team.id,
            "baseline_tried": "Last-30-days activity rule.",
            "why_baseline_insufficient": "Flags 60% false positives.",
        },
        follow=True,
    )
    assert response.status_code == 200
    use_case = UseCase.objects.get(title="Churn")
    assert use_case.status == UseCase.Status.PROPOSED
    assert use_case.proposed_by == user
    assert "Use case proposed" in _html(response)


def test_a_use_case_form_shows_errors_beside_the_fields(client, sign_in):
    """Missing required fields are named where they are, and nothing is saved."""
    sign_in("recruiter")
    response = client.post(reverse("hiring:use-case-create"), {"title": "", "problem": "", "category": "other"})
    assert response.status_code == 200
    html = _html(response)
    assert 'id="id_title_error1"' in html
    assert 'id="id_problem_error1"' in html
    assert 'role="alert"' in html
    assert '<label for="id_title">' in html
    assert not UseCase.objects.exists()


def test_editing_an_accepted_use_case_cannot_clear_its_justification(client, sign_in):
    """The service's refusal is shown beside the field it concerns."""
    manager = sign_in("hiring_manager")
    use_case = UseCaseFactory(status=UseCase.Status.ACCEPTED, proposed_by=manager)
    response = client.post(
        reverse("hiring:use-case-edit", args=[use_case.pk]),
        {
            "title": use_case.title,
            "problem": "p",
            "category": "other",
            "baseline_tried": "",
            "why_baseline_insufficient": "w",
        },
    )
    assert response.status_code == 200
    assert ACCEPTED_KEEPS_JUSTIFICATION in _html(response)
    use_case.refresh_from_db()
    assert use_case.baseline_tried == "4-week moving average."


def test_a_hiring_manager_accepts_a_use_case_from_its_page(client, sign_in):
    """The accept button is there for hiring managers and works."""
    manager = sign_in("hiring_manager")
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED)
    page = client.get(reverse("hiring:use-case", args=[use_case.pk]))
    assert "Accept as a reason to hire" in _html(page)
    response = client.post(reverse("hiring:use-case-accept", args=[use_case.pk]), follow=True)
    assert response.status_code == 200
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.ACCEPTED
    assert use_case.accepted_by == manager


def test_accepting_without_justification_explains_why_on_the_page(client, sign_in):
    """The refusal is shown as a message; the use case stays proposed."""
    sign_in("hiring_manager")
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED, baseline_tried="")
    response = client.post(reverse("hiring:use-case-accept", args=[use_case.pk]), follow=True)
    assert ACCEPT_NEEDS_BASELINE in _html(response)
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.PROPOSED


def test_a_recruiter_sees_no_accept_button_and_cannot_accept(client, sign_in):
    """Accepting is the hiring manager's: no button, and a forged post is 403."""
    sign_in("recruiter")
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED)
    assert "Accept as a reason to hire" not in _html(client.get(reverse("hiring:use-case", args=[use_case.pk])))
    assert client.post(reverse("hiring:use-case-accept", args=[use_case.pk])).status_code == 403
    use_case.refresh_from_db()
    assert use_case.status == UseCase.Status.PROPOSED


# --- requisitions ------------------------------------------------------------------------------


def test_a_requisition_page_shows_its_warnings(client, sign_in):
    """The headcount warnings, with their numbers, are on the requisition's own page."""
    hiring_settings(stage="series_a", applied_scientist=2, data_engineer=1, analytics_engineer=12)
    manager = sign_in("hiring_manager")
    requisition = RequisitionFactory(
        hiring_manager=manager, role_family="research_scientist", level="senior", title="Research — Vision"
    )
    requisition.use_cases.set([UseCaseFactory()])
    response = client.get(reverse("hiring:requisition", args=[requisition.pk]))
    assert response.status_code == 200
    html = _html(response)
    assert "Headcount guidance" in html
    assert "the company is at Series A" in html
    assert (
        "3 ML scientists (with this requisition) call for 6 at 1 : 2 : 4 and the team has 1. "
        "Hire data engineers first." in html
    )
    assert 'data-code="stage_research_scientist"' in html


def test_a_draft_page_says_what_blocks_opening_and_the_open_button_is_refused(client, sign_in):
    """The gate's messages are shown before and after pressing Open; the draft stays a draft."""
    manager = sign_in("hiring_manager")
    requisition = RequisitionFactory(hiring_manager=manager)
    page = _html(client.get(reverse("hiring:requisition", args=[requisition.pk])))
    assert "Before this can open" in page
    assert gate.GATE_NONE_LINKED in page
    response = client.post(reverse("hiring:requisition-open", args=[requisition.pk]), follow=True)
    assert gate.GATE_NONE_LINKED in _html(response)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT


def test_the_buttons_move_a_requisition_through_its_lifecycle(client, sign_in):
    """Open, hold, fill from the page, each only when it applies."""
    manager = sign_in("hiring_manager")
    requisition = RequisitionFactory(hiring_manager=manager)
    requisition.use_cases.set([UseCaseFactory()])
    for action, status in [("open", "open"), ("hold", "on_hold"), ("fill", "filled")]:
        response = client.post(reverse(f"hiring:requisition-{action}", args=[requisition.pk]), follow=True)
        assert response.status_code == 200
        requisition.refresh_from_db()
        assert requisition.status == status
    html = _html(client.get(reverse("hiring:requisition", args=[requisition.pk])))
    assert "Mark filled" not in html
    assert "Edit</a>" not in html


def test_creating_a_requisition_from_the_page(client, sign_in):
    """A hiring manager creates a draft they own."""
    manager = sign_in("hiring_manager")
    team = TeamFactory()
    use_case = UseCaseFactory()
    form = client.get(reverse("hiring:requisition-create"))
    assert '<label for="id_role_family">' in _html(form)
    response = client.post(
        reverse("hiring:requisition-create"),
        {
            "title": "AS — Pricing",
            "role_family": "applied_scientist",
            "level": "MLS1",
            "team": team.id,
            "headcount": 2,
            "use_cases": [use_case.id],
            "hiring_manager": manager.id,
        },
    )
    requisition = Requisition.objects.get(title="AS — Pricing")
    assert response.status_code == 302
    assert response.url == reverse("hiring:requisition", args=[requisition.pk])
    assert requisition.status == Requisition.Status.DRAFT
    assert requisition.headcount == 2


def test_a_level_off_the_ladder_is_shown_beside_the_level(client, sign_in):
    """The service's message lands on the level field."""
    manager = sign_in("hiring_manager")
    response = client.post(
        reverse("hiring:requisition-create"),
        {
            "role_family": "engineering_manager",
            "level": "MLS2",
            "team": TeamFactory().id,
            "headcount": 1,
            "hiring_manager": manager.id,
        },
    )
    assert response.status_code == 200
    assert 'id="id_level_error1"' in _html(response)
    assert not Requisition.objects.exists()


def test_editing_is_for_the_requisitions_owners(client, sign_in):
    """Another hiring manager may read the page but not edit it."""
    requisition = RequisitionFactory(headcount=1)
    sign_in("hiring_manager")
    assert client.get(reverse("hiring:requisition", args=[requisition.pk])).status_code == 200
    assert client.get(reverse("hiring:requisition-edit", args=[requisition.pk])).status_code == 403
    assert client.post(reverse("hiring:requisition-close", args=[requisition.pk])).status_code == 403
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT


def test_the_requisition_list_flags_requisitions_with_warnings(client, sign_in):
    """The list counts each requisition's warnings."""
    hiring_settings(stage="series_a")
    sign_in("recruiter")
    RequisitionFactory(role_family="ml_engineer", title="Early MLE")
    html = _html(client.get(reverse("hiring:requisitions")))
    assert "Early MLE" in html
    assert "1 warning" in html


# --- hiring plan -------------------------------------------------------------------------------


def test_the_hiring_plan_page_shows_the_numbers_and_warnings(client, sign_in):
    """Cap, ratio, stage advice and warnings with their numbers."""
    hiring_settings(stage="series_b", applied_scientist=4, data_engineer=3, analytics_engineer=16)
    sign_in("hiring_manager")
    UseCaseFactory()
    response = client.get(reverse("hiring:hiring-plan"))
    assert response.status_code == 200
    html = _html(response)
    assert "<strong>4</strong> of <strong>3</strong>" in html
    assert "4 : 3 : 16" in html
    assert "Hire data engineers next: 3 of 8 for 4 ML scientists at 1 : 2 : 4." in html
    assert "At Series B, hire applied scientists" in html
    assert 'data-code="over_cap"' in html
    assert "Change settings" not in html


def test_an_admin_changes_the_settings_from_the_page(client, sign_in):
    """Stage, multiplier and the existing team are saved."""
    sign_in("admin")
    data = {"company_stage": "series_c", "cap_multiplier": "2.5"}
    data.update(
        {
            f"existing_{code}": 0
            for code in [
                "applied_scientist",
                "research_scientist",
                "ml_engineer",
                "data_scientist",
                "analytics_engineer",
                "engineering_manager",
            ]
        }
    )
    data["existing_data_engineer"] = 6
    response = client.post(reverse("hiring:hiring-settings"), data)
    assert response.status_code == 302
    settings = HiringSettings.objects.get()
    assert settings.company_stage == "series_c"
    assert str(settings.cap_multiplier) == "2.50"
    assert ExistingHeadcount.objects.get(role_family="data_engineer").count == 6


def test_the_settings_page_refuses_a_multiplier_out_of_range(client, sign_in):
    """The error is shown beside the multiplier; nothing is saved."""
    sign_in("admin")
    response = client.post(reverse("hiring:hiring-settings"), {"company_stage": "series_c", "cap_multiplier": "4"})
    assert response.status_code == 200
    assert 'id="id_cap_multiplier_error1"' in _html(response)
    assert not HiringSettings.objects.exists()


def test_only_admins_get_the_settings_page(client, sign_in):
    """Recruiters and hiring managers read the plan but do not change its inputs."""
    sign_in("recruiter")
    assert client.get(reverse("hiring:hiring-settings")).status_code == 403


# --- who gets in -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "hiring:use-cases",
        "hiring:use-case-create",
        "hiring:requisitions",
        "hiring:requisition-create",
        "hiring:hiring-plan",
    ],
)
def test_interviewers_get_none_of_the_hiring_pages(client, sign_in, name):
    """403 for an interviewer on every page of the hiring need."""
    sign_in("interviewer")
    assert client.get(reverse(name)).status_code == 403


def test_interviewers_cannot_reach_a_requisition_or_use_case(client, sign_in):
    """Object pages are refused too, whether or not the id exists."""
    sign_in("interviewer")
    requisition, use_case = RequisitionFactory(), UseCaseFactory()
    assert client.get(reverse("hiring:requisition", args=[requisition.pk])).status_code == 403
    assert client.get(reverse("hiring:use-case", args=[use_case.pk])).status_code == 403
    assert client.post(reverse("hiring:requisition-open", args=[requisition.pk])).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    """Every hiring page needs a signed-in person."""
    response = client.get(reverse("hiring:hiring-plan"))
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_the_navigation_links_the_hiring_pages_for_planners(client, sign_in):
    """The top bar resolves the three list pages' names."""
    sign_in("hiring_manager")
    html = _html(client.get("/"))
    for name in ["hiring:use-cases", "hiring:requisitions", "hiring:hiring-plan"]:
        assert f'href="{reverse(name)}"' in html
