"""How the list of speakers reads to a person: meetings by their titles, times in the event's time
zone and the reader's language in the style of UN documents, and what the chair reads out.

Every page, push and export's human part asks here (through `reading`), so "Thursday, 3 October
2013" and "11:40 a.m." are written one way everywhere; machine columns stay ISO 8601 (session.times).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from session.domain.schedule import Expected
from session.domain.state import FloorRequest, Policy, RoomState
from session.labels import MEETING_TITLES, ordinal
from session.realtime.live_room import LiveRoom
from session.times import day, hour, hours, local, midday

from .i18n import translator

# Short names that English writes with "the": "the Philippines", "the Holy See", "the United Kingdom".
_THE_PREFIXES = ("United ", "Republic ", "Democratic ", "Russian ", "Federated ", "Holy ", "European ", "State of ")
_THE_NAMES = {
    "Bahamas",
    "Comoros",
    "Congo",
    "Gambia",
    "Maldives",
    "Netherlands",
    "Niger",
    "Philippines",
    "Sudan",
    "Czech Republic",
    "Dominican Republic",
    "Central African Republic",
    "Syrian Arab Republic",
    "Lao People's Democratic Republic",
    "former Yugoslav Republic of Macedonia",
}
_THE_ENDINGS = (" Islands", " Republic", " Emirates", " Kingdom", " States")


def with_article(name: str) -> str:
    """`the Philippines`, `Mexico`: a delegation's name as an English sentence carries it."""
    if name in _THE_NAMES or name.startswith(_THE_PREFIXES) or name.endswith(_THE_ENDINGS):
        return f"the {name}"
    return name


def honorific(speaker: str) -> str:
    """ "H.E. Mr. Albert del Rosario" read out: "His Excellency Mr. Albert del Rosario"."""
    if speaker.startswith("H.E. "):
        rest = speaker[5:]
        her = rest.startswith(("Ms.", "Mrs.", "Madam", "Ms ", "Mrs "))
        return f"{'Her' if her else 'His'} Excellency {rest}"
    return speaker


@dataclass(frozen=True)
class Reading:
    """One reader's way of reading times and meetings: the event's zone, the reader's language."""

    zone: str
    lang: str
    policy: Policy = Policy.PLENARY

    def hour(self, ts: float | None) -> str:
        return "" if ts is None else hour(ts, self.zone, self.lang)

    def day(self, ts: float | None) -> str:
        return "" if ts is None else day(ts, self.zone, self.lang)

    def hours(self, start: float, end: float) -> str:
        return hours(start, end, self.zone, self.lang)

    def moment(self, ts: float | None) -> str:
        """`Thursday, 3 October 2013, 11:40 a.m.`: a day and its time, for a desk's record of when."""
        return "" if ts is None else f"{self.day(ts)}, {self.hour(ts)}"

    def meeting(self, number: int | None) -> str:
        """`25th plenary meeting` (`Meeting 1` in a round table); empty for none."""
        if number is None:
            return ""
        _ = translator(self.lang)
        return _(MEETING_TITLES[self.policy], ordinal=ordinal(number, self.lang), number=number)

    def context(self) -> dict[str, Callable]:
        return {
            "hour": self.hour,
            "day": self.day,
            "hours": self.hours,
            "moment": self.moment,
            "meeting_title": self.meeting,
        }


def floor_sentence(request: FloorRequest, delegation: str, lang: str) -> str:
    """What the chair reads out on giving the floor: "I now give the floor to His Excellency Mr. …,
    Secretary of Foreign Affairs of the Philippines." (the plenary's list names the person)."""
    _ = translator(lang)
    if lang == "en":
        delegation = with_article(delegation)
    if request.speaker and request.title:
        sentence = _(
            "I now give the floor to %(speaker)s, %(title)s of %(delegation)s.",
            speaker=honorific(request.speaker),
            title=request.title,
            delegation=delegation,
        )
    elif request.speaker:
        sentence = _(
            "I now give the floor to %(speaker)s of %(delegation)s.",
            speaker=honorific(request.speaker),
            delegation=delegation,
        )
    else:
        sentence = _("I now give the floor to the representative of %(delegation)s.", delegation=delegation)
    if request.on_behalf_of:
        sentence += " " + _("The statement is made on behalf of %(group)s.", group=request.on_behalf_of)
    return sentence


def by_meeting(
    entries: Sequence[FloorRequest], expected: Mapping[int, Expected], headed: bool
) -> list[tuple[int | None, list[tuple[int, FloorRequest]]]]:
    """The list as it is read out: runs of entries expected in the same meeting, each with its
    meeting's number (None when `headed` is false: a room of one meeting needs no headings) and
    the entries with their places on the whole list."""
    runs: list[tuple[int | None, list[tuple[int, FloorRequest]]]] = []
    for position, request in enumerate(entries, 1):
        when = expected.get(request.entry)
        meeting = when.meeting if headed and when is not None else None
        if not runs or runs[-1][0] != meeting:
            runs.append((meeting, []))
        runs[-1][1].append((position, request))
    return runs


@dataclass(frozen=True)
class Sitting:
    """One line of the event's programme: a meeting of a room, on its day and at its hours (a room
    whose meetings are not scheduled yet sits on its date, with no hours)."""

    slug: str
    name: str  # the room's, marked for translation
    theme: str
    policy: Policy
    number: int | None  # the meeting's number; None for a room with no meeting scheduled
    starts_at: float
    ends_at: float | None
    titled: bool  # the room holds several meetings: the line names its meeting

    @property
    def key(self) -> str:
        """The id of its live status on the page, the same in the first render and in every push."""
        return f"status-{self.slug}-{self.number or 0}"


@dataclass(frozen=True)
class Day:
    starts_at: float  # a moment of that day, for its heading
    sittings: tuple[Sitting, ...]


def sittings(room: LiveRoom, zone_name: str) -> list[Sitting]:
    """A room's lines of the programme, in the order of its meetings."""
    meta, meetings = room.meta, room.state.meetings
    policy = room.state.rules.policy
    if not meetings:
        noon = midday(meta.date, zone_name)
        return [] if noon is None else [Sitting(meta.slug, meta.name, meta.theme, policy, None, noon, None, False)]
    titled = len(meetings) > 1
    return [
        Sitting(meta.slug, meta.name, meta.theme, policy, m.number, m.starts_at, m.ends_at, titled) for m in meetings
    ]


def programme(rooms: Iterable[LiveRoom], zone_name: str) -> tuple[list[Day], list[Day]]:
    """The event's programme by day, and apart from it the preparatory events: the rooms met
    entirely before the first day of the plenary (the June panel, the July hearing)."""
    rooms = list(rooms)
    order = {room.slug: place for place, room in enumerate(rooms)}
    by_room = {room.slug: sittings(room, zone_name) for room in rooms}
    plenary_days = [
        local(s.starts_at, zone_name).date()
        for room in rooms
        if room.state.rules.policy is Policy.PLENARY
        for s in by_room[room.slug]
    ]
    opening = min(plenary_days, default=None)
    main: list[Sitting] = []
    preparatory: list[Sitting] = []
    for lines in by_room.values():
        before = (
            opening is not None and bool(lines) and all(local(s.starts_at, zone_name).date() < opening for s in lines)
        )
        (preparatory if before else main).extend(lines)
    return _by_day(main, order, zone_name), _by_day(preparatory, order, zone_name)


def _by_day(lines: list[Sitting], order: Mapping[str, int], zone_name: str) -> list[Day]:
    """Days in order; in a day, meetings by their hours (a room known only by its date last), then
    rooms in the programme's order: the plenary beside its round table."""
    lines = sorted(
        lines,
        key=lambda s: (local(s.starts_at, zone_name).date(), s.ends_at is None, s.starts_at, order[s.slug]),
    )
    days: list[Day] = []
    for line in lines:
        if days and local(days[-1].starts_at, zone_name).date() == local(line.starts_at, zone_name).date():
            days[-1] = Day(days[-1].starts_at, (*days[-1].sittings, line))
        else:
            days.append(Day(line.starts_at, (line,)))
    return days


def meeting_status(state: RoomState, number: int | None) -> tuple[str, str | None]:
    """How a meeting stands -- "pending" (not yet started), "open" (in progress) or "closed"
    (adjourned) -- and who has the floor in it, if anyone.

    Co-chairs of a round table give the floor without formally opening their one meeting: while
    no meeting is open, the meeting new business goes to is in progress once someone has the
    floor or has been heard in it."""
    meeting = state.find_meeting(number) if number is not None else None
    if meeting is not None and meeting.status == "closed":
        return "closed", None
    if meeting is not None and meeting.status == "open":
        return "open", state.current.participant if state.current else None
    upcoming = state.next_meeting()
    if state.open_meeting is None and (upcoming is None or upcoming.number == number):
        heard = any(i.meeting is None or i.meeting == number for i in state.interventions)
        if state.current is not None or heard:
            return "open", state.current.participant if state.current else None
    return "pending", None
