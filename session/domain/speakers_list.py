"""The list of speakers: asking for the floor, withdrawing, and the chair arranging, closing and reopening it.

Where a request enters the list is `ordering`'s rule; the event records the place it was given,
so a replay rebuilds the same list whatever the policy is by then.
"""

from dataclasses import dataclass, field, replace
from typing import NotRequired, TypedDict

from .errors import Refused
from .inscription import Entry, FloorRequested, declared_level, enter_list, inscribe_statement, placed
from .interposed import interposition_refusal
from .ordering import LISTED
from .participants import Level
from .procedure import Command, Directory, NoFacts
from .rights import admission
from .roles import PRESIDING, SPEAKING
from .rules import known_participant, new_request, queued, stale, time_limit
from .seats import seat_refusal
from .state import Cleared, Policy, RequestType, RoomState

# Statements and questions wait for the list to reopen; these never do.
ALWAYS_ADMITTED = frozenset(
    {RequestType.POINT_OF_ORDER, RequestType.RIGHT_OF_REPLY, RequestType.RESPONSE, RequestType.INTERPOSED_QUESTION}
)


@dataclass(frozen=True)
class RequestFloor(Command[FloorRequested]):
    """Ask for the floor. In the plenary a statement is the short form of `inscribe`: the same
    rules of inscription, with no speaker's name."""

    action = "request_floor"
    may = PRESIDING | SPEAKING
    participant: str | None = None  # a delegate's own, filled in by `authorize`
    type: RequestType = RequestType.STATEMENT
    level: Level | None = None
    by_delegation: bool = field(default=False, metadata={"internal": True})  # set by `authorize` only

    def decide(self, state: RoomState, now: float, directory: Directory) -> FloorRequested:
        if self.participant is None:
            raise Refused("invalid_field", "'request_floor' needs 'participant'.")
        participant = known_participant(directory, self.participant)
        if self.type is RequestType.ANSWER:
            raise Refused("invalid_field", "An answer is given when the chair takes a question, not requested.")
        if self.type is RequestType.INTERPOSED_QUESTION:
            refusal = interposition_refusal(state, participant.id)
            if refusal is not None:
                raise refusal
        no_seat = seat_refusal(state, participant.id, self.type, self.by_delegation)  # reserved seats: `seats`
        if no_seat is not None:
            raise no_seat
        if state.pending(participant.id, self.type):
            raise Refused(
                "duplicate_request",
                f"{participant.name} already has a pending request of this type ({self.type.value}).",
            )
        if self.type is RequestType.STATEMENT and state.rules.policy is Policy.PLENARY:
            return inscribe_statement(state, participant, Entry(self.level, self.by_delegation), now)
        if state.list_closed and self.type not in ALWAYS_ADMITTED:
            raise Refused("list_closed", "The list of speakers is closed.")
        # Rights by status (points of order, replies, questions) and the cap on replies: `new_request`.
        request = new_request(state, participant, self.type, self.level, now)
        if self.type in LISTED and self.by_delegation and self.level is not None:
            # A level may place it (the plenary; a round table's priority, `priority`): a delegation's
            # own word awaits verification, as on the plenary's list.
            request = declared_level(request, participant, self.level, self.by_delegation)
        return placed(state, request)

    @classmethod
    def apply(cls, state: RoomState, facts: FloorRequested, at: float) -> None:
        enter_list(state, facts)


class RequestWithdrawn(TypedDict):
    entry: int


@dataclass(frozen=True)
class Withdraw(Command[RequestWithdrawn]):
    """Withdraw a pending request: by entry, or the participant's pending one of a type."""

    action = "withdraw"
    may = PRESIDING | SPEAKING
    entry: int | None = None
    participant: str | None = None
    type: RequestType | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> RequestWithdrawn:
        if self.entry is not None:
            request = queued(state, self.entry)
            if self.participant is not None and request.participant != self.participant:
                raise Refused("forbidden", "That request belongs to another participant.")
            return {"entry": request.entry}
        if self.participant is None:
            raise Refused("invalid_field", "Say which request to withdraw: 'entry', or 'participant' and 'type'.")
        pending = state.pending(self.participant, self.type)
        if not pending:
            raise Refused("not_in_queue", "There is no pending request to withdraw.")
        if len(pending) > 1:
            raise Refused("ambiguous", "Several requests are pending; say which 'type' or 'entry' to withdraw.")
        return {"entry": pending[0].entry}

    @classmethod
    def apply(cls, state: RoomState, facts: RequestWithdrawn, at: float) -> None:
        state.queue = [q for q in state.queue if q.entry != facts["entry"]]


class EntryMoved(TypedDict):
    entry: int
    position: int
    meeting: NotRequired[int | None]  # an inscription moved among another meeting's speakers joins it


@dataclass(frozen=True)
class Move(Command[EntryMoved]):
    action = "move"
    may = PRESIDING
    undoable = True
    entry: int
    position: int  # 1-based place in the queue
    from_position: int | None = None  # where the chair saw it; refused if it has moved since

    def decide(self, state: RoomState, now: float, directory: Directory) -> EntryMoved:
        queued(state, self.entry)
        if self.from_position is not None and state.position(self.entry) != self.from_position:
            raise stale(f"that entry is now number {state.position(self.entry)}")
        if not 1 <= self.position <= len(state.queue):
            raise Refused("invalid_position", f"Position must be between 1 and {len(state.queue)}.")
        if state.position(self.entry) == self.position:
            raise Refused("no_change", f"Entry {self.entry} is already at position {self.position}.")
        moved: EntryMoved = {"entry": self.entry, "position": self.position}
        displaced = state.queue[self.position - 1]
        if queued(state, self.entry).meeting is not None and displaced.meeting is not None:
            moved["meeting"] = displaced.meeting
        return moved

    @classmethod
    def apply(cls, state: RoomState, facts: EntryMoved, at: float) -> None:
        request = state.find(facts["entry"])
        assert request is not None
        state.queue.remove(request)
        if "meeting" in facts:
            request = replace(request, meeting=facts["meeting"])
        state.queue.insert(facts["position"] - 1, request)


class EntryRemoved(TypedDict):
    entry: int
    position: int  # where it was, for `readd_last`


@dataclass(frozen=True)
class Remove(Command[EntryRemoved]):
    action = "remove"
    may = PRESIDING
    undoable = True
    entry: int

    def decide(self, state: RoomState, now: float, directory: Directory) -> EntryRemoved:
        queued(state, self.entry)
        position = state.position(self.entry)
        assert position is not None
        return {"entry": self.entry, "position": position}

    @classmethod
    def apply(cls, state: RoomState, facts: EntryRemoved, at: float) -> None:
        request = state.find(facts["entry"])
        assert request is not None
        state.queue.remove(request)
        state.removed.append((request, facts["position"]))


class EntryReadded(TypedDict):
    entry: int
    position: int
    time_limit_s: NotRequired[int]  # absent from older logs: the limit it was asked with


@dataclass(frozen=True)
class ReaddLast(Command[EntryReadded]):
    """Undo the chair's most recent removal: the entry returns to the place it had."""

    action = "readd_last"
    may = PRESIDING

    def decide(self, state: RoomState, now: float, directory: Directory) -> EntryReadded:
        if not state.removed:
            raise Refused("nothing_removed", "No removed entry to re-add.")
        request, position = state.removed[-1]
        if request.type is RequestType.INTERPOSED_QUESTION and (
            state.current is None or state.current.entry != request.links_to
        ):
            raise Refused("lapsed", "That question lapsed when its speaker finished.")
        if state.pending(request.participant, request.type):
            raise Refused("duplicate_request", "That participant is already back on the list with the same request.")
        if request.participant in directory:
            # Back on the list only as its status allows now (the category is data the secretariat edits);
            # the entry keeps the chair's flag it was given.
            admission(state, directory[request.participant], request.type, request.meeting)
        # A reply re-added after another was heard is now the second: it gets the second's limit.
        return {
            "entry": request.entry,
            "position": min(position, len(state.queue) + 1),
            "time_limit_s": time_limit(state, request.participant, request.type, request.meeting),
        }

    @classmethod
    def apply(cls, state: RoomState, facts: EntryReadded, at: float) -> None:
        request, _ = state.removed.pop()
        request = replace(request, time_limit_s=facts.get("time_limit_s", request.time_limit_s))
        state.queue.insert(facts["position"] - 1, request)


@dataclass(frozen=True)
class CloseList(Command[NoFacts]):
    action = "close_list"
    may = PRESIDING
    undoable = True

    def decide(self, state: RoomState, now: float, directory: Directory) -> NoFacts:
        if state.list_closed:
            raise Refused("no_change", "The list of speakers is already closed.")
        return {}

    @classmethod
    def apply(cls, state: RoomState, facts: NoFacts, at: float) -> None:
        state.list_closed = True


@dataclass(frozen=True)
class ReopenList(Command[NoFacts]):
    action = "reopen_list"
    may = PRESIDING
    undoable = True

    def decide(self, state: RoomState, now: float, directory: Directory) -> NoFacts:
        if not state.list_closed:
            raise Refused("no_change", "The list of speakers is already open.")
        return {}

    @classmethod
    def apply(cls, state: RoomState, facts: NoFacts, at: float) -> None:
        state.list_closed = False


class ListCleared(TypedDict):
    entries: list[int]  # those who were waiting, in order


@dataclass(frozen=True)
class ClearList(Command[ListCleared]):
    """Clear the list: no one waiting will be heard. The chair's one explicit action, kept in the
    record (`RoomState.cleared`); nothing else empties the list (a new segment carries it over)."""

    action = "clear_list"
    may = PRESIDING
    undoable = True

    def decide(self, state: RoomState, now: float, directory: Directory) -> ListCleared:
        if not state.queue:
            raise Refused("queue_empty", "The list of speakers is already empty.")
        return {"entries": [q.entry for q in state.queue]}

    @classmethod
    def apply(cls, state: RoomState, facts: ListCleared, at: float) -> None:
        cleared = set(facts["entries"])
        state.cleared.append(
            Cleared(tuple(q for q in state.queue if q.entry in cleared), at, state.segment, state.meeting)
        )
        state.queue = [q for q in state.queue if q.entry not in cleared]
