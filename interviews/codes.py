"""The loop's vocabularies, defined once (API.md "Codes" fixes the strings). Models alias these, and
the pure modules (scheduler, scorecard rules, feedback timing, the decision engine) use the same values."""

from django.db import models


class RoundCode(models.TextChoices):
    OVERVIEW = "overview", "Overview / culture"
    ML_CODING = "ml_coding", "ML coding from scratch"
    BREADTH = "breadth", "Breadth"
    DEPTH = "depth", "Depth"
    ML_SYSTEMS = "ml_systems", "ML systems"
    LEADERSHIP = "leadership", "Leadership"


class QualificationStage(models.TextChoices):
    """The training path for a round type: shadow → reverse shadow → qualified."""

    SHADOW = "shadow", "Shadow"
    REVERSE_SHADOW = "reverse_shadow", "Reverse shadow"
    QUALIFIED = "qualified", "Qualified"


class LoopStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULING = "scheduling", "Scheduling"
    SCHEDULED = "scheduled", "Scheduled"
    AWAITING_FEEDBACK = "awaiting_feedback", "Awaiting feedback"
    READY_FOR_REVIEW = "ready_for_review", "Ready for review"
    DECIDED = "decided", "Decided"
    CANCELLED = "cancelled", "Cancelled"


# A packet has something to read once interviews have happened (pages link it from then on).
PACKET_STATES = (LoopStatus.AWAITING_FEEDBACK, LoopStatus.READY_FOR_REVIEW, LoopStatus.DECIDED)
# Loops in these states have had (some) interviews: their feedback can be complete.
FEEDBACK_STATES = (LoopStatus.SCHEDULED, LoopStatus.AWAITING_FEEDBACK, LoopStatus.READY_FOR_REVIEW)


class InterviewStatus(models.TextChoices):
    UNSCHEDULED = "unscheduled", "Unscheduled"
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class AssignmentRole(models.TextChoices):
    INTERVIEWER = "interviewer", "Interviewer"
    SHADOW = "shadow", "Shadow"


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Overall(models.TextChoices):
    """An interviewer's overall recommendation: no neutral."""

    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class FeedbackState(models.TextChoices):
    """Where one interviewer's feedback on one interview stands (interviews.feedback_timing)."""

    UPCOMING = "upcoming", "Upcoming"
    DUE = "due", "Due"
    OVERDUE = "overdue", "Overdue"
    SUBMITTED = "submitted", "Submitted"
    CANCELLED = "cancelled", "Cancelled"
