"""Several workers on PostgreSQL, hearing each other through Redis or LISTEN/NOTIFY."""

import json
import threading
import time

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from livehelpers import open_socket, seeded
from sqlmodel import SQLModel

from session.cli import prepare_database
from session.domain.permissions import Role
from session.settings import Settings
from session.store import access, eventlog
from session.store.database import make_engine, migrate

ROOM = "rt1"
DELEGATIONS = ["MEX", "PHL", "SEN", "DEU", "BRA", "CHN", "EGY", "IOM", "MFA", "EU"]


def test_the_same_migrations_build_the_same_schema_on_postgresql(postgres_url):
    engine = make_engine(postgres_url)
    migrate(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    engine.dispose()


class Meeting:
    """One database, its codes, and helpers to act on any of the servers."""

    def __init__(self, database_url: str):
        engine = prepare_database(Settings(database_url=database_url))
        self.chair = access.mint(engine, role=Role.CHAIR, room=ROOM)
        self.delegates = {p: access.mint(engine, role=Role.DELEGATE, room=ROOM, participant=p) for p in DELEGATIONS}
        self.engine = engine

    @staticmethod
    def cookie(server, code: str) -> str:
        """Open the code's link and tap "Join" on its confirmation, as a phone does; the session cookie."""
        with httpx.Client(base_url=server.base_url) as client:
            page = client.get(f"/join/{code}")
            token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            assert client.post("/join", data={"code": code, "csrf_token": token}).status_code == 303
            return f"session={client.cookies['session']}"

    def socket(self, server, view: str, code: str | None = None):
        ws = server.base_url.replace("http", "ws")
        socket = open_socket(f"{ws}/rooms/{ROOM}/ws?view={view}", self.cookie(server, code) if code else None)
        socket.wait_for('id="current"')
        return socket

    def api(self, server, **command) -> httpx.Response:
        return httpx.post(
            f"{server.base_url}/api/rooms/{ROOM}/commands",
            json=command,
            headers={"Authorization": f"Bearer {self.chair}"},
        )

    @staticmethod
    def state(server) -> dict:
        return httpx.get(f"{server.base_url}/api/rooms/{ROOM}/state").json()


def state_at(server, version: int, timeout: float = 10.0) -> dict:
    """The room's state as `server` answers it, once it has reached `version` (counted from the
    fresh room's: the seed's events come first). A worker's copy may
    lag the log for up to its version check (its notification may be late or lost): reading it
    straight after an action on another worker is a race, not a test."""
    version += seeded(ROOM)
    deadline = time.monotonic() + timeout
    while True:
        state = Meeting.state(server)
        if state["version"] >= version:
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"{server.base_url} is still at version {state['version']}, not {version}")
        time.sleep(0.05)


@pytest.fixture(params=["redis", "postgres"])
def pair(request, postgres_url, redis_url, start_server):
    """Two server processes on one PostgreSQL database, each on its own port."""
    broadcast = redis_url if request.param == "redis" else postgres_url
    meeting = Meeting(postgres_url)
    yield meeting, start_server(postgres_url, broadcast), start_server(postgres_url, broadcast)
    meeting.engine.dispose()


def test_an_action_on_either_server_reaches_clients_on_both(pair):
    meeting, left, right = pair
    chair = meeting.socket(left, "chair", meeting.chair)
    mexico = meeting.socket(right, "delegate", meeting.delegates["MEX"])
    gallery = meeting.socket(right, "observe")
    mexico.send(json.dumps({"action": "request_floor", "request_id": "mex-1"}))
    chair.wait_for("Mexico")  # right → left
    chair.send(json.dumps({"action": "call_next"}))
    frame = gallery.wait_for(r'data-phase="running"')  # left → right
    assert "Mexico" in frame.split('id="current"')[1].split("</section>")[0]
    mexico.wait_for("You have the floor.")
    for socket in (chair, mexico, gallery):
        socket.close()


def test_requests_from_both_sides_at_once_all_land_in_one_order_seen_everywhere(pair):
    meeting, left, right = pair
    phones = [
        meeting.socket(left if i % 2 else right, "delegate", meeting.delegates[p]) for i, p in enumerate(DELEGATIONS)
    ]
    watchers = [meeting.socket(left, "observe"), meeting.socket(right, "observe")]
    barrier = threading.Barrier(len(phones))

    def ask(phone, n):
        barrier.wait()
        phone.send(json.dumps({"action": "request_floor", "request_id": f"burst-{n}"}))

    threads = [threading.Thread(target=ask, args=(p, n)) for n, p in enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for watcher in watchers:
        watcher.wait_for(rf'List of speakers <span class="count">\({len(DELEGATIONS)}\)', timeout=10)
    states = [meeting.state(left), meeting.state(right)]
    orders = [[q["participant"] for q in s["queue"]] for s in states]
    assert sorted(orders[0]) == sorted(DELEGATIONS)  # all landed, none twice
    assert orders[0] == orders[1] and states[0]["version"] == states[1]["version"] == seeded(ROOM) + len(DELEGATIONS)
    last = [w.frames[-1] for w in watchers]
    assert last[0].split('id="queue"')[1] == last[1].split('id="queue"')[1]  # the same list on every screen
    for socket in phones + watchers:
        socket.close()


def test_a_lost_notification_is_healed_by_the_version_check(pair):
    meeting, left, right = pair
    gallery = meeting.socket(right, "observe")
    # An event written without any notification, as if the message had been lost on the way.
    eventlog.append(
        meeting.engine,
        room=ROOM,
        seq=seeded(ROOM) + 1,
        action="close_list",
        data={},
        at=0.0,
        actor="chair",
        request_id=None,
        command="{}",
    )
    gallery.wait_for("The list of speakers is closed.", timeout=10)
    assert state_at(left, 1)["list_closed"] is True
    gallery.close()


def test_several_workers_behind_one_port(postgres_url, redis_url, start_server):
    meeting = Meeting(postgres_url)
    server = start_server(postgres_url, redis_url, workers=2)
    # Each connection lands on whichever worker accepts it; all must see every action. Each call
    # too: `call_next` may land on a worker that has not heard of the two requests yet, and must
    # still find them (it reads the log in its own transaction).
    watchers = [meeting.socket(server, "observe") for _ in range(8)]
    for participant in ("MEX", "PHL"):
        response = meeting.api(server, action="request_floor", participant=participant)
        assert response.status_code == 200, response.text
    response = meeting.api(server, action="call_next")
    assert response.status_code == 200, response.text
    for watcher in watchers:
        watcher.wait_for(r'data-phase="running"', timeout=10)
    assert state_at(server, 3)["current"]["participant"] == "MEX"
    for watcher in watchers:
        watcher.close()
    meeting.engine.dispose()
