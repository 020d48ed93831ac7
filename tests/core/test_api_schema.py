import pytest
import yaml
from drf_spectacular.validation import validate_schema
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_is_a_valid_openapi_document(client):
    """The schema is a valid OpenAPI document."""
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    validate(schema)  # openapi-spec-validator: stricter (formats of defaults and examples)
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/me/",
        "/api/v1/users/",
        "/api/v1/interviewers/",
        "/api/v1/committees/",
        "/api/v1/auth/token/",
    ]:
        assert path in schema["paths"], path


def test_the_docs_load_their_assets_locally(admin_client):
    """The docs load their assets locally."""
    html = admin_client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html
