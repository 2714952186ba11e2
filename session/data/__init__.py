"""Reference data and the demo event: the High-level Dialogue on International Migration and
Development (HLD), United Nations General Assembly, New York, 3–4 October 2013.

- ``participants.csv`` (session.data.reference): the reference list every event starts from — the
  193 Member States of 2013 with their UN regional group, the observer States, the European Union
  and the Global Migration Group entities of 2013, with the UN's English and French short names
  *of 2013* (Swaziland, Czech Republic, Turkey, Cape Verde, ...).
- ``names.csv``: the names in Spanish, Russian, Chinese and Arabic (see session.data.names): each
  State's two-letter code for CLDR's names through Babel, the UN's own where they differ, and the
  UN system's official names; NGOs and companies keep their own.
- ``examples/hld-2013.toml`` (session.data.eventfile): the HLD itself, the one description of it —
  its rooms (the plenary and the four round tables of docs/design.md §1, and two meetings held
  before the Dialogue: the panel discussion of 25 June 2013 and the civil-society hearing of
  15 July 2013), each room's meetings (the 25th to 28th plenary meetings of 3-4 October 2013,
  morning and afternoon, PROCEDURE.md §1b; round table N beside plenary meeting N), the segments
  of the panel discussion, and the civil-society and private-sector bodies it adds to the
  reference list, and the four round tables whose panels are judged together for equitable
  geographical representation (PROCEDURE.md §3), their co-chairs not yet in the data.
  ``examples/one-day-conference.toml`` is an event of another shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .eventfile import EventSpec, bundled
from .reference import CATEGORIES, REGIONAL_GROUPS, ParticipantRecord, reference_participants

__all__ = [
    "CATEGORIES",
    "DEMO_EVENT",
    "REGIONAL_GROUPS",
    "MeetingRecord",
    "ParticipantRecord",
    "RoomRecord",
    "SegmentRecord",
    "demo_event",
    "meetings",
    "participants",
    "programme",
    "reference_participants",
    "rooms",
]

DEMO_EVENT = "hld-2013"  # the bundled example `session demo` and an empty database start from


def demo_event() -> EventSpec:
    return bundled(DEMO_EVENT)


@dataclass(frozen=True)
class RoomRecord:
    slug: str
    name: str
    theme: str
    policy: str
    default_limit_s: int
    date: str


def participants() -> list[ParticipantRecord]:
    """The demo event's participants: the reference list, then those the HLD adds."""
    return demo_event().everyone()


def rooms() -> list[RoomRecord]:
    """The demo event's rooms, plenary first."""
    return [
        RoomRecord(r.slug, r.name, r.theme, r.policy, r.default_limit_s, r.date.isoformat() if r.date else "")
        for r in demo_event().rooms
    ]


@dataclass(frozen=True)
class SegmentRecord:
    room: str
    title: str
    limit_s: int


@cache
def programme() -> list[SegmentRecord]:
    """The segments of the demo event's meetings that ran in segments, in order."""
    return [
        SegmentRecord(r.slug, s.title, s.limit_s or r.default_limit_s) for r in demo_event().rooms for s in r.segments
    ]


@dataclass(frozen=True)
class MeetingRecord:
    room: str
    number: int
    starts_at: str  # ISO 8601 with the event's offset on that day
    ends_at: str


@cache
def meetings() -> list[MeetingRecord]:
    """Each of the demo event's rooms' meetings, in the order they are held."""
    event = demo_event()
    return [MeetingRecord(r.slug, m.number, *m.moments(event.time_zone)) for r in event.rooms for m in r.meetings]
