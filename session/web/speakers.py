"""The published rolling list of speakers as data: `/rooms/{slug}/speakers.csv` and `.json`.

The list is public, as the Journal and the "live rolling list" online make it (PROCEDURE.md §1),
so no code is asked for. It says what the published page says and nothing the secretariat keeps
to itself: the level the list stands on, never the level a delegation declared and Protocol has
not verified. Expected times are the page's own (the renderer's, worked out once per version),
so the page, the file and a delegation's phone cannot disagree; they carry the event's offset,
and the time of inscription is UTC like every machine column of the record.
"""

import csv
import io
from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from session.domain.errors import Refused
from session.domain.participants import Participant
from session.domain.room import known
from session.domain.schedule import Expected
from session.domain.state import RoomState
from session.exports.csv_export import guard
from session.realtime.rooms import LiveRoom
from session.times import iso, iso_local

from .errors import refusal
from .present import meeting_json

COLUMNS = (
    "position",
    "meeting",
    "participant",
    "name",
    "speaker",
    "title",
    "on_behalf_of",
    "level",
    "expected_at",
    "inscribed_at",
)


def published_rows(
    state: RoomState, directory: Mapping[str, Participant], expected: Mapping[int, Expected], zone: str
) -> list[dict]:
    """One row per waiting speaker, in list order: the meeting they are expected in, and when."""
    rows = []
    for position, request in enumerate(state.queue, 1):
        when = expected.get(request.entry)
        participant = directory.get(request.participant)
        rows.append(
            {
                "position": position,
                "meeting": when.meeting if when else request.meeting,
                "participant": request.participant,
                "name": participant.name if participant else request.participant,
                "speaker": request.speaker,
                "title": request.title,
                "on_behalf_of": request.on_behalf_of,
                "level": request.level.value,
                "expected_at": iso_local(when.at, zone) if when else None,
                "inscribed_at": iso(request.requested_at),
            }
        )
    return rows


def _room(request: Request) -> LiveRoom:
    room = request.app.state.rooms.get(request.path_params["slug"])
    if room is None:
        raise Refused("unknown_room", "There is no such room.")
    return room


def _rows(request: Request, room: LiveRoom) -> list[dict]:
    """Read in one go, with no await between: the rows are of one version of the room."""
    rooms = request.app.state.rooms
    expected = request.app.state.renderer.expected(room)
    return published_rows(room.state, known(room.state, rooms.directory), expected, rooms.time_zone)


async def speakers_csv(request: Request) -> Response:
    try:
        room = _room(request)
    except Refused as error:
        return refusal(error)
    buffer = io.StringIO(newline="")
    # As the record's CSV is written (session.exports.csv_export): a BOM and CRLF so a spreadsheet
    # opens it as UTF-8, and its guard on every cell, since speakers' names are typed by delegations.
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in _rows(request, room):
        writer.writerow({key: guard(value) for key, value in row.items()})
    return Response(
        buffer.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{room.slug}-speakers.csv"',
            "Cache-Control": "no-store",
        },
    )


async def speakers_json(request: Request) -> Response:
    try:
        room = _room(request)
    except Refused as error:
        return refusal(error)
    zone = request.app.state.rooms.time_zone
    return JSONResponse(
        {
            "room": room.slug,
            "version": room.state.version,
            "time_zone": zone,
            "meetings": [meeting_json(m, zone) for m in room.state.meetings],
            "speakers": _rows(request, room),
        },
        headers={"Cache-Control": "no-store"},
    )
