"""Segments: a meeting divided into parts (a general exchange, an interactive dialogue), each with its limit.

A segment's list is its own: requests made while it is open take its time limit, and when it
closes whoever has the floor finishes and those still waiting are not heard.
"""

from dataclasses import dataclass, field, replace
from typing import TypedDict

from .errors import Refused
from .floor import end_current
from .procedure import Command, Directory
from .roles import PRESIDING
from .rules import no_interposition
from .state import RoomState, Segment


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


def _close_segment(state: RoomState, at: float) -> None:
    # A segment's list closes with it: whoever has the floor finishes, those still waiting are not heard.
    end_current(state, at)
    state.queue = []
    state.removed = []
    assert state.segment is not None
    state.segments[state.segment - 1] = replace(state.segments[state.segment - 1], status="closed")
    state.segment = None


class SegmentOpened(TypedDict):
    number: int  # 1-based


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
        return {"number": self.number}

    @classmethod
    def apply(cls, state: RoomState, facts: SegmentOpened, at: float) -> None:
        if state.segment is not None:
            _close_segment(state, at)
        number = facts["number"]
        state.segments[number - 1] = replace(state.segments[number - 1], status="open")
        state.segment = number


class SegmentClosed(TypedDict):
    number: int


@dataclass(frozen=True)
class CloseSegment(Command[SegmentClosed]):
    action = "close_segment"
    may = PRESIDING

    def decide(self, state: RoomState, now: float, directory: Directory) -> SegmentClosed:
        no_interposition(state)
        if state.segment is None:
            raise Refused("no_segment", "No segment is open.")
        return {"number": state.segment}

    @classmethod
    def apply(cls, state: RoomState, facts: SegmentClosed, at: float) -> None:
        _close_segment(state, at)
