"""Reference data for the demo event: the High-level Dialogue on International Migration and
Development (HLD), United Nations General Assembly, New York, 3–4 October 2013.

- ``participants.csv``: the 193 Member States of 2013 with their UN regional group (per the
  DGACM regional-groups list, with the counting rules of docs/design.md §2), the observer States,
  the European Union, the Global Migration Group entities of 2013, and a few civil-society and
  private-sector bodies. Names are the UN English and French short names *of 2013* (Swaziland,
  Czech Republic, Turkey, Cape Verde, ...), as the record of a 2013 meeting would use them.
- ``names.csv``: the names in Spanish, Russian, Chinese and Arabic (see session.data.names): each
  State's two-letter code for CLDR's names through Babel, the UN's own where they differ, and the
  UN system's official names; NGOs and companies keep their own.
- ``rooms.csv``: the plenary and the four round tables of docs/design.md §1, and two meetings held before
  the Dialogue: the panel discussion of 25 June 2013 and the civil-society hearing of 15 July 2013.
- ``programme.csv``: the thematic segments of those meetings that had them.
- ``round_tables.csv``: the round tables whose panels are judged together for equitable geographical
  representation (PROCEDURE.md §3), each with its two co-chairs (participant ids, separated by
  spaces), which the secretariat fills in. The HLD 2013 co-chairs are not yet in the data.
- ``meetings.csv``: each room's meetings, numbered, with their hours in the event's time zone
  (New York): the 25th to 28th plenary meetings of 3-4 October 2013, morning and afternoon
  (PROCEDURE.md §1b), round table N beside plenary meeting N, and the two preparatory meetings.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

CATEGORIES: tuple[str, ...] = (
    "member_state",
    "observer_state",
    "intergovernmental",
    "un_system",
    "ngo",
    "private_sector",
)  # in plenary speaking order

TIME_ZONE = "America/New_York"  # the event's: every time a person reads is in it

REGIONAL_GROUPS: dict[str, str] = {
    "african": "African Group",
    "asia_pacific": "Asia-Pacific Group",
    "eastern_european": "Eastern European Group",
    "grulac": "Latin American and Caribbean Group (GRULAC)",
    "weog": "Western European and Others Group (WEOG)",
}


@dataclass(frozen=True)
class ParticipantRecord:
    id: str
    name: str
    name_fr: str
    category: str
    regional_group: str | None
    note: str


@dataclass(frozen=True)
class RoomRecord:
    slug: str
    name: str
    theme: str
    policy: str
    default_limit_s: int
    date: str


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _participants() -> tuple[ParticipantRecord, ...]:
    return tuple(
        ParticipantRecord(
            id=row["id"],
            name=row["name"],
            name_fr=row["name_fr"],
            category=row["category"],
            regional_group=row["regional_group"] or None,
            note=row["note"],
        )
        for row in _rows("participants.csv")
    )


@cache
def _rooms() -> tuple[RoomRecord, ...]:
    return tuple(
        RoomRecord(
            slug=row["slug"],
            name=row["name"],
            theme=row["theme"],
            policy=row["policy"],
            default_limit_s=int(row["default_limit_s"]),
            date=row["date"],
        )
        for row in _rows("rooms.csv")
    )


def participants() -> list[ParticipantRecord]:
    """All participants, in file order (Member States by regional group, then the others)."""
    return list(_participants())


def rooms() -> list[RoomRecord]:
    """The five rooms of the demo event, plenary first."""
    return list(_rooms())


@dataclass(frozen=True)
class SegmentRecord:
    room: str
    title: str
    limit_s: int


@cache
def programme() -> list[SegmentRecord]:
    """The segments of the meetings that ran in segments, in order."""
    return [SegmentRecord(r["room"], r["title"], int(r["limit_s"])) for r in _rows("programme.csv")]


@dataclass(frozen=True)
class MeetingRecord:
    room: str
    number: int
    starts_at: str  # ISO 8601 with the event's offset on that day
    ends_at: str


@cache
def meetings() -> list[MeetingRecord]:
    """Each room's meetings, in the order they are held."""
    zone = ZoneInfo(TIME_ZONE)

    def at(day: str, hour: str) -> str:
        return datetime.fromisoformat(f"{day}T{hour}").replace(tzinfo=zone).isoformat(timespec="minutes")

    return [
        MeetingRecord(r["room"], int(r["number"]), at(r["date"], r["starts"]), at(r["date"], r["ends"]))
        for r in _rows("meetings.csv")
    ]


@dataclass(frozen=True)
class RoundTableRecord:
    room: str
    co_chairs: tuple[str, ...]
    note: str


@cache
def round_tables() -> tuple[RoundTableRecord, ...]:
    """The round tables judged together, with their co-chairs (none where the data has none yet)."""
    return tuple(
        RoundTableRecord(r["room"], tuple(r["co_chairs"].split()), r["note"]) for r in _rows("round_tables.csv")
    )
