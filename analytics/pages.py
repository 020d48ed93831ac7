"""Page routes of this app (HTML), namespaced "analytics:"."""

from django.urls import path

from analytics import views

urlpatterns = [
    path("analytics/", views.analytics_index, name="index"),
]
