from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import ADMIN, RECRUITER


def user_list(*, viewer: User) -> QuerySet[User]:
    """Admins and recruiters see everyone; anyone else only themselves."""
    users = User.objects.prefetch_related("groups").order_by("username")
    if viewer.has_role(ADMIN, RECRUITER):
        return users
    return users.filter(pk=viewer.pk)
