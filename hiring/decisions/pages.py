"""Page routes (namespace `hiring:`): the decision queue and each loop's packet (its forms post back to it)."""

from django.urls import path

from hiring.decisions import views

urlpatterns = [
    path("decisions/", views.decision_queue, name="decision-queue"),
    path("decisions/loops/<int:pk>/", views.loop_packet, name="decision-packet"),
]
