from rest_framework import permissions

from accounts.roles import ADMIN
from hiring.selectors import hiring_can_plan, requisition_can_read

PLANNERS_ONLY = "Only recruiters, hiring managers and admins work on use cases, requisitions and the hiring plan."


class IsAdminOrReadOnly(permissions.BasePermission):
    message = "Only admins change this."

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or request.user.has_role(ADMIN)


class IsHiringPlanner(permissions.BasePermission):
    """Recruiters, hiring managers and admins; interviewers are refused outright (403 for any id)."""

    message = PLANNERS_ONLY

    def has_permission(self, request, view) -> bool:
        return hiring_can_plan(viewer=request.user)


class CanReadRequisitions(permissions.BasePermission):
    """Planners read and write; committee members read the requisitions their committee decides on."""

    message = PLANNERS_ONLY

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return requisition_can_read(viewer=request.user)
        return hiring_can_plan(viewer=request.user)
