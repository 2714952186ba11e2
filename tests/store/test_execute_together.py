"""Commands that land together or not at all (`LiveRooms.execute_together`, the import of a list of
speakers), on the real command path and a real database: all of them appended in order, or none —
in the room's state, in its log and after a restart — with every refused one named by its place,
and without taking down a command of someone else committed in the same batch."""

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from session.domain.errors import Refused, RefusedTogether
from session.domain.permissions import Actor, Role
from session.realtime.broadcast import MemoryBroadcast
from session.realtime.rooms import LiveRooms
from session.store import eventlog
from session.store.database import make_engine

ORGANISER = Actor(Role.ORGANISER)
ROOM = "plenary"


def inscribe(participant: str, **fields) -> dict:
    return {"action": "inscribe", "participant": participant, **fields}


def on_the_command_path(database_url: str, test: Callable[[LiveRooms], Awaitable[None]]) -> None:
    """Run `test` against the rooms as a worker holds them, on the database's own log."""

    async def run() -> None:
        engine = make_engine(database_url)
        broadcast = MemoryBroadcast()
        await broadcast.connect()
        rooms = LiveRooms(engine, broadcast)
        await rooms.start()
        try:
            await test(rooms)
        finally:
            await rooms.stop()
            await broadcast.disconnect()
            engine.dispose()

    # In a thread of its own: Playwright's sync API (the browser tests) leaves an event loop
    # running in the main thread, where asyncio.run refuses to start another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(run())).result()


def in_the_log(database_url: str) -> tuple[int, list[str]]:
    """The room as a restarted worker reads it from the log: its version, and who is on the list."""
    engine = make_engine(database_url)
    try:
        meta = next(r for r in eventlog.load_rooms(engine) if r.slug == ROOM)
        state = eventlog.load_state(engine, meta)
        return state.version, [q.participant for q in state.queue]
    finally:
        engine.dispose()


def test_all_land_in_order_as_one_answer(database_url):
    version, _ = in_the_log(database_url)

    async def test(rooms: LiveRooms) -> None:
        room = rooms.get(ROOM)
        outcome = await rooms.execute_together(
            room, [inscribe("PHL", level="minister"), inscribe("MEX"), inscribe("SEN")], ORGANISER
        )
        assert outcome.version == version + 3
        assert [q.entry for q in room.state.queue] == [1, 2, 3]  # references in the order sent

    on_the_command_path(database_url, test)
    assert in_the_log(database_url) == (version + 3, ["PHL", "MEX", "SEN"])


def test_one_refused_and_none_lands_each_refusal_named_by_its_place(database_url):
    version, _ = in_the_log(database_url)

    async def test(rooms: LiveRooms) -> None:
        room = rooms.get(ROOM)
        messages = [
            inscribe("PHL"),
            inscribe("ATLANTIS"),  # unknown: refused when decided
            inscribe("PHL"),  # a second statement, refused after the first was tried
            inscribe("MEX"),
            inscribe("SEN", meeting="soon"),  # not a number: refused when read
        ]
        with pytest.raises(RefusedTogether) as refused:
            await rooms.execute_together(room, messages, ORGANISER)
        # What cannot be read is said before anything is decided.
        assert [(i, r.code) for i, r in refused.value.refusals] == [(4, "invalid_field")]
        with pytest.raises(RefusedTogether) as refused:
            await rooms.execute_together(room, messages[:4], ORGANISER)
        assert [(i, r.code) for i, r in refused.value.refusals] == [(1, "unknown_participant"), (2, "one_statement")]
        assert "Nothing was applied." in refused.value.message
        assert room.state.version == version and room.state.queue == []

    on_the_command_path(database_url, test)
    assert in_the_log(database_url) == (version, [])


def test_a_refusal_together_does_not_take_down_a_command_in_the_same_batch(database_url):
    version, _ = in_the_log(database_url)

    async def test(rooms: LiveRooms) -> None:
        room = rooms.get(ROOM)
        chair = Actor(Role.CHAIR)
        # Sent at once, so they are decided in one batch, one transaction.
        alone, together = await asyncio.gather(
            rooms.execute(room, inscribe("DEU"), chair),
            rooms.execute_together(room, [inscribe("PHL"), inscribe("DEU")], ORGANISER),
            return_exceptions=True,
        )
        assert not isinstance(alone, BaseException) and alone.version == version + 1
        assert isinstance(together, RefusedTogether)
        assert [(i, r.code) for i, r in together.refusals] == [(1, "one_statement")]
        assert [q.participant for q in room.state.queue] == ["DEU"]

    on_the_command_path(database_url, test)
    assert in_the_log(database_url) == (version + 1, ["DEU"])


def test_who_may_not_send_them_is_refused_for_each_and_nothing_is_applied(database_url):
    version, _ = in_the_log(database_url)

    async def test(rooms: LiveRooms) -> None:
        room = rooms.get(ROOM)
        delegate = Actor(Role.DELEGATE, "PHL")
        with pytest.raises(RefusedTogether) as refused:
            await rooms.execute_together(room, [inscribe("PHL"), inscribe("MEX")], delegate)
        assert [(i, r.code) for i, r in refused.value.refusals] == [(1, "forbidden")]
        with pytest.raises(Refused) as empty:
            await rooms.execute_together(room, [], ORGANISER)
        assert empty.value.code == "invalid_message"

    on_the_command_path(database_url, test)
    assert in_the_log(database_url) == (version, [])
