import pytest

from hiring.models import ExistingHeadcount, HiringSettings
from tests.factories import UserFactory
from tests.hiring.factories import hiring_settings

pytestmark = pytest.mark.django_db

INLINE = "existing_team"


def _admin(client):
    client.force_login(UserFactory(roles=["admin"], is_superuser=True))


def test_an_admin_creates_the_settings_with_the_existing_team(client):
    """The one settings row, with counts per role family inline."""
    _admin(client)
    response = client.post(
        "/admin/hiring/hiringsettings/add/",
        {
            "company_stage": "series_c",
            "cap_multiplier": "2.5",
            f"{INLINE}-TOTAL_FORMS": "1",
            f"{INLINE}-INITIAL_FORMS": "0",
            f"{INLINE}-0-role_family": "data_engineer",
            f"{INLINE}-0-count": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    settings = HiringSettings.objects.get()
    assert settings.pk == HiringSettings.SINGLETON_PK
    assert settings.company_stage == "series_c"
    assert ExistingHeadcount.objects.get(role_family="data_engineer").count == 5


def test_there_is_only_ever_one_settings_row(client):
    """Once it exists, the admin offers no add and no delete."""
    hiring_settings()
    _admin(client)
    assert client.get("/admin/hiring/hiringsettings/add/").status_code == 403
    assert client.get(f"/admin/hiring/hiringsettings/{HiringSettings.SINGLETON_PK}/delete/").status_code == 403
    assert client.get(f"/admin/hiring/hiringsettings/{HiringSettings.SINGLETON_PK}/change/").status_code == 200


def test_the_admin_refuses_a_multiplier_outside_2_to_3(client):
    """The model's validators apply in the admin too."""
    _admin(client)
    response = client.post(
        "/admin/hiring/hiringsettings/add/",
        {
            "company_stage": "series_c",
            "cap_multiplier": "3.5",
            f"{INLINE}-TOTAL_FORMS": "0",
            f"{INLINE}-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not HiringSettings.objects.exists()
