"""Roles are Django groups; these are their names, which the API exposes as `roles`."""

INTERVIEWER = "interviewer"
RECRUITER = "recruiter"
HIRING_MANAGER = "hiring_manager"
COMMITTEE = "committee"
ADMIN = "admin"

ALL_ROLES = (INTERVIEWER, RECRUITER, HIRING_MANAGER, COMMITTEE, ADMIN)
ROLE_LABELS = {
    INTERVIEWER: "Interviewer",
    RECRUITER: "Recruiter",
    HIRING_MANAGER: "Hiring manager",
    COMMITTEE: "Committee member",
    ADMIN: "Admin",
}
ROLE_CHOICES = [(code, ROLE_LABELS[code]) for code in ALL_ROLES]
