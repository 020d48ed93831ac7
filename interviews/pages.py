"""Page routes of this app (HTML). Views live in views/; API routes in urls.py. A page reads (GET);
each thing a person does on it is its own small POST view."""

from django.urls import path

from interviews.views import candidate, interviewer, loop, profiles, recruiter

urlpatterns: list = [
    path("interviews/mine/", interviewer.my_interviews, name="my-interviews"),
    path("interviews/<int:interview_id>/kit/", interviewer.interview_kit, name="kit"),
    path("interviews/<int:interview_id>/kit/save/", interviewer.scorecard_save, name="kit-save"),
    path("interviews/<int:interview_id>/kit/submit/", interviewer.scorecard_submit, name="kit-submit"),
    path("interviews/<int:interview_id>/kit/amend/", interviewer.scorecard_amend, name="kit-amend"),
    # Recruiters: pipeline, loop builder and scheduling, interviewer profiles.
    path("pipeline/", recruiter.pipeline, name="pipeline"),
    path("feedback/", recruiter.feedback_board, name="feedback-board"),
    path("feedback/nudge/", recruiter.feedback_nudge, name="feedback-nudge"),
    path("applications/<int:application_id>/build-loop/", recruiter.loop_build, name="loop-build"),
    path("loops/<int:loop_id>/", loop.loop_detail, name="loop"),
    path("loops/<int:loop_id>/availability/", loop.loop_availability, name="loop-availability"),
    path("loops/<int:loop_id>/propose/", loop.loop_propose, name="loop-propose"),
    path("loops/<int:loop_id>/plan/check/", loop.loop_plan_check, name="loop-plan-check"),
    path("loops/<int:loop_id>/plan/save/", loop.loop_plan_save, name="loop-plan-save"),
    path("loops/<int:loop_id>/reschedule-limits/", loop.loop_reschedule_limits, name="loop-reschedule-limits"),
    path("interviews/<int:interview_id>/cancel/", loop.interview_cancel, name="interview-cancel"),
    path("interviews/<int:interview_id>/decline/", loop.interview_decline, name="interview-decline"),
    path("interviews/<int:interview_id>/replace/", loop.interview_replace, name="interview-replace"),
    path("interviewers/", profiles.interviewer_profiles, name="interviewers"),
    path("interviewers/load/", profiles.interviewer_load, name="interviewer-load"),
    path("interviewers/<int:profile_id>/feed/new/", profiles.interviewer_feed_rotate, name="interviewer-feed-rotate"),
    path("interviewers/<int:profile_id>/calendar/", profiles.interviewer_calendar, name="interviewer-calendar"),
    path(
        "interviewers/<int:profile_id>/calendar/sync/",
        profiles.interviewer_calendar_sync,
        name="interviewer-calendar-sync",
    ),
    path("interviewers/<int:profile_id>/", profiles.interviewer_profile, name="interviewer"),
    path("interviewers/<int:profile_id>/profile/", profiles.interviewer_profile_save, name="interviewer-save"),
    path("interviewers/<int:profile_id>/busy/add/", profiles.interviewer_busy_add, name="interviewer-busy-add"),
    path(
        "interviewers/<int:profile_id>/busy/<int:block_id>/remove/",
        profiles.interviewer_busy_remove,
        name="interviewer-busy-remove",
    ),
    path(
        "interviewers/<int:profile_id>/busy/import/", profiles.interviewer_busy_import, name="interviewer-busy-import"
    ),
    # The candidate's availability page: a signed, expiring link; no account.
    path("availability/<str:token>/", candidate.candidate_availability, name="candidate-availability"),
]
