"""Who may read the API's schema and docs: anyone on the embedded default, signed-in people in production
(`API_DOCS_PUBLIC`)."""

from django.conf import settings
from rest_framework.permissions import BasePermission


class DocsAccess(BasePermission):
    def has_permission(self, request, view) -> bool:
        return settings.API_DOCS_PUBLIC or bool(request.user and request.user.is_authenticated)
