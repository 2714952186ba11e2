"""The websocket of a room page: pushes out, commands in.

A connection is authenticated before it is accepted into the room, its first frame is the
full current view (a late joiner or a reconnecting phone is right at once), and every message
it sends goes through the same command path as the JSON API. Bad input is answered on this
socket alone, in words, and the connection stays usable.

What one client can make a worker hold is capped: open sockets per client address (a hall
behind one NAT shares one, so the cap is wide) and per access code (a person's phone, laptop
and a spare tab). A socket over a cap is accepted only to be closed with the reason.
"""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from starlette.types import Message
from starlette.websockets import WebSocket

from session.domain.errors import Refused
from session.realtime.connection import Connection
from session.realtime.limits import SlidingWindow

from .auth import actor_for_view, grant_for, may_view
from .errors import explain
from .i18n import language_of, languages
from .messages import load_message
from .programme import links_for
from .render import flash
from .views import VIEWS, View

POLICY_VIOLATION = 1008
MESSAGES_PER_10_S = 40  # far above any person's tapping; a flood is closed, not served
CROSS_ORIGIN = "Cross-origin connection refused."
NO_ORIGIN = "Connection without an Origin refused: a browser always sends one with its cookie."
_DEFAULT_PORTS = {"http": 80, "https": 443}


class SocketCaps:
    """Open sockets per client address and per access code, in this worker: a seat is taken
    before the socket is accepted and given back however it ends."""

    def __init__(self, per_address: int, per_code: int):
        self.per_address, self.per_code = per_address, per_code
        self.by_address: Counter = Counter()
        self.by_code: Counter = Counter()

    def take(self, address: str, code_id: int | None) -> str | None:
        """Take a seat (None), or the reason there is none left."""
        if self.by_address[address] >= self.per_address:
            return f"Too many open connections from this address ({self.per_address}); close some and try again."
        if code_id is not None and self.by_code[code_id] >= self.per_code:
            return (
                f"This access code already has {self.per_code} open connections; close one "
                "(another tab or device) and try again."
            )
        self.by_address[address] += 1
        if code_id is not None:
            self.by_code[code_id] += 1
        return None

    def give_back(self, address: str, code_id: int | None) -> None:
        _release(self.by_address, address)
        if code_id is not None:
            _release(self.by_code, code_id)


def _release(counter: Counter, key) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]  # an address gone is forgotten: the counters hold only open sockets


async def room_socket(websocket: WebSocket) -> None:
    app = websocket.app
    room = app.state.rooms.get(websocket.path_params["slug"])
    view = VIEWS.get(websocket.query_params.get("view", "observe"))
    grant = grant_for(websocket, room.slug) if room else None
    refusal = _origin_refusal(websocket, grant)
    if refusal is None:
        if room is None or view is None:
            refusal = "There is no such room or view."
        elif not may_view(grant, view):
            refusal = "This view needs an access code."
    caps, address = app.state.socket_caps, websocket.client.host if websocket.client else ""
    # Counted per code where the code acts (a public view opened with a code in the cookie is
    # the gallery's: one observer code handed to a whole hall is not capped at a person's few).
    counted_code = grant.code_id if grant is not None and view is not None and view.roles is not None else None
    seated = False
    if refusal is None:
        refusal = caps.take(address, counted_code)  # before the first await: no race past the cap
        seated = refusal is None
    try:
        await websocket.accept()
        if refusal or view is None:  # no view is always refused (above): said again for the type checker
            await websocket.close(POLICY_VIOLATION, refusal)
            return
        await _serve(websocket, room, view, grant)
    finally:
        if seated:
            caps.give_back(address, counted_code)


async def _serve(websocket: WebSocket, room, view: View, grant) -> None:
    app = websocket.app
    actor = actor_for_view(grant, view)
    renderer = app.state.renderer
    rooms = app.state.rooms
    lang, second = languages(language_of(websocket), websocket.query_params.get("second") if view.bilingual else None)
    connection = Connection(
        websocket,
        view.name,
        lambda: renderer.push(room, view, actor, lang, second),
        renderer.server_clock,
        code_id=grant.code_id if grant else None,
        render_key=None if renderer.is_personal(view, actor) else (view.name, lang, second),
    )
    rooms.attach(room, connection)
    connection.start()
    try:
        async for message in _messages(websocket, connection):
            text = message.get("text")
            if text is None:
                connection.send_direct(
                    flash("Binary frames are not accepted; send a JSON text message.", "binary_frame")
                )
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
        await connection.stop()


async def _messages(websocket: WebSocket, connection: Connection) -> AsyncIterator[Message]:
    """What a socket sends, until it goes or its connection ends; a socket sending more than a
    person could is closed with the reason, every socket alike (a room's and the programme's)."""
    flood = SlidingWindow(MESSAGES_PER_10_S, 10.0)
    while not connection.finished:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if not flood.allow(None):
            await websocket.close(POLICY_VIOLATION, "Too many messages; slow down and reconnect.")
            return
        yield message


async def programme_socket(websocket: WebSocket) -> None:
    """The event home's socket: public and read-only. It shows a line per meeting of every room,
    so it watches every room; each room's change is drawn once per language for all of them."""
    app = websocket.app
    caps, address = app.state.socket_caps, websocket.client.host if websocket.client else ""
    refusal = _origin_refusal(websocket, None) or caps.take(address, None)
    seated = refusal is None
    try:
        await websocket.accept()
        if refusal:
            await websocket.close(POLICY_VIOLATION, refusal)
            return
        await _watch_programme(websocket)
    finally:
        if seated:
            caps.give_back(address, None)


async def _watch_programme(websocket: WebSocket) -> None:
    renderer, rooms = websocket.app.state.renderer, websocket.app.state.rooms
    lang, _ = languages(language_of(websocket), None)
    links = links_for(websocket, rooms.rooms)  # the pages its codes open, as the first page linked them
    connection = Connection(
        websocket,
        "home",
        lambda: renderer.programme(lang, links),
        renderer.server_clock,
        render_key=("home", lang, links),
    )
    watched = list(rooms.rooms.values())
    for room in watched:
        rooms.attach(room, connection)
    connection.start()
    try:
        async for _ in _messages(websocket, connection):
            connection.send_direct(flash("The programme takes no commands.", "read_only"))
    finally:
        for room in watched:
            rooms.detach(room, connection)
        await connection.stop()


async def _refusal(rooms, room, text: str, actor, code_id: int | None) -> Refused | None:
    """Run the message as a command; the refusal if there is one."""
    try:
        await rooms.execute(room, load_message(text), actor, code_id)
    except Refused as error:
        return error
    return None


def _origin_refusal(websocket: WebSocket, grant) -> str | None:
    """A page from another site must not drive this room with its visitor's cookie (CSWSH).

    The Origin must be one of the configured public origins, or else this server's own scheme
    with the Host the request was sent to: scheme, host and port, so an http page cannot drive
    an https server's room. Browsers always send Origin; a client without one is not a browser,
    so it may watch the public views but not use a session cookie.
    """
    origin = websocket.headers.get("origin")
    if origin is None:
        return NO_ORIGIN if grant is not None else None
    settings = websocket.app.state.settings
    allowed = settings.origins or {f"{settings.scheme}://{websocket.headers.get('host', '')}"}
    sent = _origin_of(origin)
    return None if sent is not None and sent in {_origin_of(a) for a in allowed} else CROSS_ORIGIN


def _origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a web origin, or None for anything a browser would not send as one
    ("null", a path, user information, a port out of range)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if (
        parts.scheme.lower() not in _DEFAULT_PORTS
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        return None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname.lower(), port if port is not None else _DEFAULT_PORTS[scheme]
