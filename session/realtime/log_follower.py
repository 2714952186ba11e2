"""Keeping this worker's rooms in step with the log, whichever worker wrote to it.

A commit is announced on `CHANNEL` as "slug:version"; a worker that hears of a version newer than
its own reads the events it lacks and pushes. An announcement can be lost (Redis restarting, a
worker busy reconnecting), so every `VERSION_CHECK_S` each room is compared with the log as well,
and codes revoked elsewhere are looked up (see `revocations`: the safety net behind the broadcast).
"""

import asyncio
import logging

from anyio import to_thread
from sqlalchemy.engine import Engine

from session.domain.participants import Participant
from session.domain.room import replay
from session.store import access, eventlog

from . import revocations
from .broadcast import Broadcast
from .live_room import LiveRoom
from .pushes import notify
from .setup_changes import learn

CHANNEL = "rooms"
VERSION_CHECK_S = 2.0
log = logging.getLogger(__name__)


def announcement(room: LiveRoom) -> str:
    return f"{room.slug}:{room.state.version}"


async def catch_up(engine: Engine, room: LiveRoom, directory: dict[str, Participant]) -> None:
    """Fold in the events committed since this worker's version (called under the room's lock),
    and what they change of the set-up (`setup_changes`)."""
    events = await to_thread.run_sync(eventlog.read_events, engine, room.slug, room.state.version)
    replay(room.state, events)
    learn(room, directory, events)


async def reload(engine: Engine, room: LiveRoom) -> None:
    """Read the room again from its first event: after a failed commit, nothing in memory is trusted."""
    async with room.lock:
        room.state = await to_thread.run_sync(eventlog.load_state, engine, room.meta)


class LogFollower:
    def __init__(
        self,
        engine: Engine,
        broadcast: Broadcast,
        rooms: dict[str, LiveRoom],
        version_check_s: float = VERSION_CHECK_S,
        directory: dict[str, Participant] | None = None,
    ):
        self.engine = engine
        self.directory = {} if directory is None else directory  # the event's list, as the rooms' logs add to it
        self.broadcast = broadcast
        self.rooms = rooms
        self.version_check_s = version_check_s
        self._tasks: list[asyncio.Task] = []
        self._subscribed = asyncio.Event()
        self._hearing_revocations = asyncio.Event()
        self._sweep = revocations.Sweep()

    async def start(self) -> None:
        """Listen from now on; returns once both channels are subscribed, so no commit goes unheard."""
        self._tasks = [
            asyncio.create_task(self._listen()),
            asyncio.create_task(self._listen_for_revocations()),
            asyncio.create_task(self._check_versions()),
        ]
        await self._subscribed.wait()
        await self._hearing_revocations.wait()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def revoke_code(self, code_id: int) -> int:
        """A code was just revoked here: close this worker's sockets of it, and tell every other
        worker to close theirs. How many sockets this worker closed."""
        closed = await self._close_sockets_of({code_id})
        await self.broadcast.publish(revocations.CHANNEL, revocations.message(code_id))
        return closed

    async def _close_sockets_of(self, code_ids: set[int]) -> int:
        """Close, with the reason, every socket of this worker that acts with one of these codes."""
        closing = [
            c for room in self.rooms.values() for c in room.connections if c.code_id in code_ids and not c.revoked
        ]
        await asyncio.gather(*(c.revoke() for c in closing))
        return len(closing)

    async def _listen_for_revocations(self) -> None:
        async with self.broadcast.subscribe(revocations.CHANNEL) as messages:
            self._hearing_revocations.set()
            while True:
                code_id = revocations.code_of(await messages.get())
                if code_id is not None:
                    await self._close_sockets_of({code_id})

    async def _sweep_revocations(self) -> None:
        since = self._sweep.begin()
        revoked = await to_thread.run_sync(access.revoked_since, self.engine, since)
        if revoked:
            await self._close_sockets_of(revoked)
        self._sweep.done()

    async def _listen(self) -> None:
        async with self.broadcast.subscribe(CHANNEL) as messages:
            self._subscribed.set()
            while True:
                slug, _, version = (await messages.get()).partition(":")
                room = self.rooms.get(slug)
                if room is None or (version.isdigit() and int(version) <= room.notified_version):
                    continue  # pushed here already (this worker's own commit, most often)
                try:
                    if version.isdigit() and int(version) > room.state.version:
                        async with room.lock:
                            await catch_up(self.engine, room, self.directory)
                except Exception:  # a database hiccup must not stop this worker's pushes for good
                    log.exception("could not catch up room %s", slug)
                notify(room)

    async def _check_versions(self) -> None:
        """Heal lost notifications: compare each room with the log now and then, and close the
        sockets of codes revoked elsewhere."""
        while True:
            await asyncio.sleep(self.version_check_s)
            try:
                await self._sweep_revocations()
            except Exception:  # a database hiccup: try again at the next check
                log.exception("revocation sweep failed")
            try:
                latest = await to_thread.run_sync(eventlog.latest_versions, self.engine)
                for slug, version in latest.items():
                    room = self.rooms.get(slug)
                    if room is not None and version > room.state.version:
                        async with room.lock:
                            await catch_up(self.engine, room, self.directory)
                        notify(room)
            except Exception:  # a database hiccup: try again at the next check
                log.exception("version check failed")
