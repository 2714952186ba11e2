"""Durability end to end: `session serve` in its own process, killed with SIGKILL mid-meeting.

The README promises that an acknowledged action survives a crash of the server, even `kill -9`,
and that after a restart the queue, the speaker, the finished interventions and the running timer
are exactly as before. These tests start the real command (`python -m session serve`) on a file
database, drive a round table through websockets and the JSON API, kill the process without any
chance to clean up, start it again on the same database and port, and compare.

An action counts as acknowledged when its answer reached the client: an HTTP 200 from the JSON
API, or, for a delegate's websocket, the pushed new state ("You are number N in the queue").
"""

import asyncio
import json
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from livehelpers import Socket, open_socket, seeded

from session import data
from session.bench.server import ServerProcess, free_port
from session.domain.permissions import Role
from session.store import access
from session.store.database import make_engine, migrate
from session.store.eventlog import read_events
from session.store.seed import seed_reference_data

ROOM = "rt2"
EXIT_TIMEOUT_S = 10
WAIT_S = 5  # any single answer or push
# The timer fields that depend on when the state is read; everything else must survive unchanged.
CLOCK_FIELDS = {"elapsed_s", "remaining_s", "remaining_ms", "face", "warning", "overrun", "server_now"}


# --- the server as a separate process -----------------------------------------------------------


@dataclass
class Deployment:
    """One database and port; `session serve` started on it, killed, and started again."""

    workdir: Path
    port: int
    database_url: str
    codes: dict[str, str] = field(default_factory=dict)
    servers: list[ServerProcess] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    @property
    def process(self) -> subprocess.Popen:
        return self.servers[-1].process

    def start(self) -> None:
        """Start `session serve` and wait until it answers `/`."""
        with self.log_path.open("ab") as log:
            log.write(f"--- start #{len(self.servers) + 1}\n".encode())
        self.servers.append(
            ServerProcess.serve(
                "--database-url", self.database_url, port=self.port, log_path=self.log_path, cwd=self.workdir
            )
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush, no goodbye to the sockets."""
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(timeout=EXIT_TIMEOUT_S) == -signal.SIGKILL

    def stop_all(self) -> None:
        for server in self.servers:
            server.stop(timeout=EXIT_TIMEOUT_S)

    # --- clients ---

    def api(self, code: str, **command) -> httpx.Response:
        return httpx.post(
            f"{self.base_url}/api/rooms/{ROOM}/commands",
            json=command,
            headers={"Authorization": f"Bearer {code}"},
            timeout=WAIT_S,
        )

    def acknowledged(self, code: str, **command) -> int:
        """Send a command that must be accepted; the version it produced."""
        response = self.api(code, **command)
        assert response.status_code == 200, (command, response.text)
        body = response.json()
        assert body["duplicate"] is False, (command, body)
        return body["version"]

    def state(self) -> dict:
        response = httpx.get(f"{self.base_url}/api/rooms/{ROOM}/state", timeout=WAIT_S)
        assert response.status_code == 200, response.text
        return response.json()

    def cookie(self, code: str) -> str:
        """Join with a code like a phone scanning its QR code and tapping "Join"; the session cookie."""
        with httpx.Client(base_url=self.base_url, timeout=WAIT_S) as client:
            page = client.get(f"/join/{code}")
            assert page.status_code == 200, page.text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            response = client.post("/join", data={"code": code, "csrf_token": token})
            assert response.status_code == 303, response.text
            return f"session={client.cookies['session']}"

    def socket(self, view: str, cookie: str) -> Socket:
        return open_socket(f"ws://127.0.0.1:{self.port}/rooms/{ROOM}/ws?view={view}", cookie)


@pytest.fixture
def deployment(tmp_path):
    url = f"sqlite:///{tmp_path / 'session.db'}"
    engine = make_engine(url)
    try:
        migrate(engine)
        seed_reference_data(engine)
        codes = {"chair": access.mint(engine, role=Role.CHAIR, room=ROOM, label="Co-chair 1")}
        for pid in ("MEX", "PHL", "IOM", "SEN"):
            codes[pid] = access.mint(engine, role=Role.DELEGATE, room=ROOM, participant=pid, label=pid)
    finally:
        engine.dispose()
    deployment = Deployment(workdir=tmp_path, port=free_port(), database_url=url, codes=codes)
    try:
        yield deployment
    finally:
        deployment.stop_all()


@pytest.fixture
def phones():
    """Websockets opened by a test, closed whatever happens."""
    opened: list[Socket] = []
    yield opened
    for phone in opened:
        phone.close()


def events_in_log(database_url: str) -> list[int]:
    engine = make_engine(database_url)
    try:
        return [event.seq for event in read_events(engine, ROOM)]
    finally:
        engine.dispose()


def without_clock(state: dict) -> dict:
    return state | {"timer": {k: v for k, v in state["timer"].items() if k not in CLOCK_FIELDS}}


# --- a round table killed mid-meeting -------------------------------------------------------------


def test_a_killed_server_restarts_with_every_acknowledged_action_and_the_running_timer(deployment, phones):
    deployment.start()
    codes = deployment.codes
    chair = codes["chair"]
    mexico = deployment.socket("delegate", deployment.cookie(codes["MEX"]))
    philippines_cookie = deployment.cookie(codes["PHL"])
    philippines = deployment.socket("delegate", philippines_cookie)
    phones += [mexico, philippines]
    for phone in phones:
        phone.wait_for(r'id="current"')  # the first push is the whole current view

    # Requests for the floor, from phones and from integrations.
    mexico.send(json.dumps(dict(action="request_floor", type="statement", request_id="mex-1")))
    mexico.wait_for(r"You are number 1 in the queue")
    deployment.acknowledged(codes["IOM"], action="request_floor", type="question", request_id="iom-1")
    philippines.send(json.dumps(dict(action="request_floor", type="statement", request_id="phl-1")))
    philippines.wait_for(r"You are number 3 in the queue")
    deployment.acknowledged(
        codes["SEN"], action="request_floor", participant="SEN", type="statement", request_id="sen-1"
    )
    deployment.acknowledged(
        chair, action="request_floor", participant="DEU", type="statement", request_id="deu-1"
    )  # the chair inscribes a delegation without a code

    # Two interventions heard to the end: Mexico with added time, IOM with a pause.
    deployment.acknowledged(chair, action="call_next", request_id="c-1")
    deployment.acknowledged(chair, action="timer_add", seconds=30, request_id="c-2")
    deployment.acknowledged(chair, action="end_intervention", request_id="c-3")
    deployment.acknowledged(chair, action="call_next", request_id="c-4")
    deployment.acknowledged(chair, action="timer_pause", request_id="c-5")
    deployment.acknowledged(chair, action="timer_resume", request_id="c-6")
    deployment.acknowledged(chair, action="end_intervention", request_id="c-7")

    # Germany moved to the head of the list and called; its timer runs, with a minute added.
    germany = next(e["entry"] for e in deployment.state()["queue"] if e["participant"] == "DEU")
    deployment.acknowledged(chair, action="move", entry=germany, position=1, request_id="c-8")
    deployment.acknowledged(chair, action="call_next", request_id="c-9")
    deployment.acknowledged(chair, action="timer_add", seconds=60, request_id="c-10")
    last = deployment.acknowledged(chair, action="close_list", request_id="c-11")
    philippines.wait_for(r"You are number 1 in the queue")

    sent_before = time.monotonic()
    before = deployment.state()
    read_before = time.monotonic()
    deployment.kill()
    assert before["version"] == last == seeded(ROOM) + 16
    assert [(e["participant"], e["type"]) for e in before["queue"]] == [("PHL", "statement"), ("SEN", "statement")]
    assert before["current"]["participant"] == "DEU" and before["timer"]["phase"] == "running"
    assert [i["participant"] for i in before["interventions"]] == ["MEX", "IOM"]

    deployment.start()
    sent_after = time.monotonic()
    after = deployment.state()
    received_after = time.monotonic()

    assert after["version"] == before["version"]
    assert after["queue"] == before["queue"]  # entries, participants, types, positions, request times
    assert after["current"] == before["current"]
    assert after["list_closed"] is True
    assert after["interventions"] == before["interventions"]  # numbers, participants, durations
    assert after["timer"]["phase"] == "running"
    assert after["timer"]["limit_s"] == before["timer"]["limit_s"] == 180 + 60
    assert after["timer"]["deadline"] == before["timer"]["deadline"]
    assert without_clock(after) == without_clock(before)

    # The clock kept running through the crash: it grew by the time between the two reads. The
    # server read its clock somewhere inside each request, so the growth lies between the gap
    # separating the two requests and the span covering both (slack: rounding, wall vs monotonic).
    grown = after["timer"]["elapsed_s"] - before["timer"]["elapsed_s"]
    shortest, longest = sent_after - read_before, received_after - sent_before
    assert shortest - 0.25 <= grown <= longest + 0.25, (grown, shortest, longest)

    # A phone reconnecting after the restart keeps its sign-in and sees its place at once;
    # resending its request (the same request_id) is applied once, not refused by the closed list.
    philippines.close()
    phones.remove(philippines)
    again = deployment.socket("delegate", philippines_cookie)
    phones.append(again)
    again.wait_for(r"You are number 1 in the queue")
    again.send(json.dumps(dict(action="request_floor", type="statement", request_id="phl-1")))
    flash = again.wait_for(r'id="flash"')
    assert 'data-code=""' in flash, flash
    assert deployment.state()["version"] == before["version"]
    assert events_in_log(deployment.database_url) == list(range(1, before["version"] + 1))  # the seed's too


# --- a burst of commands in flight when the server dies ----------------------------------------------

BURST = 20
KILL_AFTER = 5  # acknowledgements received before the kill; the rest of the burst is in flight


def test_every_command_acknowledged_before_a_kill_is_in_the_log_without_gaps(deployment):
    deployment.start()
    chair = deployment.codes["chair"]
    states = sorted(p.id for p in data.participants() if p.category == "member_state")[:BURST]
    commands = [
        {"action": "request_floor", "participant": pid, "type": "statement", "request_id": f"burst-{n}"}
        for n, pid in enumerate(states)
    ]
    acknowledged: list[tuple[dict, int]] = []
    refused: list[str] = []
    enough = threading.Event()

    async def send(client: httpx.AsyncClient, command: dict) -> None:
        try:
            response = await client.post(f"/api/rooms/{ROOM}/commands", json=command)
        except httpx.TransportError:
            return  # the server died under this one: not acknowledged
        if response.status_code != 200:
            refused.append(response.text)
            return
        acknowledged.append((command, response.json()["version"]))
        if len(acknowledged) >= KILL_AFTER:
            enough.set()

    async def send_all() -> None:
        async with httpx.AsyncClient(
            base_url=deployment.base_url, timeout=WAIT_S, headers={"Authorization": f"Bearer {chair}"}
        ) as client:
            await asyncio.gather(*(send(client, command) for command in commands))

    def burst() -> None:  # all twenty at once, from one thread: the server takes them one by one
        try:
            asyncio.run(send_all())
        finally:
            enough.set()  # if the whole burst went through, the check below says the kill came too late

    sender = threading.Thread(target=burst, daemon=True)
    sender.start()
    try:
        assert enough.wait(timeout=WAIT_S * 4), "the burst did not get going"
        deployment.kill()
    finally:
        sender.join(timeout=WAIT_S * 2)
    assert not sender.is_alive()
    assert refused == []
    # Commands that arrive together are committed together, so the kill may come after the whole
    # burst was acknowledged; either way, what was acknowledged must survive.
    assert len(acknowledged) >= KILL_AFTER, "the kill came before the burst got going"

    deployment.start()
    state = deployment.state()

    # Every acknowledged command is in the log, at the version it was acknowledged with.
    for command, version in acknowledged:
        response = deployment.api(chair, **command)
        assert response.status_code == 200, response.text
        assert response.json() == {"room": ROOM, "version": version, "duplicate": True}, command

    # No gaps: the versions are 1..N and N is the state's version. Each request went to the end of
    # the list as it was committed, so version v put its participant at place v. Commands committed
    # as the server died may be there too, unacknowledged, but nothing that was never sent.
    assert events_in_log(deployment.database_url) == list(range(1, state["version"] + 1))
    queued = [e["participant"] for e in state["queue"]]
    assert state["version"] - seeded(ROOM) == len(queued) >= len(acknowledged)
    for command, version in acknowledged:
        assert queued[version - seeded(ROOM) - 1] == command["participant"], (version, command)
    assert len(set(queued)) == len(queued) and set(queued) <= set(states)
