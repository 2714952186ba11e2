"""An event written back as a file (`session event export`): the same layout every time, so that
`session init` then `session event export` gives back a file written in it byte for byte."""

from __future__ import annotations

import json
from datetime import date

from ..reference import CATEGORIES
from .spec import LANGUAGES, EventSpec, ParticipantSpec, RoomSpec

HEADER = """\
# {title}
#
# An event for `session init` (README: "Set up your own meeting"). Times are of day in the event's
# time zone; limits in seconds. The participants are the package's reference list (the 193 Member
# States of 2013 with their regional groups, the observer States, the UN system and the
# intergovernmental organisations) with the changes and additions written here.
"""
# What a round table judged with others says while its co-chairs are not yet known.
CO_CHAIRS_UNKNOWN = "# Two co-chairs (ministers), as participant ids; their delegations are not yet in the data."
PANEL_GROUPS = """\
# The round tables whose panels, with their co-chairs, are judged together for equitable
# geographical representation: a panel of four cannot hold five regional groups and a
# stakeholder, but several panels together can."""


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    raise TypeError(value)


def _lines(pairs: list[tuple[str, object]]) -> list[str]:
    return [f"{key} = {_value(value)}" for key, value in pairs]


def _room(room: RoomSpec, grouped: bool) -> list[str]:
    pairs: list[tuple[str, object]] = [("slug", room.slug), ("name", room.name)]
    pairs += [("theme", room.theme)] if room.theme else []
    pairs += [("policy", room.policy), ("default_limit_s", room.default_limit_s)]
    pairs += [("date", room.date)] if room.date else []
    pairs += [("switches", dict(sorted(room.switches.items())))] if room.switches else []
    pairs += [("seat_cap", room.seat_cap)] if room.seat_cap is not None else []
    if room.budgets is not None:
        group_s, category_s = room.budgets
        pairs += [("budgets", {"group_s": group_s, **({"category_s": category_s} if category_s != group_s else {})})]
    out = ["", "[[rooms]]", *_lines(pairs)]
    if room.co_chairs or grouped:
        out += ([] if room.co_chairs else [CO_CHAIRS_UNKNOWN]) + _lines([("co_chairs", list(room.co_chairs))])
    for m in room.meetings:
        out += [
            "",
            "[[rooms.meetings]]",
            *_lines([("number", m.number), ("date", m.date), ("start", m.start), ("end", m.end)]),
        ]
    for s in room.segments:
        out += [
            "",
            "[[rooms.segments]]",
            *_lines([("title", s.title)] + ([("limit_s", s.limit_s)] if s.limit_s else [])),
        ]
    return out


def _participant(p: ParticipantSpec) -> list[str]:
    pairs: list[tuple[str, object]] = [("id", p.id), ("name", p.name)]
    pairs += [("name_fr", p.name_fr)] if p.name_fr else []
    pairs += [("category", p.category)]
    pairs += [("regional_group", p.regional_group)] if p.regional_group else []
    pairs += [("note", p.note)] if p.note else []
    return ["", "[[participants]]", *_lines(pairs)]


def dumps(event: EventSpec) -> str:
    head: list[tuple[str, object]] = [
        ("title", event.title),
        *([("short_title", event.short_title)] if event.short_title else []),
        ("dates", list(event.dates)),
        ("time_zone", event.time_zone),
    ]
    head += [("languages", list(event.languages))] if tuple(event.languages) != LANGUAGES else []
    head += [("venue", event.venue)] if event.venue else []
    head += [("reference_participants", False)] if not event.reference_participants else []
    head += [("participants_csv", event.participants_csv)] if event.participants_csv else []
    out = [HEADER.format(title=event.title).rstrip("\n"), "", "[event]", *_lines(head)]
    grouped = {slug for group in event.panel_groups for slug in group}
    for room in event.rooms:
        out += _room(room, room.slug in grouped)
    for number, group in enumerate(event.panel_groups):
        out += ["", *([PANEL_GROUPS] if number == 0 else []), "[[panel_groups]]", *_lines([("rooms", list(group))])]
    if not event.participants_csv:  # else the CSV holds them
        for p in sorted(event.participants, key=lambda p: (CATEGORIES.index(p.category), p.id)):
            out += _participant(p)
    return "\n".join(out) + "\n"
