from django.urls import path
from rest_framework.routers import SimpleRouter

from interviews.api import booking, config, feedback, interviews, loops, profiles, scorecards

router = SimpleRouter()
router.register("interviewers", profiles.InterviewerProfileViewSet, basename="interviewer")
router.register("scorecards", scorecards.ScorecardViewSet, basename="scorecard")
router.register("round-types", config.RoundTypeViewSet, basename="round-type")
router.register("rubrics", config.RubricViewSet, basename="rubric")
router.register("loop-templates", config.LoopTemplateViewSet, basename="loop-template")
router.register("loops", loops.LoopViewSet, basename="loop")
router.register("interviews", interviews.InterviewViewSet, basename="interview")
router.register("feedback-board", feedback.FeedbackBoardViewSet, basename="feedback-board")

urlpatterns = [
    *router.urls,
    path("booking/<str:token>/", booking.BookingView.as_view(), name="booking"),
    path(
        "booking/<str:token>/reschedule-request/",
        booking.RescheduleRequestView.as_view(),
        name="booking-reschedule-request",
    ),
]
