from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from accounts import roles

# (label, url name, roles that see it; empty = everyone signed in). Each app adds its pages here.
NAV_LINKS = [
    ("My interviews", "interviews:my-interviews", (roles.INTERVIEWER,)),
    ("Pipeline", "interviews:pipeline", (roles.RECRUITER, roles.HIRING_MANAGER, roles.ADMIN)),
    ("Feedback", "interviews:feedback-board", (roles.RECRUITER, roles.ADMIN)),
    ("Decisions", "decisions:queue", (roles.COMMITTEE, roles.HIRING_MANAGER, roles.RECRUITER, roles.ADMIN)),
    ("Requisitions", "hiring:requisitions", (roles.RECRUITER, roles.HIRING_MANAGER, roles.COMMITTEE, roles.ADMIN)),
    ("Candidates", "hiring:candidates", (roles.RECRUITER, roles.HIRING_MANAGER, roles.COMMITTEE, roles.ADMIN)),
    ("Interviewers", "interviews:interviewers", (roles.RECRUITER, roles.ADMIN)),
    ("Use cases", "hiring:use-cases", (roles.RECRUITER, roles.HIRING_MANAGER, roles.ADMIN)),
    ("Hiring plan", "hiring:hiring-plan", (roles.RECRUITER, roles.HIRING_MANAGER, roles.ADMIN)),
    ("Analytics", "analytics:index", (roles.RECRUITER, roles.HIRING_MANAGER, roles.COMMITTEE, roles.ADMIN)),
    ("Notifications", "notifications:mine", ()),
    ("Admin", "admin:index", (roles.ADMIN,)),
]  # the API docs are linked from every page's footer


def navigation(request: HttpRequest) -> dict:
    """Links in the top bar for the signed-in person's roles; pages not built yet are skipped."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    links = []
    for label, name, allowed in NAV_LINKS:
        if allowed and not user.has_role(*allowed):
            continue
        try:
            links.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return {"nav_links": links}
