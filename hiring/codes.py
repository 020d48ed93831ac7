"""Codes fixed by the API contract (API.md "Codes"): clients rely on them, never rename."""

from django.db import models


class RoleFamily(models.TextChoices):
    APPLIED_SCIENTIST = "applied_scientist", "Applied scientist"
    RESEARCH_SCIENTIST = "research_scientist", "Research scientist"
    ML_ENGINEER = "ml_engineer", "ML engineer (incl. MLOps / SWE-ML)"
    DATA_SCIENTIST = "data_scientist", "Data scientist / analyst"
    DATA_ENGINEER = "data_engineer", "Data engineer"
    ANALYTICS_ENGINEER = "analytics_engineer", "Analytics engineer"
    ENGINEERING_MANAGER = "engineering_manager", "Engineering manager (ML)"


class Level(models.TextChoices):
    MLS1 = "MLS1", "MLS1"
    MLS2 = "MLS2", "MLS2"
    SENIOR = "senior", "Senior"
    STAFF = "staff", "Staff"
    EM1 = "EM1", "EM1"
    EM2 = "EM2", "EM2"


# The ML-scientist families need an accepted use case before a requisition opens.
ML_SCIENTIST_FAMILIES = frozenset({RoleFamily.APPLIED_SCIENTIST, RoleFamily.RESEARCH_SCIENTIST})

MANAGER_LEVELS = (Level.EM1, Level.EM2)
INDIVIDUAL_LEVELS = (Level.MLS1, Level.MLS2, Level.SENIOR, Level.STAFF)


def levels_for_family(role_family: str) -> tuple[str, ...]:
    """The ladder a family's levels come from, lowest first."""
    if role_family == RoleFamily.ENGINEERING_MANAGER:
        return tuple(MANAGER_LEVELS)
    return tuple(INDIVIDUAL_LEVELS)


LEVEL_MISMATCH = "Level {level} is not on the {family} ladder; choose one of {allowed}."


def level_error(role_family: str, level: str) -> str | None:
    """The message for a level that does not belong to the family, or None when it does."""
    allowed = levels_for_family(role_family)
    if level in allowed:
        return None
    return LEVEL_MISMATCH.format(level=level, family=RoleFamily(role_family).label, allowed=", ".join(allowed))


class CompanyStage(models.TextChoices):
    """Where the company is; the headcount guidance advises whom to hire at each stage."""

    SEED = "seed", "Seed"
    SERIES_A = "series_a", "Series A"
    SERIES_B = "series_b", "Series B"
    SERIES_C = "series_c", "Series C"
    SERIES_D = "series_d", "Series D"
    SERIES_E = "series_e", "Series E"
    IPO = "ipo", "Around IPO / public"


# Earliest to latest: the guidance compares stages by their position here.
COMPANY_STAGE_ORDER = tuple(CompanyStage.values)


class ApplicationStage(models.TextChoices):
    """Where an application is in the pipeline (API.md "Codes")."""

    APPLIED = "applied", "Applied"
    SCREEN = "screen", "Screen"
    LOOP = "loop", "Loop"
    COMMITTEE = "committee", "Committee"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Final: nothing moves an application on from these, and no (new) loop is built for it.
CLOSED_STAGES = (ApplicationStage.HIRED, ApplicationStage.REJECTED, ApplicationStage.WITHDRAWN)
