"""The loop scheduler: a pure, complete search (PRODUCT.md §3). No ORM here: dataclasses in and out.

`propose(problem)` returns a conflict-free plan whenever one exists, or the constraint(s) that make it
impossible in words a recruiter can act on. `check_plan(problem, slots)` re-checks a given (possibly
hand-edited) plan and names every conflict.

How the search is complete. A plan, read in chronological order, is a sequence of (round, start)
pairs; the depth-first search enumerates exactly those sequences (overview first), so every plan is
reachable. Pruning only removes branches that provably contain no plan, or none better than a branch
already tried:
- before any search, the whole loop must pass a matching check: every round gets a distinct
  interviewer who is free for it at some start (Hall's condition over the whole loop), else no plan;
- a start whose free interviewers are a subset of those of an earlier start of the same round on the
  same candidate day is dominated (anything that works after the later start works after the earlier
  one: the later rounds have more room, the day count is the same, and the interviewers are a superset);
- forward checking: at every step each round still to place must have someone free at a start after
  the last placed round ends, and the placed rounds (with the people free at their starts) and those
  left (with anyone free later) must still admit distinct interviewers (a bipartite matching);
- the number of days is bounded by iterative deepening (1 day, then 2, ...), so the first plan found
  uses the fewest days; what the remaining days can hold bounds the rounds left: per candidate day,
  the shortest rounds back to back with buffers inside that day's windows, and at most the daily cap.
Among plans with the fewest days, interviewers are chosen by a minimum-cost matching on their load
(interviews.load: interviews in the four weeks around the loop; ties to the lower id), and the search
keeps looking for a lighter plan for a bounded number of
further nodes (it stops at once when the plan reaches the lower bound).

The search has a node budget (SEARCH_BUDGET; each relaxation `explain` tries gets a tenth), so an
answer always comes quickly: a search that spends it without a plan says so ("search_limit") rather
than claiming that no plan exists. With the checks above, real loops need a few hundred nodes.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations
from zoneinfo import ZoneInfo

from interviews.codes import QualificationStage, RoundCode

OVERVIEW = RoundCode.OVERVIEW.value
QUALIFIED = QualificationStage.QUALIFIED.value
# Further along the training path first.
TRAINEE_STAGES = (QualificationStage.REVERSE_SHADOW.value, QualificationStage.SHADOW.value)
IMPROVEMENT_BUDGET = 400  # search nodes spent looking for a lighter plan once one is found
# Search nodes one search may visit before it gives up (each relaxation tried by `explain` gets a
# tenth). With the whole-loop matching check and forward checking, real loops need a few hundred.
SEARCH_BUDGET = 20_000
INF = float("inf")


# --- data in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    start: dt.datetime  # aware
    end: dt.datetime


@dataclass(frozen=True)
class Round:
    key: int | str  # the interview's id
    round_type: str  # round type code
    label: str  # e.g. "ML systems"
    minutes: int
    requires_senior_leader: bool = False


@dataclass(frozen=True)
class Interviewer:
    id: int
    name: str
    timezone: str = "UTC"
    work_start: dt.time = dt.time(9)
    work_end: dt.time = dt.time(17)
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    weekly_cap: int = 4
    senior_leader: bool = False
    qualifications: Mapping[str, str] = field(default_factory=dict)  # round type → training stage
    busy: tuple[Interval, ...] = ()
    booked: tuple[Interval, ...] = ()  # existing interviews: they block time and count toward the cap
    # Interviews in the four weeks around the loop (interviews.load); None: those in `booked`.
    recent_load: int | None = None

    @property
    def load(self) -> int:
        return len(self.booked) if self.recent_load is None else self.recent_load


@dataclass(frozen=True)
class Options:
    buffer_minutes: int = 15
    max_rounds_per_day: int = 4
    slot_minutes: int = 15  # divides 60; starts are whole multiples past the hour (candidate's clock)
    overview_first: bool = True
    add_shadows: bool = False


@dataclass(frozen=True)
class Problem:
    rounds: tuple[Round, ...]
    interviewers: tuple[Interviewer, ...]
    windows: tuple[Interval, ...]  # the candidate's availability
    candidate_timezone: str = "UTC"
    options: Options = Options()


# --- data out --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    round_key: int | str
    start: dt.datetime
    end: dt.datetime
    interviewer_id: int
    shadow_id: int | None = None
    extra_ids: tuple[int, ...] = ()  # further scoring interviewers on an edited plan (a panel)


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class Proposal:
    feasible: bool
    slots: tuple[Slot, ...] = ()
    reasons: tuple[Reason, ...] = ()
    days: int = 0


@dataclass(frozen=True)
class Conflict:
    round_key: int | str
    code: str
    message: str


# --- messages (tests compare them exactly) ----------------------------------------------------

NO_WINDOWS = "The candidate has no availability windows yet: enter some, or send them the availability link."
WINDOW_TOO_SHORT = "No candidate window is long enough for the {minutes}-minute {label} round: ask for a longer window."
NO_QUALIFIED = "No interviewer is qualified to run the {label} round: qualify someone for it."
NO_SENIOR_QUALIFIED = (
    "No senior ML or data leader is qualified to run the {label} round: qualify a senior leader for it."
)
NONE_FREE = (
    "No qualified {label} interviewer is free in the candidate's windows ({details}): "
    "ask the candidate for other windows, or free or qualify another interviewer."
)
NOT_ENOUGH_PEOPLE = (
    "The {labels} rounds can only be run by {names}, and no one may interview twice in a loop: "
    "qualify another interviewer for one of these rounds."
)
CAP_PER_DAY = (
    "With at most {cap} rounds a day the loop does not fit in the candidate's windows: "
    "ask the candidate for windows on more days, or allow more rounds a day."
)
BUFFER_TOO_LONG = (
    "The {buffer}-minute buffer between rounds makes the loop too long for the candidate's windows: "
    "ask for longer windows or shorten the buffer."
)
OVERVIEW_NOT_FIRST = (
    "The overview round must come first, and no overview interviewer is free early enough in the "
    "candidate's windows: free an overview interviewer earlier or ask for an earlier window."
)
GRID_TOO_COARSE = "Starting rounds only on the {slot}-minute grid leaves no plan: allow a finer grid (e.g. 5 minutes)."
NO_COMBINATION = (
    "No conflict-free plan exists: the qualified interviewers' free times never line up inside the "
    "candidate's windows for all rounds together. Ask the candidate for more windows, or free or "
    "qualify more interviewers."
)

WINDOWS_HOLD_TOO_FEW = (
    "The candidate's windows hold at most {fit} of the loop's {count} rounds (with {buffer}-minute buffers and "
    "at most {cap} a day): ask the candidate for more or longer windows."
)
SEARCH_LIMIT = (
    "No plan was found within the scheduler's search limit, and none of the usual obstacles explains why: "
    "the free times barely line up. Ask the candidate for more windows, or free or qualify more interviewers."
)

C_MISSING_ROUND = "Every round needs a time and an interviewer; {label} has none."
C_UNKNOWN_ROUND = "This loop has no round {key}."
C_DURATION = "{label} must last {minutes} minutes."
C_GRID = "{label} must start on a {slot}-minute mark (the candidate's clock)."
C_OUTSIDE_WINDOWS = "{label} is outside the candidate's availability windows."
C_OVERLAP = "{label} overlaps {other}."
C_BUFFER = "{label} starts less than {buffer} minutes after {other} ends."
C_PER_DAY = "More than {cap} rounds on {day} (the candidate's day)."
C_OVERVIEW_FIRST = "The overview round must come before {label}."
C_UNKNOWN_INTERVIEWER = "{label}: interviewer {id} has no interviewer profile."
C_NOT_QUALIFIED = "{label}: {name} is not qualified to run this round."
C_NOT_SENIOR = "{label}: {name} is not a senior ML or data leader, which this round needs."
C_NOT_TRAINEE = "{label}: {name} is not in training for this round, so cannot shadow it."
C_TWICE = "{label}: {name} already interviews on this loop; no one may interview twice in a loop."
C_HOURS = "{label}: this is outside {name}'s working hours ({zone})."
C_BUSY = "{label}: {name} is busy then."
C_CAP = "{label}: {name} has reached their weekly cap of {cap} interviews."


# --- time helpers ----------------------------------------------------------------------------


def _minutes(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("The scheduler needs time-zone-aware datetimes.")
    return int(moment.timestamp()) // 60


def _moment(minutes: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(minutes * 60, tz=dt.UTC)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=65_536)
def _local_minutes(zone_name: str, ordinal: int, clock: dt.time) -> int:
    """A wall-clock time on a local date, in UTC minutes (DST-correct)."""
    day = dt.date.fromordinal(ordinal)
    return _minutes(dt.datetime.combine(day, clock, tzinfo=_zone(zone_name)))


@lru_cache(maxsize=65_536)
def _offset(zone_name: str, minutes: int) -> int:
    """The zone's UTC offset, in minutes, at an instant."""
    return int(_moment(minutes).astimezone(_zone(zone_name)).utcoffset().total_seconds()) // 60


def _local_ordinal(zone_name: str, minutes: int) -> int:
    return (minutes + _offset(zone_name, minutes)) // 1440 + dt.date(1970, 1, 1).toordinal()


def _merge(intervals: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(base: list[tuple[int, int]], blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`base` minus `blocks`; both sorted and disjoint."""
    out: list[tuple[int, int]] = []
    k = 0
    for start, end in base:
        while k < len(blocks) and blocks[k][1] <= start:
            k += 1
        cursor, i = start, k
        while i < len(blocks) and blocks[i][0] < end:
            if blocks[i][0] > cursor:
                out.append((cursor, blocks[i][0]))
            cursor = max(cursor, blocks[i][1])
            i += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def _week_key(ordinal: int) -> tuple[int, int]:
    year, week, _ = dt.date.fromordinal(ordinal).isocalendar()
    return year, week


def _bits(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


# --- the model -------------------------------------------------------------------------------


def _free_intervals(
    person: Interviewer, lo: int, hi: int, *, use_busy: bool = True, use_cap: bool = True
) -> list[tuple[int, int]]:
    """When the person could interview within [lo, hi): working hours, minus capped weeks and busy time."""
    zone = person.timezone
    booked_weeks = Counter(_week_key(_local_ordinal(zone, _minutes(b.start))) for b in person.booked)
    first, last = _local_ordinal(zone, lo) - 1, _local_ordinal(zone, hi) + 1
    weekdays = set(person.weekdays)
    working = []
    for ordinal in range(first, last + 1):
        if (ordinal - 1) % 7 not in weekdays:  # date.fromordinal(1) is a Monday
            continue
        if use_cap and booked_weeks[_week_key(ordinal)] >= person.weekly_cap:
            continue
        start = _local_minutes(zone, ordinal, person.work_start)
        end = _local_minutes(zone, ordinal, person.work_end)
        if end > lo and start < hi:
            working.append((start, end))
    if not use_busy:
        return working
    blocks = _merge([(_minutes(b.start), _minutes(b.end)) for b in (*person.busy, *person.booked)])
    return _subtract(working, blocks)


class _Model:
    def __init__(self, problem: Problem, base: _Model | None = None):
        """`base`: a model of the same loop with other options, whose interviewers' free time is reused."""
        self.problem = problem
        opts = problem.options
        self.opts = opts
        self.czone = problem.candidate_timezone
        rounds = list(problem.rounds)
        # Overview first, then the template's order (the order given).
        rounds.sort(key=lambda r: 0 if (opts.overview_first and r.round_type == OVERVIEW) else 1)
        self.rounds = rounds
        self.n = len(rounds)
        self.overview = next(
            (i for i, r in enumerate(rounds) if opts.overview_first and r.round_type == OVERVIEW), None
        )
        self.windows = _merge([(_minutes(w.start), _minutes(w.end)) for w in problem.windows])
        self.lo = self.windows[0][0] if self.windows else 0
        self.hi = self.windows[-1][1] if self.windows else 0
        types = {r.round_type for r in rounds}
        self.people = [
            p
            for p in problem.interviewers
            if any(
                stage == QUALIFIED or (opts.add_shadows and stage in TRAINEE_STAGES)
                for code, stage in p.qualifications.items()
                if code in types
            )
        ]
        self.people.sort(key=lambda p: p.id)
        if base is not None and [p.id for p in base.people] == [p.id for p in self.people]:
            self.free = base.free
        else:
            self.free = []
            for person in self.people:
                intervals = _free_intervals(person, self.lo, self.hi) if self.windows else []
                self.free.append(([a for a, _ in intervals], [b for _, b in intervals]))
        self.eligible = [[j for j, p in enumerate(self.people) if _can_lead(p, r)] for r in rounds]
        self.load = [p.load for p in self.people]
        self.starts = self._starts()
        self._mask_cache: dict[tuple[int, int], int] = {}
        self._suffix_cache: dict[int, list[int]] = {}
        self._capacity: dict[int, int] | None = None
        self._room_cache: dict[tuple, int] = {}
        self._day_cache: dict[int, int] = {}
        self.gave_up = False
        self.nodes = 0  # search nodes visited, over every search of this model

    def _starts(self) -> list[list[int]]:
        slot, zone = self.opts.slot_minutes, self.czone
        points: list[tuple[int, int]] = []  # (start, end of its window)
        shortest = min((r.minutes for r in self.rounds), default=0)
        for w_start, w_end in self.windows:
            t = w_start
            while t + shortest <= w_end:
                misalign = (t + _offset(zone, t)) % slot
                if misalign:
                    t += slot - misalign
                    continue
                points.append((t, w_end))
                t += slot
        return [[t for t, w_end in points if t + r.minutes <= w_end] for r in self.rounds]

    def day(self, t: int) -> int:
        found = self._day_cache.get(t)
        if found is None:
            found = self._day_cache[t] = _local_ordinal(self.czone, t)
        return found

    def mask(self, r: int, t: int) -> int:
        """The interviewers who could lead round r starting at t, as a bitmask."""
        key = (r, t)
        found = self._mask_cache.get(key)
        if found is not None:
            return found
        end = t + self.rounds[r].minutes
        mask = 0
        free = self.free
        for j in self.eligible[r]:
            starts, ends = free[j]
            k = bisect_right(starts, t) - 1
            if k >= 0 and ends[k] >= end:
                mask |= 1 << j
        self._mask_cache[key] = mask
        return mask

    def suffix(self, r: int) -> list[int]:
        """suffix[i]: everyone who could lead round r at its i-th start or a later one (one extra 0 at the end)."""
        found = self._suffix_cache.get(r)
        if found is None:
            found = [0] * (len(self.starts[r]) + 1)
            for i in range(len(self.starts[r]) - 1, -1, -1):
                found[i] = found[i + 1] | self.mask(r, self.starts[r][i])
            self._suffix_cache[r] = found
        return found

    def possible(self, r: int) -> int:
        """Everyone who could lead round r at some start."""
        return self.suffix(r)[0]

    def capacity(self) -> dict[int, int]:
        """Per candidate day (ordinal): at most how many rounds fit in its windows, whoever runs them (the
        shortest rounds back to back with buffers, within the span of that day's windows; at most the cap)."""
        if self._capacity is None:
            spans: dict[int, tuple[int, int]] = {}
            for start, end in self.windows:
                for day in range(self.day(start), self.day(end - 1) + 1):
                    lo = max(start, _local_minutes(self.czone, day, dt.time(0)))
                    hi = min(end, _local_minutes(self.czone, day + 1, dt.time(0)))
                    first, last = spans.get(day, (lo, hi))
                    spans[day] = (min(first, lo), max(last, hi))
            lengths = sorted(r.minutes for r in self.rounds)
            self._capacity = {}
            for day, (lo, hi) in spans.items():
                fit, used = 0, -self.opts.buffer_minutes
                while fit < len(lengths) and used + self.opts.buffer_minutes + lengths[fit] <= hi - lo:
                    used += self.opts.buffer_minutes + lengths[fit]
                    fit += 1
                self._capacity[day] = min(fit, self.opts.max_rounds_per_day)
        return self._capacity

    def room(self, last_day: int | None, today: int, days_left: int) -> int:
        """How many more rounds can fit: the rest of the current day, and the roomiest `days_left` later days."""
        key = (last_day, today, days_left)
        found = self._room_cache.get(key)
        if found is None:
            capacity = self.capacity()
            later = sorted((c for d, c in capacity.items() if last_day is None or d > last_day), reverse=True)
            found = sum(later[: max(0, days_left)])
            if last_day is not None:
                found += max(0, capacity.get(last_day, 0) - today)
            self._room_cache[key] = found
        return found

    def can_finish(self, masks: list[int], remaining: int, after: int) -> bool:
        """A necessary condition for completing a partial plan, so pruning on it loses no plan: every round
        left still has someone free at a start from `after` on, and the rounds placed (with the people free
        at their starts) and the rounds left (with anyone free later) can all get distinct interviewers."""
        rest = []
        for q in _bits(remaining):
            available = self.suffix(q)[bisect_left(self.starts[q], after)]
            if not available:
                return False
            rest.append(available)
        return _has_matching([*masks, *rest])

    # -- search --

    def search(self, budget: int = SEARCH_BUDGET) -> tuple[list[tuple[int, int, int]], int] | None:
        """The plan with the fewest days: [(round, start, interviewer)], days; None when none exists, or
        when `budget` search nodes were spent before one was found (then `gave_up` is set)."""
        opts = self.opts
        if self.n == 0:
            return [], 0
        if opts.max_rounds_per_day < 1:
            return None
        # The whole loop first: if the rounds cannot all get distinct interviewers at any times, stop here.
        if not self.can_finish([], (1 << self.n) - 1, -(10**9)):
            return None
        self.nodes_left = budget
        self.round_min = [min((self.load[j] for j in e), default=0) for e in self.eligible]
        self.lower_bound = sum(self.round_min)
        self._minload: dict[int, int] = {}
        for k in range(1, self.n + 1):
            if self.n > self.room(None, 0, k):
                continue
            self.best: tuple[float, list] = (INF, [])
            self.budget = None
            self._dfs([], [], {}, (1 << self.n) - 1, -(10**9), None, 0, opts.max_rounds_per_day, k, 0)
            if self.best[1]:
                return self.best[1], k
        return None

    def _dfs(self, placed, masks, match, remaining, last_end, last_day, days, today, k, partial) -> bool:
        """Returns True to stop the whole search (optimal plan found or budget spent)."""
        if self.budget is not None:
            self.budget -= 1
            if self.budget <= 0:
                return True
        self.nodes += 1
        self.nodes_left -= 1
        if self.nodes_left <= 0:
            self.gave_up = not self.best[1]
            return True
        if not remaining:
            return self._leaf(placed, masks)
        if not self.can_finish(masks, remaining, last_end):
            return False
        opts = self.opts
        if remaining.bit_count() > self.room(last_day, today, k - days):
            return False
        if self.overview is not None and remaining >> self.overview & 1:
            choices = [self.overview]
        else:
            choices = [r for r in range(self.n) if remaining >> r & 1]
        buffer = opts.buffer_minutes
        for r in choices:
            starts = self.starts[r]
            rest = remaining & ~(1 << r)
            rest_bound = sum(self.round_min[q] for q in _bits(rest))
            tried: dict[int, list[int]] = {}
            i = bisect_left(starts, last_end)
            while i < len(starts):
                t = starts[i]
                i += 1
                d = self.day(t)
                if d == last_day:
                    if today >= opts.max_rounds_per_day:
                        continue
                    if t < last_end + buffer:
                        continue
                    next_days, next_today = days, today + 1
                else:
                    if days >= k:
                        break
                    next_days, next_today = days + 1, 1
                mask = self.mask(r, t)
                if not mask:
                    continue
                seen = tried.setdefault(d, [])
                if any(not (mask & ~earlier) for earlier in seen):
                    continue
                seen.append(mask)
                least = self._least_load(mask)
                if partial + least + rest_bound >= self.best[0]:
                    continue  # cannot beat the lighter plan already found
                masks.append(mask)
                new_match = dict(match)
                if _augment(len(masks) - 1, masks, new_match, [0]):
                    placed.append((r, t))
                    stop = self._dfs(
                        placed,
                        masks,
                        new_match,
                        rest,
                        t + self.rounds[r].minutes,
                        d,
                        next_days,
                        next_today,
                        k,
                        partial + least,
                    )
                    placed.pop()
                    if stop:
                        masks.pop()
                        return True
                masks.pop()
        return False

    def _least_load(self, mask: int) -> int:
        found = self._minload.get(mask)
        if found is None:
            found = self._minload[mask] = min(self.load[j] for j in _bits(mask))
        return found

    def _leaf(self, placed, masks) -> bool:
        cost, chosen = _min_cost_matching(masks, self.load)
        if cost < self.best[0]:
            self.best = (cost, [(r, t, j) for (r, t), j in zip(placed, chosen, strict=True)])
        if self.budget is None:
            self.budget = IMPROVEMENT_BUDGET
        return self.best[0] <= self.lower_bound

    def shadows(self, plan: list[tuple[int, int, int]]) -> dict[int, int]:
        """One trainee per round where one is free (best effort: it never blocks a plan)."""
        used = {j for _, _, j in plan}
        chosen: dict[int, int] = {}
        for r, t, _ in plan:
            round_ = self.rounds[r]
            end = t + round_.minutes
            options = []
            for j, person in enumerate(self.people):
                stage = person.qualifications.get(round_.round_type)
                if stage not in TRAINEE_STAGES or j in used:
                    continue
                starts, ends = self.free[j]
                k = bisect_right(starts, t) - 1
                if k >= 0 and ends[k] >= end:
                    options.append((self.load[j], TRAINEE_STAGES.index(stage), person.id, j))
            if options:
                j = min(options)[3]
                chosen[r] = j
                used.add(j)
        return chosen


def _can_lead(person: Interviewer, round_: Round) -> bool:
    if person.qualifications.get(round_.round_type) != QUALIFIED:
        return False
    return person.senior_leader or not round_.requires_senior_leader


def _augment(r: int, masks: list[int], match: dict[int, int], seen: list[int]) -> bool:
    """Kuhn's augmenting path: give round r an interviewer, moving others if need be."""
    candidates = masks[r] & ~seen[0]
    while candidates:
        low = candidates & -candidates
        j = low.bit_length() - 1
        seen[0] |= low
        holder = match.get(j)
        if holder is None or _augment(holder, masks, match, seen):
            match[j] = r
            return True
        candidates = masks[r] & ~seen[0]
    return False


def _has_matching(masks: list[int]) -> bool:
    """Whether every round (a bitmask of who may run it) can get an interviewer of its own."""
    match: dict[int, int] = {}
    return all(_augment(r, masks, match, [0]) for r in range(len(masks)))


def _min_cost_matching(masks: list[int], load: list[int]) -> tuple[float, list[int]]:
    """Distinct interviewers for the rounds with the least total load (Hungarian method, rows ≤ columns)."""
    columns = sorted(set().union(*(set(_bits(m)) for m in masks)))
    n, m = len(masks), len(columns)
    big = 10**9
    # Ties go to the lower id (columns are sorted by index = by id), so the plan is deterministic.
    cost = [
        [(load[c] * (m + 1) + col) if masks[row] >> c & 1 else big for col, c in enumerate(columns)] for row in range(n)
    ]
    u, v = [0] * (n + 1), [0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        col0 = 0
        minv = [big * 4] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[col0] = True
            row0, delta, col1 = owner[col0], big * 4, 0
            for col in range(1, m + 1):
                if not used[col]:
                    current = cost[row0 - 1][col - 1] - u[row0] - v[col]
                    if current < minv[col]:
                        minv[col], way[col] = current, col0
                    if minv[col] < delta:
                        delta, col1 = minv[col], col
            for col in range(m + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    chosen = [0] * n
    for col in range(1, m + 1):
        if owner[col]:
            chosen[owner[col] - 1] = columns[col - 1]
    return sum(load[j] for j in chosen), chosen


# --- public functions ------------------------------------------------------------------------


def propose(problem: Problem, *, budget: int = SEARCH_BUDGET) -> Proposal:
    """A conflict-free plan with the fewest days and the lightest load, or why none exists.

    `budget` bounds the search nodes (the explanation's searches get a tenth each): past it the answer
    is "no plan found within the search limit", never a claim that none exists.
    """
    if not problem.rounds:
        return Proposal(feasible=True)
    model = _Model(problem)
    if model.windows:
        found = model.search(budget=budget)
        if found is not None:
            return _proposal(model, *found)
    return Proposal(feasible=False, reasons=tuple(explain(problem, model, budget=budget // 10)))


def booking_options(problem: Problem, *, count: int = 3, budget: int = SEARCH_BUDGET // 4) -> list[Proposal]:
    """Up to `count` complete plans a candidate can choose between, fewest days first, then earliest.

    Each is what `propose` would choose (fewest days, lightest load) on the candidate days that no
    earlier option uses, so the options are genuinely different days rather than the same day shifted
    by a quarter of an hour. When the days run out first (the candidate gave one afternoon), the rest
    start at least an hour after each earlier option's start. Empty when no complete plan fits (the
    candidate then gives windows).
    """
    if not problem.rounds:
        return []
    found: list[Proposal] = []
    windows = [(w.start, w.end) for w in problem.windows]
    zone = _zone(problem.candidate_timezone)
    while windows and len(found) < count:
        option = _search_in(problem, windows, budget)
        if option is None:
            break
        found.append(option)
        used = {slot.start.astimezone(zone).date() for slot in option.slots}
        windows = _without_days(windows, used, zone)
    hour = dt.timedelta(hours=1)
    while found and len(found) < count:
        taken = sorted((_minutes(o.slots[0].start), _minutes(o.slots[0].start + hour)) for o in found)
        base = _merge([(_minutes(w.start), _minutes(w.end)) for w in problem.windows])
        rest = [(_moment(a), _moment(b)) for a, b in _subtract(base, _merge(taken))]
        option = _search_in(problem, rest, budget)
        if option is None or any(option.slots == o.slots for o in found):
            break
        found.append(option)
    return sorted(found, key=lambda option: (option.days, option.slots[0].start))


def _search_in(problem: Problem, windows: Sequence[tuple[dt.datetime, dt.datetime]], budget: int) -> Proposal | None:
    model = _Model(replace(problem, windows=tuple(Interval(a, b) for a, b in windows)))
    hit = model.search(budget=budget) if model.windows else None
    return _proposal(model, *hit) if hit is not None else None


def _without_days(
    windows: Sequence[tuple[dt.datetime, dt.datetime]], days: set[dt.date], zone: ZoneInfo
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The windows minus the whole of these local days (DST-correct: a day is midnight to midnight)."""
    blocks = sorted(
        (
            _minutes(dt.datetime.combine(day, dt.time(0), tzinfo=zone)),
            _minutes(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)),
        )
        for day in days
    )
    base = _merge([(_minutes(a), _minutes(b)) for a, b in windows])
    return [(_moment(a), _moment(b)) for a, b in _subtract(base, blocks)]


def _proposal(model: _Model, plan: list[tuple[int, int, int]], days: int) -> Proposal:
    shadows = model.shadows(plan) if model.opts.add_shadows else {}
    slots = []
    for r, t, j in sorted(plan, key=lambda item: item[1]):
        round_ = model.rounds[r]
        shadow = shadows.get(r)
        slots.append(
            Slot(
                round_key=round_.key,
                start=_moment(t),
                end=_moment(t + round_.minutes),
                interviewer_id=model.people[j].id,
                shadow_id=model.people[shadow].id if shadow is not None else None,
            )
        )
    return Proposal(feasible=True, slots=tuple(slots), days=days)


def explain(problem: Problem, model: _Model | None = None, *, budget: int = SEARCH_BUDGET // 10) -> list[Reason]:
    """Why no plan exists, most specific first, each in words a recruiter can act on.

    The checks that prove it come first (no windows, no one qualified or free, rounds sharing their only
    people). Then it tries relaxing one rule at a time (a plan with that rule relaxed proves the rule is
    the obstacle), which only says something when the search for the loop as it is ran to the end
    (`model.gave_up` false); failing those, too few rounds fitting the windows is named if it is so.
    """
    model = model or _Model(problem)
    if not model.windows:
        return [Reason("no_windows", NO_WINDOWS)]
    reasons = []
    for r, round_ in enumerate(model.rounds):
        if not model.starts[r]:
            reasons.append(
                Reason("window_too_short", WINDOW_TOO_SHORT.format(minutes=round_.minutes, label=round_.label))
            )
            continue
        if not model.eligible[r]:
            template = NO_SENIOR_QUALIFIED if round_.requires_senior_leader else NO_QUALIFIED
            reasons.append(Reason("no_qualified_interviewer", template.format(label=round_.label)))
            continue
        if not model.possible(r):
            details = _why_not_free(model, r)
            reasons.append(Reason("no_interviewer_free", NONE_FREE.format(label=round_.label, details=details)))
    if reasons:
        return reasons
    reasons = _hall_violations(model)
    if reasons:
        return reasons
    if model.gave_up:
        return [Reason("search_limit", SEARCH_LIMIT)]
    opts = problem.options
    relaxations = [
        (
            opts.max_rounds_per_day < model.n,
            replace(opts, max_rounds_per_day=model.n),
            Reason("rounds_per_day", CAP_PER_DAY.format(cap=opts.max_rounds_per_day)),
        ),
        (
            opts.buffer_minutes > 0,
            replace(opts, buffer_minutes=0),
            Reason("buffer", BUFFER_TOO_LONG.format(buffer=opts.buffer_minutes)),
        ),
        (
            opts.overview_first and model.overview is not None,
            replace(opts, overview_first=False),
            Reason("overview_first", OVERVIEW_NOT_FIRST),
        ),
        (
            opts.slot_minutes > 5,
            replace(opts, slot_minutes=5),
            Reason("slot_grid", GRID_TOO_COARSE.format(slot=opts.slot_minutes)),
        ),
    ]
    for applies, relaxed, reason in relaxations:
        if not applies:
            continue
        if _Model(replace(problem, options=relaxed), base=model).search(budget=budget) is not None:
            reasons.append(reason)
    if reasons:
        return reasons
    fit = model.room(None, 0, len(model.capacity()))
    if fit < model.n:
        cap = problem.options.max_rounds_per_day
        message = WINDOWS_HOLD_TOO_FEW.format(fit=fit, count=model.n, buffer=problem.options.buffer_minutes, cap=cap)
        return [Reason("windows_too_few", message)]
    return [Reason("no_combination", NO_COMBINATION)]


def _why_not_free(model: _Model, r: int) -> str:
    hours, capped, busy = [], [], []
    for j in model.eligible[r]:
        person = model.people[j]
        if not _fits_any(model, r, _free_intervals(person, model.lo, model.hi, use_busy=False, use_cap=False)):
            hours.append(person.name)
        elif not _fits_any(model, r, _free_intervals(person, model.lo, model.hi, use_busy=False)):
            capped.append(person.name)
        else:
            busy.append(person.name)
    parts = []
    if hours:
        parts.append(f"outside working hours: {_names(hours)}")
    if busy:
        parts.append(f"busy: {_names(busy)}")
    if capped:
        parts.append(f"at their weekly cap: {_names(capped)}")
    return "; ".join(parts)


def _names(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _fits_any(model: _Model, r: int, intervals: list[tuple[int, int]]) -> bool:
    minutes = model.rounds[r].minutes
    for t in model.starts[r]:
        for start, end in intervals:
            if start <= t and t + minutes <= end:
                return True
    return False


def _hall_violations(model: _Model) -> list[Reason]:
    possible = [model.possible(r) for r in range(model.n)]
    for size in range(2, model.n + 1):
        found = []
        for group in combinations(range(model.n), size):
            union = 0
            for r in group:
                union |= possible[r]
            if union.bit_count() < size:
                names = [model.people[j].name for j in _bits(union)]
                labels = " and ".join(model.rounds[r].label for r in group)
                who = " and ".join(names) if names else "nobody"
                found.append(Reason("not_enough_interviewers", NOT_ENOUGH_PEOPLE.format(labels=labels, names=who)))
        if found:
            return found
    return []


# --- checking a given plan -------------------------------------------------------------------


def check_plan(problem: Problem, slots: Sequence[Slot]) -> list[Conflict]:
    """Every conflict in a (possibly hand-edited) plan; empty when the plan is valid.

    Written independently of the search (plain datetimes, no bitmasks) so that each checks the other.
    """
    rounds = {r.key: r for r in problem.rounds}
    given = {s.round_key for s in slots}
    conflicts = [Conflict(key, "unknown_round", C_UNKNOWN_ROUND.format(key=key)) for key in given if key not in rounds]
    conflicts += [
        Conflict(r.key, "missing", C_MISSING_ROUND.format(label=r.label)) for r in problem.rounds if r.key not in given
    ]
    planned = sorted((s for s in slots if s.round_key in rounds), key=lambda s: (s.start, s.end))
    usage: Counter[int] = Counter()
    for s in planned:
        usage.update([s.interviewer_id, *s.extra_ids, *([s.shadow_id] if s.shadow_id is not None else [])])
    windows = _merged_moments([(w.start, w.end) for w in problem.windows])
    people = {p.id: p for p in problem.interviewers}
    for s in planned:
        conflicts += _slot_conflicts(problem, rounds[s.round_key], s, windows)
        conflicts += _people_conflicts(people, rounds[s.round_key], s, usage)
    conflicts += _sequence_conflicts(problem, rounds, planned)
    return conflicts


def _slot_conflicts(problem: Problem, round_: Round, s: Slot, windows) -> list[Conflict]:
    """The round's own time: its length, the start grid and the candidate's windows."""
    out = []
    if s.end - s.start != dt.timedelta(minutes=round_.minutes):
        out.append(Conflict(s.round_key, "duration", C_DURATION.format(label=round_.label, minutes=round_.minutes)))
    local = s.start.astimezone(_zone(problem.candidate_timezone))
    slot = problem.options.slot_minutes
    if local.second or local.microsecond or local.minute % slot:
        out.append(Conflict(s.round_key, "grid", C_GRID.format(label=round_.label, slot=slot)))
    if not any(w_start <= s.start and s.end <= w_end for w_start, w_end in windows):
        out.append(Conflict(s.round_key, "outside_windows", C_OUTSIDE_WINDOWS.format(label=round_.label)))
    return out


def _people_conflicts(people: Mapping[int, Interviewer], round_: Round, s: Slot, usage: Counter[int]) -> list[Conflict]:
    """Each person on the round: known, qualified (or a trainee when shadowing), free, under their cap."""
    out = []
    on_it = [(s.interviewer_id, True), *((extra, True) for extra in s.extra_ids), (s.shadow_id, False)]
    for person_id, leading in on_it:
        if person_id is None:
            continue
        person = people.get(person_id)
        if person is None:
            label = round_.label
            out.append(
                Conflict(s.round_key, "unknown_interviewer", C_UNKNOWN_INTERVIEWER.format(label=label, id=person_id))
            )
            continue
        out += _person_conflicts(person, round_, s, leading, usage[person_id] > 1)
    return out


def _sequence_conflicts(problem: Problem, rounds: Mapping, planned: list[Slot]) -> list[Conflict]:
    """Across rounds: no overlap, the buffer on a candidate day, the cap per day, overview first."""
    opts = problem.options
    czone = _zone(problem.candidate_timezone)
    out = []
    for earlier, later in zip(planned, planned[1:], strict=False):
        first, second = rounds[earlier.round_key], rounds[later.round_key]
        if later.start < earlier.end:
            out.append(Conflict(later.round_key, "overlap", C_OVERLAP.format(label=second.label, other=first.label)))
        elif later.start.astimezone(czone).date() == earlier.start.astimezone(czone).date() and (
            later.start - earlier.end < dt.timedelta(minutes=opts.buffer_minutes)
        ):
            message = C_BUFFER.format(label=second.label, other=first.label, buffer=opts.buffer_minutes)
            out.append(Conflict(later.round_key, "buffer", message))
    days = Counter(s.start.astimezone(czone).date() for s in planned)
    for day, count in sorted(days.items()):
        if count > opts.max_rounds_per_day:
            first_key = next(s.round_key for s in planned if s.start.astimezone(czone).date() == day)
            message = C_PER_DAY.format(cap=opts.max_rounds_per_day, day=f"{day:%a %d %b}")
            out.append(Conflict(first_key, "rounds_per_day", message))
    overview = next((s for s in planned if rounds[s.round_key].round_type == OVERVIEW), None)
    if opts.overview_first and overview is not None:
        out += [
            Conflict(s.round_key, "overview_first", C_OVERVIEW_FIRST.format(label=rounds[s.round_key].label))
            for s in planned
            if s is not overview and s.start < overview.end
        ]
    return out


def _merged_moments(windows: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _person_conflicts(person: Interviewer, round_: Round, s: Slot, leading: bool, twice: bool) -> list[Conflict]:
    label, name = round_.label, person.name
    out = []

    def add(code, message):
        out.append(Conflict(s.round_key, code, message))

    stage = person.qualifications.get(round_.round_type)
    if leading:
        if stage != QUALIFIED:
            add("not_qualified", C_NOT_QUALIFIED.format(label=label, name=name))
        elif round_.requires_senior_leader and not person.senior_leader:
            add("not_senior", C_NOT_SENIOR.format(label=label, name=name))
    elif stage not in TRAINEE_STAGES:
        add("not_trainee", C_NOT_TRAINEE.format(label=label, name=name))
    if twice:
        add("twice", C_TWICE.format(label=label, name=name))
    zone = _zone(person.timezone)
    local_start, local_end = s.start.astimezone(zone), s.end.astimezone(zone)
    if (
        local_start.date() != local_end.date()
        or local_start.weekday() not in person.weekdays
        or local_start.time() < person.work_start
        or local_end.time() > person.work_end
    ):
        add("working_hours", C_HOURS.format(label=label, name=name, zone=person.timezone))
    if any(b.start < s.end and s.start < b.end for b in (*person.busy, *person.booked)):
        add("busy", C_BUSY.format(label=label, name=name))
    week = local_start.isocalendar()[:2]
    booked_that_week = sum(1 for b in person.booked if b.start.astimezone(zone).isocalendar()[:2] == week)
    if booked_that_week + 1 > person.weekly_cap:
        add("weekly_cap", C_CAP.format(label=label, name=name, cap=person.weekly_cap))
    return out


def person_conflicts(problem: Problem, *, round_key: int | str, start: dt.datetime, person_id: int) -> list[Conflict]:
    """What stops one person from leading one round at `start` (qualification, seniority, working hours,
    busy and booked time, the weekly cap); [] when they can. For replacing someone on a booked interview."""
    round_ = next(r for r in problem.rounds if r.key == round_key)
    person = next((p for p in problem.interviewers if p.id == person_id), None)
    if person is None:
        return [
            Conflict(round_key, "unknown_interviewer", C_UNKNOWN_INTERVIEWER.format(label=round_.label, id=person_id))
        ]
    slot = Slot(round_key, start, start + dt.timedelta(minutes=round_.minutes), person_id)
    return _person_conflicts(person, round_, slot, leading=True, twice=False)
