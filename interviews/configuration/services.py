"""Writes to the interview configuration. Rubric versions with scorecards are never edited in place."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from accounts.models import User
from core.errors import ValidationFailed, shown
from core.services import model_update
from hiring.codes import INDIVIDUAL_LEVELS, Level, RoleFamily, level_error
from interviews.models import Competency, LoopTemplate, RoundType, RubricVersion, Scorecard, TemplateRound

NO_COMPETENCIES = "A rubric needs at least one competency."
NO_REQUIRED_COMPETENCY = "At least one competency must be required."
DUPLICATE_COMPETENCY = "Competency code {code} appears more than once."
ANCHOR_MISSING = "{name}: write a descriptor for every point of the scale (missing: {points})."
WEIGHT_NOT_POSITIVE = "{name}: the weight must be greater than 0."
TEMPLATE_TAKEN = "A template with this role family, level and name already exists."
NO_ROUNDS = "A loop template needs at least one round."
DUPLICATE_ROUND = "Round {code} appears more than once; a loop has one interview per round type."
DUPLICATE_ORDER = "Two rounds share the position {order}."
RUBRIC_WRONG_ROUND = "Rubric {rubric} belongs to the {actual} round, not {expected}."
UNKNOWN_RUBRIC = "No rubric with id {rubric}."
NO_RUBRIC = "The {code} round has no rubric yet; create one first."
OVERVIEW_NOT_FIRST = "The overview round comes first in every loop."
EM_NEEDS_TECHNICAL = "An engineering-manager template must include the ML coding and breadth rounds (required)."
SENIOR_NEEDS_SYSTEMS = "From senior level up the ML systems round is required."
UNKNOWN_BAR_COMPETENCY = "No competency {code} in this template's rubrics."
BAR_OFF_SCALE = "A bar is between 1 and 4 (got {bar} for {code})."
SENIOR_LEVELS = {Level.SENIOR, Level.STAFF}


def _competency_problems(competencies: Sequence[Mapping[str, Any]]) -> list[str]:
    problems = []
    if not competencies:
        return [NO_COMPETENCIES]
    if not any(c.get("required", True) for c in competencies):
        problems.append(NO_REQUIRED_COMPETENCY)
    seen = set()
    for competency in competencies:
        code, name = competency["code"], competency.get("name") or competency["code"]
        if code in seen:
            problems.append(DUPLICATE_COMPETENCY.format(code=shown(code)))
        seen.add(code)
        anchors = competency.get("anchors") or {}
        missing = [p for p in ("1", "2", "3", "4") if not str(anchors.get(p, "")).strip()]
        if missing:
            problems.append(ANCHOR_MISSING.format(name=name, points=", ".join(missing)))
        if Decimal(str(competency.get("weight", 1))) <= 0:
            problems.append(WEIGHT_NOT_POSITIVE.format(name=name))
    return problems


def _create_version(
    *, round_type: RoundType, competencies: Sequence[Mapping[str, Any]], notes: str, actor: User | None
) -> RubricVersion:
    number = (RubricVersion.objects.filter(round_type=round_type).aggregate(n=Max("version"))["n"] or 0) + 1
    rubric = RubricVersion.objects.create(round_type=round_type, version=number, notes=notes, created_by=actor)
    _write_competencies(rubric, competencies)
    return rubric


def _write_competencies(rubric: RubricVersion, competencies: Sequence[Mapping[str, Any]]) -> None:
    for order, c in enumerate(competencies, start=1):
        anchors = c["anchors"]
        Competency.objects.create(
            rubric=rubric,
            code=c["code"],
            name=c.get("name") or c["code"],
            description=c.get("description", ""),
            weight=Decimal(str(c.get("weight", 1))),
            required=c.get("required", True),
            order=order,
            anchor_1=anchors["1"],
            anchor_2=anchors["2"],
            anchor_3=anchors["3"],
            anchor_4=anchors["4"],
        )


@transaction.atomic
def rubric_create(
    *, round_type: RoundType, competencies: Sequence[Mapping[str, Any]], notes: str = "", actor: User | None = None
) -> RubricVersion:
    """A new version for the round type; templates move to it, existing interviews keep theirs."""
    problems = _competency_problems(competencies)
    if problems:
        raise ValidationFailed({"competencies": problems})
    rubric = _create_version(round_type=round_type, competencies=competencies, notes=notes, actor=actor)
    TemplateRound.objects.filter(round_type=round_type).update(rubric=rubric)
    return rubric


@transaction.atomic
def rubric_update(
    *,
    rubric: RubricVersion,
    competencies: Sequence[Mapping[str, Any]],
    notes: str | None = None,
    actor: User | None = None,
) -> tuple[RubricVersion, bool]:
    """Edit a rubric. Once any scorecard was filled against it, the edit becomes a new version.

    Returns the rubric now holding the edit and whether it is a new version. Loop templates follow
    the newest version; interviews and scorecards keep the version they were created with.
    """
    problems = _competency_problems(competencies)
    if problems:
        raise ValidationFailed({"competencies": problems})
    if Scorecard.objects.filter(rubric=rubric).exists():
        new = _create_version(round_type=rubric.round_type, competencies=competencies, notes=notes or "", actor=actor)
        TemplateRound.objects.filter(round_type=rubric.round_type).update(rubric=new)
        return new, True
    rubric.competencies.all().delete()
    _write_competencies(rubric, competencies)
    model_update(instance=rubric, fields=["notes"], data={} if notes is None else {"notes": notes})
    return rubric, False


def _template_problems(
    *, role_family: str, level: str, rounds: Sequence[Mapping[str, Any]], competency_bars: Mapping[str, Any]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    mismatch = level_error(role_family, level)
    if mismatch:
        errors["level"] = [mismatch]
    round_errors = _round_problems(rounds) + _ladder_problems(role_family=role_family, level=level, rounds=rounds)
    if round_errors:
        errors["rounds"] = round_errors
    bar_errors = _bar_problems(rounds, competency_bars)
    if bar_errors:
        errors["policy"] = bar_errors
    return errors


def _duplicates(values: list) -> list:
    return sorted({value for value in values if values.count(value) > 1})


def _round_problems(rounds: Sequence[Mapping[str, Any]]) -> list[str]:
    """Some rounds, each type once, each position once, each with its own round's rubric, overview first."""
    problems = [] if rounds else [NO_ROUNDS]
    problems += [
        DUPLICATE_ROUND.format(code=shown(code)) for code in _duplicates([r["round_type"].code for r in rounds])
    ]
    problems += [DUPLICATE_ORDER.format(order=order) for order in _duplicates([r["order"] for r in rounds])]
    problems += [
        RUBRIC_WRONG_ROUND.format(
            rubric=r["rubric"].id, actual=r["rubric"].round_type.code, expected=r["round_type"].code
        )
        for r in rounds
        if r["rubric"].round_type_id != r["round_type"].id
    ]
    overview = [r for r in rounds if r["round_type"].code == RoundType.Code.OVERVIEW]
    if overview and overview[0]["order"] != min(r["order"] for r in rounds):
        problems.append(OVERVIEW_NOT_FIRST)
    return problems


def _ladder_problems(*, role_family: str, level: str, rounds: Sequence[Mapping[str, Any]]) -> list[str]:
    """Engineering managers are held to the technical rounds; senior scientists and engineers to ML systems."""
    required = {r["round_type"].code for r in rounds if r.get("required")}
    problems = []
    if role_family == RoleFamily.ENGINEERING_MANAGER and not {"ml_coding", "breadth"} <= required:
        problems.append(EM_NEEDS_TECHNICAL)
    if level in SENIOR_LEVELS and level in INDIVIDUAL_LEVELS and "ml_systems" not in required:
        problems.append(SENIOR_NEEDS_SYSTEMS)
    return problems


def _bar_problems(rounds: Sequence[Mapping[str, Any]], competency_bars: Mapping[str, Any]) -> list[str]:
    """A template's own bars name competencies of its rubrics and lie on the 1–4 scale."""
    known = set(Competency.objects.filter(rubric__in=[r["rubric"] for r in rounds]).values_list("code", flat=True))
    problems = []
    for code, bar in competency_bars.items():
        if code not in known:
            problems.append(UNKNOWN_BAR_COMPETENCY.format(code=shown(code)))
        elif not 1 <= float(bar) <= 4:
            problems.append(BAR_OFF_SCALE.format(bar=bar, code=code))
    return problems


@transaction.atomic
def loop_template_save(
    *,
    template: LoopTemplate | None,
    name: str,
    role_family: str,
    level: str,
    rounds: Sequence[Mapping[str, Any]],
    competency_bar: Decimal,
    competency_bars: Mapping[str, Any],
    is_active: bool = True,
) -> LoopTemplate:
    """Create or replace a template with its rounds. Existing loops keep their own interviews."""
    errors = _template_problems(role_family=role_family, level=level, rounds=rounds, competency_bars=competency_bars)
    duplicate = LoopTemplate.objects.filter(role_family=role_family, level=level, name=name)
    if template is not None:
        duplicate = duplicate.exclude(pk=template.pk)
    if duplicate.exists():
        errors.setdefault("name", []).append(TEMPLATE_TAKEN)
    if errors:
        raise ValidationFailed(errors)
    template = template or LoopTemplate()
    template.name, template.role_family, template.level = name, role_family, level
    template.competency_bar = competency_bar
    template.competency_bars = {code: float(bar) for code, bar in competency_bars.items()}
    template.is_active = is_active
    template.save()
    template.rounds.all().delete()
    TemplateRound.objects.bulk_create(
        TemplateRound(
            template=template,
            round_type=r["round_type"],
            rubric=r["rubric"],
            required=r.get("required", True),
            minutes=r.get("minutes") or r["round_type"].default_minutes,
            order=r["order"],
        )
        for r in rounds
    )
    return template


# What an admin may change about a round type (its code is fixed by the API).
ROUND_TYPE_FIELDS = [
    "name",
    "purpose",
    "what_to_probe",
    "candidate_description",
    "default_minutes",
    "requires_senior_leader",
    "order",
]


@transaction.atomic
def round_type_update(*, round_type: RoundType, data: Mapping[str, Any]) -> RoundType:
    """Edit a round type's wording, default length or seniority rule; its code is fixed by the API."""
    model_update(instance=round_type, fields=ROUND_TYPE_FIELDS, data=data)
    return round_type
