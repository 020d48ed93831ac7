"""API paths (under /api/v1/). Plain paths below `loops/<pk>/`: the `loops/` router is the interviews app's."""

from django.urls import path

from decisions.apis import LoopDecisionViewSet

urlpatterns = [
    path(
        "loops/<int:pk>/recommendation/",
        LoopDecisionViewSet.as_view({"get": "recommendation"}),
        name="loop-recommendation",
    ),
    path("loops/<int:pk>/packet/", LoopDecisionViewSet.as_view({"get": "packet"}), name="loop-packet"),
    path(
        "loops/<int:pk>/votes/", LoopDecisionViewSet.as_view({"get": "votes_list", "post": "votes"}), name="loop-votes"
    ),
    path("loops/<int:pk>/decision/", LoopDecisionViewSet.as_view({"post": "decision"}), name="loop-decision"),
]
