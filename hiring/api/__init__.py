"""The hiring app's REST resources, one module per resource (routes in hiring/urls.py)."""
