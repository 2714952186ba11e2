"""Giving the floor: calling the next speaker or anyone, ending a turn, and ruling on a point of order.

A turn ends when the chair calls someone else, ends it, takes an answer or closes a segment; each
way records the same `Intervention`, with the time spoken against the limit given.

A call readies the speaker's clock, which the chair starts when the speaker reaches the rostrum;
where the room's rule or the chair's switch says so (`start_on_call`), it starts on the call.
"""

from dataclasses import dataclass, replace
from typing import NotRequired, TypedDict

from .errors import Refused
from .participants import Level
from .procedure import Command, Directory
from .rights import replies_heard
from .roles import PRESIDING
from .rules import (
    INTERPOSED,
    NewRequest,
    known_participant,
    new_request,
    no_interposition,
    queued,
    request_from,
    stale,
)
from .state import FloorRequest, Intervention, RequestType, RoomState
from .timer import Phase


def end_current(state: RoomState, at: float) -> None:
    ended = state.current
    if ended is not None:
        assert state.current_started_at is not None
        state.interventions.append(
            Intervention(
                number=len(state.interventions) + 1,
                request=ended,
                started_at=state.current_started_at,
                ended_at=at,
                duration_s=round(state.timer.elapsed(at), 3),
                time_limit_s=state.timer.limit_s,
                meeting=state.meeting,
            )
        )
        if ended.type not in INTERPOSED:
            # Questions waiting to interrupt this speaker lapse when the speaker is done.
            state.queue = [
                q for q in state.queue if not (q.type is RequestType.INTERPOSED_QUESTION and q.links_to == ended.entry)
            ]
    state.current = None
    state.current_started_at = None
    state.timer = state.timer.stop()


def resume_suspended(state: RoomState, at: float) -> None:
    """After an interposed question and its answer, the speaker's own clock runs on from where it stopped."""
    suspended = state.suspended.pop()
    state.current = suspended.request
    state.current_started_at = suspended.started_at
    state.timer = suspended.timer.resume(at)


def give_floor(state: RoomState, request: FloorRequest, at: float, start: bool = True) -> None:
    """`start`: the clock runs from the call; else it is ready, and starts when the chair starts it
    (the speaker has reached the rostrum: `timekeeping.TimerStart`)."""
    end_current(state, at)
    state.queue = [q for q in state.queue if q.entry != request.entry]
    if request.type is RequestType.RIGHT_OF_REPLY:
        # The first reply heard for a meeting gets the first limit, whatever order they were asked in.
        heard = replies_heard(state, request.participant, request.meeting)
        request = replace(request, time_limit_s=state.rules.reply_s[min(heard, len(state.rules.reply_s) - 1)])
    state.current = request
    state.current_started_at = at
    state.timer = state.timer.start(at, request.time_limit_s) if start else state.timer.ready(request.time_limit_s)


class FloorGiven(TypedDict):
    entry: int
    request: NotRequired[NewRequest]  # someone not on the list, called by the chair
    start: NotRequired[bool]  # the clock starts on the call; absent from older logs, where it always did


def _floor_given(state: RoomState, facts: FloorGiven, at: float) -> None:
    if "request" in facts:
        request = request_from(facts["request"])
        state.last_entry = request.entry
    else:
        found = state.find(facts["entry"])
        assert found is not None
        request = found
    give_floor(state, request, at, facts.get("start", True))


@dataclass(frozen=True)
class CallNext(Command[FloorGiven]):
    """Give the floor to the head of the list; `entry`, if given, is who the chair saw there."""

    action = "call_next"
    may = PRESIDING
    undoable = True
    entry: int | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> FloorGiven:
        no_interposition(state)
        listed = [q for q in state.queue if q.type is not RequestType.INTERPOSED_QUESTION]  # those are taken
        if not listed:
            raise Refused("queue_empty", "The list of speakers is empty.")
        if self.entry is not None and listed[0].entry != self.entry:
            raise stale("someone else is now first")
        return {"entry": listed[0].entry, "start": state.starts_clock_on_call}

    @classmethod
    def apply(cls, state: RoomState, facts: FloorGiven, at: float) -> None:
        _floor_given(state, facts, at)


@dataclass(frozen=True)
class Call(Command[FloorGiven]):
    """Give the floor to a queued entry, or to any participant not on the list."""

    action = "call"
    may = PRESIDING
    undoable = True
    entry: int | None = None
    participant: str | None = None
    type: RequestType = RequestType.STATEMENT
    level: Level | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> FloorGiven:
        no_interposition(state)
        if self.type in INTERPOSED:
            raise Refused("invalid_field", "An interposed question is taken with 'take_question', not called.")
        if self.entry is not None:
            if queued(state, self.entry).type is RequestType.INTERPOSED_QUESTION:
                raise Refused("invalid_field", "An interposed question is taken with 'take_question', not called.")
            return {"entry": queued(state, self.entry).entry, "start": state.starts_clock_on_call}
        if self.participant is None:
            raise Refused("invalid_field", "Say whom to call: 'entry', or 'participant'.")
        participant = known_participant(directory, self.participant)
        pending = state.pending(participant.id, self.type)
        if pending:
            return {"entry": pending[0].entry, "start": state.starts_clock_on_call}
        # Rights by status and the cap on replies: `new_request`, the same for every door.
        return {
            "entry": state.last_entry + 1,
            "request": new_request(state, participant, self.type, self.level, now),
            "start": state.starts_clock_on_call,
        }

    @classmethod
    def apply(cls, state: RoomState, facts: FloorGiven, at: float) -> None:
        _floor_given(state, facts, at)


class InterventionEnded(TypedDict):
    entry: int | None  # None: the chair stopped a timer that ran with no one at the floor
    resume: NotRequired[bool]  # the speaker a question interrupted goes on; absent from older logs


@dataclass(frozen=True)
class EndIntervention(Command[InterventionEnded]):
    action = "end_intervention"
    may = PRESIDING
    undoable = True
    entry: int | None = None  # the speaker the chair saw; refused if someone else has the floor now

    def decide(self, state: RoomState, now: float, directory: Directory) -> InterventionEnded:
        if state.current is None and state.timer.phase is Phase.IDLE:
            raise Refused("no_current_speaker", "No one has the floor.")
        if self.entry is not None and (state.current is None or state.current.entry != self.entry):
            raise stale("another speaker has the floor now")
        resume = bool(state.suspended) and state.current is not None and state.current.type in INTERPOSED
        return {"entry": state.current.entry if state.current else None, "resume": resume}

    @classmethod
    def apply(cls, state: RoomState, facts: InterventionEnded, at: float) -> None:
        end_current(state, at)
        if facts.get("resume"):
            resume_suspended(state, at)


class PointOfOrderRuled(TypedDict):
    entry: int
    ruling: str


@dataclass(frozen=True)
class RulePointOfOrder(Command[PointOfOrderRuled]):
    action = "rule_point_of_order"
    may = PRESIDING
    entry: int
    ruling: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> PointOfOrderRuled:
        heard = [i.request for i in state.interventions] + [state.current]
        request = next((r for r in heard if r is not None and r.entry == self.entry), None)
        if request is None or request.type is not RequestType.POINT_OF_ORDER:
            raise Refused("not_point_of_order", f"Entry {self.entry} is not a point of order that has been heard.")
        if not self.ruling:
            raise Refused("invalid_field", "The ruling must not be empty.")
        return {"entry": self.entry, "ruling": self.ruling}

    @classmethod
    def apply(cls, state: RoomState, facts: PointOfOrderRuled, at: float) -> None:
        state.rulings[facts["entry"]] = facts["ruling"]
