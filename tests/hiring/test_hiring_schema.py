import pytest
import yaml
from jsonschema import Draft4Validator, FormatChecker

from hiring.models import Requisition, UseCase
from tests.decisions import factories as decision_factories
from tests.factories import CandidateFactory, RequisitionFactory, UseCaseFactory

pytestmark = pytest.mark.django_db


def test_every_hiring_endpoint_is_in_the_schema(client):
    """API.md "Hiring": each path (and its state changes) is documented."""
    paths = yaml.safe_load(client.get("/api/schema/").content)["paths"]
    for path in [
        "/api/v1/use-cases/",
        "/api/v1/use-cases/{id}/accept/",
        "/api/v1/use-cases/{id}/retire/",
        "/api/v1/requisitions/",
        "/api/v1/requisitions/{id}/open/",
        "/api/v1/requisitions/{id}/hold/",
        "/api/v1/requisitions/{id}/fill/",
        "/api/v1/requisitions/{id}/close/",
        "/api/v1/hiring-plan/",
        "/api/v1/hiring-settings/",
        "/api/v1/candidates/",
        "/api/v1/candidates/{id}/anonymize/",
        "/api/v1/applications/",
        "/api/v1/applications/{id}/move/",
    ]:
        assert path in paths, path


# --- Response bodies match the schema (what a generated client would check) ---------------------


@pytest.fixture
def schema(client) -> dict:
    return yaml.safe_load(client.get("/api/schema/").content)


def _json_schema(node):
    """OpenAPI 3.0's `nullable: true` in JSON Schema terms: the node or null."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def _problems(schema: dict, path: str, response) -> list[str]:
    """Where the response body differs from what the schema documents for this path, method and status."""
    operation = schema["paths"][path][response.request["REQUEST_METHOD"].lower()]
    documented = operation["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
    validator = Draft4Validator(
        _json_schema({**documented, "components": schema["components"]}), format_checker=FormatChecker()
    )
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(response.json())]


def test_a_proposed_use_case_matches_the_schema(api, as_user, schema):
    """`accepted_at` is null until a hiring manager accepts it, and the schema says so."""
    as_user("recruiter")
    use_case = UseCaseFactory(status=UseCase.Status.PROPOSED, accepted_at=None)
    response = api.get(f"/api/v1/use-cases/{use_case.pk}/")
    assert response.json()["accepted_at"] is None
    assert _problems(schema, "/api/v1/use-cases/{id}/", response) == []
    assert _problems(schema, "/api/v1/use-cases/", api.get("/api/v1/use-cases/")) == []


def test_a_draft_requisition_matches_the_schema(api, as_user, schema):
    """`opened_at` is null until it opens."""
    as_user("recruiter")
    requisition = RequisitionFactory(status=Requisition.Status.DRAFT, opened_at=None)
    response = api.get(f"/api/v1/requisitions/{requisition.pk}/")
    assert response.json()["opened_at"] is None
    assert _problems(schema, "/api/v1/requisitions/{id}/", response) == []
    assert _problems(schema, "/api/v1/requisitions/", api.get("/api/v1/requisitions/")) == []


@pytest.mark.parametrize("email", ["", "ada@example.org"])
def test_a_candidate_matches_the_schema_with_or_without_an_email(api, as_user, schema, email):
    """`anonymized_at` is null until anonymized; an empty email is a string, not a broken `format: email`."""
    recruiter = as_user("recruiter")
    candidate = CandidateFactory(email=email, created_by=recruiter)
    response = api.get(f"/api/v1/candidates/{candidate.pk}/")
    assert (response.json()["contact_visible"], response.json()["email"]) == (True, email)
    assert response.json()["anonymized_at"] is None
    assert _problems(schema, "/api/v1/candidates/{id}/", response) == []
    assert _problems(schema, "/api/v1/candidates/", api.get("/api/v1/candidates/")) == []


def test_a_hidden_and_an_anonymized_candidate_match_the_schema(api, as_user, schema):
    """Hidden contact details are null; an anonymized candidate has its timestamp."""
    recruiter = as_user("recruiter")
    hidden = CandidateFactory()
    anonymized = CandidateFactory(created_by=recruiter)
    api.post(f"/api/v1/candidates/{anonymized.pk}/anonymize/")
    assert api.get(f"/api/v1/candidates/{hidden.pk}/").json()["email"] is None
    assert _problems(schema, "/api/v1/candidates/{id}/", api.get(f"/api/v1/candidates/{hidden.pk}/")) == []
    assert _problems(schema, "/api/v1/candidates/{id}/", api.get(f"/api/v1/candidates/{anonymized.pk}/")) == []


def test_a_packet_with_unrated_cells_matches_the_schema(api, schema):
    """A matrix cell is null where a scorecard does not rate the competency, and the schema allows it."""
    loop = decision_factories.loop()
    decision_factories.complete(loop)
    api.force_authenticate(loop.application.requisition.committee.chair)
    response = api.get(f"/api/v1/loops/{loop.pk}/packet/")
    assert None in response.json()["matrix"]["rows"][0]["cells"]
    assert _problems(schema, "/api/v1/loops/{id}/packet/", response) == []
