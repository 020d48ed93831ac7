"""Factories for the hiring tests (the shared ones live in tests/factories.py)."""

from decimal import Decimal

from hiring.models import ExistingHeadcount, HiringSettings


def hiring_settings(*, stage: str = "series_b", multiplier: str = "3", **existing: int) -> HiringSettings:
    """The settings row with the given stage, multiplier and existing team (role family code → count)."""
    settings, _ = HiringSettings.objects.update_or_create(
        pk=HiringSettings.SINGLETON_PK, defaults={"company_stage": stage, "cap_multiplier": Decimal(multiplier)}
    )
    for family, count in existing.items():
        ExistingHeadcount.objects.update_or_create(settings=settings, role_family=family, defaults={"count": count})
    return settings
