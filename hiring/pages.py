"""Page routes of this app (HTML). Views live in views.py; API routes in urls.py."""

urlpatterns: list = []
