"""What the committee reviews and records (PRODUCT.md §4): the recommendation's audit trail, votes and
the chair's decision. Rows here are history: written by `decisions.services`, never edited."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from decisions.codes import DecisionOutcome, Outcome, Trigger, VoteChoice


class RecommendationRecord(models.Model):
    """One computation of a loop's recommendation, kept for the audit trail.

    What caused it is a structured event: `trigger` (its type) and `trigger_params` (ids of the
    scorecard, revision or person involved), rendered as a sentence for people at display.
    """

    Trigger = Trigger

    loop = models.ForeignKey("interviews.Loop", on_delete=models.CASCADE, related_name="recommendations")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.JSONField(default=list)
    em_check = models.JSONField(null=True, blank=True)
    coverage = models.JSONField(default=list, blank=True)
    late_scorecards = models.JSONField(default=list, blank=True)
    trigger = models.CharField(max_length=32, choices=Trigger.choices, help_text="What caused the recomputation.")
    trigger_params = models.JSONField(
        default=dict, blank=True, help_text='Ids it concerns, e.g. {"scorecard": 20, "revision": 2} or {"user": 3}.'
    )
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"{self.loop_id}: {self.outcome} at {self.computed_at:%Y-%m-%d %H:%M}"


class Vote(models.Model):
    Choice = VoteChoice

    loop = models.ForeignKey("interviews.Loop", on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes")
    vote = models.CharField(max_length=10, choices=VoteChoice.choices)
    first_vote = models.CharField(
        max_length=10,
        choices=VoteChoice.choices,
        blank=True,
        help_text="The vote as first cast, before its voter could see the others' (votes are sealed until then).",
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["loop", "voter"], name="vote_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} votes {self.vote}"


class Decision(models.Model):
    """The chair's final decision on a loop; an override of the recommendation carries a rationale."""

    Choice = DecisionOutcome

    loop = models.OneToOneField("interviews.Loop", on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    rationale = models.TextField(blank=True)
    recommendation = models.ForeignKey(
        RecommendationRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_override = models.BooleanField(default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_override=False) | ~Q(rationale=""),
                name="decision_override_needs_rationale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.loop_id})"


class LoopDebrief(models.Model):
    """The committee's debrief meeting proposed for a loop once it is ready for review (decisions.debrief)."""

    loop = models.OneToOneField("interviews.Loop", on_delete=models.CASCADE, related_name="debrief")
    start = models.DateTimeField()
    end = models.DateTimeField()
    ical_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Debrief of loop {self.loop_id} at {self.start:%Y-%m-%d %H:%M}"
