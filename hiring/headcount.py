"""Headcount guidance (PRODUCT.md §1): how many ML scientists, and whom to hire next.

Pure: plain data in, plain data out, no ORM. Selectors load the numbers and call `hiring_plan` or
`requisition_warnings`. Everything here advises with its numbers shown; nothing blocks (the
use-case gate that does block lives in the services).

Counting, per role family: the editable existing team, plus people hired through Loopwise
(filled seats), plus open seats (unfilled headcount of open or on-hold requisitions). Drafts are
not counted until they open; a draft's own page shows what opening it would do.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from hiring.codes import COMPANY_STAGE_ORDER, ML_SCIENTIST_FAMILIES, CompanyStage, RoleFamily

DEFAULT_CAP_MULTIPLIER = Decimal(3)
MIN_CAP_MULTIPLIER = Decimal(2)
MAX_CAP_MULTIPLIER = Decimal(3)
TARGET_RATIO = (1, 2, 4)  # ML scientists : data engineers : analytics engineers
TARGET_RATIO_TEXT = "1 : 2 : 4"

# Requisition statuses (the model's codes; repeated here so this module needs no ORM).
DRAFT, OPEN, ON_HOLD, FILLED, CLOSED = "draft", "open", "on_hold", "filled", "closed"
SEATS_OPEN_IN = frozenset({OPEN, ON_HOLD})
HISTORY = frozenset({FILLED, CLOSED})

# From which stage a family is advised; families not listed are fine at any stage.
ADVISED_FROM = {
    RoleFamily.ML_ENGINEER: CompanyStage.SERIES_C,
    RoleFamily.RESEARCH_SCIENTIST: CompanyStage.SERIES_D,
}
EARLY_STAGE_HIRES = (RoleFamily.APPLIED_SCIENTIST, RoleFamily.DATA_ENGINEER, RoleFamily.ANALYTICS_ENGINEER)

MULTIPLIER_OUT_OF_RANGE = "The cap multiplier must be between 2 and 3; got {multiplier}."

OVER_CAP = (
    "{total} ML scientists (filled + open) exceed the cap of {cap} = {multiplier} × {use_cases} accepted "
    "use cases by {over}. Accept another use case or hold a requisition."
)
REQUISITION_OVER_CAP = (
    "With this requisition's {seats} unfilled seat(s), ML scientists (filled + open) come to {total}, above "
    "the cap of {cap} = {multiplier} × {use_cases} accepted use cases."
)
RATIO_SHORT = "{ml} ML scientists call for {needed} {plural} at 1 : 2 : 4; the team has {have} ({short} short)."
REQUISITION_RATIO_SHORT = (
    "This adds ML scientists while the team is short of {plural}: {ml} ML scientists (with this requisition) "
    "call for {needed} at 1 : 2 : 4 and the team has {have}. Hire {plural} first."
)
RESEARCH_TOO_EARLY = (
    "Research scientists are for Series D/E or around an IPO; the company is at {stage}. "
    "Hire an applied scientist, the end-to-end default, instead."
)
ML_ENGINEER_TOO_EARLY = (
    "ML engineers / MLOps come from Series C onwards; the company is at {stage}. "
    "Hire applied scientists end to end, with data engineers and analytics engineers."
)
PLAN_REQUISITION_WARNING = "{title}: {message}"

RATIO_NO_ML = "No ML scientists counted yet; the 1 : 2 : 4 ratio applies from the first one."
RATIO_MET = "At or above 1 : 2 : 4 ({actual}): the data team can support another ML scientist, within the use-case cap."
RATIO_HIRE_NEXT = "Hire {plural} next: {have} of {needed} for {ml} ML scientists at 1 : 2 : 4."
RATIO_THEN = " Then {plural}: {have} of {needed}."

STAGE_EARLY = (
    "At {stage}, hire applied scientists (end to end), data engineers and analytics engineers. "
    "ML engineers / MLOps come from Series C; research scientists from Series D/E or around an IPO."
)
STAGE_GROWTH = (
    "At {stage}, add ML engineers / MLOps alongside applied scientists, data engineers and analytics "
    "engineers. Research scientists come from Series D/E or around an IPO."
)
STAGE_LATE = (
    "At {stage}, research scientists may join applied scientists, ML engineers / MLOps, data engineers "
    "and analytics engineers."
)
PAY_NOTE = (
    "Applied scientists are the end-to-end default and are paid above ML engineers, who sit on the "
    "software-engineer scale."
)

PLURALS = {
    RoleFamily.DATA_ENGINEER: "data engineers",
    RoleFamily.ANALYTICS_ENGINEER: "analytics engineers",
}


@dataclass(frozen=True)
class RequisitionSeats:
    """A requisition as the guidance sees it: its family, status, headcount and hires so far."""

    id: int
    title: str
    role_family: str
    status: str
    headcount: int
    hired: int = 0

    @property
    def filled(self) -> int:
        # A requisition marked filled has all its seats taken, even if hires were recorded elsewhere.
        return max(self.headcount, self.hired) if self.status == FILLED else self.hired

    @property
    def open(self) -> int:
        return max(self.headcount - self.hired, 0) if self.status in SEATS_OPEN_IN else 0

    @property
    def unfilled(self) -> int:
        return max(self.headcount - self.hired, 0)


@dataclass(frozen=True)
class PlanInput:
    company_stage: str
    cap_multiplier: Decimal
    accepted_use_cases: int
    existing: Mapping[str, int] = field(default_factory=dict)  # editable existing team per role family
    requisitions: Sequence[RequisitionSeats] = ()


@dataclass(frozen=True)
class FamilyCount:
    role_family: str
    existing: int = 0
    hired: int = 0  # seats filled through Loopwise
    open: int = 0

    @property
    def filled(self) -> int:
        return self.existing + self.hired

    @property
    def total(self) -> int:
        return self.filled + self.open

    def __add__(self, other: "FamilyCount") -> "FamilyCount":
        return FamilyCount(
            role_family=self.role_family,
            existing=self.existing + other.existing,
            hired=self.hired + other.hired,
            open=self.open + other.open,
        )


@dataclass(frozen=True)
class HeadcountWarning:
    code: str
    message: str
    requisition_id: int | None = None
    numbers: Mapping[str, int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class RatioAdvice:
    ml_scientists: int
    data_engineers: int
    analytics_engineers: int
    needed_data_engineers: int
    needed_analytics_engineers: int
    hire_next: str | None
    advice: str

    @property
    def short_data_engineers(self) -> int:
        return max(self.needed_data_engineers - self.data_engineers, 0)

    @property
    def short_analytics_engineers(self) -> int:
        return max(self.needed_analytics_engineers - self.analytics_engineers, 0)

    @property
    def actual_text(self) -> str:
        return f"{self.ml_scientists} : {self.data_engineers} : {self.analytics_engineers}"


@dataclass(frozen=True)
class StageAdvice:
    stage: str
    label: str
    hire: tuple[str, ...]
    not_yet: tuple[str, ...]
    message: str
    pay_note: str = PAY_NOTE


@dataclass(frozen=True)
class HiringPlan:
    use_cases: int
    cap_multiplier: Decimal
    cap: int
    ml_scientists: FamilyCount
    families: tuple[FamilyCount, ...]
    ratio: RatioAdvice
    stage_advice: StageAdvice
    warnings: tuple[HeadcountWarning, ...]

    @property
    def over_cap_by(self) -> int:
        return max(self.ml_scientists.total - self.cap, 0)


def format_multiplier(multiplier: Decimal) -> str:
    """3.00 → "3", 2.50 → "2.5": the number as a person would write it."""
    text = format(Decimal(multiplier).normalize(), "f")
    return text


def ml_scientist_cap(*, use_cases: int, multiplier: Decimal) -> int:
    """Whole people: the cap is the multiplier × accepted use cases, rounded down."""
    multiplier = Decimal(multiplier)
    if not MIN_CAP_MULTIPLIER <= multiplier <= MAX_CAP_MULTIPLIER:
        raise ValueError(MULTIPLIER_OUT_OF_RANGE.format(multiplier=multiplier))
    return int(multiplier * max(use_cases, 0))


def family_counts(*, existing: Mapping[str, int], requisitions: Sequence[RequisitionSeats]) -> dict[str, FamilyCount]:
    """Existing + hired + open seats for every role family (all families present, zeros included)."""
    counts = {
        family.value: FamilyCount(role_family=family.value, existing=existing.get(family, 0)) for family in RoleFamily
    }
    for requisition in requisitions:
        family = str(requisition.role_family)
        counts[family] = counts[family] + FamilyCount(
            role_family=family, hired=requisition.filled, open=requisition.open
        )
    return counts


def ml_scientist_count(counts: Mapping[str, FamilyCount]) -> FamilyCount:
    """Applied and research scientists together."""
    total = FamilyCount(role_family="ml_scientists")
    for family in ML_SCIENTIST_FAMILIES:
        total = total + counts[family]
    return total


def ratio_advice(*, ml_scientists: int, data_engineers: int, analytics_engineers: int) -> RatioAdvice:
    """The team against 1 : 2 : 4 and which family to hire next to approach it."""
    needed_de, needed_ae = TARGET_RATIO[1] * ml_scientists, TARGET_RATIO[2] * ml_scientists
    actual = f"{ml_scientists} : {data_engineers} : {analytics_engineers}"
    if ml_scientists == 0:
        hire_next, advice = None, RATIO_NO_ML
    elif data_engineers >= needed_de and analytics_engineers >= needed_ae:
        hire_next, advice = RoleFamily.APPLIED_SCIENTIST.value, RATIO_MET.format(actual=actual)
    else:
        shortfalls = [
            (RoleFamily.DATA_ENGINEER.value, data_engineers, needed_de),
            (RoleFamily.ANALYTICS_ENGINEER.value, analytics_engineers, needed_ae),
        ]
        short = [item for item in shortfalls if item[1] < item[2]]
        # Furthest below its target (as a fraction) first; ties go to data engineers: pipelines first.
        short.sort(key=lambda item: Decimal(item[1]) / Decimal(item[2]))
        hire_next = short[0][0]
        family, have, needed = short[0]
        advice = RATIO_HIRE_NEXT.format(plural=PLURALS[family], have=have, needed=needed, ml=ml_scientists)
        for family, have, needed in short[1:]:
            advice += RATIO_THEN.format(plural=PLURALS[family], have=have, needed=needed)
    return RatioAdvice(
        ml_scientists=ml_scientists,
        data_engineers=data_engineers,
        analytics_engineers=analytics_engineers,
        needed_data_engineers=needed_de,
        needed_analytics_engineers=needed_ae,
        hire_next=hire_next,
        advice=advice,
    )


def _stage_reached(stage: str, threshold: str) -> bool:
    return COMPANY_STAGE_ORDER.index(stage) >= COMPANY_STAGE_ORDER.index(threshold)


def stage_advice(stage: str) -> StageAdvice:
    """Whom to hire at this company stage (PRODUCT.md §1)."""
    label = CompanyStage(stage).label
    advised = [family.value for family in EARLY_STAGE_HIRES]
    not_yet = []
    for family, threshold in ADVISED_FROM.items():
        (advised if _stage_reached(stage, threshold) else not_yet).append(family.value)
    if not _stage_reached(stage, CompanyStage.SERIES_C):
        message = STAGE_EARLY.format(stage=label)
    elif not _stage_reached(stage, CompanyStage.SERIES_D):
        message = STAGE_GROWTH.format(stage=label)
    else:
        message = STAGE_LATE.format(stage=label)
    return StageAdvice(stage=stage, label=label, hire=tuple(advised), not_yet=tuple(not_yet), message=message)


def _stage_warning(stage: str, requisition: RequisitionSeats) -> HeadcountWarning | None:
    threshold = ADVISED_FROM.get(requisition.role_family)
    if threshold is None or _stage_reached(stage, threshold):
        return None
    template = RESEARCH_TOO_EARLY if requisition.role_family == RoleFamily.RESEARCH_SCIENTIST else ML_ENGINEER_TOO_EARLY
    return HeadcountWarning(
        code=f"stage_{requisition.role_family}",
        message=template.format(stage=CompanyStage(stage).label),
        requisition_id=requisition.id,
        numbers={"company_stage": stage, "advised_from": str(threshold)},
    )


def _ratio_warnings(ratio: RatioAdvice, *, template: str, requisition_id: int | None) -> list[HeadcountWarning]:
    warnings = []
    for family, have, needed, short in (
        (RoleFamily.DATA_ENGINEER, ratio.data_engineers, ratio.needed_data_engineers, ratio.short_data_engineers),
        (
            RoleFamily.ANALYTICS_ENGINEER,
            ratio.analytics_engineers,
            ratio.needed_analytics_engineers,
            ratio.short_analytics_engineers,
        ),
    ):
        if short:
            warnings.append(
                HeadcountWarning(
                    code=f"ratio_short_{family.value}s",
                    message=template.format(
                        ml=ratio.ml_scientists, needed=needed, plural=PLURALS[family], have=have, short=short
                    ),
                    requisition_id=requisition_id,
                    numbers={"ml_scientists": ratio.ml_scientists, "needed": needed, "have": have, "short": short},
                )
            )
    return warnings


def hiring_plan(plan_input: PlanInput) -> HiringPlan:
    """The whole picture: use cases, ML scientists against the cap, the ratio, the stage, warnings."""
    cap = ml_scientist_cap(use_cases=plan_input.accepted_use_cases, multiplier=plan_input.cap_multiplier)
    counts = family_counts(existing=plan_input.existing, requisitions=plan_input.requisitions)
    ml = ml_scientist_count(counts)
    ratio = ratio_advice(
        ml_scientists=ml.total,
        data_engineers=counts[RoleFamily.DATA_ENGINEER].total,
        analytics_engineers=counts[RoleFamily.ANALYTICS_ENGINEER].total,
    )
    warnings: list[HeadcountWarning] = []
    if ml.total > cap:
        warnings.append(
            HeadcountWarning(
                code="over_cap",
                message=OVER_CAP.format(
                    total=ml.total,
                    cap=cap,
                    multiplier=format_multiplier(plan_input.cap_multiplier),
                    use_cases=plan_input.accepted_use_cases,
                    over=ml.total - cap,
                ),
                numbers={"ml_scientists": ml.total, "cap": cap, "use_cases": plan_input.accepted_use_cases},
            )
        )
    warnings += _ratio_warnings(ratio, template=RATIO_SHORT, requisition_id=None)
    for requisition in plan_input.requisitions:
        if requisition.status in HISTORY:
            continue
        warning = _stage_warning(plan_input.company_stage, requisition)
        if warning is not None:
            warnings.append(
                HeadcountWarning(
                    code=warning.code,
                    message=PLAN_REQUISITION_WARNING.format(title=requisition.title, message=warning.message),
                    requisition_id=requisition.id,
                    numbers=warning.numbers,
                )
            )
    return HiringPlan(
        use_cases=plan_input.accepted_use_cases,
        cap_multiplier=Decimal(plan_input.cap_multiplier),
        cap=cap,
        ml_scientists=ml,
        families=tuple(counts[family.value] for family in RoleFamily),
        ratio=ratio,
        stage_advice=stage_advice(plan_input.company_stage),
        warnings=tuple(warnings),
    )


def requisition_warnings(plan_input: PlanInput, requisition: RequisitionSeats) -> tuple[HeadcountWarning, ...]:
    """What this requisition runs against, counted as if it were open (a draft: as if it opened now).

    Filled and closed requisitions are history and get no warnings.
    """
    if requisition.status in HISTORY:
        return ()
    others = [other for other in plan_input.requisitions if other.id != requisition.id]
    counts = family_counts(existing=plan_input.existing, requisitions=others)
    as_open = RequisitionSeats(
        id=requisition.id,
        title=requisition.title,
        role_family=requisition.role_family,
        status=OPEN,
        headcount=requisition.headcount,
        hired=requisition.hired,
    )
    family = str(requisition.role_family)
    counts[family] = counts[family] + FamilyCount(role_family=family, hired=as_open.filled, open=as_open.open)
    warnings: list[HeadcountWarning] = []
    if requisition.role_family in ML_SCIENTIST_FAMILIES:
        ml = ml_scientist_count(counts)
        cap = ml_scientist_cap(use_cases=plan_input.accepted_use_cases, multiplier=plan_input.cap_multiplier)
        if ml.total > cap:
            warnings.append(
                HeadcountWarning(
                    code="over_cap",
                    message=REQUISITION_OVER_CAP.format(
                        seats=as_open.open,
                        total=ml.total,
                        cap=cap,
                        multiplier=format_multiplier(plan_input.cap_multiplier),
                        use_cases=plan_input.accepted_use_cases,
                    ),
                    requisition_id=requisition.id,
                    numbers={"ml_scientists": ml.total, "cap": cap, "use_cases": plan_input.accepted_use_cases},
                )
            )
        ratio = ratio_advice(
            ml_scientists=ml.total,
            data_engineers=counts[RoleFamily.DATA_ENGINEER].total,
            analytics_engineers=counts[RoleFamily.ANALYTICS_ENGINEER].total,
        )
        warnings += _ratio_warnings(ratio, template=REQUISITION_RATIO_SHORT, requisition_id=requisition.id)
    stage_warning = _stage_warning(plan_input.company_stage, requisition)
    if stage_warning is not None:
        warnings.append(stage_warning)
    return tuple(warnings)
