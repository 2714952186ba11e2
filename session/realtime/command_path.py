"""The one command path: every action, whatever its door (a websocket tap, a JSON API call).

`execute` parses and authorizes; the room's commands then wait in its inbox and are committed in
batches, one transaction each: the events another worker committed since this one's version are
folded into a copy of the state, request_ids seen before and codes revoked since are answered, and
the rest are limited, decided in order and appended together. The copy becomes the room's state,
the new version is announced, and each sender's future gets its answer.
"""

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from anyio import to_thread
from sqlalchemy.engine import Connection, Engine

from session.domain.commands import parse_command
from session.domain.errors import Refused, RefusedTogether
from session.domain.other_rooms import NO_OTHER_ROOMS, OtherRooms
from session.domain.participants import Participant
from session.domain.permissions import Actor, authorize
from session.domain.procedure import Command
from session.domain.room import apply, decide, replay
from session.domain.state import Event, RoomState
from session.store import access, eventlog

from .broadcast import Broadcast
from .connection import REVOKED
from .limits import CommandLimits
from .live_room import LiveRoom
from .log_follower import CHANNEL, announcement, catch_up, reload
from .pushes import notify
from .setup_changes import learn

MAX_REQUEST_ID = 80
_NOT_PART_OF_COMMAND = {"request_id", "HEADERS", "headers"}
MAX_BATCH = 200
_WRITE_ATTEMPTS = 10  # each retry means another worker committed first: the room moved on
_REUSED = "This request_id was already used for a different command."
log = logging.getLogger(__name__)


@dataclass
class Pending:
    """A command waiting for its room's next commit, and the answer its sender awaits."""

    command: Command[Any]
    actor: Actor
    request_id: str | None
    content: str
    outcome: "asyncio.Future[Outcome]"
    code_id: int | None = None  # the access code it was sent with, checked again at commit
    together: tuple[Command[Any], ...] = ()  # commands that land after `command`, with it or not at all


@dataclass(frozen=True)
class Outcome:
    version: int
    duplicate: bool = False  # the request_id was already applied; nothing new happened
    entry: int | None = None  # the entry on the list the command was about (a new inscription's reference)


@dataclass
class Decisions:
    """What a batch came to, decided in order on `draft`: a copy of the room's state brought up to
    the log, which becomes the room's state only once the transaction is over."""

    draft: RoomState
    caught_up: bool  # the log held events from elsewhere, folded into the draft
    earlier: dict[str, eventlog.Duplicate]  # the batch's request_ids already in the log
    now: float
    newer: list[Event] = field(default_factory=list)  # the events from elsewhere folded into the draft
    entries: list[tuple[Event, str | None, str]] = field(default_factory=list, init=False)  # appended together
    results: list[Outcome | Refused] = field(default_factory=list, init=False)  # one per command, in order
    _in_batch: dict[str, tuple[str, Event]] = field(default_factory=dict, init=False)  # request_id: content, event

    def answered_before(self, pending: Pending) -> bool:
        """A request_id seen before, in the log or earlier in this batch (a double tap): the same
        command gets the first answer again, a different one is refused; either way, nothing new."""
        request_id = pending.request_id
        if not request_id:
            return False
        earlier = self.earlier.get(request_id)
        if earlier is not None:
            self.results.append(
                Outcome(version=earlier.seq, duplicate=True)
                if earlier.same_command
                else Refused("request_id_reused", _REUSED)
            )
            return True
        if request_id in self._in_batch:
            content, event = self._in_batch[request_id]
            self.results.append(
                Outcome(version=event.seq, duplicate=True)
                if content == pending.content
                else Refused("request_id_reused", _REUSED)
            )
            return True
        return False

    def refuse(self, refusal: Refused) -> None:
        self.results.append(refusal)

    def accept(self, pending: Pending, data: dict[str, Any]) -> None:
        self.accept_all(pending, [(pending.command, data)])

    def accept_all(self, pending: Pending, decided: list[tuple[Command[Any], dict[str, Any]]]) -> None:
        """Events for a pending command (or for it and those that land with it), applied in order;
        the request_id and the command as sent are kept with the first."""
        for i, (command, data) in enumerate(decided):
            event = Event(
                seq=self.draft.version + 1, action=command.action, data=data, at=self.now, actor=str(pending.actor)
            )
            apply(self.draft, event)
            first = i == 0
            self.entries.append((event, pending.request_id if first else None, pending.content if first else ""))
            if first and pending.request_id:
                self._in_batch[pending.request_id] = (pending.content, event)
        entry = decided[0][1].get("entry") if len(decided) == 1 else None
        self.results.append(Outcome(version=self.draft.version, entry=entry if isinstance(entry, int) else None))


class CommandPath:
    def __init__(
        self,
        engine: Engine,
        broadcast: Broadcast,
        directory: dict[str, Participant],
        clock: Callable[[], float] = time.time,
        limits: CommandLimits | None = None,
    ):
        self.engine = engine
        self.broadcast = broadcast
        self.directory = directory
        self.clock = clock
        self.limits = limits or CommandLimits()

    async def execute(self, room: LiveRoom, message: object, actor: Actor, code_id: int | None = None) -> Outcome:
        """Run one command. `code_id`, the access code of an open socket, is checked again in the
        same trip to the database as the request_ids: a code revoked since is refused ("revoked")."""
        command = authorize(actor, parse_command(message))
        fields = cast(dict[str, Any], message)  # parse_command refuses anything but an object
        request_id = _request_id(fields)
        content = json.dumps(
            {"actor": str(actor), **{k: v for k, v in fields.items() if k not in _NOT_PART_OF_COMMAND}},
            sort_keys=True,
            default=str,
        )
        pending = Pending(command, actor, request_id, content, asyncio.get_running_loop().create_future(), code_id)
        room.inbox.append(pending)
        if not room.committing:
            room.committing = True
            asyncio.create_task(self._commit_inbox(room))
        return await pending.outcome

    async def execute_together(self, room: LiveRoom, messages: list[object], actor: Actor) -> Outcome:
        """Several commands that land together, in order, or not at all (the secretariat's import of
        a list of speakers): each refused one is named by its place, and nothing is applied."""
        commands: list[Command[Any]] = []
        refusals: list[tuple[int, Refused]] = []
        for i, message in enumerate(messages):
            try:
                commands.append(authorize(actor, parse_command(message)))
            except Refused as refusal:
                refusals.append((i, refusal))
        if refusals:
            raise RefusedTogether(refusals)
        if not commands:
            raise Refused("invalid_message", "There is nothing to apply.")
        content = json.dumps({"actor": str(actor), "together": messages}, sort_keys=True, default=str)
        future = asyncio.get_running_loop().create_future()
        room.inbox.append(Pending(commands[0], actor, None, content, future, together=tuple(commands[1:])))
        if not room.committing:
            room.committing = True
            asyncio.create_task(self._commit_inbox(room))
        return await future

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
                                Refused("busy", "The action could not be saved; please try again.")
                            )
                    if not isinstance(error, Refused):
                        await reload(self.engine, room)
        finally:
            room.committing = False

    async def _commit_batch(self, room: LiveRoom, batch: list[Pending]) -> None:
        async with room.lock:
            for attempt in range(_WRITE_ATTEMPTS):
                try:
                    decisions = await to_thread.run_sync(self._decide_and_write, room, batch, attempt)
                except eventlog.VersionConflict:  # another worker wrote between our read and our write
                    await catch_up(self.engine, room, self.directory)
                    continue
                if decisions.entries or decisions.caught_up:
                    room.state = decisions.draft  # even if every command was refused: the draft is the truth
                    learn(room, self.directory, [*decisions.newer, *(e for e, _, _ in decisions.entries)])
                break
            else:
                raise Refused("busy", "The room is changing too fast; try again.")
        for pending, result in zip(batch, decisions.results, strict=True):
            if isinstance(result, Refused):
                pending.outcome.set_exception(result)
            else:
                pending.outcome.set_result(result)
        if decisions.entries or decisions.caught_up:
            # This worker's screens at once, from here: not after the announcement's round trip
            # through the broadcast (Redis, PostgreSQL), which now only tells the other workers.
            # Events from elsewhere folded in are pushed too (their notification may never come).
            # On the loop's next turn, after the senders' answers woken above: a sender always
            # hears "accepted" before the push that shows it, whether the push goes out at once
            # or waits its turn.
            asyncio.get_running_loop().call_soon(notify, room)
        if decisions.entries:
            await self.broadcast.publish(CHANNEL, announcement(room))

    def _decide_and_write(self, room: LiveRoom, batch: list[Pending], attempt: int) -> Decisions:
        """A batch in one trip to a worker thread (run under the room's lock): what the log and the
        codes say of it (events committed by another worker that this one has not heard of yet;
        request_ids applied already; senders' codes revoked since they connected, perhaps by another
        process), the decisions on a copy of the room's state brought up to the log, and the events
        committed together.

        Without the catch-up, a worker whose notification was late (or lost with Redis) refused a
        delegation's withdrawal as "not in the queue" when another worker had just queued it: an
        acceptance met the version check, a refusal met nothing. Now both are decided on the log."""
        requests = {p.request_id: p.content for p in batch if p.request_id is not None}
        with self.engine.begin() as db:
            newer = eventlog.events_after(db, room.slug, room.state.version)
            earlier = eventlog.find_requests(db, room.slug, requests)
            revoked = access.revoked_among(db, {p.code_id for p in batch if p.code_id is not None})
            draft = room.state.snapshot()
            replay(draft, newer)
            decisions = Decisions(draft, caught_up=bool(newer), earlier=earlier, now=self.clock(), newer=newer)
            others = _other_rooms(db, room, batch)
            for pending in batch:
                if pending.code_id in revoked:
                    decisions.refuse(Refused("revoked", REVOKED))
                elif not decisions.answered_before(pending):
                    try:
                        if attempt == 0:  # a resend is not a new request
                            self.limits.check(room.slug, pending.actor, pending.command, pending.code_id)
                        if pending.together:
                            decisions.accept_all(pending, self._decide_together(draft, pending, decisions.now, others))
                            continue
                        data = decide(
                            draft, pending.command, now=decisions.now, directory=self.directory, others=others
                        )
                    except Refused as refusal:
                        decisions.refuse(refusal)
                    else:
                        decisions.accept(pending, data)
            if decisions.entries:
                eventlog.append_many(db, room.slug, decisions.entries)
        return decisions

    def _decide_together(
        self, draft: RoomState, pending: Pending, now: float, others: OtherRooms
    ) -> list[tuple[Command[Any], dict[str, Any]]]:
        """Each command decided on a trial copy with those before it applied; all of them, or
        `RefusedTogether` naming every one refused (and the draft untouched)."""
        trial = draft.snapshot()
        decided: list[tuple[Command[Any], dict[str, Any]]] = []
        refusals: list[tuple[int, Refused]] = []
        for i, command in enumerate((pending.command, *pending.together)):
            try:
                data = decide(trial, command, now=now, directory=self.directory, others=others)
            except Refused as refusal:
                refusals.append((i, refusal))
                continue
            apply(trial, Event(seq=trial.version + 1, action=command.action, data=data, at=now))
            decided.append((command, data))
        if refusals:
            raise RefusedTogether(refusals)
        return decided


def _other_rooms(db: Connection, room: LiveRoom, batch: list[Pending]) -> OtherRooms:
    """The other rooms as committed, read in the batch's own transaction, for a batch holding a
    command whose rule spans rooms (never one delegation on two panels): a worker's copies of them
    may be behind another worker's commit. Other batches read nothing more."""
    if any(c.reads_other_rooms() for p in batch for c in (p.command, *p.together)):
        return eventlog.read_other_rooms(db, room.slug)
    return NO_OTHER_ROOMS


def _request_id(fields: dict[str, Any]) -> str | None:
    value = fields.get("request_id")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_REQUEST_ID:
        raise Refused("invalid_field", f"'request_id' must be text of at most {MAX_REQUEST_ID} characters.")
    return value
