"""The committee's vocabularies, defined once: models, services, the pure recommendation module and
the API all use these values (API.md "Decision" fixes the strings)."""

from django.db import models


class Outcome(models.TextChoices):
    """What the recommendation says."""

    HIRE = "hire", "Hire"
    NO_HIRE = "no_hire", "No hire"
    NEEDS_DISCUSSION = "needs_discussion", "Needs discussion"
    INCOMPLETE = "incomplete", "Incomplete"


class DecisionOutcome(models.TextChoices):
    """What the chair may record: a decision is always one or the other."""

    HIRE = Outcome.HIRE.value, Outcome.HIRE.label
    NO_HIRE = Outcome.NO_HIRE.value, Outcome.NO_HIRE.label


class VoteChoice(models.TextChoices):
    HIRE = Outcome.HIRE.value, Outcome.HIRE.label
    NO_HIRE = Outcome.NO_HIRE.value, Outcome.NO_HIRE.label
    ABSTAIN = "abstain", "Abstain"


class Trigger(models.TextChoices):
    """What made the recommendation be computed and kept (an audit-trail event's type)."""

    SCORECARD_SUBMITTED = "scorecard_submitted", "Scorecard submitted"
    SCORECARD_AMENDED = "scorecard_amended", "Scorecard amended"
    VOTE = "vote", "Vote"
    DECISION = "decision", "Decision"
    DEMO_SEED = "demo_seed", "Demo data loaded"
