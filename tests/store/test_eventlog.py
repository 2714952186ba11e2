"""The event log: what is appended reads back the same, seq and request_id are unique per room,
and folding the log rebuilds the state that produced it. SQLite keeps its durability promise."""

import json

import pytest
from sqlalchemy import text

from session.domain import commands as c
from session.domain.participants import Level
from session.domain.room import apply, decide, new_room
from session.domain.timer import Phase
from session.store import eventlog
from session.store.database import make_engine
from session.store.eventlog import VersionConflict

T0 = 1_380_800_000.123456  # 3 October 2013, with a fraction that must survive the round trip


@pytest.fixture
def engine(database_url):
    """The demo's rooms with empty logs (the seed's meetings taken out): these tests write every event."""
    engine = make_engine(database_url)
    with engine.begin() as db:
        db.execute(text("DELETE FROM event"))
    yield engine
    engine.dispose()


def put(engine, room, seq, action="close_list", data=None, at=T0, request_id=None, command="", actor="chair"):
    return eventlog.append(
        engine,
        room=room,
        seq=seq,
        action=action,
        data={} if data is None else data,
        at=at,
        actor=actor,
        request_id=request_id,
        command=command,
    )


def test_appended_events_read_back_equal_in_seq_order(engine):
    written = [
        put(
            engine,
            "rt2",
            1,
            "request_floor",
            {"participant": "CIV", "note": "Côte d’Ivoire — 日本語 ✓", "nested": {"list": [1, 2.5, None, True]}},
            at=T0,
            actor="delegate:CIV",
        ),
        put(engine, "rt2", 2, "call_next", {"entry": 1}, at=T0 + 1.5),
        put(engine, "rt2", 3, "timer_add", {"seconds": -30}, at=T0 + 2.25),
    ]
    put(engine, "rt1", 1, "close_list", {}, at=T0)  # another room's log stays apart

    events = eventlog.read_events(engine, "rt2")

    assert events == written
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].data["note"] == "Côte d’Ivoire — 日本語 ✓"
    assert events[0].at == T0 and events[1].at == T0 + 1.5
    assert events[0].actor == "delegate:CIV"
    assert [e.action for e in eventlog.read_events(engine, "rt1")] == ["close_list"]


def test_events_read_back_in_seq_order_whatever_the_order_of_writing(engine):
    put(engine, "rt2", 2, "reopen_list")
    put(engine, "rt2", 1, "close_list")
    put(engine, "rt2", 3, "close_list")
    assert [(e.seq, e.action) for e in eventlog.read_events(engine, "rt2")] == [
        (1, "close_list"),
        (2, "reopen_list"),
        (3, "close_list"),
    ]


def test_after_reads_only_the_newer_events(engine):
    for seq in range(1, 6):
        put(engine, "rt2", seq, data={"n": seq})
    assert [e.seq for e in eventlog.read_events(engine, "rt2", after=3)] == [4, 5]
    assert [e.data["n"] for e in eventlog.read_events(engine, "rt2", after=0)] == [1, 2, 3, 4, 5]
    assert eventlog.read_events(engine, "rt2", after=5) == []
    assert eventlog.read_events(engine, "rt3") == []


def test_appending_the_same_seq_twice_is_a_version_conflict(engine):
    put(engine, "rt2", 1, "close_list")
    with pytest.raises(VersionConflict):
        put(engine, "rt2", 1, "reopen_list")
    assert [e.action for e in eventlog.read_events(engine, "rt2")] == ["close_list"]
    put(engine, "rt1", 1, "reopen_list")  # the same seq in another room is that room's own
    put(engine, "rt2", 2, "reopen_list")


def test_a_request_id_lands_once_per_room(engine):
    put(engine, "rt2", 1, request_id="req-1", command='{"action": "close_list"}')
    with pytest.raises(VersionConflict):
        put(engine, "rt2", 2, "reopen_list", request_id="req-1", command='{"action": "reopen_list"}')
    assert [e.seq for e in eventlog.read_events(engine, "rt2")] == [1]

    put(engine, "rt1", 1, request_id="req-1", command='{"action": "close_list"}')  # another room: fine
    assert [e.seq for e in eventlog.read_events(engine, "rt1")] == [1]


def test_events_without_a_request_id_never_collide(engine):
    for seq in range(1, 4):
        put(engine, "rt2", seq, request_id=None)
    assert len(eventlog.read_events(engine, "rt2")) == 3


def test_find_request_says_whether_the_retry_is_the_same_command(engine):
    sent = json.dumps({"action": "request_floor", "actor": "chair", "participant": "MEX"}, sort_keys=True)
    put(engine, "rt2", 1)
    put(engine, "rt2", 2, "request_floor", request_id="abc", command=sent)

    same = eventlog.find_request(engine, "rt2", "abc", sent)
    assert same is not None and same.seq == 2 and same.same_command is True

    other = eventlog.find_request(engine, "rt2", "abc", sent.replace("MEX", "PHL"))
    assert other is not None and other.seq == 2 and other.same_command is False

    assert eventlog.find_request(engine, "rt2", "abd", sent) is None
    assert eventlog.find_request(engine, "rt1", "abc", sent) is None


def test_loading_a_room_folds_its_log_into_the_state_that_wrote_it(engine):
    meta = next(r for r in eventlog.load_rooms(engine) if r.slug == "rt2")
    directory = eventlog.load_directory(engine)
    state = new_room(meta.slug, eventlog.rules_for(meta))
    script = [
        c.RequestFloor("MEX"),
        c.RequestFloor("PHL", level=Level.MINISTER),
        c.RequestFloor("IOM"),
        c.RequestFloor("SEN", type=c.RequestType.RIGHT_OF_REPLY),
        c.CallNext(),
        c.TimerPause(),
        c.TimerResume(),
        c.TimerAdd(45),
        c.EndIntervention(),
        c.Move(entry=3, position=1),
        c.CallNext(),
        c.Remove(entry=2),
        c.ReaddLast(),
        c.RequestFloor("DEU", type=c.RequestType.POINT_OF_ORDER),
        c.CloseList(),
        c.CallNext(),  # the point of order ends IOM's turn
        c.RulePointOfOrder(entry=5, ruling="The point is well taken — règle 71."),
        c.EndIntervention(),
        c.CallNext(),
        c.TimerPause(),
    ]
    for i, command in enumerate(script):
        now = T0 + 7.25 * i
        data = decide(state, command, now=now, directory=directory)
        event = eventlog.append(
            engine,
            room=meta.slug,
            seq=state.version + 1,
            action=command.action,
            data=data,
            at=now,
            actor="chair",
            request_id=f"r{i}",
            command="",
        )
        apply(state, event)

    loaded = eventlog.load_state(engine, meta)

    assert loaded.version == state.version == len(script)
    assert loaded.queue == state.queue and [q.participant for q in loaded.queue] == ["SEN"]
    assert loaded.current == state.current and loaded.current.participant == "PHL"
    assert loaded.current_started_at == state.current_started_at
    assert loaded.timer == state.timer and loaded.timer.phase is Phase.PAUSED
    assert loaded.interventions == state.interventions
    assert [i.request.participant for i in loaded.interventions] == ["MEX", "IOM", "DEU"]
    assert loaded.interventions[0].time_limit_s == 180 + 45
    assert loaded.list_closed is True
    assert loaded.rulings == {5: "The point is well taken — règle 71."}
    assert loaded == state


def test_sqlite_connections_use_wal_and_full_sync(engine):
    """Durability: an acknowledged action survives a power loss, on every pooled connection."""
    with engine.connect() as one, engine.connect() as two:
        for connection in (one, two):
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
