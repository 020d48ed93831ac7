"""Should we hire at all, for whom, and what did the committee decide (PRODUCT.md §1 and §4)."""

import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from core.fields import zone_or_utc
from hiring.codes import CLOSED_STAGES, ApplicationStage, CompanyStage, Level, RoleFamily
from hiring.stages import Mover


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        # One team per name whatever its case: the database owns the rule (two admins at once cannot both
        # create "Ads" and "ads"); hiring.services.teams turns a clash into a 400 on `name`.
        constraints = [models.UniqueConstraint(Lower("name"), name="team_name_unique_any_case")]

    def __str__(self) -> str:
        return self.name


class LadderLevel(models.Model):
    """One rung of a role family's ladder (admin-configurable titles on the fixed level codes)."""

    role_family = models.CharField(max_length=32, choices=RoleFamily.choices)
    level = models.CharField(max_length=16, choices=Level.choices)
    rank = models.PositiveSmallIntegerField(help_text="Position on the ladder, lowest first.")
    title = models.CharField(max_length=120, help_text='e.g. "Applied Scientist II".')

    class Meta:
        ordering = ["role_family", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["role_family", "level"], name="ladder_level_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class UseCase(models.Model):
    """A real problem that simple descriptive rules could not solve: the reason to hire."""

    class Category(models.TextChoices):
        GENERATIVE = "generative_models", "Generative models"
        DECISIONS = "decisions_under_uncertainty", "Decisions under uncertainty"
        RECOMMENDATIONS = "recommendations", "Recommendations"
        FRAUD = "fraud_detection", "Fraud detection"
        FORECASTING = "forecasting_control", "Forecasting + control"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        RETIRED = "retired", "Retired"

    title = models.CharField(max_length=200)
    problem = models.TextField()
    category = models.CharField(max_length=32, choices=Category.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="use_cases")
    baseline_tried = models.TextField(
        blank=True, help_text="The heuristic, moving average or KNN-style baseline that was tried."
    )
    why_baseline_insufficient = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last changed its substance (problem, category, justification): they do not accept it.",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def has_baseline_justification(self) -> bool:
        return bool(self.baseline_tried.strip() and self.why_baseline_insufficient.strip())


class HiringSettings(models.Model):
    """Company-wide inputs to the headcount guidance: one row, edited by admins."""

    SINGLETON_PK = 1

    company_name = models.CharField(
        max_length=120, blank=True, help_text="How candidates' itineraries and invites name the company."
    )
    company_stage = models.CharField(max_length=16, choices=CompanyStage.choices, default=CompanyStage.SERIES_B)
    cap_multiplier = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal(2)), MaxValueValidator(Decimal(3))],
        help_text="ML scientists (filled + open) may reach this many times the accepted use cases (2–3).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "hiring settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="hiring_settings_single_row"),
            models.CheckConstraint(
                condition=Q(cap_multiplier__gte=2, cap_multiplier__lte=3), name="hiring_settings_cap_multiplier_2_to_3"
            ),
        ]

    def __str__(self) -> str:
        return "Hiring settings"


class ExistingHeadcount(models.Model):
    """People already on the team outside Loopwise, per role family; hires through Loopwise add to it."""

    settings = models.ForeignKey(HiringSettings, on_delete=models.CASCADE, related_name="existing_team")
    role_family = models.CharField(max_length=32, choices=RoleFamily.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["role_family"]
        constraints = [
            models.UniqueConstraint(fields=["settings", "role_family"], name="existing_headcount_one_per_family"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_family_display()}: {self.count}"


class Committee(models.Model):
    name = models.CharField(max_length=120, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="committees", blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_committees")
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Votes needed before the chair decides (1 to the member count); empty: half the members, "
        "rounded up. At least one member besides the chair must vote in every case.",
    )
    debrief_minutes = models.PositiveSmallIntegerField(
        default=0,
        blank=True,
        help_text="0: no debrief meeting. Otherwise, when a loop is ready for review, a slot this long that "
        "every member has free is proposed and sent to them as a calendar invite.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Requisition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        ON_HOLD = "on_hold", "On hold"
        FILLED = "filled", "Filled"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200, blank=True)
    role_family = models.CharField(max_length=32, choices=RoleFamily.choices)
    level = models.CharField(max_length=16, choices=Level.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="requisitions")
    headcount = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    use_cases = models.ManyToManyField(UseCase, related_name="requisitions", blank=True)
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_requisitions"
    )
    recruiters = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="recruited_requisitions", blank=True)
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="requisitions"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(headcount__gte=1), name="requisition_headcount_positive"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_role_family_display()} {self.level} — {self.team}"


class Candidate(models.Model):
    """A person in the pipeline. Contact fields are PII: recruiters, managers and committee only."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    links = models.JSONField(default=list, blank=True, help_text="Papers, code, profiles.")
    source = models.CharField(max_length=120, blank=True)
    anonymized_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who added the candidate; they always see the contact details.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        # Lists are ordered by name; search uses a trigram index on PostgreSQL (migration 0002).
        indexes = [models.Index(fields=["name", "id"], name="candidate_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The zone the candidate reads times in: their page, invites and the loop page follow it."""
        return zone_or_utc(self.timezone)


class Application(models.Model):
    Stage = ApplicationStage

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    requisition = models.ForeignKey(Requisition, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.APPLIED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "requisition"], name="application_one_per_candidate_requisition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.requisition}"

    @property
    def is_closed(self) -> bool:
        """Hired, rejected or withdrawn: final, and no (new) loop is built for it."""
        return self.stage in CLOSED_STAGES

    @property
    def last_stage_change(self) -> "ApplicationStageChange | None":
        """The latest move (from the prefetched history where there is one): who, why and when."""
        changes = list(self.stage_changes.all())
        return changes[-1] if changes else None


class ApplicationStageChange(models.Model):
    """One move of an application: from where to where, what moved it, who, and why (kept for good)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=ApplicationStage.choices)
    to_stage = models.CharField(max_length=16, choices=ApplicationStage.choices)
    mover = models.CharField(max_length=10, choices=[(m.value, m.value) for m in Mover])
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_stage} → {self.to_stage}"
