"""The five analytics endpoints: numbers, visibility, filters, CSV and query counts."""

import csv
import io

import pytest

from analytics import selectors
from decisions.models import Decision
from tests.analytics.factories import scored_loop
from tests.factories import RequisitionFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORTS = ["calibration", "reliability", "time-to-submit", "funnel", "round-validity"]


def _people(n: int = 3):
    return [UserFactory(roles=["interviewer"], name=f"Person {i}") for i in range(n)]


def test_calibration_reports_each_interviewers_offset_from_the_panel(api, as_user):
    """Ann says strong yes (4) where Bob says no (2) on two loops: Ann +2, Bob −2."""
    as_user("admin")
    ann, bob, _ = _people()
    for _ in range(2):
        scored_loop(panels={"depth": [(ann, "strong_yes", [4, 4])], "breadth": [(bob, "no", [2, 2])]})
    response = api.get("/api/v1/analytics/calibration/")
    assert response.status_code == 200
    rows = {row["interviewer"]: row for row in response.json()["results"]}
    assert rows["Person 0"]["offset"] == pytest.approx(2.0)
    assert rows["Person 0"]["loops"] == 2
    assert rows["Person 0"]["few"] is True
    assert rows["Person 1"]["offset"] == pytest.approx(-2.0)
    assert Decision.objects.count() == 0


def test_reliability_pairs_interviewers_on_the_same_interview(api, as_user):
    """Two raters agreeing on every competency of three interviews with varied scores give alpha 1."""
    as_user("recruiter", "admin")
    ann, bob, _ = _people()
    for scores in ([1, 2], [3, 4], [2, 3]):
        scored_loop(panels={"ml_coding": [(ann, "yes", scores), (bob, "yes", scores)]})
    response = api.get("/api/v1/analytics/reliability/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["round_type"] == "ml_coding"
    assert row["alpha"] == pytest.approx(1.0)
    assert (row["units"], row["values"]) == (6, 12)


def test_funnel_and_validity_count_passes_and_agreement_with_the_decision(api, as_user):
    """Depth says yes on 3 loops (2 hired), no on 1 (not hired): pass 3/4, agreement 3/4."""
    as_user("admin")
    ann, *_ = _people()
    for overall, hired in (("yes", True), ("strong_yes", True), ("yes", False), ("no", False)):
        scored_loop(panels={"depth": [(ann, overall, [3, 3])]}, hired=hired)
    funnel = api.get("/api/v1/analytics/funnel/").json()["results"]
    assert [(r["stage"], r["reached"], r["passed"]) for r in funnel] == [("depth", 4, 3), ("decision", 4, 2)]
    assert funnel[0]["ci_low"] == pytest.approx(0.3006, abs=1e-3)
    validity = api.get("/api/v1/analytics/round-validity/").json()["results"]
    assert (validity[0]["n"], validity[0]["agree"], validity[0]["yes_not_hired"]) == (4, 3, 1)
    # Scores 3, 4, 3, 2 against 1, 1, 0, 0.
    assert validity[0]["correlation"] == pytest.approx(0.7071, abs=1e-3)


def test_time_to_submit_reports_hours_after_the_interview_and_the_late_share(api, as_user):
    """Submissions 2, 10 and 60 hours after the end: median 10, one third late."""
    as_user("admin")
    ann, *_ = _people()
    for hours in (2, 10, 60):
        scored_loop(panels={"breadth": [(ann, "yes", [3, 3])]}, submit_after_hours=hours)
    rows = api.get("/api/v1/analytics/time-to-submit/").json()["results"]
    assert [r["round_type"] for r in rows] == ["breadth", "all"]
    assert rows[0]["median_hours"] == pytest.approx(10)
    assert rows[0]["late_share"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("report", REPORTS)
def test_it_refuses_interviewers(api, as_user, report):
    """Interviewers get 403 on every report."""
    as_user("interviewer")
    response = api.get(f"/api/v1/analytics/{report}/")
    assert response.status_code == 403
    assert response.json()["detail"] == selectors.ANALYTICS_FORBIDDEN


def test_it_counts_only_loops_the_viewer_may_see(api, as_user):
    """A recruiter sees their requisition's loops, not another requisition's."""
    recruiter = as_user("recruiter")
    mine = RequisitionFactory()
    mine.recruiters.add(recruiter)
    ann, *_ = _people()
    scored_loop(panels={"depth": [(ann, "yes", [3, 3])]}, requisition=mine)
    scored_loop(panels={"depth": [(ann, "no", [2, 2])]})
    rows = api.get("/api/v1/analytics/funnel/").json()["results"]
    assert (rows[0]["reached"], rows[0]["passed"]) == (1, 1)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "round_type=cooking",
            "round_type",
            selectors.UNKNOWN_ROUND_TYPE.format(codes="overview, ml_coding, breadth, depth, ml_systems, leadership"),
        ),
        ("since=yesterday", "since", selectors.BAD_SINCE),
        ("since=1999-12-31", "since", selectors.BAD_SINCE),
        ("since=2024-02-30", "since", selectors.BAD_SINCE),
    ],
)
def test_it_rejects_bad_filters(api, as_user, query, field, message):
    """Unknown round types and non-dates are 400 with the field named."""
    as_user("admin")
    response = api.get(f"/api/v1/analytics/funnel/?{query}")
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_filters_keep_one_round_type_and_recent_interviews(api, as_user):
    """round_type keeps that round; since drops interviews before the day."""
    as_user("admin")
    ann, *_ = _people()
    import datetime as dt

    from django.utils import timezone

    scored_loop(panels={"depth": [(ann, "yes", [3, 3])], "breadth": [(ann, "no", [2, 2])]})
    scored_loop(panels={"depth": [(ann, "yes", [3, 3])]}, start=timezone.now() - dt.timedelta(days=400))
    rows = api.get("/api/v1/analytics/funnel/?round_type=depth").json()["results"]
    assert [(r["stage"], r["reached"]) for r in rows] == [("depth", 2), ("decision", 0)]
    since = (timezone.now() - dt.timedelta(days=30)).date().isoformat()
    body = api.get(f"/api/v1/analytics/funnel/?round_type=depth&since={since}").json()
    assert body["filters"] == {"round_type": "depth", "since": since}
    assert body["results"][0]["reached"] == 1


@pytest.mark.parametrize("report", REPORTS)
def test_format_csv_returns_a_header_row_and_the_rows(api, as_user, report):
    """?format=csv is text/csv whose header is the JSON row's fields."""
    as_user("admin")
    ann, bob, _ = _people()
    scored_loop(panels={"depth": [(ann, "yes", [3, 4]), (bob, "no", [2, 3])]}, hired=True)
    json_rows = api.get(f"/api/v1/analytics/{report}/").json()["results"]
    response = api.get(f"/api/v1/analytics/{report}/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == list(json_rows[0].keys())
    assert len(table) == len(json_rows) + 1


def test_format_csv_explains_a_bad_filter(api, as_user):
    """A CSV request with a bad filter is still 400, with the message in the sheet."""
    as_user("admin")
    response = api.get("/api/v1/analytics/calibration/?format=csv&since=nope")
    assert response.status_code == 400
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["field", "message"],
        ["since", selectors.BAD_SINCE],
    ]


# SAVEPOINT + RELEASE, the report's one aggregate statement, then the round type names (and the competency
# names for reliability); calibration joins the interviewers' names in its statement but, asked first,
# also reads the viewer's roles (cached for the requests after it).
QUERIES = {"calibration": 4, "reliability": 5, "time-to-submit": 4, "funnel": 4, "round-validity": 4}


@pytest.mark.parametrize("loops", [1, 6])
def test_query_count_does_not_grow_with_loops(api, as_user, django_assert_num_queries, loops):
    """Every report loads its facts in a fixed number of queries."""
    as_user("admin")
    ann, bob, carl = _people()
    for i in range(loops):
        scored_loop(
            panels={"depth": [(ann, "yes", [3, 4]), (bob, "no", [2, 2])], "breadth": [(carl, "strong_yes", [4, 4])]},
            hired=bool(i % 2),
        )
    for report in REPORTS:
        # roles, the report's data queries, SAVEPOINT + RELEASE.
        with django_assert_num_queries(QUERIES[report]):
            assert api.get(f"/api/v1/analytics/{report}/").status_code == 200


def test_reliability_by_competency_is_a_csv_of_competency_rows_and_a_bad_by_is_400(api, as_user):
    """?by=competency&format=csv has the per-competency columns, a row per competency; ?by=round is a 400."""
    as_user("admin")
    ann, bob, _ = _people()
    scored_loop(panels={"depth": [(ann, "yes", [3, 4]), (bob, "no", [2, 3])]})
    response = api.get("/api/v1/analytics/reliability/?by=competency&format=csv")
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][:4] == ["round_type", "round_name", "competency", "competency_name"]
    assert [row[0] for row in table[1:]] == ["depth", "depth"]
    bad = api.get("/api/v1/analytics/reliability/?by=round")
    assert bad.status_code == 400
    assert bad.json() == {"by": [selectors.BAD_BY]}
