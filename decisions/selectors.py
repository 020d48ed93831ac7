"""Reads for the committee: a loop loaded into the pure decision module, the packet, the queue.

Visibility comes from `interviews.selectors` (loop_list, scorecard_list) so the packet can never
show more than the rest of the product would.
"""

import datetime as dt
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.roles import ADMIN, HIRING_MANAGER, RECRUITER
from audit.services import Action, audit_record
from decisions import engine
from decisions.codes import Trigger
from decisions.models import Decision, RecommendationRecord, Vote
from hiring.codes import ML_SCIENTIST_FAMILIES, Level
from hiring.models import Committee
from hiring.quorum import QuorumState, quorum_state
from interviews.codes import FEEDBACK_STATES
from interviews.models import (
    Competency,
    Interview,
    InterviewAssignment,
    Loop,
    LoopTemplate,
    Rating,
    Scorecard,
    ScorecardRevision,
    TemplateRound,
)
from interviews.selectors import loop_feedback_list, loop_sees_candidate_contact, scorecard_list

# The EM check compares against the ML-scientist ladder's first two rungs.
MLS_LEVELS = (Level.MLS1, Level.MLS2)


# --- Visibility -------------------------------------------------------------------------------


def loop_packet_list(*, viewer: User) -> QuerySet[Loop]:
    """Loops whose packet and recommendation the viewer may read: `interviews.selectors.loop_feedback_list`
    (sealed feedback has one owner), with what the packet's header needs."""
    return loop_feedback_list(viewer=viewer).select_related("application__requisition__committee__chair")


def loop_committee(*, loop: Loop) -> Committee | None:
    return loop.application.requisition.committee


def committee_is_member(*, committee: Committee | None, user: User) -> bool:
    return committee is not None and committee.members.filter(pk=user.pk).exists()


# --- Loading a loop for the pure module -------------------------------------------------------


@dataclass
class LoopFeedback:
    """Everything the recommendation is computed from, loaded in a fixed number of queries."""

    loop: Loop
    template_rounds: list[TemplateRound]
    interviews: list[Interview]
    scorecards: list[Scorecard]  # drafts included: a draft is feedback still owed
    em_reference: engine.EmReference | None


def loop_feedback(*, loop: Loop, with_history: bool = False) -> LoopFeedback:
    """Load a loop's rounds, interviews and scorecards (with ratings; with revisions if asked)."""
    template_rounds = list(TemplateRound.objects.filter(template_id=loop.template_id).select_related("round_type"))
    interviews = list(
        Interview.objects.filter(loop=loop)
        .select_related("round_type", "rubric")
        .prefetch_related(
            Prefetch("rubric__competencies", queryset=Competency.objects.order_by("order", "id")),
            Prefetch(
                "assignments",
                queryset=InterviewAssignment.objects.select_related("interviewer").order_by("id"),
            ),
        )
        .order_by("order", "id")
    )
    scorecards = Scorecard.objects.filter(interview__loop=loop).select_related("interviewer").order_by("id")
    prefetches = [
        Prefetch(
            "ratings",
            queryset=Rating.objects.select_related("competency").order_by("competency__order", "competency_id"),
        )
    ]
    if with_history:
        prefetches.append(
            Prefetch("revisions", queryset=ScorecardRevision.objects.select_related("author").order_by("number"))
        )
    em_reference = None
    if loop.template.role_family == engine.ENGINEERING_MANAGER:
        em_reference = em_reference_cached()  # an EM loop is never among the MLS hires it is compared with
    return LoopFeedback(
        loop=loop,
        template_rounds=template_rounds,
        interviews=interviews,
        scorecards=list(scorecards.prefetch_related(*prefetches)),
        em_reference=em_reference,
    )


EM_REFERENCE_VERSION = "decisions:em-reference:version"
EM_REFERENCE_KEY = "decisions:em-reference:{version}"
EM_REFERENCE_SECONDS = 3600  # a safety net; invalidation is what keeps it right


def em_reference_cached() -> engine.EmReference:
    """`em_reference_load`, kept in the cache (Redis in production, shared by the fleet) until
    `em_reference_invalidate`: a decision, a template's bars or feedback on a decided loop changed."""
    key = EM_REFERENCE_KEY.format(version=cache.get(EM_REFERENCE_VERSION, 0))
    reference = cache.get(key)
    if reference is None:
        reference = em_reference_load()
        cache.set(key, reference, EM_REFERENCE_SECONDS)
    return reference


def em_reference_invalidate() -> None:
    """Forget the cached reference once the change is committed (a reader in between recomputes it)."""
    transaction.on_commit(lambda: cache.set(EM_REFERENCE_VERSION, time.time_ns(), None))


def em_reference_load(*, exclude_loop: Loop | None = None) -> engine.EmReference:
    """The MLS1/MLS2 ML-scientist templates' bars and past hires' technical ratings (two queries)."""
    templates = LoopTemplate.objects.filter(
        is_active=True, level__in=MLS_LEVELS, role_family__in=ML_SCIENTIST_FAMILIES
    ).order_by("name", "id")
    policies = tuple(_policy(template) for template in templates)
    ratings = (
        Rating.objects.filter(
            score__isnull=False,
            scorecard__status=Scorecard.Status.SUBMITTED,
            scorecard__interview__round_type__code__in=engine.EM_TECHNICAL_ROUNDS,
            scorecard__interview__loop__decision__outcome=Decision.Choice.HIRE,
            scorecard__interview__loop__template__level__in=MLS_LEVELS,
            scorecard__interview__loop__template__role_family__in=ML_SCIENTIST_FAMILIES,
        )
        .order_by("scorecard__interview__loop_id", "id")
        .values_list("scorecard__interview__loop_id", "competency__weight", "score")
    )
    if exclude_loop is not None:
        ratings = ratings.exclude(scorecard__interview__loop=exclude_loop)
    by_loop: dict[int, list[tuple]] = {}
    for loop_id, weight, score in ratings:
        by_loop.setdefault(loop_id, []).append((weight, score))
    past_hires = tuple(engine.PastHire(loop_id=pk, ratings=tuple(pairs)) for pk, pairs in by_loop.items())
    return engine.EmReference(policies=policies, past_hires=past_hires)


def _policy(template: LoopTemplate) -> engine.PolicyInput:
    bars = {code: str(bar) for code, bar in (template.competency_bars or {}).items()}
    return engine.PolicyInput(name=template.name, competency_bar=template.competency_bar, competency_bars=bars)


def _competency(competency: Competency) -> engine.CompetencyInput:
    return engine.CompetencyInput(
        id=competency.pk,
        code=competency.code,
        name=competency.name,
        weight=competency.weight,
        required=competency.required,
    )


def decision_input(feedback: LoopFeedback) -> engine.LoopInput:
    """Translate loaded models into the pure module's terms."""
    loop = feedback.loop
    rounds: list[tuple[int, engine.RoundInput]] = []
    seen = set()
    for interview in feedback.interviews:
        seen.add(interview.round_type_id)
        rounds.append(
            (
                interview.order,
                engine.RoundInput(
                    code=interview.round_type.code,
                    name=interview.round_type.name,
                    required=interview.required,
                    interview_id=interview.pk,
                    cancelled=interview.status == Interview.Status.CANCELLED,
                    ends_at=interview.end,
                    late_at=interview.scorecard_late_at,
                    competencies=tuple(_competency(c) for c in interview.rubric.competencies.all()),
                ),
            )
        )
    for template_round in feedback.template_rounds:
        if template_round.round_type_id in seen:
            continue
        rounds.append(
            (
                template_round.order,
                engine.RoundInput(
                    code=template_round.round_type.code,
                    name=template_round.round_type.name,
                    required=template_round.required,
                ),
            )
        )
    rounds.sort(key=lambda item: item[0])
    scorecards = tuple(
        engine.ScorecardInput(
            id=s.pk,
            interview_id=s.interview_id,
            interviewer_id=s.interviewer_id,
            interviewer_name=str(s.interviewer),
            submitted=s.status == Scorecard.Status.SUBMITTED,
            overall=s.overall,
            ratings=tuple(engine.RatingInput(_competency(r.competency), r.score, r.evidence) for r in s.ratings.all()),
            brilliant_jerk=s.brilliant_jerk,
            jerk_evidence=s.jerk_evidence,
            force_fit_concern=s.force_fit_concern,
            force_fit_evidence=s.force_fit_evidence,
            submitted_at=s.submitted_at,
        )
        for s in feedback.scorecards
    )
    return engine.LoopInput(
        loop_id=loop.pk,
        role_family=loop.template.role_family,
        level=loop.template.level,
        policy=_policy(loop.template),
        rounds=tuple(round_ for _, round_ in rounds),
        scorecards=scorecards,
        em_reference=feedback.em_reference,
    )


def loop_recommendation(*, loop: Loop) -> engine.Recommendation:
    """The recommendation as of now (pure; nothing stored). The services keep the audit trail."""
    return engine.recommend(decision_input(loop_feedback(loop=loop)))


# --- The packet -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixColumn:
    scorecard: int
    interviewer: User
    round: str
    round_name: str


@dataclass(frozen=True)
class MatrixCell:
    scorecard: int
    score: int | None
    evidence: str


@dataclass(frozen=True)
class MatrixRow:
    competency: engine.CompetencyResult
    cells: list[MatrixCell | None]  # one per column; None where that scorecard does not rate it


@dataclass(frozen=True)
class RatingView:
    """One competency of a scorecard's round with what that scorecard gave it (None: not rated)."""

    competency: engine.CompetencyResult
    score: int | None
    evidence: str
    rated: bool


@dataclass(frozen=True)
class SummaryScore:
    scorecard: int
    interviewer: User
    score: int | None


@dataclass(frozen=True)
class SummaryRow:
    competency: engine.CompetencyResult
    scores: list[SummaryScore]  # one per shown scorecard of the round that rated it
    em: engine.EmCompetency | None  # in an EM loop: the MLS bar this technical competency is held to


@dataclass(frozen=True)
class SummaryRound:
    """The packet's compact summary: a round, who interviewed in it, and its competencies' scores."""

    round: str
    round_name: str
    interviewers: list[User]
    rows: list[SummaryRow]


@dataclass(frozen=True)
class Flag:
    kind: str  # brilliant_jerk / force_fit / strong_no
    scorecard: int
    interviewer: User
    round: str
    round_name: str
    evidence: str


@dataclass(frozen=True)
class PacketScorecard:
    scorecard: Scorecard
    round: str
    round_name: str
    late: engine.LateScorecard | None
    revisions: list[ScorecardRevision]
    ratings: list[RatingView]  # the round's competencies in rubric order, each with this scorecard's rating

    @property
    def amendments(self) -> list[ScorecardRevision]:
        return [r for r in self.revisions if r.number > 1]


@dataclass(frozen=True)
class Amendment:
    scorecard: int
    interviewer: User
    round: str
    round_name: str
    revision: ScorecardRevision


@dataclass(frozen=True)
class ScorecardRef:
    """A scorecard named for people: whose it is and which round, never its id."""

    scorecard: int
    label: str  # "Lena Lindqvist (Overview / culture)"
    shown: bool  # its card is on the page (submitted and visible to the viewer), so it can be linked


@dataclass(frozen=True)
class PacketReason:
    reason: engine.Reason
    sources: list[ScorecardRef]


# --- Votes: sealed until you have voted -------------------------------------------------------


def votes_unsealed_for(
    *, viewer: User, is_chair: bool, is_member: bool, has_voted: bool, decided: bool, on_requisition: bool
) -> bool:
    """Whether the viewer may read who voted and how on a loop (PRODUCT.md §4). The one owner of the rule:
    the packet (API and page), `GET loops/{id}/votes/` and the audit trail call it through `loop_votes`.

    Admins and the chair always; a member once they have cast their own vote; the requisition's hiring
    manager and recruiters (`on_requisition`) once the decision is recorded. Anyone else (an interviewer
    reading the packet, a recruiter of another requisition) never.
    """
    if is_chair or viewer.has_role(ADMIN):
        return True
    if is_member:
        return has_voted or decided
    return decided and on_requisition and viewer.has_role(HIRING_MANAGER, RECRUITER)


QUORUM_SEALED = (
    "The chair decides once {needed} vote{s} {verb} been cast, at least one by a member besides the chair; "
    "{cast} cast so far."
)


@dataclass(frozen=True)
class QuorumView:
    """Where the quorum stands, as the viewer may know it. While the votes are sealed for them, whether the
    chair is among the voters is not said (`more` and `reached` are None, the problem is generic)."""

    needed: int
    cast: int
    more: int | None
    reached: bool | None
    problem: str | None


@dataclass(frozen=True)
class LoopVotes:
    """The votes on one loop as the viewer may see them, and where the quorum stands."""

    all_votes: list[Vote]  # every vote, for counting; never shown as such
    unsealed: bool
    quorum: QuorumState
    members: int

    @property
    def shown(self) -> list[Vote]:
        """The votes the viewer may read: all once unsealed, otherwise none (not even their own is
        needed: a member who has voted is unsealed)."""
        return self.all_votes if self.unsealed else []

    @property
    def quorum_shown(self) -> QuorumView:
        q = self.quorum
        if self.unsealed:
            return QuorumView(needed=q.needed, cast=q.cast, more=q.more, reached=q.reached, problem=q.problem)
        s, verb = ("", "has") if q.needed == 1 else ("s", "have")
        problem = QUORUM_SEALED.format(needed=q.needed, s=s, verb=verb, cast=q.cast)
        return QuorumView(needed=q.needed, cast=q.cast, more=None, reached=None, problem=problem)


def loop_votes(*, viewer: User, loop: Loop, committee: Committee | None, members: list[User]) -> LoopVotes:
    """The votes on `loop` for `viewer`: sealed or not, and the quorum (`hiring.quorum`) they count towards.
    `members` are the committee's current members (the caller has them loaded)."""
    votes = list(Vote.objects.filter(loop=loop).select_related("voter").order_by("created_at", "id"))
    chair_id = committee.chair_id if committee else None
    requisition = loop.application.requisition
    quorum = quorum_state(
        quorum=committee.quorum if committee else None,
        member_ids=[m.pk for m in members],
        chair_id=chair_id,
        voter_ids=[v.voter_id for v in votes],
    )
    is_chair, is_member = chair_id == viewer.pk, any(m.pk == viewer.pk for m in members)
    decided = loop.status == Loop.Status.DECIDED  # deciding sets it, in the decision's transaction
    on_requisition = False
    if decided and not (is_chair or is_member) and viewer.has_role(HIRING_MANAGER, RECRUITER):
        on_requisition = (
            requisition.hiring_manager_id == viewer.pk or requisition.recruiters.filter(pk=viewer.pk).exists()
        )
    unsealed = votes_unsealed_for(
        viewer=viewer,
        is_chair=is_chair,
        is_member=is_member,
        has_voted=any(v.voter_id == viewer.pk for v in votes),
        decided=decided,
        on_requisition=on_requisition,
    )
    return LoopVotes(all_votes=votes, unsealed=unsealed, quorum=quorum, members=len(members))


@dataclass(frozen=True)
class VoteTally:
    """The committee's votes so far, beside the decision form. The split (hire, no hire, abstain) is
    None while the votes are sealed for the viewer; the number cast is not a secret."""

    hire: int | None
    no_hire: int | None
    abstain: int | None
    total: int
    members: int


def vote_tally(*, votes: LoopVotes) -> VoteTally:
    shown = votes.shown
    counts = {choice: sum(1 for v in shown if v.vote == choice) for choice in Vote.Choice.values}
    sealed = not votes.unsealed
    return VoteTally(
        hire=None if sealed else counts[Vote.Choice.HIRE],
        no_hire=None if sealed else counts[Vote.Choice.NO_HIRE],
        abstain=None if sealed else counts[Vote.Choice.ABSTAIN],
        total=len(votes.all_votes),
        members=votes.members,
    )


@dataclass(frozen=True)
class LoopPacket:
    loop: Loop
    show_contact: bool
    committee: Committee | None
    committee_members: list[User]
    interviews: list[Interview]
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    summary: list[SummaryRound]
    scorecards: list[PacketScorecard]
    flags: list[Flag]
    amendments: list[Amendment]
    recommendation: engine.Recommendation
    history: list[RecommendationRecord]  # each with `description` (the trigger with people's names), `shown_params`
    scorecard_refs: dict[int, ScorecardRef]
    loop_votes: LoopVotes
    my_vote: Vote | None
    decision: Decision | None
    voting_open: bool
    can_vote: bool
    can_decide: bool

    @property
    def reasons(self) -> list[PacketReason]:
        """The recommendation's reasons with the scorecards each rests on, named by interviewer and round."""
        return [
            PacketReason(reason, [self.scorecard_refs[sid] for sid in reason.scorecards if sid in self.scorecard_refs])
            for reason in self.recommendation.reasons
        ]

    @property
    def votes(self) -> list[Vote]:
        """The votes the viewer may read (sealed: none)."""
        return self.loop_votes.shown

    @property
    def votes_sealed(self) -> bool:
        return not self.loop_votes.unsealed

    @property
    def voters_pending(self) -> list[User]:
        """Members who have not voted yet, for those who may see who voted."""
        if self.votes_sealed:
            return []
        voted = {v.voter_id for v in self.loop_votes.all_votes}
        return [m for m in self.committee_members if m.pk not in voted]

    @property
    def quorum(self) -> QuorumView:
        return self.loop_votes.quorum_shown

    @property
    def vote_tally(self) -> VoteTally:
        return vote_tally(votes=self.loop_votes)

    @property
    def candidate_view(self) -> dict:
        """Name and links for everyone who sees the packet; contact details only for those allowed."""
        candidate = self.loop.application.candidate
        return {
            "id": candidate.pk,
            "name": candidate.name,
            "links": candidate.links,
            "email": candidate.email if self.show_contact else None,
            "phone": candidate.phone if self.show_contact else None,
        }

    @property
    def committee_view(self) -> dict | None:
        if self.committee is None:
            return None
        chair = next((m for m in self.committee_members if m.pk == self.committee.chair_id), self.committee.chair)
        return {"id": self.committee.pk, "name": self.committee.name, "chair": chair, "members": self.committee_members}

    @property
    def matrix_view(self) -> dict:
        return {"columns": self.columns, "rows": self.rows}


FLAG_KINDS = ("brilliant_jerk", "force_fit", "strong_no")
# Audit-trail events as sentences (the params are ids; people and scorecards are named at display).
TRIGGER_SENTENCES = {
    Trigger.SCORECARD_SUBMITTED: "{scorecard} submitted",
    Trigger.SCORECARD_AMENDED: "{scorecard} amended (revision {revision})",
    Trigger.VOTE: "vote by {user}",
    Trigger.DECISION: "decision by {user}",
    Trigger.DEMO_SEED: "demo data loaded",
}
SOMEONE_ELSE = "a former committee member"


def describe_trigger(trigger: str, params: dict, *, refs: dict[int, ScorecardRef], names: dict[int, str]) -> str:
    """An audit-trail event for people: scorecards by interviewer and round, people by name."""
    scorecard = params.get("scorecard")
    ref = refs.get(scorecard)
    values = {
        "scorecard": f"scorecard of {ref.label}" if ref else f"scorecard {scorecard}",
        "revision": params.get("revision", ""),
        "user": names.get(params.get("user"), SOMEONE_ELSE),
    }
    return TRIGGER_SENTENCES.get(trigger, trigger).format(**values)


def _shown_scorecards(*, viewer: User, loop: Loop, feedback: LoopFeedback) -> tuple[list[Scorecard], set[int]]:
    """The submitted scorecards the viewer may read (scorecard_list decides), in round order."""
    rank = {i.pk: (i.order, i.pk) for i in feedback.interviews}
    visible = set(
        scorecard_list(viewer=viewer, loop=loop).filter(status=Scorecard.Status.SUBMITTED).values_list("pk", flat=True)
    )
    shown = sorted(
        (s for s in feedback.scorecards if s.pk in visible and s.interview_id in rank),
        key=lambda s: (rank[s.interview_id], str(s.interviewer), s.pk),
    )
    return shown, visible


def _matrix(
    shown: list[Scorecard], rounds: dict[int, Interview], competencies: tuple[engine.CompetencyResult, ...]
) -> tuple[list[MatrixColumn], list[MatrixRow]]:
    columns = [
        MatrixColumn(
            s.pk, s.interviewer, rounds[s.interview_id].round_type.code, rounds[s.interview_id].round_type.name
        )
        for s in shown
    ]
    ratings = {(s.pk, r.competency.code): r for s in shown for r in s.ratings.all()}
    rows = [
        MatrixRow(
            competency=competency,
            cells=[
                MatrixCell(s.pk, rating.score, rating.evidence)
                if (rating := ratings.get((s.pk, competency.code)))
                else None
                for s in shown
            ],
        )
        for competency in competencies
    ]
    return columns, rows


def _summary(
    columns: list[MatrixColumn], rows: list[MatrixRow], interviews: list[Interview], em_check: engine.EmCheck | None
) -> list[SummaryRound]:
    """The matrix folded by round: each round once (in loop order) with its competencies, and per
    competency the scores of that round's scorecards only, so no row is a mostly empty diagonal."""
    em = {(c.round, c.code): c for c in em_check.competencies} if em_check else {}
    summary, seen = [], set()
    for interview in sorted(interviews, key=lambda i: (i.order, i.pk)):
        code = interview.round_type.code
        if code in seen:
            continue
        seen.add(code)
        in_round = [i for i, column in enumerate(columns) if column.round == code]
        summary.append(
            SummaryRound(
                round=code,
                round_name=interview.round_type.name,
                interviewers=[columns[i].interviewer for i in in_round],
                rows=[
                    SummaryRow(
                        competency=row.competency,
                        scores=[
                            SummaryScore(cell.scorecard, columns[i].interviewer, cell.score)
                            for i in in_round
                            if (cell := row.cells[i]) is not None
                        ],
                        em=em.get((code, row.competency.code)),
                    )
                    for row in rows
                    if code in row.competency.rounds
                ],
            )
        )
    return summary


def _card_ratings(index: int, round_code: str, rows: list[MatrixRow]) -> list[RatingView]:
    """Column `index` of the matrix read down: the round's competencies with this scorecard's ratings."""
    return [
        RatingView(row.competency, cell.score if cell else None, cell.evidence if cell else "", cell is not None)
        for row in rows
        if round_code in row.competency.rounds and ((cell := row.cells[index]) is not None or row.competency.required)
    ]


def _card_flags(s: Scorecard, code: str, name: str) -> list[Flag]:
    flags = []
    if s.brilliant_jerk:
        flags.append(Flag("brilliant_jerk", s.pk, s.interviewer, code, name, s.jerk_evidence))
    if s.force_fit_concern:
        flags.append(Flag("force_fit", s.pk, s.interviewer, code, name, s.force_fit_evidence))
    if s.overall == Scorecard.Overall.STRONG_NO:
        flags.append(Flag("strong_no", s.pk, s.interviewer, code, name, s.summary))
    return flags


def _cards(
    shown: list[Scorecard],
    rounds: dict[int, Interview],
    recommendation: engine.Recommendation,
    rows: list[MatrixRow],
) -> tuple[list[PacketScorecard], list[Flag], list[Amendment]]:
    """Each shown scorecard with its ratings, late mark and history, the flags raised, and the amendments."""
    late = {item.scorecard: item for item in recommendation.late_scorecards}
    cards, flags, amendments = [], [], []
    for index, s in enumerate(shown):
        code, name = rounds[s.interview_id].round_type.code, rounds[s.interview_id].round_type.name
        revisions = list(s.revisions.all())
        cards.append(PacketScorecard(s, code, name, late.get(s.pk), revisions, _card_ratings(index, code, rows)))
        flags += _card_flags(s, code, name)
        amendments += [Amendment(s.pk, s.interviewer, code, name, r) for r in revisions if r.number > 1]
    flags.sort(key=lambda f: (FLAG_KINDS.index(f.kind), f.scorecard))
    return cards, flags, amendments


SEALED_VOTE = "a committee vote"


def _history(
    loop: Loop, refs: dict[int, ScorecardRef], members: list[User], *, votes_sealed: bool
) -> list[RecommendationRecord]:
    """The audit trail, newest first, each record with its event described for people (who voted stays
    sealed as long as the votes are)."""
    names = {m.pk: str(m) for m in members}
    history = list(RecommendationRecord.objects.filter(loop=loop).order_by("-computed_at", "-id"))
    for record in history:
        if votes_sealed and record.trigger == Trigger.VOTE:
            record.description, record.shown_params = SEALED_VOTE, {}
        else:
            record.description = describe_trigger(record.trigger, record.trigger_params, refs=refs, names=names)
            record.shown_params = record.trigger_params
    return history


def loop_packet(*, viewer: User, loop: Loop) -> LoopPacket:
    """Everything the committee reviews, in a number of queries that does not grow with the loop. Every
    read is written to the audit log (pages and API alike)."""
    audit_record(Action.PACKET_VIEWED, actor=viewer, target=loop)
    feedback = loop_feedback(loop=loop, with_history=True)
    recommendation = engine.recommend(decision_input(feedback))
    rounds = {i.pk: i for i in feedback.interviews}
    shown, visible = _shown_scorecards(viewer=viewer, loop=loop, feedback=feedback)
    columns, rows = _matrix(shown, rounds, recommendation.competencies)
    cards, flags, amendments = _cards(shown, rounds, recommendation, rows)
    refs = {
        s.pk: ScorecardRef(s.pk, f"{s.interviewer} ({rounds[s.interview_id].round_type.name})", s.pk in visible)
        for s in feedback.scorecards
        if s.interview_id in rounds
    }
    committee = loop_committee(loop=loop)
    members = list(committee.members.order_by("name", "username")) if committee else []
    votes = loop_votes(viewer=viewer, loop=loop, committee=committee, members=members)
    recorded = (
        Decision.objects.filter(loop=loop).select_related("decided_by", "recommendation", "loop__application").first()
    )
    voting_open = recorded is None and loop.status in FEEDBACK_STATES and recommendation.outcome != engine.INCOMPLETE
    return LoopPacket(
        loop=loop,
        show_contact=loop_sees_candidate_contact(viewer=viewer, loop=loop),
        committee=committee,
        committee_members=members,
        interviews=feedback.interviews,
        columns=columns,
        rows=rows,
        summary=_summary(columns, rows, feedback.interviews, recommendation.em_check),
        scorecards=cards,
        flags=flags,
        amendments=amendments,
        recommendation=recommendation,
        history=_history(loop, refs, members, votes_sealed=not votes.unsealed),
        scorecard_refs=refs,
        loop_votes=votes,
        my_vote=next((v for v in votes.all_votes if v.voter_id == viewer.pk), None),
        decision=recorded,
        voting_open=voting_open,
        can_vote=voting_open and any(m.pk == viewer.pk for m in members),
        can_decide=voting_open and committee is not None and committee.chair_id == viewer.pk,
    )


# --- The decision queue -----------------------------------------------------------------------


def decision_queue(*, viewer: User) -> QuerySet[Loop]:
    """Loops ready for review that the viewer may read, the longest waiting first.

    Annotated with the latest stored recommendation, the number of votes and the viewer's vote.
    """
    latest = RecommendationRecord.objects.filter(loop=OuterRef("pk")).order_by("-computed_at", "-id")
    votes = Vote.objects.filter(loop=OuterRef("pk"))
    return (
        loop_packet_list(viewer=viewer)
        .filter(status=Loop.Status.READY_FOR_REVIEW)
        .annotate(
            recommended=Subquery(latest.values("outcome")[:1]),
            vote_count=Coalesce(
                Subquery(votes.order_by().values("loop").annotate(n=Count("id")).values("n")[:1]),
                0,
            ),
            my_vote=Subquery(votes.filter(voter=viewer).values("vote")[:1]),
            waiting_since=Coalesce("ready_for_review_at", "updated_at"),
        )
        .order_by(F("waiting_since").asc(), "created_at", "id")
    )


def decided_list(*, viewer: User) -> QuerySet[Loop]:
    """Decided loops the viewer may read, the most recent decision first, with the decision loaded."""
    return (
        loop_packet_list(viewer=viewer)
        .filter(status=Loop.Status.DECIDED, decision__isnull=False)
        .select_related("decision__decided_by", "decision__recommendation")
        .order_by("-decision__decided_at", "-id")
    )


def loop_submitted_last_at(*, loop: Loop) -> dt.datetime | None:
    """When the last scorecard came in: the moment the loop became complete."""
    return (
        Scorecard.objects.filter(interview__loop=loop, status=Scorecard.Status.SUBMITTED)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
