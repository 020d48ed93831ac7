"""The loop: round types, rubrics, templates, interviews and scorecards (PRODUCT.md §2–3)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hiring.codes import Level, RoleFamily
from interviews.codes import (
    AssignmentRole,
    InterviewStatus,
    LoopStatus,
    Overall,
    QualificationStage,
    RoundCode,
    ScorecardStatus,
)


class RoundType(models.Model):
    Code = RoundCode

    code = models.CharField(max_length=16, choices=Code.choices, unique=True)
    name = models.CharField(max_length=120)
    purpose = models.TextField()
    what_to_probe = models.TextField(blank=True, help_text="Guidance for the interview kit.")
    candidate_description = models.TextField(
        "what to expect (for the candidate)",
        blank=True,
        help_text="What the candidate reads about this round in their itinerary and calendar invite. Interviewer "
        "guidance (purpose, what to probe) is never sent to candidates.",
    )
    default_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(15)])
    requires_senior_leader = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class RubricVersion(models.Model):
    """A frozen version of a round type's rubric; scorecards keep the version they were filled against."""

    round_type = models.ForeignKey(RoundType, on_delete=models.PROTECT, related_name="rubrics")
    version = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    notes = models.TextField(blank=True, help_text="What changed in this version.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round_type__order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["round_type", "version"], name="rubric_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round_type} rubric v{self.version}"


class Competency(models.Model):
    """What a rubric measures, with a behavioural anchor for every point of the 1–4 scale."""

    rubric = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="competencies")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    weight = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("1.00"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    anchor_1 = models.TextField("1 — well below")
    anchor_2 = models.TextField("2 — below")
    anchor_3 = models.TextField("3 — meets")
    anchor_4 = models.TextField("4 — exceeds")

    class Meta:
        ordering = ["rubric", "order", "id"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="competency_code_unique_in_rubric"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="competency_weight_positive"),
            models.CheckConstraint(
                condition=~Q(anchor_1="") & ~Q(anchor_2="") & ~Q(anchor_3="") & ~Q(anchor_4=""),
                name="competency_every_anchor_written",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def anchors(self) -> dict[str, str]:
        return {"1": self.anchor_1, "2": self.anchor_2, "3": self.anchor_3, "4": self.anchor_4}


class LoopTemplate(models.Model):
    """Role family + level → ordered rounds and the decision policy (the bars)."""

    name = models.CharField(max_length=160)
    role_family = models.CharField(max_length=32, choices=RoleFamily.choices)
    level = models.CharField(max_length=16, choices=Level.choices)
    competency_bar = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("4"))],
        help_text='Mean rating every required competency must reach (3 = "meets").',
    )
    competency_bars = models.JSONField(
        default=dict, blank=True, help_text='Higher bars for some competencies: {"code": 3.5}.'
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role_family", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["role_family", "level", "name"], name="loop_template_unique"),
            models.CheckConstraint(
                condition=Q(competency_bar__gte=1) & Q(competency_bar__lte=4),
                name="loop_template_bar_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def policy(self) -> dict:
        return {
            "competency_bar": float(self.competency_bar),
            "competency_bars": {code: float(bar) for code, bar in self.competency_bars.items()},
        }


class TemplateRound(models.Model):
    template = models.ForeignKey(LoopTemplate, on_delete=models.CASCADE, related_name="rounds")
    round_type = models.ForeignKey(RoundType, on_delete=models.PROTECT, related_name="+")
    rubric = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="template_rounds")
    required = models.BooleanField(default=True)
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(15)])
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="template_round_order_unique"),
            models.UniqueConstraint(fields=["template", "round_type"], name="template_round_type_unique"),
            models.CheckConstraint(condition=Q(minutes__gte=15), name="template_round_minutes_min"),
        ]

    def __str__(self) -> str:
        return f"{self.template}: {self.round_type}"


class InterviewerProfile(models.Model):
    """What the scheduler needs to know about an interviewer."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviewer_profile")
    senior_leader = models.BooleanField(default=False, help_text="May run overview and leadership rounds.")
    work_start = models.TimeField(default="09:00")
    work_end = models.TimeField(default="17:00")
    weekdays = models.JSONField(default=list, help_text="0 = Monday … 6 = Sunday.")
    weekly_cap = models.PositiveSmallIntegerField(default=4, help_text="Interviews per week at most.")
    meeting_url = models.URLField(
        max_length=500, blank=True, help_text="Their own meeting room, used when meeting links are 'personal'."
    )
    # A connected CalDAV calendar (interviews/calendar_sync.py): busy time read from it, interviews written to
    # it. The app password is stored encrypted (core.encryption); it is never shown back.
    caldav_url = models.URLField(max_length=500, blank=True, help_text="The calendar collection's URL.")
    caldav_username = models.CharField(max_length=200, blank=True)
    caldav_password = models.TextField(blank=True, help_text="Encrypted (core.encryption); write-only in the API.")
    caldav_last_synced_at = models.DateTimeField(null=True, blank=True)
    caldav_error = models.CharField(
        max_length=500, blank=True, help_text="Why the last sync failed ('' when it did not)."
    )
    feed_token = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="The secret of their calendar feed URL; a new one revokes it.",
    )

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.CheckConstraint(condition=Q(work_end__gt=F("work_start")), name="profile_working_hours_ordered"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def timezone(self) -> str:
        """Working hours are in the person's own zone (`User.timezone`): one zone per person."""
        return self.user.timezone or "UTC"


class Qualification(models.Model):
    Stage = QualificationStage

    profile = models.ForeignKey(InterviewerProfile, on_delete=models.CASCADE, related_name="qualifications")
    round_type = models.ForeignKey(RoundType, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.SHADOW)
    # When they reached this stage (null: before this was recorded). The promotion prompt counts the rounds
    # shadowed since, so a promotion starts the count again.
    stage_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round_type__order"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "round_type"], name="qualification_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.round_type} ({self.get_stage_display()})"


class BusyBlock(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Entered"
        ICS = "ics", "Imported from .ics"
        CALDAV = "caldav", "From the connected calendar"

    profile = models.ForeignKey(InterviewerProfile, on_delete=models.CASCADE, related_name="busy_blocks")
    start = models.DateTimeField()
    end = models.DateTimeField()
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    ics_uid = models.CharField(max_length=255, blank=True)
    summary = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="busy_block_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.profile} busy {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class Loop(models.Model):
    Status = LoopStatus

    application = models.ForeignKey("hiring.Application", on_delete=models.PROTECT, related_name="loops")
    template = models.ForeignKey(LoopTemplate, on_delete=models.PROTECT, related_name="loops")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ready_for_review_at = models.DateTimeField(null=True, blank=True)
    latest_recommendation = models.JSONField(
        null=True,
        blank=True,
        help_text="The last recommendation computed ({outcome, reasons, computed_at}), written by the decisions app.",
    )
    # The candidate's reschedule requests from their link (interviews/scheduling/booking.py), within these
    # limits the recruiter sets: none later than this many hours before the first interview, at most this many.
    reschedule_notice_hours = models.PositiveIntegerField(default=24)
    reschedule_max = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="loop_newest_idx")]

    def __str__(self) -> str:
        return f"Loop #{self.pk} — {self.application.candidate}"


class CalendarCopy(models.Model):
    """An interview written to an interviewer's connected calendar: where it is and which version, so a move
    updates it and a cancellation (or the person leaving the panel) deletes it."""

    profile = models.ForeignKey(InterviewerProfile, on_delete=models.CASCADE, related_name="calendar_copies")
    interview = models.ForeignKey("Interview", on_delete=models.CASCADE, related_name="calendar_copies")
    url = models.URLField(max_length=1000)
    sequence = models.PositiveIntegerField(default=0)
    digest = models.CharField(max_length=64, blank=True, help_text="sha256 of the copy as written.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "interview"], name="calendar_copy_unique")]

    def __str__(self) -> str:
        return f"{self.interview} in {self.profile}'s calendar"


class RescheduleRequest(models.Model):
    """A candidate asked, from their link, for their booked interviews to move; open until the recruiter
    moves an interview of the loop (or cancels it)."""

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="reschedule_requests")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Reschedule request for loop #{self.loop_id} at {self.created_at:%Y-%m-%d %H:%M} UTC"


class CandidateWindow(models.Model):
    """A span when the candidate can interview (stored in UTC; entered in the candidate's zone)."""

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="windows")
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="candidate_window_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M} UTC"


class Interview(models.Model):
    Status = InterviewStatus

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="interviews")
    round_type = models.ForeignKey(RoundType, on_delete=models.PROTECT, related_name="+")
    rubric = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="interviews")
    order = models.PositiveSmallIntegerField()
    required = models.BooleanField(default=True)
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(15)])
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=255, blank=True, help_text="Room or video link.")
    meeting_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="The video link (interviews.meeting_links); kept when the interview moves.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNSCHEDULED)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="InterviewAssignment", related_name="interviews"
    )
    ical_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0)
    # Written from interviews.feedback_timing when the interview is booked (empty while unscheduled or
    # cancelled); pages, API, reminders, escalations, the digest and the packet read only these.
    scorecard_due_at = models.DateTimeField(null=True, blank=True, help_text="Feedback is due (the reminder).")
    scorecard_overdue_at = models.DateTimeField(null=True, blank=True, help_text="Feedback is overdue from then.")
    scorecard_late_at = models.DateTimeField(null=True, blank=True, help_text="Feedback after this is late.")

    class Meta:
        ordering = ["loop", "order"]
        indexes = [models.Index(fields=["start"], name="interview_start_idx")]
        constraints = [
            models.UniqueConstraint(fields=["loop", "round_type"], name="interview_one_per_round_in_loop"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gt=F("start")),
                name="interview_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_type} — {self.loop.application.candidate}"

    @property
    def where(self) -> str:
        """Where it happens, as every page, invite and e-mail says it: the typed place, then the video link."""
        return " · ".join(part for part in (self.location, self.meeting_url) if part)


class InterviewAssignment(models.Model):
    """An interviewer on an interview; a trainee sits in as shadow and does not score."""

    Role = AssignmentRole

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="assignments")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.INTERVIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="assignment_unique"),
        ]
        # A person's interviews (my interviews, visibility, load) start from the interviewer.
        indexes = [models.Index(fields=["interviewer", "interview"], name="assignment_interviewer_idx")]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview_id} ({self.role})"


class InterviewDecline(models.Model):
    """An interviewer saying they cannot do an interview they are booked on, with why. Open until the
    recruiter replaces them (`replaced_by`); they stay on the interview until then."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="declines")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], condition=Q(resolved_at__isnull=True), name="decline_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} declined {self.interview_id}"


class Scorecard(models.Model):
    """One interviewer's feedback on one interview. Immutable once submitted; amendments are revisions."""

    Status = ScorecardStatus
    Overall = Overall

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards")
    rubric = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every write; stale writes are refused.")
    overall = models.CharField(max_length=12, choices=Overall.choices, blank=True)
    summary = models.TextField(blank=True)
    brilliant_jerk = models.BooleanField(default=False)
    jerk_evidence = models.TextField(blank=True)
    force_fit_concern = models.BooleanField(default=False)
    force_fit_evidence = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    amended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["interview", "interviewer"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="scorecard_one_per_interviewer"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(submitted_at__isnull=False) & ~Q(overall="")),
                name="scorecard_submitted_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(brilliant_jerk=False) | ~Q(jerk_evidence="") | Q(status="draft"),
                name="scorecard_jerk_flag_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview}"


class ScorecardNudge(models.Model):
    """A recruiter's nudge to an interviewer about a scorecard still owed (at most one a day per
    scorecard: feedback_timing.nudge_allowed). The e-mail itself goes through the outbox."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="nudges")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["scorecard", "-created_at"], name="nudge_scorecard_latest")]

    def __str__(self) -> str:
        return f"Nudge on {self.scorecard_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Rating(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="1–4, or empty for not assessed.",
    )
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["competency__order", "competency_id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "competency"], name="rating_one_per_competency"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=1) & Q(score__lte=4)),
                name="rating_score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.score or 'not assessed'}"


class ScorecardRevision(models.Model):
    """A snapshot taken at each submission and amendment; the history of a scorecard."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    reason = models.TextField(blank=True, help_text="Why it was amended (empty for the first submission).")
    content = models.JSONField(help_text="Ratings, overall, summary and flags as submitted.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    after_decision = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scorecard", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "number"], name="scorecard_revision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of scorecard {self.scorecard_id}"
