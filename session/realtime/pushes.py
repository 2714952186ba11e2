"""Telling a room's screens that a newer version exists: paced, chairs first, no collection midway.

Who is watching is kept here too (`attach`, `detach`), with the chairs apart, so a push never
looks through every socket to find whose view is the chair's.
"""

import asyncio
import gc
from collections.abc import Hashable

from .connection import Connection
from .frames import EncodedFrames
from .live_room import LiveRoom


def attach(room: LiveRoom, connection: Connection) -> None:
    room.connections.add(connection)
    if connection.view == "chair":
        room.chairs.add(connection)


def detach(room: LiveRoom, connection: Connection) -> None:
    room.connections.discard(connection)
    room.chairs.discard(connection)


def notify(room: LiveRoom) -> None:
    """A burst of commits (193 delegates tapping at once) becomes a few pushes, not 193 to every
    screen: after a push, the room's next one waits as long as that one took, so pushing never
    takes more than half of the worker, and a quiet room's next push goes out at once."""
    room.notified_version = max(room.notified_version, room.state.version)
    if room.notify_scheduled:
        return  # the scheduled push will carry this version too
    loop = asyncio.get_running_loop()
    wait = room.next_push_at - loop.time()
    if wait <= 0:
        _push(room)
    else:
        room.notify_scheduled = True
        loop.call_later(wait, _push, room)


def _push(room: LiveRoom) -> None:
    room.notify_scheduled = False
    loop = asyncio.get_running_loop()
    started = loop.time()
    frames = EncodedFrames()
    renders: dict[Hashable, tuple[str, ...]] = {}  # one render per view and language, for every socket
    collecting = gc.isenabled()
    gc.disable()  # a collection waits until every socket has its frame
    try:
        # The person acting must not wait behind the gallery: chairs first (the second time
        # round, a chair has nothing new to be sent).
        # Then every socket whose view is shared (one render serves thousands), and only then
        # those with a box of their own, each drawn for it: they must not hold the gallery up.
        for connection in room.chairs:
            connection.push(frames, renders)
        personal = []
        for connection in room.connections:
            if connection.render_key is None:
                personal.append(connection)
            else:
                connection.push(frames, renders)
        for connection in personal:
            connection.push(frames, renders)
    finally:
        if collecting:
            gc.enable()
    ended = loop.time()
    room.next_push_at = ended + (ended - started)
