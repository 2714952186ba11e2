"""The rooms as this worker sees them: one command path in, notifications out.

Every action, whatever its door (a websocket tap, a JSON API call), passes `execute`: parse,
authorize, decide against the current state, commit the event, fold it in, publish the new
version. Each worker keeps each room's state in memory and catches up from the log when told
of a newer version, so pushes never carry state and a missed one is healed by the next.
"""

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from anyio import to_thread
from sqlalchemy.engine import Engine

from session.domain.commands import RequestFloor, Withdraw, parse_command
from session.domain.errors import Refused
from session.domain.participants import Participant
from session.domain.permissions import SPEAKING, Actor, authorize
from session.domain.room import apply, decide, replay
from session.domain.state import RoomState
from session.store import eventlog
from session.store.tables import RoomRow

from .broadcast import Broadcast
from .connection import Connection
from .limits import SlidingWindow

CHANNEL = "rooms"
MAX_REQUEST_ID = 80
_NOT_PART_OF_COMMAND = {"request_id", "HEADERS", "headers"}
_WRITE_ATTEMPTS = 10  # each retry means another worker committed first: the room moved on
VERSION_CHECK_S = 2.0
# A burst of commits (193 delegates tapping at once) becomes a few pushes, not 193 to every screen.
NOTIFY_INTERVAL_S = 0.05
# A delegation asks, withdraws and asks again a few times an hour; more than this is a stuck
# button or an attack, and would flood every screen in the hall.
FLOOR_REQUESTS_PER_MINUTE = 6
log = logging.getLogger(__name__)


@dataclass
class LiveRoom:
    meta: RoomRow
    state: RoomState
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    connections: set[Connection] = field(default_factory=set)
    last_notified: float = 0.0
    notify_scheduled: bool = False

    @property
    def slug(self) -> str:
        return self.meta.slug


@dataclass(frozen=True)
class Outcome:
    version: int
    duplicate: bool = False  # the request_id was already applied; nothing new happened


class LiveRooms:
    def __init__(self, engine: Engine, broadcast: Broadcast, clock: Callable[[], float] = time.time,
                 version_check_s: float = VERSION_CHECK_S):
        self.engine = engine
        self.broadcast = broadcast
        self.clock = clock
        self.rooms: dict[str, LiveRoom] = {}
        self.directory: dict[str, Participant] = {}
        self.version_check_s = version_check_s
        self._tasks: list[asyncio.Task] = []
        self._subscribed = asyncio.Event()
        self.floor_requests = SlidingWindow(FLOOR_REQUESTS_PER_MINUTE, 60.0)

    async def start(self) -> None:
        self.directory = await to_thread.run_sync(eventlog.load_directory, self.engine)
        for meta in await to_thread.run_sync(eventlog.load_rooms, self.engine):
            state = await to_thread.run_sync(eventlog.load_state, self.engine, meta)
            self.rooms[meta.slug] = LiveRoom(meta=meta, state=state)
        self._tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._check_versions())]
        await self._subscribed.wait()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def get(self, slug: str) -> LiveRoom | None:
        return self.rooms.get(slug)

    async def execute(self, room: LiveRoom, message: object, actor: Actor) -> Outcome:
        command = authorize(actor, parse_command(message))
        request_id = _request_id(message)
        content = json.dumps({"actor": str(actor), **{k: v for k, v in message.items()
                                                      if k not in _NOT_PART_OF_COMMAND}},
                             sort_keys=True, default=str)
        async with room.lock:
            for attempt in range(_WRITE_ATTEMPTS):
                if request_id is not None:
                    done = await to_thread.run_sync(
                        eventlog.find_request, self.engine, room.slug, request_id, content)
                    if done is not None:
                        if not done.same_command:
                            raise Refused("request_id_reused",
                                          "This request_id was already used for a different command.")
                        return Outcome(version=done.seq, duplicate=True)
                if attempt == 0:
                    self._check_rate(room, actor, command)  # a resend of an applied request is not a new one
                now = self.clock()
                data = decide(room.state, command, now=now, directory=self.directory)
                try:
                    event = await to_thread.run_sync(lambda: eventlog.append(
                        self.engine, room=room.slug, seq=room.state.version + 1, action=command.action,
                        data=data, at=now, actor=str(actor), request_id=request_id, command=content))
                except eventlog.VersionConflict:
                    await self._catch_up(room)  # another worker wrote first: decide again
                    continue
                apply(room.state, event)
                break
            else:
                raise Refused("busy", "The room is changing too fast; try again.")
        await self.broadcast.publish(CHANNEL, f"{room.slug}:{room.state.version}")
        return Outcome(version=room.state.version)

    def _check_rate(self, room: LiveRoom, actor: Actor, command) -> None:
        if actor.role in SPEAKING and isinstance(command, RequestFloor | Withdraw):
            if not self.floor_requests.allow((room.slug, actor.participant)):
                raise Refused("rate_limited", f"Too many requests for the floor from {actor.participant} "
                                              "in the last minute; wait a moment and try again.")

    def attach(self, room: LiveRoom, connection: Connection) -> None:
        room.connections.add(connection)

    def detach(self, room: LiveRoom, connection: Connection) -> None:
        room.connections.discard(connection)

    async def _listen(self) -> None:
        async with self.broadcast.subscribe(CHANNEL) as messages:
            self._subscribed.set()
            while True:
                slug, _, version = (await messages.get()).partition(":")
                room = self.rooms.get(slug)
                if room is None:
                    continue
                try:
                    if version.isdigit() and int(version) > room.state.version:
                        async with room.lock:
                            await self._catch_up(room)
                except Exception:  # a database hiccup must not stop this worker's pushes for good
                    log.exception("could not catch up room %s", slug)
                self._notify(room)

    async def _check_versions(self) -> None:
        """Heal lost notifications: compare each room with the log now and then."""
        while True:
            await asyncio.sleep(self.version_check_s)
            try:
                latest = await to_thread.run_sync(eventlog.latest_versions, self.engine)
                for slug, version in latest.items():
                    room = self.rooms.get(slug)
                    if room is not None and version > room.state.version:
                        async with room.lock:
                            await self._catch_up(room)
                        self._notify(room)
            except Exception:  # a database hiccup: try again at the next check
                log.exception("version check failed")

    async def _catch_up(self, room: LiveRoom) -> None:
        events = await to_thread.run_sync(eventlog.read_events, self.engine, room.slug, room.state.version)
        replay(room.state, events)

    def _notify(self, room: LiveRoom) -> None:
        if room.notify_scheduled:
            return  # the scheduled push will carry this version too
        loop = asyncio.get_running_loop()
        wait = room.last_notified + NOTIFY_INTERVAL_S - loop.time()
        if wait <= 0:
            self._push(room)
        else:
            room.notify_scheduled = True
            loop.call_later(wait, self._push, room)

    def _push(self, room: LiveRoom) -> None:
        room.notify_scheduled = False
        room.last_notified = asyncio.get_running_loop().time()
        # The person acting must not wait behind the gallery: chairs first.
        for connection in sorted(room.connections, key=lambda c: c.view != "chair"):
            connection.mark_stale()


def _request_id(message: dict) -> str | None:
    value = message.get("request_id")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_REQUEST_ID:
        raise Refused("invalid_field", f"'request_id' must be text of at most {MAX_REQUEST_ID} characters.")
    return value
