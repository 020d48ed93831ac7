"""What makes a scorecard complete enough to submit. Pure: plain data in, problems out.

Kept apart from the ORM so the page, the API and the amendment path apply the very same rules,
and so every rule is testable on its own.
"""

from collections.abc import Sequence
from dataclasses import dataclass

RATING_MISSING = (
    "{name}: choose a rating from 1 to 4 and write the evidence — a required competency can't be left not assessed."
)
EVIDENCE_MISSING = "{name}: write the evidence you observed for this rating."
OVERALL_MISSING = "Choose an overall recommendation (strong no, no, yes or strong yes)."
JERK_EVIDENCE_MISSING = "Describe the behaviour you observed that raised the brilliant-jerk flag."
FORCE_FIT_EVIDENCE_MISSING = "Describe what makes you think the candidate is being force-fit into an end-to-end role."
FORCE_FIT_NOT_DEPTH = "The force-fit concern belongs to depth rounds only."
SCORE_OFF_SCALE = "{name}: a rating is 1, 2, 3 or 4 (or empty for not assessed)."
UNKNOWN_COMPETENCY = "Competency {competency} is not on this scorecard's rubric."
TEXT_TOO_LONG = "{label} is {length} characters; keep it under {limit}."
MAX_TEXT = 20_000  # generous for evidence, small enough that a pasted file is refused


@dataclass(frozen=True)
class CompetencySpec:
    id: int
    name: str
    required: bool


@dataclass(frozen=True)
class RatingInput:
    competency: int
    score: int | None
    evidence: str


@dataclass(frozen=True)
class ScorecardInput:
    ratings: Sequence[RatingInput]
    overall: str
    summary: str
    brilliant_jerk: bool
    jerk_evidence: str
    force_fit_concern: bool
    force_fit_evidence: str


@dataclass(frozen=True)
class Problem:
    """One reason the scorecard can't be saved or submitted; `competency` set for a rating's problem."""

    field: str
    message: str
    competency: int | None = None


def draft_problems(
    content: ScorecardInput, competencies: Sequence[CompetencySpec], *, is_depth_round: bool
) -> list[Problem]:
    """What even a draft may not hold: ratings off the scale or off the rubric, a misplaced flag."""
    by_id = {c.id: c for c in competencies}
    problems = []
    for rating in content.ratings:
        spec = by_id.get(rating.competency)
        if spec is None:
            problems.append(Problem("ratings", UNKNOWN_COMPETENCY.format(competency=rating.competency)))
        elif rating.score is not None and not 1 <= rating.score <= 4:
            problems.append(Problem("ratings", SCORE_OFF_SCALE.format(name=spec.name), spec.id))
    if content.force_fit_concern and not is_depth_round:
        problems.append(Problem("force_fit_concern", FORCE_FIT_NOT_DEPTH))
    texts = [
        (f, getattr(content, f), f.replace("_", " ").capitalize())
        for f in ("summary", "jerk_evidence", "force_fit_evidence")
    ]
    texts += [
        ("ratings", r.evidence, f"Evidence for {by_id[r.competency].name}")
        for r in content.ratings
        if r.competency in by_id
    ]
    for field, text, label in texts:
        if len(text) > MAX_TEXT:
            problems.append(Problem(field, TEXT_TOO_LONG.format(label=label, length=len(text), limit=MAX_TEXT)))
    return problems


def submit_problems(
    content: ScorecardInput, competencies: Sequence[CompetencySpec], *, is_depth_round: bool
) -> list[Problem]:
    """Every reason the scorecard is not ready to submit, all at once, in rubric order."""
    problems = draft_problems(content, competencies, is_depth_round=is_depth_round)
    ratings = {r.competency: r for r in content.ratings}
    for spec in competencies:
        rating = ratings.get(spec.id)
        score = rating.score if rating else None
        evidence = rating.evidence.strip() if rating else ""
        if spec.required and score is None:
            problems.append(Problem("ratings", RATING_MISSING.format(name=spec.name), spec.id))
        if score is not None and not evidence:
            problems.append(Problem("ratings", EVIDENCE_MISSING.format(name=spec.name), spec.id))
    if not content.overall:
        problems.append(Problem("overall", OVERALL_MISSING))
    if content.brilliant_jerk and not content.jerk_evidence.strip():
        problems.append(Problem("jerk_evidence", JERK_EVIDENCE_MISSING))
    if content.force_fit_concern and is_depth_round and not content.force_fit_evidence.strip():
        problems.append(Problem("force_fit_evidence", FORCE_FIT_EVIDENCE_MISSING))
    return problems


AMENDMENT_CHANGES_NOTHING = (
    "This amendment changes nothing: every rating, the evidence, the overall, the summary and the flags are as "
    "submitted. Change what you want to correct, or leave the scorecard as it is."
)


def _comparable(content: ScorecardInput) -> tuple:
    """The content with whitespace at either end ignored: re-saving the same words is no change."""
    ratings = {
        r.competency: (r.score, r.evidence.strip() if r.score is not None or r.evidence.strip() else "")
        for r in content.ratings
    }
    return (
        {k: v for k, v in ratings.items() if v != (None, "")},
        content.overall,
        content.summary.strip(),
        content.brilliant_jerk,
        content.jerk_evidence.strip() if content.brilliant_jerk else "",
        content.force_fit_concern,
        content.force_fit_evidence.strip() if content.force_fit_concern else "",
    )


def amendment_problem(before: ScorecardInput, after: ScorecardInput) -> Problem | None:
    """An amendment must change something a reader of the scorecard would see."""
    return Problem("non_field_errors", AMENDMENT_CHANGES_NOTHING) if _comparable(before) == _comparable(after) else None


def problems_by_field(problems: Sequence[Problem]) -> dict[str, list[str]]:
    """The API's 400 shape: {"field": ["message", ...]}."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem.message)
    return errors


FLAG_LABELS = {"brilliant_jerk": "Brilliant-jerk flag", "force_fit_concern": "Force-fit concern"}
TEXT_LABELS = {
    "summary": "Summary",
    "jerk_evidence": "Brilliant-jerk evidence",
    "force_fit_evidence": "Force-fit evidence",
}


def revision_changes(previous: dict | None, current: dict, names: dict[int, str]) -> list[str]:
    """What a revision changed compared with the one before, in words (first revision: nothing)."""
    if previous is None:
        return []

    def score(value):
        return "not assessed" if value is None else str(value)

    changes = []
    if previous.get("overall") != current.get("overall"):
        changes.append(f"Overall: {previous.get('overall') or '—'} → {current.get('overall') or '—'}")
    before = {r["competency"]: r for r in previous.get("ratings", [])}
    for rating in current.get("ratings", []):
        old = before.get(rating["competency"], {"score": None, "evidence": ""})
        name = names.get(rating["competency"], f"Competency {rating['competency']}")
        if old["score"] != rating["score"]:
            changes.append(f"{name}: {score(old['score'])} → {score(rating['score'])}")
        if old["evidence"] != rating["evidence"]:
            changes.append(f"{name}: evidence rewritten")
    for field, label in FLAG_LABELS.items():
        if previous.get(field) != current.get(field):
            changes.append(f"{label} {'raised' if current.get(field) else 'withdrawn'}")
    for field, label in TEXT_LABELS.items():
        if previous.get(field, "") != current.get(field, ""):
            changes.append(f"{label} rewritten")
    return changes
