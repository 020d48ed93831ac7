"""Page routes of this app (HTML). Views live in views/; API routes in urls.py."""

from django.urls import path

from interviews.views import interviewer

urlpatterns: list = [
    path("interviews/mine/", interviewer.my_interviews, name="my-interviews"),
    path("interviews/<int:interview_id>/kit/", interviewer.interview_kit, name="kit"),
]
