"""JSON for integrations: the rows of `records.COLUMNS` under a format name and a version.

A room: `{"format": "session.interventions", "version": 1, "room": "rt2", "name": ...,
"exported_at": "...Z", "meetings": [...], "interventions": [row, ...], "inscriptions": [...],
"absences": [...], "swaps": [...]}`; cut down to one meeting (`?meeting=25`) it also says `"meeting": 25`. The whole
event: the same format name and version, `"event": "hld2013"`, `exported_at`, and `"rooms":
[{"room", "name", "meetings", "interventions", "inscriptions", "absences", "swaps"}, ...]` in the order of the
event's programme. Keys are only ever added (the version stays), so a reader of the first ones
keeps working. Times are ISO 8601 UTC; text is UTF-8, not escaped.

- `interventions`: exactly the design's columns (docs/design.md §6); `inscriptions`: per row, by
  `seq`, `{"seq", "meeting", "speaker", "title", "on_behalf_of"}` (the meeting it was heard in).
- `meetings`: `{"number", "starts_at", "ends_at", "status", "opened_at", "closed_at"}` as scheduled
  and held (`pending`, `open`, `closed`).
- `absences`: `{"at", "meeting", "entry", "participant", "speaker", "to"}`, `to` one of `end`,
  `next`, `drop`; `swaps`: `{"at", "meeting", "entry", "participant", "speaker", "with_entry",
  "with_participant", "with_speaker"}` — `meeting` is the one in progress when it happened.
"""

import json

from session.domain.state import RoomState
from session.times import iso

from .records import EventName, RoomLog, absence_rows, inscription_rows, intervention_rows, swap_rows

FORMAT = "session.interventions"
VERSION = 1


def meeting_rows(state: RoomState) -> list[dict]:
    return [
        {
            "number": m.number,
            "starts_at": iso(m.starts_at),
            "ends_at": iso(m.ends_at),
            "status": m.status,
            "opened_at": iso(m.opened_at),
            "closed_at": iso(m.closed_at),
        }
        for m in state.meetings
    ]


def _room_part(log: RoomLog) -> dict:
    return {
        "room": log.slug,
        "name": log.name,
        "meetings": meeting_rows(log.state),
        "interventions": intervention_rows(log.state, log.directory),
        "inscriptions": inscription_rows(log.state),
        "absences": absence_rows(log.state, log.directory),
        "swaps": swap_rows(log.state, log.directory, log.requests()),
    }


def _dump(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def room(log: RoomLog) -> bytes:
    part = _room_part(log)
    head = {"format": FORMAT, "version": VERSION, "room": part.pop("room"), "name": part.pop("name")}
    if log.meeting is not None:
        head["meeting"] = log.meeting
    return _dump({**head, "exported_at": iso(log.exported_at), **part})


def event(logs: list[RoomLog], name: EventName) -> bytes:
    exported_at = max((log.exported_at for log in logs), default=0.0)
    return _dump(
        {
            "format": FORMAT,
            "version": VERSION,
            "event": name.key,
            "title": name.title,
            "exported_at": iso(exported_at),
            "rooms": [_room_part(log) for log in logs],
        }
    )
