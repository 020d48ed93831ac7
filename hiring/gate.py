"""The use-case gate (PRODUCT.md §1): no ML-scientist requisition opens without a justified use case.

Pure: plain data in, the list of what is missing out (empty when the gate passes). The services
refuse to open a requisition with these messages; the requisition page shows them in advance.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from hiring.codes import ML_SCIENTIST_FAMILIES, RoleFamily

ACCEPTED = "accepted"

GATE_HEADLINE = (
    "{family} requisitions open only with at least one accepted use case whose baseline tried and "
    "why that baseline is not enough are both written."
)
GATE_NONE_LINKED = "No use case is linked: link the use case this hire is for."
GATE_USE_CASE = "“{title}”: {missing}."
MISSING_ACCEPTANCE = "not accepted by a hiring manager (it is {status})"
MISSING_BASELINE = "no baseline tried"
MISSING_WHY = "no reason why the baseline is not enough"


@dataclass(frozen=True)
class UseCaseFacts:
    title: str
    status: str
    baseline_tried: str = ""
    why_baseline_insufficient: str = ""

    @property
    def missing(self) -> list[str]:
        missing = []
        if self.status != ACCEPTED:
            missing.append(MISSING_ACCEPTANCE.format(status=self.status))
        if not self.baseline_tried.strip():
            missing.append(MISSING_BASELINE)
        if not self.why_baseline_insufficient.strip():
            missing.append(MISSING_WHY)
        return missing


def gate_problems(*, role_family: str, use_cases: Sequence[UseCaseFacts]) -> list[str]:
    """What stops this requisition from opening; empty when nothing does."""
    if role_family not in ML_SCIENTIST_FAMILIES:
        return []
    if any(not use_case.missing for use_case in use_cases):
        return []
    headline = GATE_HEADLINE.format(family=RoleFamily(role_family).label)
    if not use_cases:
        return [headline, GATE_NONE_LINKED]
    details = [
        GATE_USE_CASE.format(title=use_case.title, missing="; ".join(use_case.missing))
        for use_case in sorted(use_cases, key=lambda use_case: use_case.title)
    ]
    return [headline, *details]
