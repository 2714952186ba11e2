"""Segments: a meeting divided into parts (a general exchange, an interactive dialogue), each with its limit.

Requests made while a segment is open take its time limit. When it closes, whoever has the floor
finishes, and those still waiting wait on, with the limit they were given: into the next segment
if one opens, between segments if not. A pending right of reply must not vanish because the chair
moved on to the next part of the meeting; if they are not to be heard, the chair says so, once
and on the record (`speakers_list.ClearList`).
"""

from dataclasses import dataclass, field, replace
from typing import NotRequired, TypedDict

from .errors import Refused
from .floor import end_current
from .procedure import Command, Directory
from .roles import PRESIDING
from .rules import no_interposition
from .state import RequestType, RoomState, Segment


class SegmentAdded(TypedDict):
    title: str
    limit_s: int


@dataclass(frozen=True)
class AddSegment(Command[SegmentAdded]):
    action = "add_segment"
    may = PRESIDING
    title: str = field(metadata={"max": 200})
    limit_s: int | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> SegmentAdded:
        if not self.title:
            raise Refused("invalid_field", "A segment needs a title.")
        limit = state.rules.statement_s if self.limit_s is None else self.limit_s
        if not 30 <= limit <= 3600:
            raise Refused("invalid_field", "A segment's time limit is between 30 and 3600 seconds.")
        return {"title": self.title, "limit_s": limit}

    @classmethod
    def apply(cls, state: RoomState, facts: SegmentAdded, at: float) -> None:
        state.segments.append(Segment(title=facts["title"], limit_s=facts["limit_s"]))


def _waiting(state: RoomState) -> list[int]:
    """Who waits on when the segment closes: all but questions put to the speaker, who finishes."""
    return [q.entry for q in state.queue if q.type is not RequestType.INTERPOSED_QUESTION]


def _close_segment(state: RoomState, at: float, carried: list[int] | None, into: int | None) -> None:
    """`carried`: the entries that wait on, into segment `into` (None: between segments); None for
    a log written when a segment's list closed with it, and those still waiting were not heard."""
    end_current(state, at)
    kept = set(carried or ())
    state.queue = [replace(q, segment=into) for q in state.queue if q.entry in kept]
    # Removals were the chair's decisions on the closed segment's list, not re-added into another's.
    state.removed = []
    assert state.segment is not None
    state.segments[state.segment - 1] = replace(state.segments[state.segment - 1], status="closed")
    state.segment = None


class SegmentOpened(TypedDict):
    number: int  # 1-based
    carried: NotRequired[list[int]]  # the open segment's waiting entries, on into this one; absent from older logs


@dataclass(frozen=True)
class OpenSegment(Command[SegmentOpened]):
    action = "open_segment"
    may = PRESIDING
    number: int  # 1-based

    def decide(self, state: RoomState, now: float, directory: Directory) -> SegmentOpened:
        no_interposition(state)
        if not 1 <= self.number <= len(state.segments):
            raise Refused("invalid_field", f"There is no segment {self.number}.")
        if state.segment == self.number:
            raise Refused("no_change", f"Segment {self.number} is already open.")
        return {"number": self.number, "carried": _waiting(state)}

    @classmethod
    def apply(cls, state: RoomState, facts: SegmentOpened, at: float) -> None:
        if state.segment is not None:
            _close_segment(state, at, facts.get("carried"), facts["number"])
        number = facts["number"]
        state.segments[number - 1] = replace(state.segments[number - 1], status="open")
        state.segment = number


class SegmentClosed(TypedDict):
    number: int
    carried: NotRequired[list[int]]  # those waiting on between segments; absent from older logs


@dataclass(frozen=True)
class CloseSegment(Command[SegmentClosed]):
    action = "close_segment"
    may = PRESIDING

    def decide(self, state: RoomState, now: float, directory: Directory) -> SegmentClosed:
        no_interposition(state)
        if state.segment is None:
            raise Refused("no_segment", "No segment is open.")
        # A chair who closes a segment without opening the next is between parts of the meeting,
        # not done with those still waiting: they wait on (the room's, in no segment) until the
        # chair calls them, opens the next segment, or clears the list.
        return {"number": state.segment, "carried": _waiting(state)}

    @classmethod
    def apply(cls, state: RoomState, facts: SegmentClosed, at: float) -> None:
        _close_segment(state, at, facts.get("carried"), None)
