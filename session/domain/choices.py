"""What may be done now: the commands a screen offers, found by dry-running their decisions.

`decide` reads the state and never changes it, so asking it is free of consequences: a button is
enabled exactly when its command would be accepted at this moment, and the rule that says so is
the command's own, not a second copy in a template. Everything here is worked out once per
version of a room (the chair's desk) or from facts every delegation shares (the ask form), never
once per phone.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import commands as c
from .errors import Refused
from .interposed import interposition_refusal
from .participants import Category, Level, Participant
from .permissions import Actor, authorize
from .rights import status_allows
from .roles import SPEAKING, Role
from .state import AbsentTo, FloorRequest, Policy, RequestType, RoomState

ADD_TIME_STEPS = (30, 60)  # the chair's "Add 30 seconds" and "Add 1 minute"
BUDGET_STEP_S = 300  # "Add 5 minutes to every group"
# A ruling is typed after the button is shown; asking whether one may be recorded needs some text.
_ANY_RULING = "-"


def accepted(command: c.Command[Any], state: RoomState, now: float, directory: Mapping[str, Participant]) -> bool:
    """Whether `command` would be accepted now; the state is only read."""
    try:
        command.decide(state, now, directory)
    except Refused:
        return False
    return True


@dataclass(frozen=True)
class EntryChoices:
    """The chair's buttons on one waiting request."""

    taken: bool  # an interposed question: the chair takes it to the speaker, never calls it
    give_floor: bool  # "Call" (or "Take the question") would be accepted now


@dataclass(frozen=True)
class ChairChoices:
    """What the chair's desk may do at one version of a room."""

    call_next: int | None  # the entry "Call next speaker" gives the floor to; None: refused now
    timer_start: bool
    timer_pause: bool
    timer_resume: bool
    add_time: frozenset[int]  # which of ADD_TIME_STEPS may be added now
    end_intervention: bool
    answer_question: bool  # an interposed question is being put: its speaker may answer
    rule_point_of_order: bool  # a point of order has the floor: the chair rules on it
    close_list: bool
    reopen_list: bool
    readd_last: bool
    open_segment: frozenset[int]  # the segments (1-based) that may be opened now
    close_segment: bool
    add_budget: bool
    set_balanced: bool  # the balanced suggestion may be switched (round tables only)
    entries: Mapping[int, EntryChoices]  # by entry number, for every waiting request
    open_meeting: int | None = None  # the meeting "Open the meeting" opens; None: refused now
    close_meeting: bool = False
    absent_to: frozenset[str] = frozenset()  # where the called speaker may go when absent (AbsentTo values)
    clear_list: bool = False
    undo: tuple[int, str] | None = None  # the event "Undo" takes back (its seq and action); None: nothing now
    set_priority_to_high_level: bool = False  # the co-chairs' priority may be switched (round tables only)


def chair_choices(state: RoomState, *, now: float, directory: Mapping[str, Participant]) -> ChairChoices:
    def ok(command: c.Command[Any]) -> bool:
        return accepted(command, state, now, directory)

    try:
        head: int | None = c.CallNext().decide(state, now, directory)["entry"]
    except Refused:
        head = None
    current = state.current
    # Calling a waiting entry is decided by what is under way and the entry's kind alone, so one
    # dry run answers for every entry that is called: a long list costs one pass, not one per entry.
    # A question is asked about one by one: each is for its own speaker.
    called = [request for request in state.queue if request.type is not RequestType.INTERPOSED_QUESTION]
    call = bool(called) and ok(c.Call(entry=called[0].entry))
    entries = {
        request.entry: EntryChoices(taken=True, give_floor=ok(c.TakeQuestion(request.entry)))
        if request.type is RequestType.INTERPOSED_QUESTION
        else EntryChoices(taken=False, give_floor=call)
        for request in state.queue
    }
    return ChairChoices(
        call_next=head,
        timer_start=ok(c.TimerStart()),
        timer_pause=ok(c.TimerPause()),
        timer_resume=ok(c.TimerResume()),
        add_time=frozenset(step for step in ADD_TIME_STEPS if ok(c.TimerAdd(step))),
        end_intervention=ok(c.EndIntervention()),
        answer_question=ok(c.AnswerQuestion()),
        rule_point_of_order=current is not None and ok(c.RulePointOfOrder(current.entry, _ANY_RULING)),
        close_list=ok(c.CloseList()),
        reopen_list=ok(c.ReopenList()),
        readd_last=ok(c.ReaddLast()),
        open_segment=frozenset(n for n in range(1, len(state.segments) + 1) if ok(c.OpenSegment(n))),
        close_segment=ok(c.CloseSegment()),
        add_budget=ok(c.AddBudget(BUDGET_STEP_S)),
        set_balanced=ok(c.SetBalanced(not state.balanced)),
        entries=entries,
        open_meeting=_opens(state, now, directory),
        close_meeting=ok(c.CloseMeeting()),
        absent_to=frozenset(to.value for to in AbsentTo if ok(c.MarkAbsent(to=to))),
        clear_list=ok(c.ClearList()),
        undo=_undoes(state, now, directory),
        set_priority_to_high_level=ok(c.SetPriorityToHighLevel(not state.high_level_first)),
    )


def _undoes(state: RoomState, now: float, directory: Mapping[str, Participant]) -> tuple[int, str] | None:
    # Asked once per version: the button stays until the next one even after the undo window has
    # passed, and then the refusal says so.
    last = state.undoable
    return (last.seq, last.action) if last is not None and accepted(c.Undo(last.seq), state, now, directory) else None


def _opens(state: RoomState, now: float, directory: Mapping[str, Participant]) -> int | None:
    try:
        return c.OpenMeeting().decide(state, now, directory)["number"]
    except Refused:
        return None


@cache
def _kinds_for(role: Role) -> tuple[RequestType, ...]:
    """The kinds of request a role may send at all (permissions.authorize), asked once per role.

    An answer is never asked for: it is given when the chair takes a question (RequestFloor
    refuses it from anyone)."""
    kinds = []
    for kind in RequestType:
        try:
            authorize(Actor(role, "-"), c.RequestFloor(type=kind))
        except Refused:
            continue
        if kind is not RequestType.ANSWER:
            kinds.append(kind)
    return tuple(kinds)


@dataclass(frozen=True)
class Standing:
    """Where one delegation stands, as its own ask form reads it."""

    waiting: frozenset[RequestType] = frozenset()  # the kinds it has a request of on the list
    statements: int = 0  # statements made, being made or inscribed (`inscription.statements`)
    level: Level | None = None  # its latest statement's level: as Protocol verified it, else as declared


def standings(state: RoomState) -> dict[str, Standing]:
    """Every delegation's standing in one pass over the list and the record: worked out once per
    version, not once per phone."""
    waiting: dict[str, set[RequestType]] = {}
    statements: dict[str, int] = {}
    latest: dict[str, FloorRequest] = {}
    heard = [i.request for i in state.interventions]
    for request in [*heard, *([state.current] if state.current else []), *state.queue]:
        if request.type is RequestType.STATEMENT:
            statements[request.participant] = statements.get(request.participant, 0) + 1
            if request.participant not in latest or request.entry > latest[request.participant].entry:
                latest[request.participant] = request
    for request in state.queue:
        waiting.setdefault(request.participant, set()).add(request.type)
    return {
        participant: Standing(
            frozenset(waiting.get(participant, ())),
            statements.get(participant, 0),
            _level(latest[participant]) if participant in latest else None,
        )
        for participant in waiting.keys() | statements.keys()
    }


def _level(request: FloorRequest) -> Level:
    return request.level if request.level_verified or request.requested_level is None else request.requested_level


def request_choices(
    state: RoomState, actor: Actor, category: Category | None = None, standing: Standing | None = None
) -> tuple[RequestType, ...]:
    """The kinds of request `actor` may pick now, in the list's order of kinds.

    Its role's kinds, those its participant's `category` gives a right to (`rights`: no point of
    order or reply for an NGO), and an interposed question only while it may be put (there is a
    speaker, not a point of order, not itself). None while it has the floor; not a kind it already
    has a request of waiting (one per kind, `speakers_list`), nor in the plenary a statement once
    its statements are used (one per delegation unless the chair allows another, `inscription`).
    A closed list or the replies used up do not hide a kind: the refusal says why, in words.
    `standing` is the actor's (`standings`); worked out here when not given.
    """
    if actor.role not in SPEAKING or actor.participant is None:
        return ()
    if state.current is not None and state.current.participant == actor.participant:
        return ()
    if standing is None:
        standing = standings(state).get(actor.participant, Standing())
    kinds = tuple(kind for kind in _kinds_for(actor.role) if kind not in standing.waiting)
    if category is not None:
        kinds = tuple(kind for kind in kinds if status_allows(category, kind))
    if RequestType.INTERPOSED_QUESTION in kinds and interposition_refusal(state, actor.participant) is not None:
        kinds = tuple(kind for kind in kinds if kind is not RequestType.INTERPOSED_QUESTION)
    if state.rules.policy is Policy.PLENARY and RequestType.STATEMENT in kinds:
        if standing.statements >= 1 + state.second_statements.get(actor.participant, 0):
            kinds = tuple(kind for kind in kinds if kind is not RequestType.STATEMENT)
    return kinds


def ranked_by_level(state: RoomState) -> bool:
    """Whether a request says who will speak: the plenary orders its list by level of
    representation (`ordering.plenary_key`); a round table by time of request alone, unless its
    co-chairs give priority to Heads of State or Government and ministers (`priority`)."""
    return state.rules.policy is Policy.PLENARY or state.high_level_first
