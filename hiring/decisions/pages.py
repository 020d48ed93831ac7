"""Page routes (namespace `hiring:`): the decision queue and each loop's packet."""

from django.urls import path

from hiring.decisions import views

urlpatterns = [
    path("decisions/", views.decision_queue, name="decision-queue"),
    path("decisions/loops/<int:pk>/", views.loop_packet, name="decision-packet"),
    path("decisions/loops/<int:pk>/vote/", views.loop_vote, name="decision-vote"),
    path("decisions/loops/<int:pk>/decide/", views.loop_decide, name="decision-record"),
]
