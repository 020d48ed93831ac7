"""Page routes (namespace `decisions:`): the decision queue, each loop's packet, and its vote and decision forms."""

from django.urls import path

from decisions import views

urlpatterns = [
    path("decisions/", views.decision_queue, name="queue"),
    path("decisions/loops/<int:pk>/", views.loop_packet, name="packet"),
    path("decisions/loops/<int:pk>/vote/", views.loop_vote, name="vote"),
    path("decisions/loops/<int:pk>/decide/", views.loop_decide, name="decide"),
]
