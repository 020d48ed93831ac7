"""The hiring plan's inputs: company stage, cap multiplier and the existing team (admins only)."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.roles import ADMIN
from core.errors import PermissionDenied, ValidationFailed, shown
from core.services import model_update
from hiring import headcount, limits
from hiring.codes import RoleFamily
from hiring.models import ExistingHeadcount, HiringSettings

ONLY_ADMINS_CONFIGURE = "Only admins change the hiring settings."
MULTIPLIER_RANGE = "Choose a cap multiplier between 2 and 3."
UNKNOWN_FAMILY = "Unknown role family {code}."
NEGATIVE_COUNT = "Counts cannot be negative ({family})."
COUNT_TOO_HIGH = f"Counts cannot exceed {limits.MAX_TEAM_COUNT:,} ({{family}})."


def _team_problems(existing_team: Mapping[str, int]) -> list[str]:
    """Known role families and counts from 0 to MAX_TEAM_COUNT; the first kind of problem found."""
    checks = [
        (UNKNOWN_FAMILY, lambda code, count: code not in RoleFamily.values, "code"),
        (NEGATIVE_COUNT, lambda code, count: count < 0, "family"),
        (COUNT_TOO_HIGH, lambda code, count: count > limits.MAX_TEAM_COUNT, "family"),
    ]
    for message, wrong, name in checks:
        found = sorted(code for code, count in existing_team.items() if wrong(code, count))
        if found:
            return [message.format(**{name: shown(code) if message is UNKNOWN_FAMILY else code}) for code in found]
    return []


@transaction.atomic
def hiring_settings_update(*, actor: User, data: Mapping[str, Any]) -> HiringSettings:
    """Any of `company_name`, `company_stage`, `cap_multiplier` (2–3) and `existing_team` ({role family: count})."""
    if not actor.has_role(ADMIN):
        raise PermissionDenied(ONLY_ADMINS_CONFIGURE)
    changes = {
        name: data[name] for name in ("company_name", "company_stage", "cap_multiplier") if data.get(name) is not None
    }
    if "company_name" in changes:
        changes["company_name"] = changes["company_name"].strip()
    if "cap_multiplier" in changes:
        changes["cap_multiplier"] = Decimal(changes["cap_multiplier"])
        if not headcount.MIN_CAP_MULTIPLIER <= changes["cap_multiplier"] <= headcount.MAX_CAP_MULTIPLIER:
            raise ValidationFailed({"cap_multiplier": [MULTIPLIER_RANGE]})
    existing_team = data.get("existing_team")
    problems = _team_problems(existing_team) if existing_team is not None else []
    if problems:
        raise ValidationFailed({"existing_team": problems})
    settings, _ = HiringSettings.objects.get_or_create(pk=HiringSettings.SINGLETON_PK)
    model_update(instance=settings, fields=["company_name", "company_stage", "cap_multiplier"], data=changes)
    for code, count in (existing_team or {}).items():
        ExistingHeadcount.objects.update_or_create(settings=settings, role_family=code, defaults={"count": count})
    return settings
