"""Connection exhaustion: one anonymous client opened 1,500 gallery sockets in 1.4 s. Open sockets
are capped per client address and per access code (small caps here, to stay quick); a socket over
a cap is closed with 1008 and says which cap, and a seat is given back however a socket ends."""

import contextlib
import json
import time

import pytest
from livehelpers import open_socket, root_start_server
from websockets.exceptions import ConnectionClosed

from session import bench
from session.bench.meeting import server_env
from session.domain.permissions import Role
from session.settings import Settings

ROOM = "plenary"
PER_ADDRESS = 4
PER_CODE = 2
ADDRESS_FULL = f"Too many open connections from this address ({PER_ADDRESS}); close some and try again."
CODE_FULL = (
    f"This access code already has {PER_CODE} open connections; close one (another tab or device) and try again."
)


@pytest.fixture
def live(request, database_url):
    """This module's server, with small caps (the `attack` helper works on it as on any other)."""
    server = root_start_server(request.config)(
        database_url, max_sockets_per_address=PER_ADDRESS, max_sockets_per_code=PER_CODE
    )
    yield server
    server.stop()


def served(socket) -> None:
    socket.wait_for('id="current"')


def refused_with(attack, socket, reason: str) -> None:
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == reason
    assert not any('id="current"' in frame for frame in socket.frames), "nothing of the room is sent"


def eventually_served(attack, view: str = "observe", cookie: str | None = None, **kwargs):
    """A socket opened once a seat is free again: the server gives it back when it sees the end,
    a moment after the client's side of it (bounded; no speed is asserted)."""
    deadline = time.monotonic() + 10
    while True:
        socket = attack.socket(ROOM, view, cookie, **kwargs)
        try:
            socket.wait_for('id="current"')
            return socket
        except ConnectionClosed as closed:
            assert closed.rcvd is not None and closed.rcvd.reason in (ADDRESS_FULL, CODE_FULL), closed
            assert time.monotonic() < deadline, "the seat was never given back"
            time.sleep(0.05)


def fill(attack, count: int) -> list:
    sockets = [attack.socket(ROOM, "observe") for _ in range(count)]
    for socket in sockets:
        served(socket)
    return sockets


def test_one_address_opens_at_most_its_cap_of_sockets(attack):
    held = fill(attack, PER_ADDRESS)
    for _ in range(20):
        refused_with(attack, attack.socket(ROOM, "observe"), ADDRESS_FULL)
    attack.still_served(ROOM, held[0])  # those already open are served as before
    held[1].close()
    eventually_served(attack)


def test_another_address_is_not_held_back_by_a_full_one(attack):
    """A hall behind one NAT fills its own cap, not everyone's (127.0.0.2 is another loopback address)."""
    fill(attack, PER_ADDRESS)
    refused_with(attack, attack.socket(ROOM, "observe"), ADDRESS_FULL)
    other = open_socket(f"{attack.live.ws_base}/rooms/{ROOM}/ws?view=observe", source_address=("127.0.0.2", 0))
    attack._opened.append(other)
    served(other)


def test_one_code_opens_at_most_its_cap_of_sockets_where_it_acts(live, attack):
    phone = live.cookie(live.code(ROOM, Role.DELEGATE, "MEX"))
    for _ in range(PER_CODE):
        served(attack.socket(ROOM, "delegate", phone))
    over = attack.socket(ROOM, "delegate", phone)
    refused_with(attack, over, CODE_FULL)
    # The same cookie may still watch the public gallery (an observer code is shared by a hall),
    # and another delegation's code has its own cap.
    served(attack.socket(ROOM, "observe", phone))
    served(attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "PHL"))))


def test_a_refused_socket_holds_no_seat(attack):
    held = fill(attack, PER_ADDRESS)
    for _ in range(10):
        refused_with(attack, attack.socket(ROOM, "observe"), ADDRESS_FULL)
        refused_with(
            attack, attack.socket(ROOM, "observe", origin="http://evil.example"), "Cross-origin connection refused."
        )
    held[0].close()
    eventually_served(attack)


def _client_closes(attack, socket) -> None:
    socket.close()


def _connection_drops(attack, socket) -> None:
    """The phone leaves the hall's wifi: no close frame, the TCP connection just ends."""
    socket.ws.socket.close()


def _server_closes_a_flood(attack, socket) -> None:
    attack.burst(socket, [json.dumps({"action": "close_list"})] * 60)
    assert attack.closed(socket).reason == "Too many messages; slow down and reconnect."


def _code_is_revoked(attack, socket) -> None:
    attack.revoke(attack.revoked_code)
    attack.try_send(socket, json.dumps({"action": "request_floor"}))
    assert attack.closed(socket).reason == "This access code has been revoked."


@pytest.mark.parametrize(
    "ending",
    [_client_closes, _connection_drops, _server_closes_a_flood, _code_is_revoked],
    ids=["client closes", "connection drops", "server closes a flood", "code revoked"],
)
def test_a_seat_is_given_back_however_the_socket_ends(live, attack, ending):
    attack.revoked_code = live.code(ROOM, Role.DELEGATE, "SEN")
    phone = live.cookie(attack.revoked_code)
    ending_socket, other = attack.socket(ROOM, "delegate", phone), attack.socket(ROOM, "delegate", phone)
    served(ending_socket)
    served(other)
    fill(attack, PER_ADDRESS - 2)
    refused_with(attack, attack.socket(ROOM, "observe"), ADDRESS_FULL)
    refused_with(attack, attack.socket(ROOM, "delegate", phone), ADDRESS_FULL)
    with contextlib.suppress(ConnectionClosed):
        ending(attack, ending_socket)
    if ending is _code_is_revoked:
        eventually_served(attack)  # the address's seat is back (the code opens nothing any more)
    else:
        eventually_served(attack, "delegate", phone)  # both the address's seat and the code's


def test_the_bench_gives_its_server_a_per_address_cap_that_fits_every_client(monkeypatch):
    """`session bench` connects its 2,000 clients from 127.0.0.1, like a hall behind one NAT."""
    for name, value in server_env(bench.DEFAULT_CLIENTS).items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env().max_sockets_per_address >= bench.DEFAULT_CLIENTS


def test_the_bench_gives_a_worker_of_10000_sockets_room_for_http_beside_them(monkeypatch):
    """Beyond 4,000 sockets a worker answers HTTP with 503 unless its concurrency limit is raised:
    the 10,000-client run's state requests must still be served."""
    for name, value in server_env(10_000).items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env().limit_concurrency > 10_000
