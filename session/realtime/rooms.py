"""The rooms as this worker sees them: one command path in, notifications out.

Every action, whatever its door (a websocket tap, a JSON API call), passes `execute`: parse,
authorize, decide against the current state, commit the event, fold it in, publish the new
version. Each worker keeps each room's state in memory and catches up from the log when told
of a newer version, so pushes never carry state and a missed one is healed by the next.
"""

import asyncio
import copy
import gc
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from anyio import to_thread
from sqlalchemy.engine import Engine

from session.domain.commands import parse_command
from session.domain.errors import Refused
from session.domain.participants import Participant
from session.domain.permissions import Actor, authorize
from session.domain.room import apply, decide, replay
from session.domain.state import Event, RoomState
from session.store import access, eventlog
from session.store.tables import RoomRow

from .broadcast import Broadcast
from .connection import REVOKED, Connection
from .frames import EncodedFrames
from . import revocations
from .limits import FLOOR_REQUESTS_PER_MINUTE, CommandLimits  # noqa: F401 - the limit, named here too

CHANNEL = "rooms"
MAX_REQUEST_ID = 80
_NOT_PART_OF_COMMAND = {"request_id", "HEADERS", "headers"}
MAX_BATCH = 200
_WRITE_ATTEMPTS = 10  # each retry means another worker committed first: the room moved on
VERSION_CHECK_S = 2.0
log = logging.getLogger(__name__)


@dataclass
class LiveRoom:
    meta: RoomRow
    state: RoomState
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    connections: set[Connection] = field(default_factory=set)
    chairs: set[Connection] = field(default_factory=set)  # those of `connections` on the chair's view
    next_push_at: float = 0.0  # loop time before which a new version waits for the next push
    notify_scheduled: bool = False
    inbox: list = field(default_factory=list)  # Pending commands, in arrival order
    committing: bool = False
    slug: str = field(init=False)

    def __post_init__(self) -> None:
        self.slug = self.meta.slug  # a plain attribute: the ORM's is read once per socket per push


@dataclass
class Pending:
    """A command waiting for its room's next commit, and the answer its sender awaits."""

    command: object
    actor: Actor
    request_id: str | None
    content: str
    outcome: "asyncio.Future[Outcome]"
    code_id: int | None = None  # the access code it was sent with, checked again at commit


@dataclass(frozen=True)
class Outcome:
    version: int
    duplicate: bool = False  # the request_id was already applied; nothing new happened


class LiveRooms:
    def __init__(self, engine: Engine, broadcast: Broadcast, clock: Callable[[], float] = time.time,
                 version_check_s: float = VERSION_CHECK_S, limits: CommandLimits | None = None):
        self.engine = engine
        self.broadcast = broadcast
        self.clock = clock
        self.rooms: dict[str, LiveRoom] = {}
        self.directory: dict[str, Participant] = {}
        self.version_check_s = version_check_s
        self._tasks: list[asyncio.Task] = []
        self._subscribed = asyncio.Event()
        self._hearing_revocations = asyncio.Event()
        self._sweep = revocations.Sweep()
        self.limits = limits or CommandLimits()

    async def start(self) -> None:
        self.directory = await to_thread.run_sync(eventlog.load_directory, self.engine)
        for meta in await to_thread.run_sync(eventlog.load_rooms, self.engine):
            state = await to_thread.run_sync(eventlog.load_state, self.engine, meta)
            self.rooms[meta.slug] = LiveRoom(meta=meta, state=state)
        self._tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._listen_for_revocations()),
                       asyncio.create_task(self._check_versions())]
        await self._subscribed.wait()
        await self._hearing_revocations.wait()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def get(self, slug: str) -> LiveRoom | None:
        return self.rooms.get(slug)

    async def execute(self, room: LiveRoom, message: object, actor: Actor, code_id: int | None = None) -> Outcome:
        """Run one command. `code_id`, the access code of an open socket, is checked again in the
        same trip to the database as the request_ids: a code revoked since is refused ("revoked")."""
        command = authorize(actor, parse_command(message))
        request_id = _request_id(message)
        content = json.dumps({"actor": str(actor), **{k: v for k, v in message.items()
                                                      if k not in _NOT_PART_OF_COMMAND}},
                             sort_keys=True, default=str)
        pending = Pending(command, actor, request_id, content, asyncio.get_running_loop().create_future(), code_id)
        room.inbox.append(pending)
        if not room.committing:
            room.committing = True
            asyncio.create_task(self._commit_inbox(room))
        return await pending.outcome

    async def _commit_inbox(self, room: LiveRoom) -> None:
        """Group commit: what arrived while the room was busy is decided in order and committed at once.

        193 delegates tapping within the same 100 ms become a few transactions and a few pushes,
        not 193 of each; every command is still decided against the state its predecessors left.
        """
        try:
            while room.inbox:
                batch, room.inbox = room.inbox[:MAX_BATCH], room.inbox[MAX_BATCH:]
                try:
                    await self._commit_batch(room, batch)
                except Exception as error:  # the database failed: nobody in the batch is acknowledged
                    log.exception("could not commit to room %s", room.slug)
                    for pending in batch:
                        if not pending.outcome.done():
                            pending.outcome.set_exception(
                                Refused("busy", "The action could not be saved; please try again."))
                    if not isinstance(error, Refused):
                        await self._reload(room)
        finally:
            room.committing = False

    async def _commit_batch(self, room: LiveRoom, batch: list["Pending"]) -> None:
        async with room.lock:
            for attempt in range(_WRITE_ATTEMPTS):
                try:
                    draft, caught_up, entries, results = await to_thread.run_sync(
                        self._decide_and_write, room, batch, attempt)
                except eventlog.VersionConflict:
                    await self._catch_up(room)  # another worker wrote between our read and our write
                    continue
                if entries or caught_up:
                    room.state = draft  # even if every command was refused: the draft is the truth
                break
            else:
                raise Refused("busy", "The room is changing too fast; try again.")
        if caught_up:  # events from elsewhere, not yet pushed here (their notification may never come)
            self._notify(room)
        for pending, result in zip(batch, results, strict=True):
            if isinstance(result, Refused):
                pending.outcome.set_exception(result)
            elif isinstance(result, Event):
                pending.outcome.set_result(Outcome(version=result.seq))
            else:
                pending.outcome.set_result(result)
        if entries:
            await self.broadcast.publish(CHANNEL, f"{room.slug}:{room.state.version}")

    def _decide_and_write(self, room: LiveRoom, batch: list["Pending"],
                          attempt: int) -> tuple[RoomState, bool, list, list]:
        """A batch in one trip to a worker thread (run under the room's lock): what the log and the
        codes say of it (events committed by another worker that this one has not heard of yet;
        request_ids applied already; senders' codes revoked since they connected, perhaps by another
        process), the decisions on a copy of the room's state brought up to the log, and the events
        committed together. The copy becomes the room's state only once the transaction is over.

        Without the catch-up, a worker whose notification was late (or lost with Redis) refused a
        delegation's withdrawal as "not in the queue" when another worker had just queued it: an
        acceptance met the version check, a refusal met nothing. Now both are decided on the log."""
        requests = {p.request_id: p.content for p in batch if p.request_id is not None}
        with self.engine.begin() as db:
            newer = eventlog.events_after(db, room.slug, room.state.version)
            done = eventlog.find_requests(db, room.slug, requests)
            revoked = access.revoked_among(db, {p.code_id for p in batch if p.code_id is not None})
            draft = copy.deepcopy(room.state)
            replay(draft, newer)
            now = self.clock()
            entries, results = [], []
            in_batch: dict[str, tuple[str, Event | None]] = {}
            for pending in batch:
                results.append(Refused("revoked", REVOKED) if pending.code_id in revoked else
                               self._decide_one(room, draft, pending, now, done, in_batch, entries, attempt))
            if entries:
                eventlog.append_many(db, room.slug, entries)
        return draft, bool(newer), entries, results

    def _decide_one(self, room, draft: RoomState, pending: "Pending", now: float, done: dict,
                    in_batch: dict, entries: list, attempt: int):
        """One command of a batch: its event (applied to the draft), a duplicate's Outcome, or a Refused."""
        request_id = pending.request_id
        earlier = done.get(request_id) if request_id else None
        if earlier is not None:
            if not earlier.same_command:
                return Refused("request_id_reused", "This request_id was already used for a different command.")
            return Outcome(version=earlier.seq, duplicate=True)
        if request_id in in_batch:  # a double tap inside the same batch
            content, event = in_batch[request_id]
            if content != pending.content:
                return Refused("request_id_reused", "This request_id was already used for a different command.")
            return Outcome(version=event.seq if event else draft.version, duplicate=True)
        try:
            if attempt == 0:
                # a resend is not a new request
                self.limits.check(room.slug, pending.actor, pending.command, pending.code_id)
            data = decide(draft, pending.command, now=now, directory=self.directory)
        except Refused as refusal:
            return refusal
        event = Event(seq=draft.version + 1, action=pending.command.action, data=data, at=now,
                      actor=str(pending.actor))
        apply(draft, event)
        entries.append((event, request_id, pending.content))
        if request_id:
            in_batch[request_id] = (pending.content, event)
        return event

    async def _reload(self, room: LiveRoom) -> None:
        async with room.lock:
            room.state = await to_thread.run_sync(eventlog.load_state, self.engine, room.meta)

    async def revoke_code(self, code_id: int) -> int:
        """A code was just revoked here: close this worker's sockets of it, and tell every other
        worker to close theirs. How many sockets this worker closed."""
        closed = await self._close_sockets_of({code_id})
        await self.broadcast.publish(revocations.CHANNEL, revocations.message(code_id))
        return closed

    async def _close_sockets_of(self, code_ids: set[int]) -> int:
        """Close, with the reason, every socket of this worker that acts with one of these codes."""
        closing = [c for room in self.rooms.values() for c in room.connections
                   if c.code_id in code_ids and not c.revoked]
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

    def attach(self, room: LiveRoom, connection: Connection) -> None:
        room.connections.add(connection)
        if connection.view == "chair":
            room.chairs.add(connection)

    def detach(self, room: LiveRoom, connection: Connection) -> None:
        room.connections.discard(connection)
        room.chairs.discard(connection)

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
        """Heal lost notifications: compare each room with the log now and then, and close the
        sockets of codes revoked elsewhere (see `revocations`: the safety net behind the broadcast)."""
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
                            await self._catch_up(room)
                        self._notify(room)
            except Exception:  # a database hiccup: try again at the next check
                log.exception("version check failed")

    async def _catch_up(self, room: LiveRoom) -> None:
        events = await to_thread.run_sync(eventlog.read_events, self.engine, room.slug, room.state.version)
        replay(room.state, events)

    def _notify(self, room: LiveRoom) -> None:
        """A burst of commits (193 delegates tapping at once) becomes a few pushes, not 193 to every
        screen: after a push, the room's next one waits as long as that one took, so pushing never
        takes more than half of the worker, and a quiet room's next push goes out at once."""
        if room.notify_scheduled:
            return  # the scheduled push will carry this version too
        loop = asyncio.get_running_loop()
        wait = room.next_push_at - loop.time()
        if wait <= 0:
            self._push(room)
        else:
            room.notify_scheduled = True
            loop.call_later(wait, self._push, room)

    def _push(self, room: LiveRoom) -> None:
        room.notify_scheduled = False
        loop = asyncio.get_running_loop()
        started = loop.time()
        frames, renders = EncodedFrames(), {}
        collecting = gc.isenabled()
        gc.disable()  # a collection waits until every socket has its frame
        try:
            # The person acting must not wait behind the gallery: chairs first (the second time
            # round, a chair has nothing new to be sent).
            for connection in room.chairs:
                connection.push(frames, renders)
            for connection in room.connections:
                connection.push(frames, renders)
        finally:
            if collecting:
                gc.enable()
        ended = loop.time()
        room.next_push_at = ended + (ended - started)


def _request_id(message: dict) -> str | None:
    value = message.get("request_id")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_REQUEST_ID:
        raise Refused("invalid_field", f"'request_id' must be text of at most {MAX_REQUEST_ID} characters.")
    return value
