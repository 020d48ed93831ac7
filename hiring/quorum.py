"""How many committee votes the chair needs before deciding (PRODUCT.md §4). Pure: numbers and ids in.

Each committee sets its `quorum` (1 to its member count) or leaves it to the default, half the
members rounded up. Whatever the number, at least one member besides the chair must have voted: the
committee decides, not the chair alone. An abstention is a vote cast. Only current members' votes
count (a vote by someone who has since left the committee stays in the record but not in the count).
"""

import math
from collections.abc import Collection
from dataclasses import dataclass

QUORUM_OUT_OF_RANGE = "The quorum is a number of votes from 1 to the committee's {members} member{s}."
QUORUM_ABOVE_MEMBERS = (
    "The quorum ({quorum}) would be more than the committee's {members} member{s}: lower the quorum, or clear it "
    "to use the default (half the members, rounded up)."
)
VOTES_SHORT = "{more} more vote{s} needed before the chair decides: {cast} of the {needed} needed {verb} been cast."
NEEDS_A_MEMBER_BESIDES_THE_CHAIR = (
    "A member besides the chair must vote before the chair decides: the committee decides, not the chair alone."
)
NO_MEMBER_BESIDES_THE_CHAIR = (
    "This committee has no member besides the chair, and one of them must vote before a decision: an admin adds "
    "members on the committee."
)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def quorum_default(members: int) -> int:
    """Half the members, rounded up (at least one)."""
    return max(1, math.ceil(members / 2))


def quorum_needed(*, quorum: int | None, members: int) -> int:
    """The committee's quorum, or the default when it has none; never more than its members."""
    return quorum_default(members) if quorum is None else max(1, min(quorum, max(members, 1)))


def quorum_problem(*, quorum: int | None, members: int) -> str | None:
    """Why `quorum` is not a valid setting for a committee of `members`; None if it is (None is the default)."""
    if quorum is None:
        return None
    if quorum < 1:
        return QUORUM_OUT_OF_RANGE.format(members=members, s=_s(members))
    if quorum > members:
        return QUORUM_ABOVE_MEMBERS.format(quorum=quorum, members=members, s=_s(members))
    return None


@dataclass(frozen=True)
class QuorumState:
    needed: int  # votes the chair needs
    cast: int  # current members' votes, abstentions included
    more: int  # votes still missing (one besides the chair's at least)
    problem: str | None  # why the chair may not decide yet; None once the quorum is reached

    @property
    def reached(self) -> bool:
        return self.problem is None


def quorum_state(
    *, quorum: int | None, member_ids: Collection[int], chair_id: int | None, voter_ids: Collection[int]
) -> QuorumState:
    """Where the committee's vote stands on one loop."""
    members = set(member_ids)
    voters = set(voter_ids) & members
    needed = quorum_needed(quorum=quorum, members=len(members))
    cast = len(voters)
    others = voters - {chair_id}
    more = max(needed - cast, 0 if others else 1)
    if not members - {chair_id}:
        problem = NO_MEMBER_BESIDES_THE_CHAIR
    elif cast >= needed and not others:
        problem = NEEDS_A_MEMBER_BESIDES_THE_CHAIR
    elif more:
        problem = VOTES_SHORT.format(
            more=more, s=_s(more), cast=cast, needed=needed, verb="has" if cast == 1 else "have"
        )
        if not others:
            problem += " At least one must come from a member besides the chair."
    else:
        problem = None
    return QuorumState(needed=needed, cast=cast, more=more, problem=problem)
