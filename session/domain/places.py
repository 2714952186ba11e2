"""A place on the list in the meeting: a speaker absent when called, and two delegations swapping.

"A delegation not in the room when called keeps its inscription but loses its place: the chair
moves it to the end of the meeting's list (or the next meeting), or it is dropped; delegations
may swap places with each other's agreement (both recorded)" -- PROCEDURE.md §1.
"""

from dataclasses import dataclass, replace
from typing import NotRequired, TypedDict

from .errors import Refused
from .ordering import insertion_index
from .procedure import Command, Directory
from .roles import PRESIDING
from .rules import no_interposition, queued, stale
from .state import Absence, AbsentTo, FloorRequest, RequestType, RoomState, Swap

_LISTED = {RequestType.STATEMENT, RequestType.QUESTION}


class MarkedAbsent(TypedDict):
    entry: int
    to: str
    position: int | None  # its new place (1-based); None when dropped
    meeting: int | None  # the meeting it is now inscribed for
    lapsed: NotRequired[list[int]]  # questions waiting to interrupt the speaker; absent from older logs


@dataclass(frozen=True)
class MarkAbsent(Command[MarkedAbsent]):
    """The speaker called is not in the room: to the end of this meeting, to the next, or off the list."""

    action = "mark_absent"
    may = PRESIDING
    to: AbsentTo = AbsentTo.END
    entry: int | None = None  # the speaker the chair saw called

    def decide(self, state: RoomState, now: float, directory: Directory) -> MarkedAbsent:
        no_interposition(state)
        called = state.current
        if called is None:
            raise Refused("no_current_speaker", "No speaker has been called.")
        if self.entry is not None and self.entry != called.entry:
            raise stale("another speaker has been called since")
        if called.type not in _LISTED:
            raise Refused("invalid_field", "Only a speaker on the list of speakers is marked absent.")
        # Questions waiting to interrupt a speaker lapse when the speaker does not speak, as when the
        # speaker is done (`floor.end_current`); the new place is counted on the list without them.
        lapsed = [
            q.entry for q in state.queue if q.type is RequestType.INTERPOSED_QUESTION and q.links_to == called.entry
        ]
        queue = [q for q in state.queue if q.entry not in lapsed]
        absent: MarkedAbsent = {"entry": called.entry, "to": self.to.value, "position": None, "meeting": called.meeting}
        if lapsed:
            absent["lapsed"] = lapsed
        if self.to is AbsentTo.DROP:
            return absent
        if self.to is AbsentTo.NEXT:
            following = next((m for m in state.meetings if m.status == "pending"), None)
            if following is None:
                raise Refused("no_meeting", "There is no next meeting: move the speaker to the end of this one.")
            moved = replace(called, meeting=following.number, carried=True)
            position = insertion_index(queue, moved, state.rules.policy, state.groups_first) + 1
            return {**absent, "position": position, "meeting": following.number}
        return {**absent, "position": _end_of(queue, called)}

    @classmethod
    def apply(cls, state: RoomState, facts: MarkedAbsent, at: float) -> None:
        called = state.current
        assert called is not None
        state.absences.append(Absence(called, at, AbsentTo(facts["to"]), state.meeting))
        state.current = None
        state.current_started_at = None
        state.timer = state.timer.stop()
        lapsed = set(facts.get("lapsed", []))
        state.queue = [q for q in state.queue if q.entry not in lapsed]
        if facts["position"] is not None:
            carried = called.carried or facts["meeting"] != called.meeting
            state.queue.insert(facts["position"] - 1, replace(called, meeting=facts["meeting"], carried=carried))


def _end_of(queue: list[FloorRequest], called: FloorRequest) -> int:
    """After the last statement inscribed for the same meeting (before the rights of reply)."""
    last = max(
        (i for i, q in enumerate(queue) if q.type in _LISTED and q.meeting == called.meeting),
        default=None,
    )
    if last is not None:
        return last + 2
    # None left for its meeting: before the replies, and before a later meeting's speakers.
    later = next((i for i, q in enumerate(queue) if q.type is RequestType.RIGHT_OF_REPLY or _after(q, called)), None)
    return (len(queue) if later is None else later) + 1


def _after(queued: FloorRequest, called: FloorRequest) -> bool:
    return queued.meeting is not None and called.meeting is not None and queued.meeting > called.meeting


class Swapped(TypedDict):
    entry: int
    with_entry: int


@dataclass(frozen=True)
class SwapPlaces(Command[Swapped]):
    """Two delegations exchange places on the list, both consenting; the chair records it."""

    action = "swap"
    may = PRESIDING
    entry: int
    with_entry: int

    def decide(self, state: RoomState, now: float, directory: Directory) -> Swapped:
        first, second = queued(state, self.entry), queued(state, self.with_entry)
        if first.entry == second.entry:
            raise Refused("invalid_field", "An entry cannot swap places with itself.")
        if first.type not in _LISTED or second.type not in _LISTED:
            raise Refused("invalid_field", "Only speakers inscribed on the list swap places.")
        if first.participant == second.participant:
            raise Refused("invalid_field", "Both entries belong to the same participant.")
        return {"entry": first.entry, "with_entry": second.entry}

    @classmethod
    def apply(cls, state: RoomState, facts: Swapped, at: float) -> None:
        i, j = state.position(facts["entry"]), state.position(facts["with_entry"])
        assert i is not None and j is not None
        first, second = state.queue[i - 1], state.queue[j - 1]
        # Each takes the other's place, and so the other's meeting.
        state.queue[i - 1] = replace(second, meeting=first.meeting, carried=first.carried)
        state.queue[j - 1] = replace(first, meeting=second.meeting, carried=second.carried)
        state.swaps.append(Swap(facts["entry"], facts["with_entry"], at, state.meeting))
