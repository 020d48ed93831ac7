"""Page routes of this app (HTML). Views live in views.py; API routes in urls.py."""

from django.urls import path

from notifications import views

urlpatterns = [
    path("notifications/", views.notifications_mine, name="mine"),
]
