"""Page routes (namespace `decisions:`): the decision queue and each loop's packet (its forms post back to it)."""

from django.urls import path

from decisions import views

urlpatterns = [
    path("decisions/", views.decision_queue, name="queue"),
    path("decisions/loops/<int:pk>/", views.loop_packet, name="packet"),
]
