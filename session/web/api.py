"""The JSON API: the same command path as the pages, authenticated by a bearer access code."""

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from session.domain.errors import Refused
from session.domain.permissions import reads_notes
from session.domain.room import known
from session.domain.schedule import expected_times

from .auth import bearer_grant
from .errors import refusal
from .messages import load_message
from .present import queued_json, state_json

MAX_BODY_BYTES = 8192  # a command is a few fields; anything larger is not one


async def room_state(request: Request) -> Response:
    """The room as the gallery sees it; with the bearer code of someone who reads the rapporteur's
    notes (permissions.reads_notes), with the notes and key points too."""
    room = request.app.state.rooms.get(request.path_params["slug"])
    if room is None:
        return refusal(Refused("unknown_room", "There is no such room."))
    grant = None
    if "authorization" in request.headers:  # a code sent but not valid here is told so, not ignored
        grant = bearer_grant(request, room.slug)
        if grant is None:
            return refusal(
                Refused(
                    "unauthorised",
                    "That access code is not valid for this room; send "
                    "'Authorization: Bearer <code>', or nothing for the public view.",
                )
            )
    directory = known(room.state, request.app.state.rooms.directory)
    notes = grant is not None and reads_notes(grant.actor.role)
    return JSONResponse(
        state_json(
            room.state, directory, request.app.state.clock(), notes=notes, zone=request.app.state.rooms.time_zone
        ),
        headers={"Cache-Control": "no-store"},
    )


async def room_command(request: Request) -> Response:
    rooms = request.app.state.rooms
    room = rooms.get(request.path_params["slug"])
    try:
        if room is None:
            raise Refused("unknown_room", "There is no such room.")
        grant = bearer_grant(request, room.slug)
        if grant is None:
            raise Refused("unauthorised", "Send a valid access code for this room as 'Authorization: Bearer <code>'.")
        message = load_message(await _read_limited(request))
        outcome = await rooms.execute(room, message, grant.actor, code_id=grant.code_id)
    except Refused as error:
        return refusal(error)
    answer = {"room": room.slug, "version": outcome.version, "duplicate": outcome.duplicate}
    if outcome.entry is not None:
        answer["entry"] = outcome.entry
        waiting = room.state.find(outcome.entry)
        if waiting is not None:  # the acknowledgement of an inscription: where it stands, when it is expected
            expected = expected_times(room.state, request.app.state.clock()).get(outcome.entry)
            position = room.state.position(outcome.entry)
            assert position is not None
            directory = known(room.state, rooms.directory)
            answer["acknowledgement"] = queued_json(waiting, directory, position, expected, rooms.time_zone)
    return JSONResponse(answer)


async def _read_limited(request: Request) -> bytes:
    if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
        raise Refused("too_large", f"A command is at most {MAX_BODY_BYTES} bytes.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise Refused("too_large", f"A command is at most {MAX_BODY_BYTES} bytes.")
    return body
