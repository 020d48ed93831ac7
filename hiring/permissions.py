from rest_framework import permissions

from accounts.roles import ADMIN


class IsAdminOrReadOnly(permissions.BasePermission):
    message = "Only admins change this."

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or request.user.has_role(ADMIN)
