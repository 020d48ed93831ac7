from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import ADMIN, HIRING_MANAGER, RECRUITER
from hiring.models import Committee


def committee_list(*, viewer: User) -> QuerySet[Committee]:
    """Admins, recruiters and hiring managers see every committee; members see their own."""
    committees = Committee.objects.select_related("chair").prefetch_related("members").order_by("name")
    if viewer.has_role(ADMIN, RECRUITER, HIRING_MANAGER):
        return committees
    return committees.filter(members=viewer).distinct()
