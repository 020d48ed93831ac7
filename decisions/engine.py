"""The hire recommendation (PRODUCT.md §4): a pure, explainable function of a loop's feedback.

No ORM here: `decisions.selectors` loads a loop into these dataclasses and the services
store what comes out. Same input, same output — every list is ordered by the input's round order
and then by ids, and all arithmetic on ratings is exact (fractions), so a mean of exactly the bar
meets it.

The rules, in order, each adding reasons (code, message, severity, the scorecards it rests on):
 1. `missing_round`  — a required round without a submitted scorecard (or with one still owed)
                       ⇒ incomplete. For engineering-manager loops ML coding and breadth are
                       required whatever the template says: the EM check needs them.
 2. `brilliant_jerk` — a raised flag is a veto ⇒ no hire.
 3. `strong_no`      — any strong no ⇒ at least needs discussion.
 4. `below_bar`      — a required competency's weighted mean under the template's bar ⇒ no hire.
 5. `force_fit`      — a force-fit concern ⇒ needs discussion.
 6. `em_below_mls_bar` — EM loops: ML coding and breadth held to the MLS1/MLS2 bars ⇒ no hire,
                       with the gap per competency (and the percentile against past MLS hires).
 7. `overall_yes` / `overall_no` — otherwise the overall recommendations decide.

The outcome is that of the most severe rule that fired: incomplete, then no hire (2, 4, 6), then
needs discussion (3, 5), then the lean (7). Every rule still runs on what has been submitted so a
committee sees a veto early, and each reason says whether it was `decisive`. Coverage gaps and
late scorecards are reported alongside; they never change the outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from decisions.codes import Outcome
from hiring.codes import RoleFamily
from interviews import bars as bar_rules
from interviews import feedback_timing
from interviews.codes import Overall, RoundCode

# Outcomes: the vocabulary of decisions.codes.Outcome (plain strings here).
HIRE = Outcome.HIRE.value
NO_HIRE = Outcome.NO_HIRE.value
NEEDS_DISCUSSION = Outcome.NEEDS_DISCUSSION.value
INCOMPLETE = Outcome.INCOMPLETE.value

# Severities, most serious first.
BLOCKING = "blocking"  # nothing can be decided until it is resolved
CRITICAL = "critical"  # on its own means no hire
MAJOR = "major"  # on its own means the committee must discuss
MINOR = "minor"  # weakens the evidence; does not change the outcome
INFO = "info"  # context
SEVERITIES = (BLOCKING, CRITICAL, MAJOR, MINOR, INFO)

# Reason codes (API.md "Decision" lists the first eight; the rest are ours).
MISSING_ROUND = "missing_round"
BRILLIANT_JERK = "brilliant_jerk"
STRONG_NO = "strong_no"
BELOW_BAR = "below_bar"
FORCE_FIT = "force_fit"
EM_BELOW_MLS_BAR = "em_below_mls_bar"
OVERALL_YES = "overall_yes"
OVERALL_NO = "overall_no"
EM_MEETS_MLS_BAR = "em_meets_mls_bar"
EM_PERCENTILE = "em_percentile"
OPTIONAL_BELOW_BAR = "optional_below_bar"
COVERAGE_GAP = "coverage_gap"
LATE_SCORECARD = "late_scorecard"

# What each reason is called on the pages (the API keeps the codes).
REASON_LABELS = {
    MISSING_ROUND: "Round without feedback",
    BRILLIANT_JERK: "Brilliant-jerk flag",
    STRONG_NO: "Strong no",
    BELOW_BAR: "Below the bar",
    FORCE_FIT: "Force-fit concern",
    EM_BELOW_MLS_BAR: "Manager below the scientists' bar",
    OVERALL_YES: "The panel leans yes",
    OVERALL_NO: "The panel leans no",
    EM_MEETS_MLS_BAR: "Manager meets the scientists' bar",
    EM_PERCENTILE: "Manager against past hires",
    OPTIONAL_BELOW_BAR: "Optional competency below the bar",
    COVERAGE_GAP: "Competency nobody assessed",
    LATE_SCORECARD: "Late scorecard",
}

SEVERITY_OF = {
    MISSING_ROUND: BLOCKING,
    BRILLIANT_JERK: CRITICAL,
    BELOW_BAR: CRITICAL,
    EM_BELOW_MLS_BAR: CRITICAL,
    STRONG_NO: MAJOR,
    FORCE_FIT: MAJOR,
    OPTIONAL_BELOW_BAR: MINOR,
    COVERAGE_GAP: MINOR,
    LATE_SCORECARD: MINOR,
    EM_MEETS_MLS_BAR: INFO,
    EM_PERCENTILE: INFO,
    OVERALL_YES: INFO,
    OVERALL_NO: INFO,
}

ENGINEERING_MANAGER = RoleFamily.ENGINEERING_MANAGER.value
ML_CODING = RoundCode.ML_CODING.value
BREADTH = RoundCode.BREADTH.value
EM_TECHNICAL_ROUNDS = (ML_CODING, BREADTH)
EM_TECHNICAL_ROUND_NAMES = {ML_CODING: "ML coding from scratch", BREADTH: "Breadth"}
DEFAULT_BAR = Fraction(3)  # "meets" on the 1–4 scale
MIN_REFERENCE_HIRES = 5  # past MLS1/MLS2 hires needed before a percentile means anything

# Overall recommendation → its pull on the lean. A strong opinion counts double; no neutral exists.
OVERALL_WEIGHT = {Overall.STRONG_NO.value: -2, Overall.NO.value: -1, Overall.YES.value: 1, Overall.STRONG_YES.value: 2}
OVERALL_LABEL = {overall.value: overall.label.lower() for overall in Overall}

# Messages: module-level so tests compare them exactly.
MSG_ROUND_NOT_IN_LOOP = "{round} is required but has no interview in this loop."
MSG_ROUND_CANCELLED = "{round} is required but its interview was cancelled."
MSG_ROUND_NO_SCORECARD = "{round} is required and has no submitted scorecard yet."
MSG_ROUND_WAITING = "{round}: still waiting for the scorecard of {names}."
MSG_EM_ROUND_NOTE = " Engineering-manager loops need it for the competence check."
MSG_JERK = '{name} raised the brilliant-jerk flag in {round}: "{evidence}" Don\'t hire brilliant jerks.'
MSG_STRONG_NO = "{name} recommends strong no after {round}; the committee must discuss it."
MSG_BELOW_BAR = "Below the bar on {count} required competenc{plural}: {items}."
MSG_BELOW_BAR_ITEM = "{name} {mean} (bar {bar})"
MSG_OPTIONAL_BELOW_BAR = (
    "Below the bar on {items}: optional here (an optional competency or round), so shown for context only."
)
MSG_FORCE_FIT = '{name} is concerned the candidate is being force-fit into an end-to-end role ({round}): "{evidence}"'
MSG_FORCE_FIT_NO_EVIDENCE = "{name} is concerned the candidate is being force-fit into an end-to-end role ({round})."
MSG_EM_BELOW = "Below the ML Scientist (MLS1/MLS2) bar on the technical rounds: {items}."
MSG_EM_BELOW_ITEM = "{name} {mean} vs {bar} (gap {gap})"
MSG_EM_MEETS = "Meets the ML Scientist (MLS1/MLS2) bar on ML coding and breadth (technical score {score})."
MSG_EM_PERCENTILE = (
    "Technical score {score} is at the {percentile} percentile of {count} past MLS1/MLS2 hires' technical scores."
)
MSG_EM_TOO_FEW_HIRES = (
    "A percentile against past MLS1/MLS2 hires is shown once {minimum} of them have technical scores (now {count})."
)
MSG_OVERALL = "The overall recommendations lean {lean}: {tally} (net {net:+d})."
MSG_COVERAGE = "No submitted scorecard assessed {name} ({round})."
MSG_LATE = (
    "{name}'s {round} scorecard was submitted {hours} hours after the interview ended "
    f"(memory fades after {feedback_timing.LATE_AFTER_END // dt.timedelta(hours=1)})."
)


# --- Input ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyInput:
    id: int
    code: str
    name: str
    weight: Decimal | int | float | str = 1
    required: bool = True


@dataclass(frozen=True)
class RatingInput:
    competency: CompetencyInput
    score: int | None  # None = not assessed
    evidence: str = ""


@dataclass(frozen=True)
class ScorecardInput:
    id: int
    interview_id: int
    interviewer_id: int
    interviewer_name: str
    submitted: bool
    overall: str = ""  # strong_no / no / yes / strong_yes; empty on a draft
    ratings: tuple[RatingInput, ...] = ()
    brilliant_jerk: bool = False
    jerk_evidence: str = ""
    force_fit_concern: bool = False
    force_fit_evidence: str = ""
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class RoundInput:
    """One round of the loop, in loop order: its interview (if any) and its rubric's competencies."""

    code: str
    name: str
    required: bool
    interview_id: int | None = None
    cancelled: bool = False
    ends_at: dt.datetime | None = None
    late_at: dt.datetime | None = None  # feedback after this is late (interviews.feedback_timing)
    competencies: tuple[CompetencyInput, ...] = ()


@dataclass(frozen=True)
class PolicyInput:
    """A template's decision policy: the default bar and higher bars for some competency codes."""

    name: str = ""
    competency_bar: Decimal | int | float | str = 3
    competency_bars: Mapping[str, Decimal | int | float | str] = field(default_factory=dict)

    def bar_for(self, code: str) -> Fraction:
        return bar_rules.bar_for(default=self.competency_bar, bars=self.competency_bars, code=code)


@dataclass(frozen=True)
class PastHire:
    """A past MLS1/MLS2 hire's technical ratings as (weight, score) pairs."""

    loop_id: int
    ratings: tuple[tuple[Decimal | int | float | str, int], ...]


@dataclass(frozen=True)
class EmReference:
    """What an engineering manager is measured against: the MLS1/MLS2 templates and past hires."""

    policies: tuple[PolicyInput, ...] = ()
    past_hires: tuple[PastHire, ...] = ()


@dataclass(frozen=True)
class LoopInput:
    loop_id: int
    role_family: str
    level: str
    policy: PolicyInput
    rounds: tuple[RoundInput, ...]
    scorecards: tuple[ScorecardInput, ...]
    em_reference: EmReference | None = None


# --- Output -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    severity: str
    scorecards: tuple[int, ...] = ()
    decisive: bool = False
    competencies: tuple[str, ...] = ()  # competency codes the reason is about
    rounds: tuple[str, ...] = ()  # round codes the reason is about

    @property
    def label(self) -> str:
        """The reason's name for people (REASON_LABELS); the code where a new one has no label yet."""
        return REASON_LABELS.get(self.code, self.code.replace("_", " ").capitalize())


@dataclass(frozen=True)
class CompetencyResult:
    """A competency's weighted mean over the submitted scorecards that rated it, against its bar."""

    code: str
    name: str
    rounds: tuple[str, ...]
    required: bool
    held_to_bar: bool  # required (or given an explicit bar) in a required round
    weight: float
    bar: float
    mean: float | None  # None when no submitted scorecard rated it
    meets_bar: bool | None
    ratings: int
    scorecards: tuple[int, ...]


@dataclass(frozen=True)
class CoverageGap:
    code: str
    name: str
    round: str
    round_name: str
    required: bool


@dataclass(frozen=True)
class LateScorecard:
    scorecard: int
    interviewer: str
    round: str
    round_name: str
    hours_after_interview: float


@dataclass(frozen=True)
class EmCompetency:
    code: str
    name: str
    round: str
    round_name: str
    mean: float | None
    bar: float
    gap: float  # how far below the bar (0 when it meets it)
    meets_bar: bool | None
    scorecards: tuple[int, ...]


@dataclass(frozen=True)
class EmCheck:
    status: str  # "meets", "below" or "pending" (a technical round has no submitted scorecard)
    meets_bar: bool | None
    rounds: tuple[str, ...]
    bar_source: tuple[str, ...]  # names of the MLS templates whose bars apply
    competencies: tuple[EmCompetency, ...]
    technical_score: float | None
    reference_hires: int
    min_reference_hires: int
    percentile: float | None


@dataclass(frozen=True)
class Recommendation:
    outcome: str
    complete: bool
    reasons: tuple[Reason, ...]
    competencies: tuple[CompetencyResult, ...]
    coverage: tuple[CoverageGap, ...]
    late_scorecards: tuple[LateScorecard, ...]
    em_check: EmCheck | None


# --- The function -----------------------------------------------------------------------------


def recommend(loop: LoopInput) -> Recommendation:
    """Turn a loop's feedback into an outcome and the reasons for it."""
    rounds = _effective_rounds(loop)
    scorecards = tuple(sorted(loop.scorecards, key=lambda s: s.id))
    submitted = tuple(s for s in scorecards if s.submitted)
    round_of = {r.interview_id: r for r in rounds if r.interview_id is not None}
    # Scorecards on interviews that are not part of the loop's rounds are ignored.
    submitted = tuple(s for s in submitted if s.interview_id in round_of)
    order = {r.code: i for i, r in enumerate(rounds)}
    submitted = tuple(sorted(submitted, key=lambda s: (order[round_of[s.interview_id].code], s.id)))

    missing = _missing_rounds(loop, rounds, scorecards)
    jerk = _jerk_reasons(submitted, round_of)
    strong_no = _strong_no_reasons(submitted, round_of)
    competencies = _competency_results(loop.policy, rounds, submitted, round_of)
    below = _below_bar_reasons(competencies)
    force_fit = _force_fit_reasons(submitted, round_of)
    em_check, em_reasons = (None, [])
    if loop.role_family == ENGINEERING_MANAGER:
        em_check, em_reasons = _em_check(loop.em_reference or EmReference(), rounds, submitted, round_of)
    complete = not missing
    lean = _lean_reason(submitted) if complete and submitted else None

    ordered = [*missing, *jerk, *strong_no, *below, *force_fit, *em_reasons]
    if lean is not None:
        ordered.append(lean)
    coverage = _coverage(rounds, submitted, round_of)
    late = _late(submitted, round_of)
    ordered += [_coverage_reason(gap) for gap in coverage]
    ordered += [_late_reason(item) for item in late]

    outcome, decisive_severity = _outcome(complete, ordered, lean)
    reasons = tuple(_mark_decisive(reason, decisive_severity, lean) for reason in ordered)
    return Recommendation(
        outcome=outcome,
        complete=complete,
        reasons=reasons,
        competencies=competencies,
        coverage=coverage,
        late_scorecards=late,
        em_check=em_check,
    )


def technical_score(ratings: Sequence[tuple[Decimal | int | float | str, int | None]]) -> float | None:
    """Weighted mean of (weight, score) pairs, ignoring not-assessed ones; None when nothing was rated."""
    value = _weighted_mean((_fraction(weight), score) for weight, score in ratings if score is not None)
    return None if value is None else _round(value)


def percentile_rank(score: float, reference: Sequence[float]) -> float:
    """Mid-rank percentile: the share of the reference below the score, counting ties as half."""
    below = sum(1 for value in reference if value < score)
    equal = sum(1 for value in reference if value == score)
    return round(100 * (below + equal / 2) / len(reference), 1)


# --- Rules ------------------------------------------------------------------------------------


def _effective_rounds(loop: LoopInput) -> tuple[RoundInput, ...]:
    """The loop's rounds; an EM loop also needs ML coding and breadth whatever its template says."""
    rounds = list(loop.rounds)
    if loop.role_family != ENGINEERING_MANAGER:
        return tuple(rounds)
    present = {r.code for r in rounds}
    for index, existing in enumerate(rounds):
        if existing.code in EM_TECHNICAL_ROUNDS and not existing.required:
            rounds[index] = replace(existing, required=True)
    for code in EM_TECHNICAL_ROUNDS:
        if code not in present:
            rounds.append(RoundInput(code=code, name=EM_TECHNICAL_ROUND_NAMES[code], required=True))
    return tuple(rounds)


def _missing_rounds(
    loop: LoopInput, rounds: Sequence[RoundInput], scorecards: Sequence[ScorecardInput]
) -> list[Reason]:
    reasons = []
    for round_ in rounds:
        if not round_.required:
            continue
        mine = [s for s in scorecards if round_.interview_id is not None and s.interview_id == round_.interview_id]
        owed = [s for s in mine if not s.submitted]
        done = [s for s in mine if s.submitted]
        if round_.interview_id is None:
            message = MSG_ROUND_NOT_IN_LOOP.format(round=round_.name)
        elif round_.cancelled and not done:
            message = MSG_ROUND_CANCELLED.format(round=round_.name)
        elif owed:
            names = ", ".join(sorted(s.interviewer_name for s in owed))
            message = MSG_ROUND_WAITING.format(round=round_.name, names=names)
        elif not done:
            message = MSG_ROUND_NO_SCORECARD.format(round=round_.name)
        else:
            continue
        if loop.role_family == ENGINEERING_MANAGER and round_.code in EM_TECHNICAL_ROUNDS:
            message += MSG_EM_ROUND_NOTE
        reasons.append(
            _reason(MISSING_ROUND, message, scorecards=(s.id for s in owed), rounds=(round_.code,)),
        )
    return reasons


def _jerk_reasons(submitted: Sequence[ScorecardInput], round_of: Mapping[int, RoundInput]) -> list[Reason]:
    return [
        _reason(
            BRILLIANT_JERK,
            MSG_JERK.format(
                name=s.interviewer_name,
                round=round_of[s.interview_id].name,
                evidence=s.jerk_evidence.strip(),
            ),
            scorecards=(s.id,),
            rounds=(round_of[s.interview_id].code,),
        )
        for s in submitted
        if s.brilliant_jerk
    ]


def _strong_no_reasons(submitted: Sequence[ScorecardInput], round_of: Mapping[int, RoundInput]) -> list[Reason]:
    return [
        _reason(
            STRONG_NO,
            MSG_STRONG_NO.format(name=s.interviewer_name, round=round_of[s.interview_id].name),
            scorecards=(s.id,),
            rounds=(round_of[s.interview_id].code,),
        )
        for s in submitted
        if s.overall == Overall.STRONG_NO
    ]


def _force_fit_reasons(submitted: Sequence[ScorecardInput], round_of: Mapping[int, RoundInput]) -> list[Reason]:
    reasons = []
    for s in submitted:
        if not s.force_fit_concern:
            continue
        round_ = round_of[s.interview_id]
        evidence = s.force_fit_evidence.strip()
        template = MSG_FORCE_FIT if evidence else MSG_FORCE_FIT_NO_EVIDENCE
        message = template.format(name=s.interviewer_name, round=round_.name, evidence=evidence)
        reasons.append(_reason(FORCE_FIT, message, scorecards=(s.id,), rounds=(round_.code,)))
    return reasons


@dataclass
class _Tally:
    """Ratings of one competency code gathered across rounds."""

    code: str
    name: str
    rounds: list[str] = field(default_factory=list)
    required: bool = False
    held: bool = False
    weight: Fraction = Fraction(1)
    pairs: list[tuple[Fraction, int]] = field(default_factory=list)
    scorecards: list[int] = field(default_factory=list)


def _gather(
    rounds: Sequence[RoundInput],
    submitted: Sequence[ScorecardInput],
    round_of: Mapping[int, RoundInput],
    *,
    explicit_bars: Mapping[str, object],
) -> dict[str, _Tally]:
    """Competencies by code in round then rubric order, with every submitted rating of them."""
    tallies: dict[str, _Tally] = {}
    held_rounds = {r.interview_id for r in rounds if r.interview_id is not None and _has(submitted, r)}

    def tally_for(competency: CompetencyInput, round_: RoundInput) -> _Tally:
        tally = tallies.get(competency.code)
        if tally is None:
            tally = _Tally(competency.code, competency.name, weight=_fraction(competency.weight))
            tallies[competency.code] = tally
        if round_.code not in tally.rounds:
            tally.rounds.append(round_.code)
        tally.required = tally.required or competency.required
        tally.held = tally.held or bar_rules.held_to_bar(
            round_required=round_.required,
            competency_required=competency.required,
            code=competency.code,
            bars=explicit_bars,
        )
        return tally

    for round_ in rounds:
        if round_.interview_id not in held_rounds:
            continue
        for competency in round_.competencies:
            tally_for(competency, round_)
    for s in submitted:
        round_ = round_of[s.interview_id]
        for rating in s.ratings:
            tally = tally_for(rating.competency, round_)
            if rating.score is not None:
                tally.pairs.append((_fraction(rating.competency.weight), rating.score))
                if s.id not in tally.scorecards:
                    tally.scorecards.append(s.id)
    return tallies


def _competency_results(
    policy: PolicyInput,
    rounds: Sequence[RoundInput],
    submitted: Sequence[ScorecardInput],
    round_of: Mapping[int, RoundInput],
) -> tuple[CompetencyResult, ...]:
    results = []
    for tally in _gather(rounds, submitted, round_of, explicit_bars=policy.competency_bars).values():
        bar = policy.bar_for(tally.code)
        mean = _weighted_mean(tally.pairs)
        results.append(
            CompetencyResult(
                code=tally.code,
                name=tally.name,
                rounds=tuple(tally.rounds),
                required=tally.required,
                held_to_bar=tally.held,
                weight=_round(tally.weight),
                bar=_round(bar),
                mean=None if mean is None else _round(mean),
                meets_bar=None if mean is None else mean >= bar,
                ratings=len(tally.pairs),
                scorecards=tuple(tally.scorecards),
            )
        )
    return tuple(results)


def _below_bar_reasons(competencies: Sequence[CompetencyResult]) -> list[Reason]:
    held = [c for c in competencies if c.held_to_bar and c.meets_bar is False]
    context = [c for c in competencies if not c.held_to_bar and c.meets_bar is False]
    reasons = []
    if held:
        items = "; ".join(MSG_BELOW_BAR_ITEM.format(name=c.name, mean=_fmt(c.mean), bar=_fmt(c.bar)) for c in held)
        message = MSG_BELOW_BAR.format(count=len(held), plural="y" if len(held) == 1 else "ies", items=items)
        reasons.append(_reason_about(BELOW_BAR, message, held))
    if context:
        items = "; ".join(MSG_BELOW_BAR_ITEM.format(name=c.name, mean=_fmt(c.mean), bar=_fmt(c.bar)) for c in context)
        reasons.append(_reason_about(OPTIONAL_BELOW_BAR, MSG_OPTIONAL_BELOW_BAR.format(items=items), context))
    return reasons


def _reason_about(code: str, message: str, competencies: Sequence[CompetencyResult]) -> Reason:
    scorecards = sorted({sid for c in competencies for sid in c.scorecards})
    rounds = _unique(code for c in competencies for code in c.rounds)
    return _reason(code, message, scorecards=scorecards, competencies=(c.code for c in competencies), rounds=rounds)


def _em_check(
    reference: EmReference,
    rounds: Sequence[RoundInput],
    submitted: Sequence[ScorecardInput],
    round_of: Mapping[int, RoundInput],
) -> tuple[EmCheck, list[Reason]]:
    """ML coding and breadth against the strictest MLS1/MLS2 bar for each competency."""
    technical = [r for r in rounds if r.code in EM_TECHNICAL_ROUNDS]
    technical_cards = [s for s in submitted if round_of[s.interview_id].code in EM_TECHNICAL_ROUNDS]
    items = _em_competencies(reference, technical, technical_cards, round_of)
    score = technical_score([(r.competency.weight, r.score) for s in technical_cards for r in s.ratings])
    hires = [value for h in reference.past_hires if (value := technical_score(h.ratings)) is not None]
    percentile = percentile_rank(score, hires) if score is not None and len(hires) >= MIN_REFERENCE_HIRES else None
    pending = any(not _has(submitted, r) for r in technical)
    if any(item.meets_bar is False for item in items):
        status = "below"
    else:
        status = "pending" if pending or score is None else "meets"
    check = EmCheck(
        status=status,
        meets_bar={"below": False, "meets": True}.get(status),
        rounds=EM_TECHNICAL_ROUNDS,
        bar_source=tuple(sorted(p.name for p in reference.policies)),
        competencies=items,
        technical_score=score,
        reference_hires=len(hires),
        min_reference_hires=MIN_REFERENCE_HIRES,
        percentile=percentile,
    )
    return check, _em_reasons(check, sorted({s.id for s in technical_cards}))


def _em_competencies(
    reference: EmReference,
    technical: Sequence[RoundInput],
    cards: Sequence[ScorecardInput],
    round_of: Mapping[int, RoundInput],
) -> tuple[EmCompetency, ...]:
    """Each technical competency held to a bar: its mean, the strictest MLS bar and the gap."""
    explicit = {code for policy in reference.policies for code in policy.competency_bars}
    round_names = {r.code: r.name for r in technical}
    items = []
    for tally in _gather(technical, cards, round_of, explicit_bars=dict.fromkeys(explicit)).values():
        if not tally.held:
            continue
        bars = [policy.bar_for(tally.code) for policy in reference.policies]
        bar = max(bars) if bars else DEFAULT_BAR
        mean = _weighted_mean(tally.pairs)
        items.append(
            EmCompetency(
                code=tally.code,
                name=tally.name,
                round=tally.rounds[0],
                round_name=round_names[tally.rounds[0]],
                mean=None if mean is None else _round(mean),
                bar=_round(bar),
                gap=_round(max(Fraction(0), bar - mean) if mean is not None else Fraction(0)),
                meets_bar=None if mean is None else mean >= bar,
                scorecards=tuple(tally.scorecards),
            )
        )
    return tuple(items)


def _em_reasons(check: EmCheck, cited: list[int]) -> list[Reason]:
    """Below the bar (with the gaps), or meets it; and the percentile once enough past hires exist."""
    reasons = []
    below = [item for item in check.competencies if item.meets_bar is False]
    if below:
        text = "; ".join(
            MSG_EM_BELOW_ITEM.format(name=i.name, mean=_fmt(i.mean), bar=_fmt(i.bar), gap=_fmt(i.gap)) for i in below
        )
        reasons.append(
            _reason(
                EM_BELOW_MLS_BAR,
                MSG_EM_BELOW.format(items=text),
                scorecards=sorted({sid for i in below for sid in i.scorecards}),
                competencies=(i.code for i in below),
                rounds=_unique(i.round for i in below),
            )
        )
    elif check.status == "meets":
        message = MSG_EM_MEETS.format(score=_fmt(check.technical_score))
        reasons.append(_reason(EM_MEETS_MLS_BAR, message, scorecards=cited, rounds=EM_TECHNICAL_ROUNDS))
    if check.technical_score is not None:
        if check.percentile is not None:
            message = MSG_EM_PERCENTILE.format(
                score=_fmt(check.technical_score),
                percentile=_ordinal(round(check.percentile)),
                count=check.reference_hires,
            )
        else:
            message = MSG_EM_TOO_FEW_HIRES.format(minimum=MIN_REFERENCE_HIRES, count=check.reference_hires)
        reasons.append(_reason(EM_PERCENTILE, message, scorecards=cited, rounds=EM_TECHNICAL_ROUNDS))
    return reasons


def _lean_reason(submitted: Sequence[ScorecardInput]) -> Reason:
    counts = {key: 0 for key in OVERALL_WEIGHT}
    for s in submitted:
        if s.overall in counts:
            counts[s.overall] += 1
    net = sum(OVERALL_WEIGHT[key] * count for key, count in counts.items())
    tally = ", ".join(f"{count} {OVERALL_LABEL[key]}" for key, count in reversed(counts.items()) if count)
    lean_yes = net > 0
    return _reason(
        OVERALL_YES if lean_yes else OVERALL_NO,
        MSG_OVERALL.format(lean="yes" if lean_yes else "no", tally=tally, net=net),
        scorecards=(s.id for s in submitted if s.overall in counts),
    )


def _coverage(
    rounds: Sequence[RoundInput], submitted: Sequence[ScorecardInput], round_of: Mapping[int, RoundInput]
) -> tuple[CoverageGap, ...]:
    """Competencies of the rounds that were held which no submitted scorecard rated."""
    gaps = []
    for round_ in rounds:
        cards = [s for s in submitted if s.interview_id == round_.interview_id]
        if not cards:
            continue  # a missing round is reported as such, not competency by competency
        rated = {r.competency.code for s in cards for r in s.ratings if r.score is not None}
        by_code = {c.code: c for c in round_.competencies}
        for s in cards:
            for rating in s.ratings:
                by_code.setdefault(rating.competency.code, rating.competency)
        for code in by_code:
            if code not in rated:
                competency = by_code[code]
                gaps.append(
                    CoverageGap(
                        code=code,
                        name=competency.name,
                        round=round_.code,
                        round_name=round_.name,
                        required=competency.required,
                    )
                )
    return tuple(gaps)


def _coverage_reason(gap: CoverageGap) -> Reason:
    return _reason(
        COVERAGE_GAP,
        MSG_COVERAGE.format(name=gap.name, round=gap.round_name),
        competencies=(gap.code,),
        rounds=(gap.round,),
    )


def _late(submitted: Sequence[ScorecardInput], round_of: Mapping[int, RoundInput]) -> tuple[LateScorecard, ...]:
    late = []
    for s in submitted:
        round_ = round_of[s.interview_id]
        if round_.ends_at is not None and feedback_timing.is_late(submitted_at=s.submitted_at, late_at=round_.late_at):
            delay = s.submitted_at - round_.ends_at
            late.append(
                LateScorecard(
                    scorecard=s.id,
                    interviewer=s.interviewer_name,
                    round=round_of[s.interview_id].code,
                    round_name=round_of[s.interview_id].name,
                    hours_after_interview=round(delay.total_seconds() / 3600, 1),
                )
            )
    return tuple(late)


def _late_reason(item: LateScorecard) -> Reason:
    return _reason(
        LATE_SCORECARD,
        MSG_LATE.format(name=item.interviewer, round=item.round_name, hours=_fmt(item.hours_after_interview)),
        scorecards=(item.scorecard,),
        rounds=(item.round,),
    )


def _outcome(complete: bool, reasons: Sequence[Reason], lean: Reason | None) -> tuple[str, str | None]:
    """The most severe rule that fired decides; the lean only when nothing else did."""
    severities = {reason.severity for reason in reasons}
    if not complete:
        return INCOMPLETE, BLOCKING
    if CRITICAL in severities:
        return NO_HIRE, CRITICAL
    if MAJOR in severities:
        return NEEDS_DISCUSSION, MAJOR
    if lean is not None and lean.code == OVERALL_YES:
        return HIRE, None
    return NO_HIRE, None


def _mark_decisive(reason: Reason, severity: str | None, lean: Reason | None) -> Reason:
    decisive = reason.severity == severity if severity is not None else reason is lean
    return replace(reason, decisive=True) if decisive else reason


# --- Helpers ----------------------------------------------------------------------------------


def _reason(code: str, message: str, *, scorecards=(), competencies=(), rounds=()) -> Reason:
    return Reason(
        code=code,
        message=message,
        severity=SEVERITY_OF[code],
        scorecards=tuple(sorted(set(scorecards))),
        competencies=tuple(competencies),
        rounds=tuple(rounds),
    )


def _has(submitted: Sequence[ScorecardInput], round_: RoundInput) -> bool:
    return round_.interview_id is not None and any(s.interview_id == round_.interview_id for s in submitted)


def _fraction(value: Decimal | int | float | str | Fraction) -> Fraction:
    return bar_rules.to_fraction(value)


def _weighted_mean(pairs) -> Fraction | None:
    pairs = list(pairs)
    total = sum((weight for weight, _ in pairs), Fraction(0))
    if not pairs or total == 0:
        return None
    return sum((weight * score for weight, score in pairs), Fraction(0)) / total


def _round(value: Fraction) -> float:
    return round(float(value), 2)


def _fmt(value: float | None) -> str:
    """2 → "2.0", 2.5 → "2.5", 2.33 → "2.33": enough digits to see a gap, no more."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{value:.1f}"
    return f"{value:.2f}".rstrip("0")


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _unique(items) -> tuple:
    seen: dict = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)
