from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADMIN, RECRUITER
from interviews.models import BusyBlock, InterviewerProfile, Qualification


def interviewer_profile_list(*, viewer: User) -> QuerySet[InterviewerProfile]:
    """Admins and recruiters see every profile (they schedule); an interviewer sees their own."""
    profiles = InterviewerProfile.objects.select_related("user").prefetch_related(
        Prefetch("qualifications", queryset=Qualification.objects.select_related("round_type")),
        Prefetch(
            "busy_blocks",
            queryset=BusyBlock.objects.filter(end__gte=timezone.now()).order_by("start"),
            to_attr="upcoming_busy",
        ),
    )
    if viewer.has_role(ADMIN, RECRUITER):
        return profiles.order_by("user__username")
    return profiles.filter(user=viewer)


def interviewer_profile_can_manage(*, viewer: User) -> bool:
    """Qualifications and seniority are training decisions: admins and recruiters only."""
    return viewer.has_role(ADMIN, RECRUITER)
