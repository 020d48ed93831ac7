"""Which stage an application may move to, and who moves it (PRODUCT.md §4). Pure: codes in, a refusal out.

Only a recorded hire decision moves an application to offer, and only an offer is accepted (hired)
or declined (withdrawn). The requisition's recruiters, its hiring manager and admins move it between
the early stages, reject it or mark it withdrawn (with a written reason); nobody else changes the outcome.

| from | to | by | needs |
|---|---|---|---|
| applied, screen, loop, committee | another of these | an owner (recruiter, HM, admin) | — |
| applied, screen, loop, committee | rejected, withdrawn | an owner (recruiter, HM, admin) | a reason |
| applied, screen, loop, committee | offer | a hire decision | — |
| applied, screen, loop, committee | rejected | a no-hire decision | — |
| loop | committee | the loop's last required scorecard | — |
| offer | hired (accepted) | an owner (recruiter, HM, admin) | a free seat (open or on hold) |
| offer | withdrawn (declined) | an owner (recruiter, HM, admin) | a reason |
| hired, rejected, withdrawn | — | final | — |
"""

from enum import StrEnum

from hiring.codes import CLOSED_STAGES, ApplicationStage

EARLY_STAGES = (ApplicationStage.APPLIED, ApplicationStage.SCREEN, ApplicationStage.LOOP, ApplicationStage.COMMITTEE)
NEEDS_REASON = (ApplicationStage.REJECTED, ApplicationStage.WITHDRAWN)


class Mover(StrEnum):
    """What moves an application."""

    OWNER = "owner"  # one of the requisition's recruiters, its hiring manager or an admin
    DECISION = "decision"  # the committee's recorded decision
    LOOP = "loop"  # the loop became complete


STAGE_IS_FINAL = "This application is {stage}, which is final."
ALREADY_AT_STAGE = "This application is already at {stage}."
OFFER_NEEDS_DECISION = (
    "Only a recorded hire decision makes an offer: the chair records it on the loop's packet once the committee "
    "has voted."
)
HIRE_NEEDS_OFFER = "Only an application at offer can be marked hired; this one is at {stage}."
OFFER_ENDS_IN_HIRE_OR_WITHDRAWAL = "An offer ends in hired (accepted) or withdrawn (declined); this one is at offer."
REASON_NEEDED = "Say why the application is {stage}: the reason is kept with it."
DECISION_NEEDS_OPEN_APPLICATION = "This application is {stage}, so its loop cannot be decided."


def _label(stage: str) -> str:
    return ApplicationStage(stage).label.lower()


def move_problem(*, current: str, target: str, mover: Mover, reason: str = "") -> tuple[str, str] | None:
    """Why `mover` may not move an application from `current` to `target`, as (field, message); None if it may."""
    if current in CLOSED_STAGES:
        if mover == Mover.DECISION:
            return "non_field_errors", DECISION_NEEDS_OPEN_APPLICATION.format(stage=_label(current))
        return "stage", STAGE_IS_FINAL.format(stage=_label(current))
    if target == current:
        return "stage", ALREADY_AT_STAGE.format(stage=_label(current))
    if mover == Mover.DECISION:
        return (
            None if target in (ApplicationStage.OFFER, ApplicationStage.REJECTED) else ("stage", OFFER_NEEDS_DECISION)
        )
    if mover == Mover.LOOP:
        ok = current == ApplicationStage.LOOP and target == ApplicationStage.COMMITTEE
        return None if ok else ("stage", ALREADY_AT_STAGE.format(stage=_label(current)))
    return _owner_problem(current=current, target=target, reason=reason)


def _owner_problem(*, current: str, target: str, reason: str) -> tuple[str, str] | None:
    if target == ApplicationStage.OFFER:
        return "stage", OFFER_NEEDS_DECISION
    if target == ApplicationStage.HIRED and current != ApplicationStage.OFFER:
        return "stage", HIRE_NEEDS_OFFER.format(stage=_label(current))
    if current == ApplicationStage.OFFER and target not in (ApplicationStage.HIRED, ApplicationStage.WITHDRAWN):
        return "stage", OFFER_ENDS_IN_HIRE_OR_WITHDRAWAL
    if target in NEEDS_REASON and not reason.strip():
        return "reason", REASON_NEEDED.format(stage=_label(target))
    return None


def owner_targets(current: str) -> list[str]:
    """The stages a recruiter or hiring manager may move an application to from `current` (for menus)."""
    return [
        stage
        for stage in ApplicationStage.values
        if move_problem(current=current, target=stage, mover=Mover.OWNER, reason="given") is None
    ]
