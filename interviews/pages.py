"""Page routes of this app (HTML). Views live in views/; API routes in urls.py."""

from django.urls import path

from interviews.views import candidate, interviewer, recruiter

urlpatterns: list = [
    path("interviews/mine/", interviewer.my_interviews, name="my-interviews"),
    path("interviews/<int:interview_id>/kit/", interviewer.interview_kit, name="kit"),
    # Recruiters: pipeline, loop builder and scheduling, interviewer profiles.
    path("pipeline/", recruiter.pipeline, name="pipeline"),
    path("applications/<int:application_id>/build-loop/", recruiter.loop_build, name="loop-build"),
    path("loops/<int:loop_id>/", recruiter.loop_detail, name="loop"),
    path("interviews/<int:interview_id>/cancel/", recruiter.interview_cancel, name="interview-cancel"),
    path("interviewers/", recruiter.interviewer_profiles, name="interviewers"),
    path("interviewers/<int:profile_id>/", recruiter.interviewer_profile, name="interviewer"),
    # The candidate's availability page: a signed, expiring link; no account.
    path("availability/<str:token>/", candidate.candidate_availability, name="candidate-availability"),
]
