"""Telling a room's screens that a newer version exists: paced, the gallery first, no collection
midway. Who is watching is kept here too (`attach`, `detach`).
"""

import asyncio
import gc
from collections.abc import Hashable

from .connection import Connection
from .frames import EncodedFrames
from .live_room import LiveRoom


def attach(room: LiveRoom, connection: Connection) -> None:
    room.connections.add(connection)


def detach(room: LiveRoom, connection: Connection) -> None:
    room.connections.discard(connection)


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
        # The person acting has had its answer already (written as soon as it was committed):
        # first every socket whose view is cheap to draw and shared by many (one render serves
        # thousands), then the chairs' (the costliest view, seen by two), and only then those
        # with a box of their own, each drawn for it: they must not hold the gallery up.
        chairs, personal = [], []
        for connection in room.connections:
            if connection.render_key is None:
                personal.append(connection)
            elif connection.view == "chair":
                chairs.append(connection)
            else:
                connection.push(frames, renders)
        for connection in (*chairs, *personal):
            connection.push(frames, renders)
    finally:
        if collecting:
            gc.enable()
    ended = loop.time()
    room.next_push_at = ended + (ended - started)
