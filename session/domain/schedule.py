"""When each speaker on the list is expected to speak, and in which meeting.

The speaker at the floor has what is left of their time; every entry ahead of yours takes its
full limit. A meeting ends at its scheduled hour: an entry that would start at or after it is
expected at the start of the next meeting instead (PROCEDURE.md §1, "a speaker not reached is
carried to the next meeting"), and an entry inscribed for a later meeting waits for that one.
A meeting that opens late (or is reached after its hour) is expected to run its scheduled length.
Nothing here guesses from how long turns have lasted: the published list and a delegation's
phone say the same, and both can be checked by adding up the limits.
"""

from dataclasses import dataclass

from .state import FloorRequest, Meeting, RoomState


@dataclass(frozen=True)
class Expected:
    at: float  # seconds since the epoch
    meeting: int | None  # the meeting's number; None in a room that keeps no meetings
    late: bool = False  # past its meeting's scheduled length, with no later meeting to carry it to


def expected_times(state: RoomState, now: float) -> dict[int, Expected]:
    """Each waiting entry's expected start, by entry number, in list order."""
    meetings = [m for m in state.meetings if m.status != "closed"]
    index = 0
    at = now
    if state.current is not None:
        at += max(0.0, state.timer.remaining(now))
    start, end = window(meetings[0], at) if meetings else (at, float("inf"))
    at = max(at, start)
    expected: dict[int, Expected] = {}
    for request in state.queue:
        while index + 1 < len(meetings) and (at >= end or _for_later(request, meetings[index])):
            index += 1
            start, end = window(meetings[index], at)
            at = max(at, start)
        expected[request.entry] = Expected(at, meetings[index].number if meetings else None, at >= end)
        at += request.time_limit_s
    return expected


def _for_later(request: FloorRequest, meeting: Meeting) -> bool:
    return request.meeting is not None and request.meeting > meeting.number


def window(meeting: Meeting, reached: float) -> tuple[float, float]:
    """When a meeting is expected to run: from its opening (or its hour, or when the list reaches
    it if that is later) for its scheduled length."""
    start = meeting.opened_at if meeting.opened_at is not None else max(reached, meeting.starts_at)
    return start, start + meeting.ends_at - meeting.starts_at


def booked_s(state: RoomState, meeting: int) -> int:
    """The time the entries inscribed for a meeting take, by their limits."""
    return sum(q.time_limit_s for q in state.queue if q.meeting == meeting)


def first_with_room(state: RoomState, now: float, limit_s: int, earliest: int | None = None) -> int | None:
    """The meeting a new inscription goes to: the first not yet closed (from `earliest`, the one the
    delegation prefers) whose hours still hold its statement; the last one if none does."""
    candidates = [m for m in state.meetings if m.status != "closed" and (earliest is None or m.number >= earliest)]
    for meeting in candidates:
        start, end = window(meeting, now)
        if booked_s(state, meeting.number) + limit_s <= end - max(now, start):
            return meeting.number
    return candidates[-1].number if candidates else None
