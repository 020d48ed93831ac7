"""The database aggregation (analytics.selectors) equals the reports recomputed from the raw facts one
scorecard at a time (tests/analytics/reference.py), on random loops: panels of one to three, missing
ratings, early and late submissions, hires and no-hires. On SQLite here and on PostgreSQL in CI."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from analytics.reports import LATE_HOURS
from tests.analytics import reference
from tests.analytics.factories import scored_loop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OVERALLS = ["strong_no", "no", "yes", "strong_yes"]
ROUNDS = ["ml_coding", "breadth", "depth"]


def _random_loops(seed: int) -> None:
    rng = random.Random(seed)
    people = [UserFactory(roles=["interviewer"], name=f"Person {i}") for i in range(6)]
    for _ in range(rng.randint(18, 30)):
        panels = {}
        for code in rng.sample(ROUNDS, rng.randint(1, 3)):
            panel = rng.sample(people, rng.choice([1, 1, 2, 2, 3]))
            panels[code] = [
                (person, rng.choice(OVERALLS), [rng.choice([1, 2, 3, 4, 4, 3, None]) for _ in range(2)])
                for person in panel
            ]
        scored_loop(
            panels=panels,
            hired=rng.choice([None, True, False]),
            start=timezone.now() - dt.timedelta(days=rng.randint(2, 90)),
            submit_after_hours=rng.choice([-0.5, 0, 1.5, 7, 30, LATE_HOURS, LATE_HOURS + 0.01, 75]),
        )


def _close(a, b) -> bool:
    return a == b if a is None or b is None else a == pytest.approx(b, abs=1e-9)


def _same(actual: tuple, expected: tuple) -> bool:
    return len(actual) == len(expected) and all(_close(a, b) for a, b in zip(actual, expected, strict=True))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("round_type", [None, "depth"])
def test_every_report_equals_the_reference_computed_card_by_card(api, as_user, seed, round_type):
    """All five reports (and reliability per competency) equal the card-by-card reference, filtered or not."""
    as_user("admin")
    _random_loops(seed)
    query = f"?round_type={round_type}" if round_type else ""
    cards, ratings, hired = reference.load(round_type)
    all_cards, _, _ = reference.load()

    def get(report: str, extra: str = "") -> dict:
        response = api.get(f"/api/v1/analytics/{report}/{query}{('&' if query else '?') + extra if extra else ''}")
        assert response.status_code == 200
        return response.json()

    expected = reference.calibration(all_cards, round_type)
    got = {
        r["interviewer_id"]: (r["loops"], r["offset"], r["sd"], r["ci_low"], r["ci_high"])
        for r in get("calibration")["results"]
    }
    assert got.keys() == expected.keys()
    assert all(_same(got[key], expected[key]) for key in expected), (got, expected)

    by_round, by_competency = reference.reliability(cards, ratings)
    body = get("reliability")
    assert {r["round_type"]: (r["alpha"], r["units"], r["values"]) for r in body["results"]}.keys() == by_round.keys()
    for row in body["results"]:
        assert _same((row["alpha"], row["units"], row["values"]), by_round[row["round_type"]])
    assert {(r["round_type"], r["competency"]) for r in body["competencies"]} == by_competency.keys()
    for row in body["competencies"]:
        assert _same((row["alpha"], row["units"], row["values"]), by_competency[row["round_type"], row["competency"]])
    by_competency_body = get("reliability", "by=competency")
    assert by_competency_body["results"] == body["competencies"]
    assert by_competency_body["competencies"] == body["competencies"]  # the one schema holds for both

    expected = reference.time_to_submit(cards)
    rows = get("time-to-submit")["results"]
    got = {
        r["round_type"]: (r["n"], r["p25_hours"], r["median_hours"], r["p75_hours"], r["p90_hours"], r["late_share"])
        for r in rows
        if r["n"]
    }
    assert got.keys() == expected.keys()
    assert all(_same(got[key], expected[key]) for key in expected), (got, expected)

    expected = reference.funnel(cards, hired)
    got = {r["stage"]: (r["reached"], r["passed"]) for r in get("funnel")["results"]}
    assert got == expected

    expected = reference.validity(cards, hired)
    got = {
        r["round_type"]: (
            r["n"],
            r["agree"],
            r["correlation"],
            r["yes_hired"],
            r["yes_not_hired"],
            r["no_hired"],
            r["no_not_hired"],
        )
        for r in get("round-validity")["results"]
    }
    assert got.keys() == expected.keys()
    assert all(_same(got[key], expected[key]) for key in expected), (got, expected)


def test_the_reference_itself_against_hand_computed_values():
    """Ann scores 4 where the others give 2 and 3 (+1.5) and 4 against 3 (+1.0): offset +1.25, and with a
    round type only her depth scores count, against everyone on the loop; r of 1,2,3,4 with no,no,yes,yes
    is 2/√5; strong no + yes + yes is a tie (not yes)."""
    card = reference.Card
    cards = [
        card(1, 11, 10, "depth", "strong_yes", 1.0),
        card(1, 12, 20, "breadth", "no", 1.0),
        card(1, 13, 30, "overview", "yes", 1.0),
        card(2, 21, 10, "depth", "strong_yes", 1.0),
        card(2, 22, 20, "breadth", "yes", 1.0),
        card(3, 31, 10, "depth", "strong_no", 1.0),  # nobody else on loop 3: skipped
    ]
    rows = reference.calibration(cards, None)
    assert rows[10][:2] == (2, pytest.approx(1.25))
    assert rows[10][3] == pytest.approx(1.25 - 3.1766, abs=1e-3)  # t(0.975, 1) · sd(1.5, 1.0) / √2
    assert rows[20][1] == pytest.approx(-1.25)
    assert rows[30][0] == 1
    assert rows[30][3] is None
    assert reference.calibration([cards[0], cards[1]], "depth") == {10: (1, 2.0, None, None, None)}
    assert reference.point_biserial([1, 2, 3, 4], [False, False, True, True]) == pytest.approx(2 / 5**0.5)
    assert reference.point_biserial([3, 3, 3], [False, True, True]) is None
    tie = [card(1, 1, p, "depth", overall, None) for p, overall in enumerate(["strong_no", "yes", "yes"])]
    assert reference.leans_yes(tie) is False
    assert reference.leans_yes([card(1, 1, 1, "depth", "strong_yes", None), card(1, 1, 2, "depth", "no", None)])
