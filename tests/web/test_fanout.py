"""The fan-out path: a push carries only what changed for each socket, written straight to it,
and a socket that stops reading is closed with a reason without holding anyone else up."""

import json
import socket
import time

import httpx
import pytest
from livehelpers import seated
from websockets.client import ClientProtocol
from websockets.uri import parse_uri

from session.domain.permissions import Role
from session.realtime import connection
from session.realtime.frames import FRAME_WRITER

ROOM = "rt3"


@pytest.fixture
def table(live):
    with seated(
        live,
        ROOM,
        chair=("chair", Role.CHAIR, None),
        mexico=("delegate", Role.DELEGATE, "MEX"),
        philippines=("delegate", Role.DELEGATE, "PHL"),
        gallery=("observe", None, None),
    ) as sockets:
        yield sockets


def send(sock, **command) -> None:
    sock.send(json.dumps(command))


def test_the_first_push_is_the_whole_view_with_the_delegates_own_box_and_form(live):
    phone = live.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "SEN")))
    frame = phone.wait_for(r'id="current"')
    for part in ('id="current"', 'id="queue"', 'id="ask"', 'id="my-request"', "Senegal"):
        assert part in frame
    phone.close()


def test_a_push_carries_only_the_partials_that_changed(table):
    send(table["mexico"], action="request_floor")
    table["gallery"].wait_for("Mexico")
    send(table["chair"], action="call_next")
    table["gallery"].wait_for(r'data-phase="running"')
    send(table["chair"], action="timer_pause")
    frame = table["gallery"].wait_for(r'id="current"')
    assert 'data-phase="paused"' in frame
    assert 'id="queue"' not in frame and 'id="log"' not in frame


def test_a_delegates_own_box_comes_again_only_when_what_it_says_changes(table):
    send(table["mexico"], action="request_floor")
    assert "You are number 1 in the queue" in table["mexico"].wait_for('id="my-request"')
    others = table["philippines"].wait_for("Mexico")
    assert 'id="queue"' in others and 'id="my-request"' not in others

    send(table["chair"], action="call_next")
    assert "You have the floor." in table["mexico"].wait_for('id="my-request"')
    others = table["philippines"].wait_for(r'data-phase="running"')
    assert 'id="my-request"' not in others


def test_a_waiting_delegations_box_is_not_sent_again_when_the_clock_moves_its_time_by_seconds(clocked, clock):
    """Its expected time reads to the minute: a clock paused for five seconds moves it by five
    seconds, and the box (193 of them in a plenary) is not drawn and sent again for that."""
    clock.now = 1380895200.0  # 10 a.m. in New York on 4 October 2013, when round table 3 meets
    with seated(
        clocked,
        ROOM,
        chair=("chair", Role.CHAIR, None),
        mexico=("delegate", Role.DELEGATE, "MEX"),
        philippines=("delegate", Role.DELEGATE, "PHL"),
    ) as table:
        send(table["mexico"], action="request_floor")
        table["chair"].wait_for("Mexico")
        send(table["philippines"], action="request_floor")
        waiting = table["philippines"].wait_for('id="my-request"')
        send(table["chair"], action="call_next")  # Mexico's three minutes run from 10 a.m.
        assert "expected around 10:03 a.m." in table["philippines"].wait_for('id="my-request"')
        boxes = clocked.server.config.app.state.renderer.own._personal  # (signature, text) per phone
        drawn = boxes[(ROOM, "delegate", "PHL", "en")]
        clock.advance(5)
        send(table["chair"], action="timer_pause")
        table["philippines"].wait_for(r'data-phase="paused"')
        clock.advance(5)
        send(table["chair"], action="timer_resume")  # now expected at 10:03:05
        resumed = table["philippines"].wait_for(r'data-phase="running"')
        assert 'id="my-request"' not in resumed
        assert boxes[(ROOM, "delegate", "PHL", "en")] is drawn  # not drawn again
        clock.advance(60)
        send(table["chair"], action="timer_add", seconds=60)  # 10:04:05: another minute, drawn again
        assert "expected around 10:04 a.m." in table["philippines"].wait_for('id="my-request"')
        assert "You are number 2 in the queue" in waiting


def test_the_speaker_alone_is_not_offered_an_interposed_question_to_itself(table):
    first = next(f for f in table["mexico"].frames if 'id="current"' in f)
    assert 'id="ask"' in first and 'value="interposed_question"' not in first  # no one has the floor yet
    send(table["mexico"], action="request_floor")
    table["mexico"].wait_for("You are number 1")
    send(table["chair"], action="call_next")
    listener = table["philippines"].wait_for('id="ask"')
    assert 'value="interposed_question"' in listener.split('id="ask"')[1]
    speaker = table["mexico"].wait_for("You have the floor.")
    # Nothing to ask for while it has the floor, least of all a question to itself.
    assert 'id="ask"' in speaker and "Request the floor" not in speaker
    assert 'value="interposed_question"' not in speaker


def test_every_socket_of_a_view_gets_the_same_bytes(live, table):
    """One encoding per distinct frame: observers who had the same view get the same text."""
    second = live.socket(ROOM, "observe")
    second.wait_for(r'id="current"')
    send(table["mexico"], action="request_floor")
    assert table["gallery"].wait_for("Mexico") == second.wait_for("Mexico")
    second.close()


class Stalled:
    """A websocket client that completes the handshake and then reads nothing, with a tiny window."""

    def __init__(self, url: str):
        uri = parse_uri(url)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.connect((uri.host, uri.port))
        self.protocol = ClientProtocol(uri)
        self.protocol.send_request(self.protocol.connect())
        self.sock.sendall(b"".join(self.protocol.data_to_send()))
        while self.protocol.handshake_exc is None and not self._events():
            self.protocol.receive_data(self.sock.recv(4096))

    def _events(self) -> list:
        return self.protocol.events_received()

    def read_to_the_end(self, timeout: float) -> None:
        """Read everything the server sent, until it closed the connection."""
        self.sock.settimeout(timeout)
        while data := self.sock.recv(65536):
            self.protocol.receive_data(data)
            self.sock.sendall(b"".join(self.protocol.data_to_send()))  # answer the close frame
        self.protocol.receive_eof()


def test_a_client_that_stops_reading_is_closed_with_a_reason_and_holds_no_one_up(serve, monkeypatch):
    monkeypatch.setattr(connection, "SEND_TIMEOUT_S", 1.0)
    # The chair here acts far faster than a person can, until the stalled socket's buffer is full.
    live = serve(actions_per_code_per_10_s=100_000)
    room = live.server.config.app.state.rooms.get(ROOM)
    attentive = live.socket(ROOM, "observe")
    attentive.wait_for(r'id="current"')
    before = set(room.connections)
    stalled = Stalled(f"{live.ws_base}/rooms/{ROOM}/ws?view=observe")
    wait_until(lambda: len(room.connections) == len(before) + 1)
    # A phone on bad Wi-Fi: the server's kernel holds little for it (no autotuning to megabytes)
    [server_side] = room.connections - before
    server_side.websocket.scope["extensions"][FRAME_WRITER].transport.get_extra_info("socket").setsockopt(
        socket.SOL_SOCKET, socket.SO_SNDBUF, 4096
    )
    chair = live.code(ROOM, Role.CHAIR)
    with httpx.Client(base_url=live.base_url, headers={"Authorization": f"Bearer {chair}"}) as http:

        def command(**fields) -> None:
            response = http.post(f"/api/rooms/{ROOM}/commands", json=fields)
            assert response.status_code == 200, response.text

        deadline = time.monotonic() + 60
        while len(room.connections) > len(before) and time.monotonic() < deadline:  # the record grows each turn
            command(action="request_floor", participant="MEX", type="statement")
            command(action="call_next")
            command(action="end_intervention")
        started = time.monotonic()
        command(action="request_floor", participant="PHL", type="statement")
    attentive.wait_for("Philippines", timeout=10)  # the attentive observer is still served at once
    assert time.monotonic() - started < 1.0
    assert room.connections == before, "the stalled client was never let go"
    attentive.close()

    stalled.read_to_the_end(timeout=10)
    stalled.sock.close()
    assert stalled.protocol.close_rcvd is not None, "closed without a close frame"
    assert stalled.protocol.close_rcvd.code == connection.TRY_AGAIN_LATER
    assert stalled.protocol.close_rcvd.reason == "Too far behind; reconnect for the current view."


def wait_until(check, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_chairs_list_of_participants_is_sent_again_only_when_a_walk_in_is_added(table):
    send(table["chair"], action="timer_add", seconds=30)  # refused: no one speaks; nothing to push
    send(table["mexico"], action="request_floor")
    frame = table["chair"].wait_for("Mexico")
    assert 'id="participants"' not in frame
    send(table["chair"], action="add_participant", id="FISHERS", name="Coastal Fishers Union", category="ngo")
    frame = table["chair"].wait_for('id="participants"')
    assert '<option value="FISHERS">Coastal Fishers Union</option>' in frame
