"""The event file (TOML): an event's title, days, time zone, languages and venue; its rooms with
their policy, default limit, switches, meetings and segments; and the participants it adds to the
package's reference list or changes (inline, or from a CSV beside it). `spec` is what it describes,
`schema` reads and checks it, `writer` writes it back; the package ships two examples (`examples/`)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .schema import load, parse
from .spec import (
    LANGUAGES,
    EventFileError,
    EventSpec,
    MeetingSpec,
    ParticipantSpec,
    Problem,
    RoomSpec,
    SegmentSpec,
    Where,
)
from .switches import SWITCHES
from .writer import dumps

__all__ = [
    "LANGUAGES",
    "SWITCHES",
    "EventFileError",
    "EventSpec",
    "MeetingSpec",
    "ParticipantSpec",
    "Problem",
    "RoomSpec",
    "SegmentSpec",
    "Where",
    "bundled",
    "bundled_text",
    "dumps",
    "load",
    "parse",
]

EXAMPLES = ("hld-2013", "one-day-conference")


def bundled_text(name: str) -> str:
    """The text of an example the package ships (`hld-2013`, `one-day-conference`)."""
    return resources.files("session.data").joinpath("examples", f"{name}.toml").read_text(encoding="utf-8")


@cache
def bundled(name: str) -> EventSpec:
    return parse(bundled_text(name), file=f"{name}.toml")
