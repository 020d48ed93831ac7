from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADMIN, COMMITTEE, HIRING_MANAGER, RECRUITER
from core.errors import PermissionDenied, ValidationFailed
from hiring import headcount, limits
from hiring.codes import RoleFamily, level_error
from hiring.models import (
    Application,
    Candidate,
    Committee,
    ExistingHeadcount,
    HiringSettings,
    Requisition,
    Team,
    UseCase,
)
from hiring.selectors import (
    application_can_change,
    candidate_can_change,
    hiring_can_plan,
    requisition_can_change,
    requisition_gate_problems,
    use_case_can_accept,
    use_case_is_own_proposal,
)

COMMITTEE_NAME_TAKEN = "A committee with this name already exists."
NOT_COMMITTEE_MEMBERS = "{names}: not in the committee role; give them the role first."
UNKNOWN_USERS = "No users with ids {ids}."

# Use cases
ONLY_PLANNERS = "Only recruiters, hiring managers and admins work on use cases and requisitions."
ONLY_HIRING_MANAGERS_ACCEPT = "Only a hiring manager (or an admin) accepts or retires a use case."
PROPOSER_CANNOT_ACCEPT = (
    "You proposed this use case, so someone else accepts it: another hiring manager or an admin (four eyes)."
)
UNKNOWN_TEAM = "No team with id {id}."
ACCEPT_NEEDS_BASELINE = "Write the baseline that was tried before accepting the use case."
ACCEPT_NEEDS_WHY = "Write why the baseline is not enough before accepting the use case."
ALREADY_ACCEPTED = "This use case is already accepted."
ALREADY_RETIRED = "This use case is already retired."
ACCEPTED_KEEPS_JUSTIFICATION = (
    "An accepted use case keeps its baseline justification; retire it instead of clearing this."
)

# Requisitions
ONLY_OWNERS_CHANGE = "Only this requisition's hiring manager, its recruiters and admins change it."
REQUISITION_IS_HISTORY = "A {status} requisition is history and cannot be changed."
CHOOSE_HIRING_MANAGER = "Choose the hiring manager who owns this requisition."
NOT_A_HIRING_MANAGER = "{name} is not a hiring manager; give them the role first."
NOT_RECRUITERS = "{names}: not in the recruiter role; give them the role first."
UNKNOWN_COMMITTEE = "No committee with id {id}."
UNKNOWN_USE_CASES = "No use cases with ids {ids}."
BAD_TRANSITION = "Only a requisition that is {allowed} can be {verb}; this one is {status}."

# Settings
ONLY_ADMINS_CONFIGURE = "Only admins change the hiring settings."
MULTIPLIER_RANGE = "Choose a cap multiplier between 2 and 3."
UNKNOWN_FAMILY = "Unknown role family {code!r}."
NEGATIVE_COUNT = "Counts cannot be negative ({family})."
COUNT_TOO_HIGH = f"Counts cannot exceed {limits.MAX_TEAM_COUNT:,} ({{family}})."

# Candidates and applications
ONLY_PLANNERS_ADD_CANDIDATES = "Only recruiters, hiring managers and admins add candidates."
ONLY_CONTACT_HOLDERS_CHANGE = (
    "Only admins and the recruiters or hiring managers working with this candidate change or anonymize them."
)
CANDIDATE_EMAIL_TAKEN = "A candidate with this email already exists (#{id}); add an application to them instead."
CANDIDATE_ANONYMIZED = "This candidate was anonymized on {date}; their details cannot be changed."
ALREADY_ANONYMIZED = "This candidate was already anonymized on {date}."
ANONYMIZED_NAME = "Anonymized candidate #{id}"
UNKNOWN_CANDIDATE = "No candidate with id {id}."
UNKNOWN_REQUISITION = "No requisition with id {id}."
ONLY_OWNERS_ADD_APPLICATIONS = "Only the requisition's hiring manager, its recruiters and admins add candidates to it."
ONLY_OWNERS_MOVE = "Only the requisition's hiring manager, its recruiters and admins move its applications."
REQUISITION_NOT_OPEN = "Candidates are added only to open requisitions; this one is {status}."
ALREADY_APPLIED = "{candidate} already has an application for {requisition} (#{id}); move that one instead."
START_STAGES = (Application.Stage.APPLIED, Application.Stage.SCREEN)
BAD_START_STAGE = "A new application starts at applied or screen."
FINAL_STAGES = (Application.Stage.HIRED, Application.Stage.REJECTED, Application.Stage.WITHDRAWN)
STAGE_IS_FINAL = "This application is {stage}, which is final."
ALREADY_AT_STAGE = "This application is already at {stage}."
HIRE_NEEDS_OFFER = "Only an application at offer can be marked hired; this one is at {stage}."
HIRE_NEEDS_ACTIVE_REQUISITION = "Hires are recorded on open or on-hold requisitions; this one is {status}."
SEATS_FULL = "All {headcount} seat(s) of this requisition are filled; raise its headcount first."

# Sentinel for "not given" where None is a meaningful value (clearing an optional link).
UNCHANGED: Any = object()


def _committee_people(*, member_ids: Iterable[int], chair_id: int) -> tuple[list[User], User]:
    """Resolve and check the people; the chair is always a member."""
    ids = set(member_ids) | {chair_id}
    users = {user.pk: user for user in User.objects.filter(pk__in=ids).prefetch_related("groups")}
    missing = sorted(ids - set(users))
    if missing:
        field = "chair" if missing == [chair_id] and chair_id not in set(member_ids) else "members"
        raise ValidationFailed({field: [UNKNOWN_USERS.format(ids=", ".join(map(str, missing)))]})
    outsiders = sorted(str(user) for user in users.values() if not user.has_role(COMMITTEE))
    if outsiders:
        raise ValidationFailed({"members": [NOT_COMMITTEE_MEMBERS.format(names=", ".join(outsiders))]})
    return list(users.values()), users[chair_id]


@transaction.atomic
def committee_create(*, name: str, member_ids: Iterable[int], chair_id: int) -> Committee:
    if Committee.objects.filter(name__iexact=name).exists():
        raise ValidationFailed({"name": [COMMITTEE_NAME_TAKEN]})
    members, chair = _committee_people(member_ids=member_ids, chair_id=chair_id)
    committee = Committee.objects.create(name=name, chair=chair)
    committee.members.set(members)
    return committee


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    name: str | None = None,
    member_ids: Iterable[int] | None = None,
    chair_id: int | None = None,
) -> Committee:
    if name is not None and name.lower() != committee.name.lower():
        if Committee.objects.filter(name__iexact=name).exclude(pk=committee.pk).exists():
            raise ValidationFailed({"name": [COMMITTEE_NAME_TAKEN]})
        committee.name = name
    if member_ids is not None or chair_id is not None:
        current_members = member_ids if member_ids is not None else committee.members.values_list("pk", flat=True)
        members, chair = _committee_people(
            member_ids=list(current_members), chair_id=chair_id if chair_id is not None else committee.chair_id
        )
        committee.chair = chair
        committee.members.set(members)
    committee.save()
    return committee


# --- Use cases ---------------------------------------------------------------------------------


def _team(team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise ValidationFailed({"team": [UNKNOWN_TEAM.format(id=team_id)]})
    return team


def _require_planner(actor: User) -> None:
    if not hiring_can_plan(viewer=actor):
        raise PermissionDenied(ONLY_PLANNERS)


@transaction.atomic
def use_case_create(
    *,
    actor: User,
    title: str,
    problem: str,
    category: str,
    team_id: int | None = None,
    baseline_tried: str = "",
    why_baseline_insufficient: str = "",
) -> UseCase:
    """A proposed use case; a hiring manager accepts it once its baseline justification is written."""
    _require_planner(actor)
    return UseCase.objects.create(
        title=title,
        problem=problem,
        category=category,
        team=_team(team_id),
        baseline_tried=baseline_tried,
        why_baseline_insufficient=why_baseline_insufficient,
        status=UseCase.Status.PROPOSED,
        proposed_by=actor,
    )


@transaction.atomic
def use_case_update(
    *,
    use_case: UseCase,
    actor: User,
    title: str | None = None,
    problem: str | None = None,
    category: str | None = None,
    team_id: int | None = UNCHANGED,
    baseline_tried: str | None = None,
    why_baseline_insufficient: str | None = None,
) -> UseCase:
    _require_planner(actor)
    for name, value in (
        ("title", title),
        ("problem", problem),
        ("category", category),
        ("baseline_tried", baseline_tried),
        ("why_baseline_insufficient", why_baseline_insufficient),
    ):
        if value is not None:
            setattr(use_case, name, value)
    if team_id is not UNCHANGED:
        use_case.team = _team(team_id)
    if use_case.status == UseCase.Status.ACCEPTED:
        cleared = {
            name: [ACCEPTED_KEEPS_JUSTIFICATION]
            for name in ("baseline_tried", "why_baseline_insufficient")
            if not getattr(use_case, name).strip()
        }
        if cleared:
            raise ValidationFailed(cleared)
    use_case.save()
    return use_case


@transaction.atomic
def use_case_accept(*, use_case: UseCase, actor: User) -> UseCase:
    """Accepting says: a real problem that simple baselines could not solve. Needs both justifications,
    and someone other than the proposer (admins excepted): the reason to hire is checked by a second person."""
    if not use_case_can_accept(viewer=actor):
        raise PermissionDenied(ONLY_HIRING_MANAGERS_ACCEPT)
    if use_case_is_own_proposal(viewer=actor, use_case=use_case):
        raise PermissionDenied(PROPOSER_CANNOT_ACCEPT)
    if use_case.status == UseCase.Status.ACCEPTED:
        raise ValidationFailed({"status": [ALREADY_ACCEPTED]})
    errors = {}
    if not use_case.baseline_tried.strip():
        errors["baseline_tried"] = [ACCEPT_NEEDS_BASELINE]
    if not use_case.why_baseline_insufficient.strip():
        errors["why_baseline_insufficient"] = [ACCEPT_NEEDS_WHY]
    if errors:
        raise ValidationFailed(errors)
    use_case.status = UseCase.Status.ACCEPTED
    use_case.accepted_by = actor
    use_case.accepted_at = timezone.now()
    use_case.save()
    return use_case


@transaction.atomic
def use_case_retire(*, use_case: UseCase, actor: User) -> UseCase:
    """No longer a reason to hire. Open requisitions keep running; the gate applies when one next opens."""
    if not use_case_can_accept(viewer=actor):
        raise PermissionDenied(ONLY_HIRING_MANAGERS_ACCEPT)
    if use_case.status == UseCase.Status.RETIRED:
        raise ValidationFailed({"status": [ALREADY_RETIRED]})
    use_case.status = UseCase.Status.RETIRED
    use_case.save()
    return use_case


# --- Requisitions ------------------------------------------------------------------------------


def _hiring_manager(user_id: int) -> User:
    user = User.objects.filter(pk=user_id).prefetch_related("groups").first()
    if user is None:
        raise ValidationFailed({"hiring_manager": [UNKNOWN_USERS.format(ids=user_id)]})
    if not user.has_role(HIRING_MANAGER):
        raise ValidationFailed({"hiring_manager": [NOT_A_HIRING_MANAGER.format(name=user)]})
    return user


def _recruiters(user_ids: Iterable[int]) -> list[User]:
    ids = set(user_ids)
    users = {user.pk: user for user in User.objects.filter(pk__in=ids).prefetch_related("groups")}
    missing = sorted(ids - set(users))
    if missing:
        raise ValidationFailed({"recruiters": [UNKNOWN_USERS.format(ids=", ".join(map(str, missing)))]})
    outsiders = sorted(str(user) for user in users.values() if not user.has_role(RECRUITER))
    if outsiders:
        raise ValidationFailed({"recruiters": [NOT_RECRUITERS.format(names=", ".join(outsiders))]})
    return list(users.values())


def _committee(committee_id: int | None) -> Committee | None:
    if committee_id is None:
        return None
    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None:
        raise ValidationFailed({"committee": [UNKNOWN_COMMITTEE.format(id=committee_id)]})
    return committee


def _use_cases(use_case_ids: Iterable[int]) -> list[UseCase]:
    ids = set(use_case_ids)
    use_cases = list(UseCase.objects.filter(pk__in=ids))
    missing = sorted(ids - {use_case.pk for use_case in use_cases})
    if missing:
        raise ValidationFailed({"use_cases": [UNKNOWN_USE_CASES.format(ids=", ".join(map(str, missing)))]})
    return use_cases


def _check_level(role_family: str, level: str) -> None:
    message = level_error(role_family, level)
    if message:
        raise ValidationFailed({"level": [message]})


def _check_gate(role_family: str, use_cases: list[UseCase]) -> None:
    problems = requisition_gate_problems(role_family=role_family, use_cases=use_cases)
    if problems:
        raise ValidationFailed({"use_cases": problems})


@transaction.atomic
def requisition_create(
    *,
    actor: User,
    role_family: str,
    level: str,
    team_id: int,
    headcount: int = 1,
    title: str = "",
    use_case_ids: Iterable[int] = (),
    hiring_manager_id: int | None = None,
    recruiter_ids: Iterable[int] = (),
    committee_id: int | None = None,
) -> Requisition:
    """A draft requisition. A hiring manager creating one owns it unless they name someone else;
    a recruiter creating one is among its recruiters, so they can keep working on it."""
    _require_planner(actor)
    _check_level(role_family, level)
    team = _team(team_id)
    if hiring_manager_id is None:
        if not actor.has_role(HIRING_MANAGER):
            raise ValidationFailed({"hiring_manager": [CHOOSE_HIRING_MANAGER]})
        hiring_manager_id = actor.pk
    hiring_manager = _hiring_manager(hiring_manager_id)
    recruiter_ids = set(recruiter_ids)
    if actor.has_role(RECRUITER):
        recruiter_ids.add(actor.pk)
    recruiters = _recruiters(recruiter_ids)
    use_cases = _use_cases(use_case_ids)
    requisition = Requisition.objects.create(
        title=title,
        role_family=role_family,
        level=level,
        team=team,
        headcount=headcount,
        hiring_manager=hiring_manager,
        committee=_committee(committee_id),
        status=Requisition.Status.DRAFT,
    )
    requisition.use_cases.set(use_cases)
    requisition.recruiters.set(recruiters)
    return requisition


def _require_changeable(requisition: Requisition, actor: User) -> None:
    if not requisition_can_change(viewer=actor, requisition=requisition):
        raise PermissionDenied(ONLY_OWNERS_CHANGE)
    if requisition.status in {Requisition.Status.FILLED, Requisition.Status.CLOSED}:
        raise ValidationFailed(
            {"status": [REQUISITION_IS_HISTORY.format(status=requisition.get_status_display().lower())]}
        )


@transaction.atomic
def requisition_update(
    *,
    requisition: Requisition,
    actor: User,
    title: str | None = None,
    role_family: str | None = None,
    level: str | None = None,
    team_id: int | None = None,
    headcount: int | None = None,
    use_case_ids: Iterable[int] | None = None,
    hiring_manager_id: int | None = None,
    recruiter_ids: Iterable[int] | None = None,
    committee_id: int | None = UNCHANGED,
) -> Requisition:
    """Edit a draft, open or on-hold requisition. An open one must still pass the use-case gate."""
    _require_changeable(requisition, actor)
    if title is not None:
        requisition.title = title
    if role_family is not None:
        requisition.role_family = role_family
    if level is not None:
        requisition.level = level
    _check_level(requisition.role_family, requisition.level)
    if team_id is not None:
        requisition.team = _team(team_id)
    if headcount is not None:
        requisition.headcount = headcount
    if hiring_manager_id is not None:
        requisition.hiring_manager = _hiring_manager(hiring_manager_id)
    if committee_id is not UNCHANGED:
        requisition.committee = _committee(committee_id)
    use_cases = _use_cases(use_case_ids) if use_case_ids is not None else list(requisition.use_cases.all())
    if requisition.status == Requisition.Status.OPEN:
        _check_gate(requisition.role_family, use_cases)
    requisition.save()
    if use_case_ids is not None:
        requisition.use_cases.set(use_cases)
    if recruiter_ids is not None:
        requisition.recruiters.set(_recruiters(recruiter_ids))
    return requisition


# action → (statuses it may start from, status it leads to, verb for messages)
TRANSITIONS = {
    "open": ({Requisition.Status.DRAFT, Requisition.Status.ON_HOLD}, Requisition.Status.OPEN, "opened"),
    "hold": ({Requisition.Status.OPEN}, Requisition.Status.ON_HOLD, "put on hold"),
    "fill": ({Requisition.Status.OPEN, Requisition.Status.ON_HOLD}, Requisition.Status.FILLED, "marked filled"),
    "close": (
        {Requisition.Status.DRAFT, Requisition.Status.OPEN, Requisition.Status.ON_HOLD},
        Requisition.Status.CLOSED,
        "closed",
    ),
}


def _transition(requisition: Requisition, actor: User, action: str) -> Requisition:
    if not requisition_can_change(viewer=actor, requisition=requisition):
        raise PermissionDenied(ONLY_OWNERS_CHANGE)
    sources, target, verb = TRANSITIONS[action]
    if requisition.status not in sources:
        allowed = " or ".join(sorted(Requisition.Status(s).label.lower() for s in sources))
        raise ValidationFailed(
            {
                "status": [
                    BAD_TRANSITION.format(allowed=allowed, verb=verb, status=requisition.get_status_display().lower())
                ]
            }
        )
    if target == Requisition.Status.OPEN:
        _check_gate(requisition.role_family, list(requisition.use_cases.all()))
        requisition.opened_at = requisition.opened_at or timezone.now()
    requisition.status = target
    requisition.save()
    return requisition


@transaction.atomic
def requisition_open(*, requisition: Requisition, actor: User) -> Requisition:
    """Open for candidates. ML-scientist families need an accepted, justified use case (the gate)."""
    return _transition(requisition, actor, "open")


@transaction.atomic
def requisition_hold(*, requisition: Requisition, actor: User) -> Requisition:
    return _transition(requisition, actor, "hold")


@transaction.atomic
def requisition_fill(*, requisition: Requisition, actor: User) -> Requisition:
    return _transition(requisition, actor, "fill")


@transaction.atomic
def requisition_close(*, requisition: Requisition, actor: User) -> Requisition:
    return _transition(requisition, actor, "close")


# --- Hiring settings ---------------------------------------------------------------------------


@transaction.atomic
def hiring_settings_update(
    *,
    actor: User,
    company_stage: str | None = None,
    cap_multiplier: Decimal | None = None,
    existing_team: Mapping[str, int] | None = None,
) -> HiringSettings:
    """Company stage, cap multiplier and the existing team per role family (admins only)."""
    if not actor.has_role(ADMIN):
        raise PermissionDenied(ONLY_ADMINS_CONFIGURE)
    settings, _ = HiringSettings.objects.get_or_create(pk=HiringSettings.SINGLETON_PK)
    if company_stage is not None:
        settings.company_stage = company_stage
    if cap_multiplier is not None:
        if not headcount.MIN_CAP_MULTIPLIER <= Decimal(cap_multiplier) <= headcount.MAX_CAP_MULTIPLIER:
            raise ValidationFailed({"cap_multiplier": [MULTIPLIER_RANGE]})
        settings.cap_multiplier = Decimal(cap_multiplier)
    settings.save()
    if existing_team is not None:
        unknown = sorted(code for code in existing_team if code not in RoleFamily.values)
        if unknown:
            raise ValidationFailed({"existing_team": [UNKNOWN_FAMILY.format(code=code) for code in unknown]})
        negative = sorted(code for code, count in existing_team.items() if count < 0)
        if negative:
            raise ValidationFailed({"existing_team": [NEGATIVE_COUNT.format(family=code) for code in negative]})
        too_many = sorted(code for code, count in existing_team.items() if count > limits.MAX_TEAM_COUNT)
        if too_many:
            raise ValidationFailed({"existing_team": [COUNT_TOO_HIGH.format(family=code) for code in too_many]})
        for code, count in existing_team.items():
            ExistingHeadcount.objects.update_or_create(settings=settings, role_family=code, defaults={"count": count})
    return settings


# --- Candidates --------------------------------------------------------------------------------


def _check_email_free(email: str, *, exclude_id: int | None = None) -> None:
    if not email:
        return
    existing = Candidate.objects.filter(email__iexact=email).exclude(pk=exclude_id).first()
    if existing is not None:
        raise ValidationFailed({"email": [CANDIDATE_EMAIL_TAKEN.format(id=existing.pk)]})


@transaction.atomic
def candidate_create(
    *,
    actor: User,
    name: str,
    email: str = "",
    phone: str = "",
    timezone_name: str = "UTC",
    links: Iterable[str] = (),
    source: str = "",
) -> Candidate:
    """A person in the pipeline; whoever adds them sees their contact details."""
    if not hiring_can_plan(viewer=actor):
        raise PermissionDenied(ONLY_PLANNERS_ADD_CANDIDATES)
    _check_email_free(email)
    return Candidate.objects.create(
        name=name,
        email=email,
        phone=phone,
        timezone=timezone_name,
        links=list(links),
        source=source,
        created_by=actor,
    )


def _require_candidate_changeable(candidate: Candidate, actor: User) -> None:
    if not candidate_can_change(viewer=actor, candidate=candidate):
        raise PermissionDenied(ONLY_CONTACT_HOLDERS_CHANGE)


@transaction.atomic
def candidate_update(
    *,
    candidate: Candidate,
    actor: User,
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    timezone_name: str | None = None,
    links: Iterable[str] | None = None,
    source: str | None = None,
) -> Candidate:
    _require_candidate_changeable(candidate, actor)
    if candidate.anonymized_at is not None:
        raise ValidationFailed(CANDIDATE_ANONYMIZED.format(date=f"{candidate.anonymized_at:%Y-%m-%d}"))
    if email is not None:
        _check_email_free(email, exclude_id=candidate.pk)
        candidate.email = email
    for name_, value in (("name", name), ("phone", phone), ("timezone", timezone_name), ("source", source)):
        if value is not None:
            setattr(candidate, name_, value)
    if links is not None:
        candidate.links = list(links)
    candidate.save()
    return candidate


@transaction.atomic
def candidate_anonymize(*, candidate: Candidate, actor: User) -> Candidate:
    """Erase what identifies the person; applications, loops, scorecards and statistics stay."""
    _require_candidate_changeable(candidate, actor)
    if candidate.anonymized_at is not None:
        raise ValidationFailed(ALREADY_ANONYMIZED.format(date=f"{candidate.anonymized_at:%Y-%m-%d}"))
    candidate.name = ANONYMIZED_NAME.format(id=candidate.pk)
    candidate.email = ""
    candidate.phone = ""
    candidate.links = []
    candidate.anonymized_at = timezone.now()
    candidate.save()
    return candidate


# --- Applications ------------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *, actor: User, candidate_id: int, requisition_id: int, stage: str = Application.Stage.APPLIED
) -> Application:
    """One application per candidate and requisition, only on open requisitions."""
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    if candidate is None:
        raise ValidationFailed({"candidate": [UNKNOWN_CANDIDATE.format(id=candidate_id)]})
    requisition = Requisition.objects.filter(pk=requisition_id).prefetch_related("recruiters").first()
    if requisition is None:
        raise ValidationFailed({"requisition": [UNKNOWN_REQUISITION.format(id=requisition_id)]})
    if not requisition_can_change(viewer=actor, requisition=requisition):
        raise PermissionDenied(ONLY_OWNERS_ADD_APPLICATIONS)
    if requisition.status != Requisition.Status.OPEN:
        raise ValidationFailed(
            {"requisition": [REQUISITION_NOT_OPEN.format(status=requisition.get_status_display().lower())]}
        )
    if candidate.anonymized_at is not None:
        raise ValidationFailed({"candidate": [CANDIDATE_ANONYMIZED.format(date=f"{candidate.anonymized_at:%Y-%m-%d}")]})
    if stage not in START_STAGES:
        raise ValidationFailed({"stage": [BAD_START_STAGE]})
    existing = Application.objects.filter(candidate=candidate, requisition=requisition).first()
    if existing is None:
        try:
            # A savepoint: a concurrent insert loses to the unique constraint, and we say so clearly.
            with transaction.atomic():
                return Application.objects.create(candidate=candidate, requisition=requisition, stage=stage)
        except IntegrityError:
            existing = Application.objects.get(candidate=candidate, requisition=requisition)
    raise ValidationFailed(
        {"candidate": [ALREADY_APPLIED.format(candidate=candidate, requisition=requisition, id=existing.pk)]}
    )


@transaction.atomic
def application_move(*, application: Application, actor: User, stage: str) -> Application:
    """Move along the pipeline. Hired, rejected and withdrawn are final; hired comes after an offer
    and never beyond the requisition's headcount."""
    if not application_can_change(viewer=actor, application=application):
        raise PermissionDenied(ONLY_OWNERS_MOVE)
    current = Application.Stage(application.stage)
    if current in FINAL_STAGES:
        raise ValidationFailed({"stage": [STAGE_IS_FINAL.format(stage=current.label.lower())]})
    if stage == current:
        raise ValidationFailed({"stage": [ALREADY_AT_STAGE.format(stage=current.label.lower())]})
    if stage == Application.Stage.HIRED:
        requisition = Requisition.objects.select_for_update().get(pk=application.requisition_id)
        if current != Application.Stage.OFFER:
            raise ValidationFailed({"stage": [HIRE_NEEDS_OFFER.format(stage=current.label.lower())]})
        if requisition.status not in {Requisition.Status.OPEN, Requisition.Status.ON_HOLD}:
            raise ValidationFailed(
                {"stage": [HIRE_NEEDS_ACTIVE_REQUISITION.format(status=requisition.get_status_display().lower())]}
            )
        hired = requisition.applications.filter(stage=Application.Stage.HIRED).count()
        if hired >= requisition.headcount:
            raise ValidationFailed({"stage": [SEATS_FULL.format(headcount=requisition.headcount)]})
    application.stage = stage
    application.save()
    return application
