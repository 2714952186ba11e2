"""An event as its file describes it: the event, its rooms with their meetings and segments, the
participants it adds or changes -- and where in the file each was written, for a problem found later.
`schema` reads a file into these and checks it; `writer` writes them back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..reference import ParticipantRecord, reference_participants

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")  # the UN's six, the interface's


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class EventFileError(ValueError):
    """The file is refused whole: every problem found, each with its file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Where:
    """Where a part of the event was written, for a refusal found later (by the room's rules)."""

    file: str = ""
    line: int = 0

    def problem(self, message: str) -> Problem:
        return Problem(self.file, self.line, message)


_NOWHERE = Where()


@dataclass(frozen=True)
class MeetingSpec:
    number: int
    date: date
    start: str  # "10:00", in the event's time zone
    end: str
    where: Where = field(default=_NOWHERE, compare=False, repr=False)

    def moments(self, time_zone: str) -> tuple[str, str]:
        """Its start and end as ISO 8601 with the zone's offset on that day."""
        zone = ZoneInfo(time_zone)
        return tuple(  # type: ignore[return-value]
            datetime.fromisoformat(f"{self.date.isoformat()}T{hour}").replace(tzinfo=zone).isoformat(timespec="minutes")
            for hour in (self.start, self.end)
        )


@dataclass(frozen=True)
class SegmentSpec:
    title: str
    limit_s: int | None = None  # None: the room's default limit
    where: Where = field(default=_NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class RoomSpec:
    slug: str
    name: str
    policy: str
    default_limit_s: int
    theme: str = ""
    date: date | None = None
    switches: dict[str, bool] = field(default_factory=dict)  # only those that differ from the policy's
    meetings: tuple[MeetingSpec, ...] = ()
    segments: tuple[SegmentSpec, ...] = ()
    co_chairs: tuple[str, ...] = ()  # participant ids
    seat_cap: int | None = None  # delegations taking part (0: no cap); None: as the chair set it (caps)
    budgets: tuple[int, int] | None = None  # seconds per regional group and per category (0, 0: off); None: as set
    where: Where = field(default=_NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class ParticipantSpec:
    id: str
    name: str
    category: str
    name_fr: str = ""
    regional_group: str | None = None
    note: str = ""
    where: Where = field(default=_NOWHERE, compare=False, repr=False)

    def record(self) -> ParticipantRecord:
        return ParticipantRecord(self.id, self.name, self.name_fr, self.category, self.regional_group, self.note)


@dataclass(frozen=True)
class EventSpec:
    title: str
    dates: tuple[date, ...]
    time_zone: str
    rooms: tuple[RoomSpec, ...]
    languages: tuple[str, ...] = LANGUAGES
    venue: str = ""
    short_title: str = ""  # the name in every page's header bar; empty: the title
    reference_participants: bool = True  # the package's reference list, which `participants` add to or change
    participants: tuple[ParticipantSpec, ...] = ()  # the file's own, and its CSV's
    participants_csv: str = ""
    panel_groups: tuple[tuple[str, ...], ...] = ()  # the round tables judged together, by slug, in room order

    def everyone(self) -> list[ParticipantRecord]:
        """The event's list: the reference list with the file's changes, then the file's additions."""
        own = {p.id: p.record() for p in self.participants}
        listed = [own.pop(p.id, p) for p in reference_participants()] if self.reference_participants else []
        return listed + [p for p in own.values()]

    @property
    def bar_name(self) -> str:
        """The name every page's header bar shows."""
        return self.short_title or self.title
