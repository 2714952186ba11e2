"""The websocket of a room page: pushes out, commands in.

A connection is authenticated before it is accepted into the room, its first frame is the
full current view (a late joiner or a reconnecting phone is right at once), and every message
it sends goes through the same command path as the JSON API. Bad input is answered on this
socket alone, in words, and the connection stays usable.
"""

import asyncio
from urllib.parse import urlsplit

from starlette.websockets import WebSocket

from session.domain.errors import Refused
from session.realtime.connection import Connection
from session.realtime.limits import SlidingWindow

from .auth import VIEW_ROLES, actor_for_view, grant_for, may_view
from .errors import explain
from .i18n import language_of
from .messages import load_message
from .render import flash

POLICY_VIOLATION = 1008
MESSAGES_PER_10_S = 40  # far above any person's tapping; a flood is closed, not served


async def room_socket(websocket: WebSocket) -> None:
    app = websocket.app
    room = app.state.rooms.get(websocket.path_params["slug"])
    view = websocket.query_params.get("view", "observe")
    grant = grant_for(websocket, room.slug) if room else None
    refusal = None
    if not _same_origin(websocket):
        refusal = "Cross-origin connection refused."
    elif room is None or view not in VIEW_ROLES:
        refusal = "There is no such room or view."
    elif not may_view(grant, view):
        refusal = "This view needs an access code."
    await websocket.accept()
    if refusal:
        await websocket.close(POLICY_VIOLATION, refusal)
        return

    actor = actor_for_view(grant, view)
    renderer = app.state.renderer
    rooms = app.state.rooms
    lang = language_of(websocket)
    second = websocket.query_params.get("second") if view == "screen" else None
    connection = Connection(websocket, view, lambda: renderer.push(room, view, actor, lang, second),
                            renderer.server_clock, code_id=grant.code_id if grant else None,
                            render_key=None if renderer.is_personal(view, actor) else (view, lang, second))
    rooms.attach(room, connection)
    connection.send_direct(renderer.server_clock())
    connection.mark_stale()
    writer = asyncio.create_task(connection.write_forever())
    flood = SlidingWindow(MESSAGES_PER_10_S, 10.0)
    try:
        while not writer.done():
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            if not flood.allow(None):
                await websocket.close(POLICY_VIOLATION, "Too many messages; slow down and reconnect.")
                break
            text = message.get("text")
            if text is None:
                connection.send_direct(flash("Binary frames are not accepted; send a JSON text message.",
                                             "binary_frame"))
                continue
            refused = await _refusal(rooms, room, text, actor, grant.code_id if grant else None)
            if refused and refused.code == "revoked":
                await websocket.close(POLICY_VIOLATION, refused.message)
                break
            connection.send_direct(flash(explain(refused, lang), refused.code) if refused else flash())
            if refused and refused.code == "stale":
                connection.mark_stale()  # the chair acted on an old view: send the current one
            await asyncio.sleep(0)  # let this socket's writer send the answer before reading on
    finally:
        rooms.detach(room, connection)
        writer.cancel()
        await asyncio.gather(writer, return_exceptions=True)


async def _refusal(rooms, room, text: str, actor, code_id: int | None) -> Refused | None:
    """Run the message as a command; the refusal if there is one."""
    try:
        await rooms.execute(room, load_message(text), actor, code_id)
    except Refused as error:
        return error
    return None


def _same_origin(websocket: WebSocket) -> bool:
    """Browsers always send Origin; a page from another site must not drive this room (CSWSH)."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True  # not a browser: it authenticates like any other client
    return urlsplit(origin).netloc.lower() == websocket.headers.get("host", "").lower()
