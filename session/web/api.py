"""The JSON API: the same command path as the pages, authenticated by a bearer access code."""

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from session.domain.errors import Refused
from session.domain.room import known

from .auth import bearer_grant
from .errors import refusal
from .messages import load_message
from .present import state_json

MAX_BODY_BYTES = 8192  # a command is a few fields; anything larger is not one


async def room_state(request: Request) -> Response:
    room = request.app.state.rooms.get(request.path_params["slug"])
    if room is None:
        return refusal(Refused("unknown_room", "There is no such room."))
    directory = known(room.state, request.app.state.rooms.directory)
    return JSONResponse(state_json(room.state, directory, request.app.state.clock()),
                        headers={"Cache-Control": "no-store"})


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
        outcome = await rooms.execute(room, message, grant.actor)
    except Refused as error:
        return refusal(error)
    return JSONResponse({"room": room.slug, "version": outcome.version, "duplicate": outcome.duplicate})


async def _read_limited(request: Request) -> bytes:
    if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
        raise Refused("too_large", f"A command is at most {MAX_BODY_BYTES} bytes.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise Refused("too_large", f"A command is at most {MAX_BODY_BYTES} bytes.")
    return body
