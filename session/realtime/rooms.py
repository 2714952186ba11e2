"""The rooms as this worker sees them: one command path in, pushes out, the log followed.

Every action passes `execute` (see `command_path`). Each worker keeps each room's state in memory
and catches up from the log when told of a newer version (`log_follower`), so pushes never carry
state and a missed one is healed by the next (`pushes`). `LiveRooms` holds the three together and
is what the web layer knows as `app.state.rooms`.
"""

import time
from collections.abc import Callable

from anyio import to_thread
from sqlalchemy.engine import Engine

from session.domain.participants import Participant
from session.domain.permissions import Actor
from session.store import eventlog

from . import everywhere, pushes
from .broadcast import Broadcast
from .command_path import CommandPath, Outcome, Pending  # noqa: F401 - named here too, as before the split
from .connection import Connection
from .limits import FLOOR_REQUESTS_PER_MINUTE, CommandLimits  # noqa: F401 - the limit, named here too
from .live_room import LiveRoom
from .log_follower import CHANNEL, VERSION_CHECK_S, LogFollower  # noqa: F401 - named here too


class LiveRooms:
    def __init__(
        self,
        engine: Engine,
        broadcast: Broadcast,
        clock: Callable[[], float] = time.time,
        version_check_s: float = VERSION_CHECK_S,
        limits: CommandLimits | None = None,
    ):
        self.engine = engine
        self.broadcast = broadcast
        self.clock = clock
        self.rooms: dict[str, LiveRoom] = {}
        self.time_zone = "UTC"  # the event's, read at start: every time a person reads is in it
        self.title = self.bar_name = "session"  # the event's, and its name in every page's bar, read at start
        # where and when it is (its ISO days), read at start: the line under the home page's title
        self.venue: str = ""
        self.dates: tuple[str, ...] = ()
        # filled in place at start: the command path decides with this very dict
        self.directory: dict[str, Participant] = {}
        self.commands = CommandPath(engine, broadcast, self.directory, clock, limits)
        self.limits = self.commands.limits
        self.follower = LogFollower(engine, broadcast, self.rooms, version_check_s, self.directory)

    @property
    def version_check_s(self) -> float:
        return self.follower.version_check_s

    async def start(self) -> None:
        self.directory.update(await to_thread.run_sync(eventlog.load_directory, self.engine))
        self.time_zone = await to_thread.run_sync(eventlog.load_time_zone, self.engine)
        self.title, self.bar_name = await to_thread.run_sync(eventlog.load_event_names, self.engine)
        self.venue, self.dates = await to_thread.run_sync(eventlog.load_venue_and_dates, self.engine)
        for meta in await to_thread.run_sync(eventlog.load_rooms, self.engine):
            state = await to_thread.run_sync(eventlog.load_state, self.engine, meta)
            self.rooms[meta.slug] = LiveRoom(meta=meta, state=state)
        await self.follower.start()

    async def stop(self) -> None:
        await self.follower.stop()

    def get(self, slug: str) -> LiveRoom | None:
        return self.rooms.get(slug)

    async def execute(self, room: LiveRoom, message: object, actor: Actor, code_id: int | None = None) -> Outcome:
        return await self.commands.execute(room, message, actor, code_id)

    async def execute_together(self, room: LiveRoom, messages: list[object], actor: Actor) -> Outcome:
        return await self.commands.execute_together(room, messages, actor)

    async def execute_everywhere(self, message: object, actor: Actor) -> int:
        """A command for the whole event (a participant listed), in every room's log together."""
        return await everywhere.execute_everywhere(self.commands, list(self.rooms.values()), message, actor)

    async def revoke_code(self, code_id: int) -> int:
        return await self.follower.revoke_code(code_id)

    def attach(self, room: LiveRoom, connection: Connection) -> None:
        pushes.attach(room, connection)

    def detach(self, room: LiveRoom, connection: Connection) -> None:
        pushes.detach(room, connection)
