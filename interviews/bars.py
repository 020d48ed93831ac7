"""Which competencies a loop holds to a bar, at what bar, and what a rating under it means (PRODUCT.md §3–4).

Pure. The decision engine (`decisions.engine`, rule `below_bar`) and the interview kit both ask here,
so the kit can tell an interviewer before they submit exactly what the committee's recommendation
will make of a rating under the bar.

- A template has a default bar (`competency_bar`, 3 unless set) and higher bars for some competency
  codes (`competency_bars`).
- A competency is held to its bar when it is required, or named in `competency_bars`, in a required
  round. Its weighted mean over every submitted rating of it in the loop is compared with the bar;
  under it, the recommendation is no hire.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

Number = Decimal | int | float | str | Fraction


def to_fraction(value: Number) -> Fraction:
    """Exact: 3.5 stays 7/2, not a binary approximation."""
    if isinstance(value, float):
        value = Decimal(str(value))
    return Fraction(value)


def bar_for(*, default: Number, bars: Mapping[str, Number], code: str) -> Fraction:
    """The bar a competency is held to: its own in `bars`, else the template's default."""
    return to_fraction(bars.get(code, default))


def held_to_bar(*, round_required: bool, competency_required: bool, code: str, bars: Mapping[str, object]) -> bool:
    """Whether falling under the bar on this competency, in this round, makes the recommendation no hire."""
    return round_required and (competency_required or code in bars)


@dataclass(frozen=True)
class BarSpec:
    """One competency of a scorecard against the loop's bar."""

    competency: int
    name: str
    bar: Fraction
    held: bool
    rated_elsewhere: bool  # another round of the loop rates the same competency


@dataclass(frozen=True)
class BelowBar:
    competency: int
    name: str
    score: int
    bar: Fraction
    message: str


BELOW_ALONE = (
    "{name}: {score} is under the bar of {bar}. No other round of this loop rates {name}, so this rating alone "
    "makes the recommendation no hire."
)
BELOW_UNLESS_OTHERS = (
    "{name}: {score} is under the bar of {bar}. Unless the other interviewers' ratings of {name} bring its "
    "weighted mean up to {bar}, the recommendation will be no hire."
)
BELOW_OPTIONAL = "{name}: {score} is under the bar of {bar}; it is not held to the bar here, so it is shown as context."


def fmt(value: Fraction) -> str:
    """3 → "3", 7/2 → "3.5"."""
    return str(int(value)) if value.denominator == 1 else f"{float(value):g}"


def below_message(spec: BarSpec, score: int | str) -> str:
    """What a rating of `score` under the bar means (the kit's page fills `{score}` in as you choose)."""
    template = (BELOW_UNLESS_OTHERS if spec.rated_elsewhere else BELOW_ALONE) if spec.held else BELOW_OPTIONAL
    return template.format(name=spec.name, score=score, bar=fmt(spec.bar))


def below_bar(*, scores: Mapping[int, int | None], specs: Mapping[int, BarSpec]) -> list[BelowBar]:
    """The ratings under their bar, in `specs` order, each with what it means for the recommendation."""
    found = []
    for cid, spec in specs.items():
        score = scores.get(cid)
        if score is None or score >= spec.bar:
            continue
        found.append(BelowBar(cid, spec.name, score, spec.bar, below_message(spec, score)))
    return found
