from decimal import Decimal

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When

from accounts.models import User
from accounts.roles import ADMIN, COMMITTEE, HIRING_MANAGER, RECRUITER
from hiring import headcount, hooks
from hiring.gate import UseCaseFacts, gate_problems
from hiring.models import (
    Application,
    ApplicationStageChange,
    Candidate,
    Committee,
    ExistingHeadcount,
    HiringSettings,
    Requisition,
    Team,
    UseCase,
)

# Use cases, requisitions and the hiring plan are for the people who decide whom to hire.
PLANNER_ROLES = (ADMIN, RECRUITER, HIRING_MANAGER)


def committee_list(*, viewer: User) -> QuerySet[Committee]:
    """Admins, recruiters and hiring managers see every committee; members see their own."""
    committees = Committee.objects.select_related("chair").prefetch_related("members").order_by("name")
    if viewer.has_role(ADMIN, RECRUITER, HIRING_MANAGER):
        return committees
    return committees.filter(members=viewer).distinct()


def hiring_can_plan(*, viewer: User) -> bool:
    """Recruiters, hiring managers and admins see use cases, requisitions and the hiring plan."""
    return viewer.has_role(*PLANNER_ROLES)


def team_list(*, viewer: User) -> QuerySet[Team]:
    """Everyone who may open a requisition lists the teams (to name one); nobody else sees any."""
    teams = Team.objects.order_by("name", "id")
    return teams if hiring_can_plan(viewer=viewer) else teams.none()


def use_case_list(*, viewer: User) -> QuerySet[UseCase]:
    use_cases = UseCase.objects.select_related("team", "proposed_by", "accepted_by", "revised_by").order_by(
        "title", "id"
    )
    if not hiring_can_plan(viewer=viewer):
        return use_cases.none()
    return use_cases


def use_case_can_accept(*, viewer: User) -> bool:
    """A hiring manager (or an admin) accepts a use case as a reason to hire."""
    return viewer.has_role(ADMIN, HIRING_MANAGER)


def use_case_is_own_proposal(*, viewer: User, use_case: UseCase) -> bool:
    """Four eyes: whoever proposed a use case, or last changed its substance, does not accept it too
    (admins are exempt)."""
    return viewer.pk in (use_case.proposed_by_id, use_case.revised_by_id) and not viewer.has_role(ADMIN)


def use_case_can_edit(*, viewer: User, use_case: UseCase) -> bool:
    """Its proposer, the hiring manager of a requisition that relies on it, and admins edit a use case;
    other planners read it."""
    if viewer.has_role(ADMIN) or (use_case.proposed_by_id is not None and use_case.proposed_by_id == viewer.pk):
        return True
    return viewer.has_role(HIRING_MANAGER) and use_case.requisitions.filter(hiring_manager=viewer).exists()


def requisition_list(*, viewer: User) -> QuerySet[Requisition]:
    """Planners see every requisition; committee members read those their committee decides on."""
    requisitions = (
        Requisition.objects.select_related("team", "hiring_manager", "committee")
        .prefetch_related("use_cases", "recruiters")
        .annotate(hired_count=Count("applications", filter=Q(applications__stage=Application.Stage.HIRED)))
        .order_by("-created_at", "-id")
    )
    if hiring_can_plan(viewer=viewer):
        return requisitions
    if viewer.has_role(COMMITTEE):
        return requisitions.filter(committee__in=Committee.objects.filter(members=viewer).values("pk"))
    return requisitions.none()


def requisition_can_read(*, viewer: User) -> bool:
    return viewer.has_role(*PLANNER_ROLES, COMMITTEE)


def requisition_can_change(*, viewer: User, requisition: Requisition) -> bool:
    """Its hiring manager, its recruiters and admins change a requisition and move it along."""
    if viewer.has_role(ADMIN):
        return True
    if viewer.has_role(HIRING_MANAGER) and requisition.hiring_manager_id == viewer.pk:
        return True
    return viewer.has_role(RECRUITER) and any(user.pk == viewer.pk for user in requisition.recruiters.all())


def requisition_gate_problems(*, role_family: str, use_cases: list[UseCase]) -> list[str]:
    """What stops a requisition of this family with these use cases from opening (empty: nothing)."""
    facts = [
        UseCaseFacts(
            title=use_case.title,
            status=use_case.status,
            baseline_tried=use_case.baseline_tried,
            why_baseline_insufficient=use_case.why_baseline_insufficient,
        )
        for use_case in use_cases
    ]
    return gate_problems(role_family=role_family, use_cases=facts)


def hiring_settings_get() -> HiringSettings:
    """The settings row, or the defaults (unsaved) when an admin has not saved any yet."""
    return HiringSettings.objects.filter(pk=HiringSettings.SINGLETON_PK).first() or HiringSettings(
        pk=HiringSettings.SINGLETON_PK
    )


def existing_team_counts() -> dict[str, int]:
    return dict(
        ExistingHeadcount.objects.filter(settings_id=HiringSettings.SINGLETON_PK).values_list("role_family", "count")
    )


def requisition_seats(requisition: Requisition) -> headcount.RequisitionSeats:
    hired = getattr(requisition, "hired_count", None)
    if hired is None:
        hired = requisition.applications.filter(stage=Application.Stage.HIRED).count()
    return headcount.RequisitionSeats(
        id=requisition.pk,
        title=str(requisition),
        role_family=requisition.role_family,
        status=requisition.status,
        headcount=requisition.headcount,
        hired=hired,
    )


def hiring_plan_input() -> headcount.PlanInput:
    """Everything the guidance needs, in a fixed handful of queries whatever the number of requisitions."""
    settings = hiring_settings_get()
    requisitions = (
        Requisition.objects.select_related("team")
        .annotate(hired_count=Count("applications", filter=Q(applications__stage=Application.Stage.HIRED)))
        .order_by("created_at", "id")
    )
    return headcount.PlanInput(
        company_stage=settings.company_stage,
        cap_multiplier=Decimal(settings.cap_multiplier),
        accepted_use_cases=UseCase.objects.filter(status=UseCase.Status.ACCEPTED).count(),
        existing=existing_team_counts(),
        requisitions=[requisition_seats(requisition) for requisition in requisitions],
    )


def hiring_plan(*, viewer: User) -> headcount.HiringPlan:
    return headcount.hiring_plan(hiring_plan_input())


def requisition_warnings(
    *, requisition: Requisition, plan_input: headcount.PlanInput | None = None
) -> tuple[headcount.HeadcountWarning, ...]:
    """What this requisition runs against (cap, ratio, company stage). Pass `plan_input` for lists."""
    plan_input = plan_input or hiring_plan_input()
    return headcount.requisition_warnings(plan_input, requisition_seats(requisition))


# --- Candidates and applications ---------------------------------------------------------------


def application_list(*, viewer: User) -> QuerySet[Application]:
    """Planners see every application; committee members those of their committee's requisitions;
    and the apps above add theirs (hiring.hooks: interviewers see those whose loop they interview on)."""
    applications = (
        Application.objects.select_related("candidate", "requisition__team")
        .prefetch_related(Prefetch("stage_changes", queryset=ApplicationStageChange.objects.order_by("at", "id")))
        .order_by("-created_at", "-id")
    )
    if hiring_can_plan(viewer=viewer):
        return applications
    # A UNION of indexed subqueries: an OR across these joins makes the database visit every application.
    parts = [elsewhere.order_by() for elsewhere in hooks.applications_visible_elsewhere(viewer=viewer)]
    if viewer.has_role(COMMITTEE):
        parts.append(Application.objects.filter(requisition__committee__members=viewer).order_by().values("pk"))
    return applications.filter(pk__in=_union(parts)) if parts else applications.none()


def _union(parts: list[QuerySet]) -> QuerySet:
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def _contact_candidate_ids(viewer: User) -> QuerySet:
    """Candidates whose contact details the viewer may see (the per-object rule of
    interviews.selectors.loop_sees_candidate_contact, over all of a candidate's applications): whoever
    added them, and the recruiters, hiring manager and committee of a requisition they applied to. One
    UNION of indexed subqueries."""
    parts = [Candidate.objects.filter(created_by=viewer).order_by().values("pk")]
    by_requisition = {
        RECRUITER: Q(requisition__recruiters=viewer),
        HIRING_MANAGER: Q(requisition__hiring_manager=viewer),
        COMMITTEE: Q(requisition__committee__members=viewer),
    }
    parts += [
        Application.objects.filter(rule).order_by().values("candidate_id")
        for role, rule in by_requisition.items()
        if viewer.has_role(role)
    ]
    return _union(parts)


def candidate_list(*, viewer: User) -> QuerySet[Candidate]:
    """Candidates the viewer may see, each annotated `sees_contact` (email and phone shown or not)
    and with `visible_applications`: the applications the viewer may see, newest first.

    Planners see every candidate (to find them and add them to a requisition); others see the
    candidates of applications they may see. Contact details: admins, whoever added the candidate,
    and the recruiters, hiring manager and committee of a requisition the candidate applied to.
    """
    candidates = Candidate.objects.order_by("name", "id")
    if not hiring_can_plan(viewer=viewer):
        candidates = candidates.filter(pk__in=application_list(viewer=viewer).values("candidate"))
    if viewer.has_role(ADMIN):
        sees_contact = Value(True, output_field=BooleanField())
    else:
        sees_contact = Case(
            When(pk__in=_contact_candidate_ids(viewer), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    return candidates.annotate(sees_contact=sees_contact).prefetch_related(
        Prefetch(
            "applications",
            queryset=application_list(viewer=viewer).select_related("requisition__team"),
            to_attr="visible_applications",
        )
    )


def candidate_sees_contact(*, viewer: User, candidate: Candidate) -> bool:
    annotated = getattr(candidate, "sees_contact", None)
    if annotated is not None:
        return bool(annotated)
    if viewer.has_role(ADMIN):
        return True
    return Candidate.objects.filter(pk=candidate.pk).filter(pk__in=_contact_candidate_ids(viewer)).exists()


def candidate_can_change(*, viewer: User, candidate: Candidate) -> bool:
    """Edit and anonymize: admins, and recruiters or hiring managers who see the contact details."""
    if viewer.has_role(ADMIN):
        return True
    return viewer.has_role(RECRUITER, HIRING_MANAGER) and candidate_sees_contact(viewer=viewer, candidate=candidate)


def application_can_move(*, viewer: User, application: Application) -> bool:
    """Moving a candidate along is for the requisition's recruiters, its hiring manager and admins (whom
    PRODUCT.md's role table forbids nothing); nobody else changes the outcome (PRODUCT.md §4). What each
    may move to is `hiring.stages`' business."""
    requisition = application.requisition
    if viewer.has_role(ADMIN):
        return True
    if viewer.has_role(HIRING_MANAGER) and requisition.hiring_manager_id == viewer.pk:
        return True
    return viewer.has_role(RECRUITER) and requisition.recruiters.filter(pk=viewer.pk).exists()


def requisitions_open_for(*, viewer: User) -> QuerySet[Requisition]:
    """Open requisitions the viewer may add applications to."""
    requisitions = Requisition.objects.filter(status=Requisition.Status.OPEN).select_related("team")
    if viewer.has_role(ADMIN):
        return requisitions.order_by("title", "id")
    mine = Q(pk__in=[])
    if viewer.has_role(RECRUITER):
        mine |= Q(recruiters=viewer)
    if viewer.has_role(HIRING_MANAGER):
        mine |= Q(hiring_manager=viewer)
    return requisitions.filter(pk__in=Requisition.objects.filter(mine).values("pk")).order_by("title", "id")
