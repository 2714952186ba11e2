"""The record per meeting, and times as the record's reader reads them.

The plenary's debate runs across numbered meetings (PROCEDURE.md §1: "the record and exports are
per meeting and for the whole item"), so the human-readable record is grouped by meeting, each
with its statistics, then the whole debate's. A part of the record is the room's state cut down to
one meeting (`cut`): the statistics of a meeting are then `domain.balance` of that state — the
same function the whole debate's are, not a second reckoning of them.

Times a person reads are in the event's time zone, in the style of UN documents ("10:02 a.m.",
"Thursday, 3 October 2013"); the exports are written in English.
"""

from dataclasses import dataclass, replace
from datetime import date

from session.domain.balance import Balance, balance
from session.domain.state import AbsentTo, FloorRequest, Meeting, Policy, RequestType, RoomState
from session.labels import MEETING_TITLES, ordinal
from session.times import UTC_ZONE, day, hour, hours, local, zone_city

from .records import RoomLog, speaker_of


@dataclass(frozen=True)
class Part:
    """One meeting's share of the record; `meeting` None for what happened while none was in progress."""

    meeting: Meeting | None
    state: RoomState


def cut(state: RoomState, number: int | None) -> RoomState:
    """The room's state as the record of one meeting (None: outside every meeting): the turns heard,
    the absences and swaps recorded in it, and those still waiting to speak in it.

    The time budgets span the whole debate, so a meeting's record has none of its own."""
    upcoming = state.next_meeting()
    waits_here = number == (upcoming.number if upcoming else None)

    def waits(meeting: int | None) -> bool:
        # A request names its meeting when inscribed for one; one that names none (a round
        # table's, or a point of order) waits in the meeting in progress, or the next one.
        return meeting == number or (meeting is None and waits_here)

    return replace(
        state,
        interventions=[i for i in state.interventions if i.meeting == number],
        absences=[a for a in state.absences if a.meeting == number],
        swaps=[s for s in state.swaps if s.meeting == number],
        queue=[q for q in state.queue if waits(q.meeting)],
        current=state.current if state.meeting == number else None,
        suspended=state.suspended if state.meeting == number else [],
        meetings=[m for m in state.meetings if m.number == number],
        budgets=None,
    )


def _recorded(state: RoomState) -> set[int | None]:
    return (
        {i.meeting for i in state.interventions}
        | {a.meeting for a in state.absences}
        | {s.meeting for s in state.swaps}
    )


def parts(log: RoomLog) -> list[Part]:
    """The record's parts in the order held: first what happened outside any meeting (a room whose
    meetings were never opened has only that), then each meeting opened or with something recorded
    — or, for a record cut down to one meeting, that meeting whatever its state."""
    state = log.state
    recorded = _recorded(state)
    held = [m for m in state.meetings if log.meeting is not None or m.status != "pending" or m.number in recorded]
    found = [Part(None, cut(state, None))] if None in recorded or not held else []
    return found + [Part(m, cut(state, m.number)) for m in held]


def grouped(found: list[Part]) -> bool:
    """Headings per meeting only when there is a meeting to name."""
    return any(p.meeting is not None for p in found)


def meeting_number(state: RoomState, room_name: str, wanted: str) -> int:
    """The number of one of the room's meetings, as asked for (`25`); LookupError saying which
    meetings the room has when it has no such one."""
    numbers = [m.number for m in state.meetings]
    text = wanted.strip()
    number = int(text) if text.isdecimal() and len(text) <= 6 else None
    if number is None or number not in numbers:
        held = ", ".join(str(n) for n in numbers)
        known = f"its meetings are {held}" if numbers else "it has no meetings"
        raise LookupError(f"{room_name} has no meeting '{text[:20]}': {known}.")
    return number


def only(log: RoomLog, number: int) -> RoomLog:
    """The record of one meeting of the room (`?meeting=25`, `--meeting 25`); it must be one of its meetings."""
    return replace(log, state=cut(log.state, number), meeting=number, debate=log.state)


def meeting_title(policy: Policy, number: int) -> str:
    """`25th plenary meeting`, `Meeting 1` (a round table), in English."""
    return MEETING_TITLES[policy] % {"ordinal": ordinal(number), "number": number}


def part_title(log: RoomLog, part: Part) -> str:
    if part.meeting is None:
        return "Outside the scheduled meetings"
    return meeting_title(log.state.rules.policy, part.meeting.number)


def heading(log: RoomLog, part: Part) -> str:
    """`25th plenary meeting — Thursday, 3 October 2013, 10 a.m.–1 p.m.`"""
    meeting = part.meeting
    if meeting is None:
        return part_title(log, part)
    when = f"{day(meeting.starts_at, log.zone)}, {hours(meeting.starts_at, meeting.ends_at, log.zone)}"
    return f"{part_title(log, part)} — {when}"


@dataclass(frozen=True)
class Clock:
    """Times in one part of the record: "10:02 a.m." on the day the reader already has from the
    heading (or the room's date), the day written out for any other."""

    zone: str
    known_day: date | None = None

    def _same_day(self, ts: float) -> bool:
        return local(ts, self.zone).date() == self.known_day

    def at(self, ts: float) -> str:
        return hour(ts, self.zone) if self._same_day(ts) else f"{day(ts, self.zone)}, {hour(ts, self.zone)}"

    def span(self, start: float, end: float) -> str:
        """`10:02 a.m.–10:07 a.m.`; a turn within one minute's reading is `10:10 a.m.`."""
        same = hour(start, self.zone) == hour(end, self.zone)
        text = hour(start, self.zone) if same else hours(start, end, self.zone)
        return text if self._same_day(start) else f"{day(start, self.zone)}, {text}"


def clock_for(log: RoomLog, part: Part, found: list[Part]) -> Clock:
    if part.meeting is not None:
        return Clock(log.zone, local(part.meeting.starts_at, log.zone).date())
    if grouped(found):
        return Clock(log.zone)  # under no date: every time says its day
    try:
        return Clock(log.zone, date.fromisoformat(log.date))  # the room's date, said at the top
    except ValueError:
        return Clock(log.zone)


def zone_note(log: RoomLog) -> str:
    """`Times are New York time (America/New_York).`: the zone as the reader names it, and exactly."""
    city = zone_city(log.zone)
    return "Times are in UTC." if city == UTC_ZONE else f"Times are {city} time ({log.zone})."


@dataclass(frozen=True)
class Figures:
    """A part's statistics: `domain.balance` of its state, and the counts both writers print."""

    balance: Balance
    heard: int  # interventions heard, points of order included
    spoken_s: float  # their speaking time
    over: int  # interventions over their time limit
    points_of_order: int
    points_of_order_s: float


def figures(log: RoomLog, state: RoomState) -> Figures:
    points = [i for i in state.interventions if i.request.type is RequestType.POINT_OF_ORDER]
    return Figures(
        balance=balance(state, log.directory),
        heard=len(state.interventions),
        spoken_s=sum(i.duration_s for i in state.interventions),
        over=sum(1 for i in state.interventions if i.overrun_s > 0),
        points_of_order=len(points),
        points_of_order_s=sum(i.duration_s for i in points),
    )


_MOVED = {
    AbsentTo.END: "moved to the end of the list",
    AbsentTo.NEXT: "moved to the next meeting",
    AbsentTo.DROP: "dropped from the list",
}


def delegation(log: RoomLog, request: FloorRequest) -> str:
    """`Philippines (H.E. Mr. Albert del Rosario, Secretary of Foreign Affairs)`: the delegation,
    and who spoke for it."""
    name, speaker = log.name_of(request.participant), speaker_of(request)
    return f"{name} ({speaker})" if speaker else name


def list_changes(log: RoomLog, state: RoomState) -> list[tuple[float, str]]:
    """The speakers absent when called and the places swapped in this part, in order: (when, what)."""
    requests = log.requests()  # the whole debate's: a swapped entry may be heard in another meeting

    def who(entry: int) -> str:
        request = requests.get(entry)
        return f"entry {entry}" if request is None else delegation(log, request)

    changes = [
        (a.at, f"{delegation(log, a.request)} was not in the room when called; {_MOVED[a.to]}.") for a in state.absences
    ]
    changes += [
        (s.at, f"{who(s.entry)} and {who(s.with_entry)} swapped places on the list, both consenting.")
        for s in state.swaps
    ]
    return sorted(changes, key=lambda change: change[0])
