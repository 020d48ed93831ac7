import pytest
import yaml

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
