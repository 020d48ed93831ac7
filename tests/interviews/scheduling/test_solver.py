"""The pure scheduler: each constraint, the preferences, infeasibility explanations and DST."""

import datetime as dt
from zoneinfo import ZoneInfo

from interviews.scheduling import solver
from interviews.scheduling.solver import Interval, Slot, check_plan, propose
from tests.interviews.scheduling.builders import at, person, problem, rnd, window

DAY = "2026-12-07"  # a Monday
NEXT = "2026-12-08"


def _by_round(proposal):
    return {s.round_key: s for s in proposal.slots}


def test_it_puts_the_overview_round_first():
    """Overview precedes every other round even when listed last."""
    prob = problem(
        [rnd("ml_coding"), rnd("overview", 45)],
        [person(1, "ml_coding"), person(2, "overview", senior_leader=True)],
        [window(DAY, "09:00", "12:00")],
    )
    plan = _by_round(propose(prob))
    assert plan["overview"].start == at(DAY, "09:00")
    assert plan["ml_coding"].start >= plan["overview"].end


def test_it_keeps_the_buffer_between_rounds_on_the_same_day():
    """A 30-minute buffer separates rounds."""
    prob = problem(
        [rnd("ml_coding"), rnd("breadth")],
        [person(1, "ml_coding"), person(2, "breadth")],
        [window(DAY, "09:00", "12:00")],
        buffer_minutes=30,
    )
    slots = sorted(propose(prob).slots, key=lambda s: s.start)
    assert slots[1].start - slots[0].end == dt.timedelta(minutes=30)


def test_it_caps_rounds_per_day_and_uses_the_fewest_days():
    """Three rounds at two a day take two days, not three."""
    prob = problem(
        [rnd("ml_coding"), rnd("breadth"), rnd("depth")],
        [person(1, "ml_coding"), person(2, "breadth"), person(3, "depth")],
        [window(DAY, "09:00", "17:00"), window(NEXT, "09:00", "17:00"), window("2026-12-09", "09:00", "17:00")],
        max_rounds_per_day=2,
    )
    proposal = propose(prob)
    assert proposal.days == 2
    days = [s.start.date() for s in proposal.slots]
    assert sorted(days) == [dt.date(2026, 12, 7), dt.date(2026, 12, 7), dt.date(2026, 12, 8)]


def test_it_starts_rounds_only_on_the_slot_grid_of_the_candidates_clock():
    """A window opening at 09:10 in Kolkata (UTC+5:30) gives a 09:30 local start on a 30-minute grid."""
    zone = "Asia/Kolkata"
    prob = problem(
        [rnd("ml_coding")],
        [person(1, "ml_coding", timezone=zone)],
        [window(DAY, "09:10", "12:00", zone)],
        zone=zone,
        slot_minutes=30,
    )
    (slot,) = propose(prob).slots
    assert slot.start == at(DAY, "09:30", zone)


def test_no_interviewer_runs_two_rounds_of_one_loop():
    """The one person qualified for both rounds runs only one; the other goes to someone else."""
    both = person(1, "ml_coding", "breadth")
    prob = problem(
        [rnd("ml_coding"), rnd("breadth")],
        [both, person(2, "breadth")],
        [window(DAY, "09:00", "17:00")],
    )
    plan = _by_round(propose(prob))
    assert plan["ml_coding"].interviewer_id == 1
    assert plan["breadth"].interviewer_id == 2


def test_it_never_double_books_against_busy_blocks_and_interviews():
    """Busy blocks and existing interviews push the round to the first free time."""
    busy = Interval(at(DAY, "09:00"), at(DAY, "10:00"))
    booked = Interval(at(DAY, "10:00"), at(DAY, "11:00"))
    prob = problem(
        [rnd("ml_coding")], [person(1, "ml_coding", busy=(busy,), booked=(booked,))], [window(DAY, "09:00", "17:00")]
    )
    (slot,) = propose(prob).slots
    assert slot.start == at(DAY, "11:00")


def test_it_respects_working_hours_in_the_interviewers_own_zone():
    """A New York interviewer (9–17 local) can only start at 14:00 UTC in December."""
    prob = problem(
        [rnd("ml_coding")],
        [person(1, "ml_coding", timezone="America/New_York")],
        [window(DAY, "08:00", "18:00")],
    )
    (slot,) = propose(prob).slots
    assert slot.start == at(DAY, "14:00")


def test_it_keeps_every_round_inside_the_candidates_windows():
    """A 60-minute round does not fit a 45-minute window but fits the next one."""
    prob = problem(
        [rnd("ml_coding")],
        [person(1, "ml_coding")],
        [window(DAY, "09:00", "09:45"), window(DAY, "13:00", "14:00")],
    )
    (slot,) = propose(prob).slots
    assert (slot.start, slot.end) == (at(DAY, "13:00"), at(DAY, "14:00"))


def test_it_respects_weekly_caps():
    """An interviewer at their cap this week is skipped for someone else."""
    booked = tuple(Interval(at("2026-12-08", f"{h}:00"), at("2026-12-08", f"{h}:30")) for h in (10, 11))
    capped = person(1, "ml_coding", weekly_cap=2, booked=booked)
    prob = problem([rnd("ml_coding")], [capped, person(2, "ml_coding")], [window(DAY, "09:00", "17:00")])
    (slot,) = propose(prob).slots
    assert slot.interviewer_id == 2


def test_overview_and_leadership_need_a_senior_leader():
    """A qualified but not senior interviewer cannot run the overview."""
    prob = problem(
        [rnd("overview", 45)],
        [person(1, "overview"), person(2, "overview", senior_leader=True)],
        [window(DAY, "09:00", "12:00")],
    )
    (slot,) = propose(prob).slots
    assert slot.interviewer_id == 2


def test_it_balances_load_toward_the_less_booked_interviewer():
    """Of two free interviewers the one with fewer interviews gets the round."""
    booked = (Interval(at("2026-12-09", "09:00"), at("2026-12-09", "10:00")),)
    prob = problem(
        [rnd("ml_coding")],
        [person(1, "ml_coding", booked=booked), person(2, "ml_coding")],
        [window(DAY, "09:00", "12:00")],
    )
    (slot,) = propose(prob).slots
    assert slot.interviewer_id == 2


def test_it_adds_one_trainee_as_shadow_when_asked():
    """A reverse-shadow trainee who is free sits in; a plan never waits for one."""
    prob = problem(
        [rnd("depth")],
        [person(1, "depth"), person(2, "depth", stage="reverse_shadow")],
        [window(DAY, "09:00", "12:00")],
        add_shadows=True,
    )
    (slot,) = propose(prob).slots
    assert (slot.interviewer_id, slot.shadow_id) == (1, 2)
    assert check_plan(prob, [slot]) == []


def test_it_explains_missing_windows():
    """No windows: say so."""
    proposal = propose(problem([rnd("depth")], [person(1, "depth")], []))
    assert not proposal.feasible
    assert [r.message for r in proposal.reasons] == [solver.NO_WINDOWS]


def test_it_names_a_round_nobody_is_qualified_for():
    """No qualified ML-systems interviewer at all."""
    proposal = propose(problem([rnd("ml_systems")], [person(1, "depth")], [window(DAY, "09:00", "12:00")]))
    assert [r.message for r in proposal.reasons] == [solver.NO_QUALIFIED.format(label="ML systems")]


def test_it_names_a_round_whose_interviewers_are_not_free_and_why():
    """Qualified ML-systems interviewers exist but none is free in the windows."""
    busy = (Interval(at(DAY, "08:00"), at(DAY, "13:00")),)
    prob = problem(
        [rnd("ml_systems")],
        [
            person(1, "ml_systems", name="Omar", busy=busy),
            person(2, "ml_systems", name="Kenji", timezone="America/Los_Angeles"),
        ],
        [window(DAY, "09:00", "12:00")],
    )
    (reason,) = propose(prob).reasons
    assert reason.code == "no_interviewer_free"
    assert reason.message == solver.NONE_FREE.format(
        label="ML systems", details="outside working hours: Kenji; busy: Omar"
    )
    assert reason.message.startswith("No qualified ML systems interviewer is free in the candidate's windows")


def test_it_names_rounds_that_share_their_only_interviewer():
    """Two rounds, one possible person: Hall's condition, in words."""
    prob = problem(
        [rnd("ml_coding"), rnd("breadth")],
        [person(1, "ml_coding", "breadth", name="Ivy")],
        [window(DAY, "09:00", "17:00")],
    )
    (reason,) = propose(prob).reasons
    assert reason.message == solver.NOT_ENOUGH_PEOPLE.format(labels="ML coding and breadth", names="Ivy")


def test_it_names_the_rounds_per_day_cap_when_that_is_the_obstacle():
    """Two rounds on one available day with a cap of one a day."""
    prob = problem(
        [rnd("ml_coding"), rnd("breadth")],
        [person(1, "ml_coding"), person(2, "breadth")],
        [window(DAY, "09:00", "17:00")],
        max_rounds_per_day=1,
    )
    assert [r.code for r in propose(prob).reasons] == ["rounds_per_day"]


def test_it_names_the_buffer_when_that_is_the_obstacle():
    """Two hour-long rounds in a two-hour window cannot have a buffer."""
    prob = problem(
        [rnd("ml_coding"), rnd("breadth")],
        [person(1, "ml_coding"), person(2, "breadth")],
        [window(DAY, "09:00", "11:00")],
    )
    assert [r.message for r in propose(prob).reasons] == [solver.BUFFER_TOO_LONG.format(buffer=15)]


def test_it_plans_correctly_on_the_day_clocks_go_forward_in_the_candidates_zone():
    """London springs forward on 29 March 2026: 09:00 local is 08:00 UTC that day."""
    zone = "Europe/London"
    day = "2026-03-29"  # a Sunday
    everyday = (0, 1, 2, 3, 4, 5, 6)
    prob = problem(
        [rnd("overview", 45), rnd("ml_coding")],
        [
            person(1, "overview", senior_leader=True, timezone=zone, weekdays=everyday),
            person(2, "ml_coding", timezone="America/New_York", weekdays=everyday),
        ],
        [window(day, "09:00", "17:00", zone)],
        zone=zone,
    )
    plan = _by_round(propose(prob))
    assert plan["overview"].start == dt.datetime(2026, 3, 29, 8, 0, tzinfo=dt.UTC)
    assert plan["overview"].start.astimezone(ZoneInfo(zone)).hour == 9
    # New York is already on summer time (since 8 March): 09:00 EDT is 13:00 UTC.
    assert plan["ml_coding"].start == dt.datetime(2026, 3, 29, 13, 0, tzinfo=dt.UTC)
    assert check_plan(prob, list(plan.values())) == []


def test_it_plans_correctly_on_the_day_clocks_go_back_in_the_candidates_zone():
    """London falls back on 25 October 2026: a 00:00–03:00 local window is four hours long."""
    zone = "Europe/London"
    day = "2026-10-25"
    night = dict(work_start=dt.time(0), work_end=dt.time(23), weekdays=(6,), timezone=zone)
    prob = problem(
        [rnd("ml_coding"), rnd("breadth"), rnd("depth")],
        [person(1, "ml_coding", **night), person(2, "breadth", **night), person(3, "depth", **night)],
        [window(day, "00:00", "03:00", zone)],
        zone=zone,
        buffer_minutes=0,
    )
    proposal = propose(prob)
    assert proposal.feasible
    assert [s.start.astimezone(dt.UTC).hour for s in proposal.slots] == [23, 0, 1]


def test_check_plan_names_each_conflict():
    """An edited plan with several problems gets one message per problem."""
    prob = problem(
        [rnd("overview", 45), rnd("ml_coding")],
        [person(1, "overview", senior_leader=True, name="Lena"), person(2, "ml_coding", name="Omar")],
        [window(DAY, "09:00", "12:00")],
    )
    slots = [
        Slot("overview", at(DAY, "10:00"), at(DAY, "10:45"), 1),
        Slot("ml_coding", at(DAY, "09:05"), at(DAY, "10:05"), 1),
    ]
    messages = {c.message for c in check_plan(prob, slots)}
    assert messages == {
        solver.C_GRID.format(label="ML coding", slot=15),
        solver.C_NOT_QUALIFIED.format(label="ML coding", name="Lena"),
        solver.C_TWICE.format(label="ML coding", name="Lena"),
        solver.C_TWICE.format(label="overview", name="Lena"),
        solver.C_OVERLAP.format(label="overview", other="ML coding"),
        solver.C_OVERVIEW_FIRST.format(label="ML coding"),
    }
