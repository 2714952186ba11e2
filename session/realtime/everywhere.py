"""A command for the whole event: decided in every room, committed to every room's log together.

A participant listed for the event (domain.setup) is an event of every room's log, written under
every room's lock and in one transaction: every room's version moves, so every open view, whatever
its room, is drawn again, and a worker told of none of it still finds the events at its next check
of the rooms' versions (log_follower), learning them as it folds them in (setup_changes).
"""

import json
from contextlib import AsyncExitStack
from typing import Any

from anyio import to_thread

from session.domain.commands import parse_command
from session.domain.errors import Refused
from session.domain.permissions import Actor, authorize
from session.domain.procedure import Command
from session.domain.room import apply, decide, replay
from session.domain.state import Event, RoomState
from session.store import eventlog

from .live_room import LiveRoom
from .log_follower import CHANNEL, announcement, catch_up
from .pushes import notify
from .setup_changes import learn

_WRITE_ATTEMPTS = 10


async def execute_everywhere(path: Any, rooms: list[LiveRoom], message: object, actor: Actor) -> int:
    """One command decided in every room and committed to every room's log together, or refused
    (the first room's refusal) with nothing written; the number of rooms it reached. `path` is the
    command path (engine, broadcast, directory, clock)."""
    command = authorize(actor, parse_command(message))
    rooms = sorted(rooms, key=lambda r: r.slug)  # every caller takes the locks in one order
    async with AsyncExitStack() as stack:
        for room in rooms:
            await stack.enter_async_context(room.lock)
        for _attempt in range(_WRITE_ATTEMPTS):
            try:
                written = await to_thread.run_sync(_decide_and_write, path, rooms, command, actor)
            except eventlog.VersionConflict:
                for room in rooms:
                    await catch_up(path.engine, room, path.directory)
                continue
            break
        else:
            raise Refused("busy", "The event is changing too fast; try again.")
        for room, (draft, events) in zip(rooms, written, strict=True):
            room.state = draft
            learn(room, path.directory, events)
    for room in rooms:
        notify(room)
        await path.broadcast.publish(CHANNEL, announcement(room))
    return len(rooms)


def _decide_and_write(
    path: Any, rooms: list[LiveRoom], command: Command[Any], actor: Actor
) -> list[tuple[RoomState, list[Event]]]:
    now = path.clock()
    sent = json.dumps({"actor": str(actor), "action": command.action, **vars(command)}, sort_keys=True, default=str)
    written = []
    with path.engine.begin() as db:
        for room in rooms:
            newer = eventlog.events_after(db, room.slug, room.state.version)
            draft = replay(room.state.snapshot(), newer)
            data = decide(draft, command, now=now, directory=path.directory)
            event = Event(seq=draft.version + 1, action=command.action, data=data, at=now, actor=str(actor))
            apply(draft, event)
            eventlog.append_many(db, room.slug, [(event, None, sent)])
            written.append((draft, [*newer, event]))
    return written
