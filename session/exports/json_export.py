"""JSON for integrations: the rows of `records.COLUMNS` under a format name and a version.

A room: `{"format": "session.interventions", "version": 1, "room": "rt2", "name": ...,
"exported_at": "...Z", "interventions": [row, ...]}`. The whole event: the same format name
and version, `"event": "hld2013"`, `exported_at`, and `"rooms": [{"room", "name",
"interventions"}, ...]` in the order of the event's programme. Text is UTF-8, not escaped.
"""

import json

from session.times import iso

from .records import EVENT, RoomLog, intervention_rows

FORMAT = "session.interventions"
VERSION = 1


def _room_part(log: RoomLog) -> dict:
    return {"room": log.slug, "name": log.name, "interventions": intervention_rows(log.state, log.directory)}


def _dump(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def room(log: RoomLog) -> bytes:
    part = _room_part(log)
    return _dump(
        {
            "format": FORMAT,
            "version": VERSION,
            "room": part["room"],
            "name": part["name"],
            "exported_at": iso(log.exported_at),
            "interventions": part["interventions"],
        }
    )


def event(logs: list[RoomLog]) -> bytes:
    exported_at = max((log.exported_at for log in logs), default=0.0)
    return _dump(
        {
            "format": FORMAT,
            "version": VERSION,
            "event": EVENT,
            "exported_at": iso(exported_at),
            "rooms": [_room_part(log) for log in logs],
        }
    )
