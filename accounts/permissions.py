from rest_framework import permissions

from accounts.roles import ADMIN, RECRUITER


class IsAdminOrRecruiterReadOnly(permissions.BasePermission):
    """Admins manage; recruiters may read; others are refused."""

    message = "Only admins manage users; recruiters may list them."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user.has_role(ADMIN):
            return True
        return request.method in permissions.SAFE_METHODS and user.has_role(RECRUITER)
