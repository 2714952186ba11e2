"""The websocket's Origin, to the scheme: a page must come from this very origin (scheme, host and
port), or from a configured public origin; and a socket that carries the session cookie without
any Origin is not a browser's and is refused, since browsers always send one."""

import json
from urllib.parse import urlsplit

import pytest
from livehelpers import root_start_server
from websockets.exceptions import ConnectionClosed

from session.domain.permissions import Role

ROOM = "rt4"
CROSS_ORIGIN = "Cross-origin connection refused."
NO_ORIGIN = "Connection without an Origin refused: a browser always sends one with its cookie."
PUBLIC = "https://session.example.org"


def host_of(live) -> str:
    return urlsplit(live.base_url).netloc


@pytest.mark.parametrize("view, role", [("chair", Role.CHAIR), ("observe", None)])
def test_an_https_page_does_not_drive_an_http_servers_room(live, attack, view, role):
    """Same host and port, another scheme: another origin (a page of the TLS site, a downgrade)."""
    watcher = attack.gallery(ROOM)
    cookie = live.cookie(live.code(ROOM, role)) if role else None
    before = attack.snapshot(ROOM)
    socket = attack.socket(ROOM, view, cookie, origin=f"https://{host_of(live)}")
    attack.try_send(socket, json.dumps({"action": "close_list"}))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == CROSS_ORIGIN
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize(
    "view, role, participant",
    [
        ("chair", Role.CHAIR, None),
        ("delegate", Role.DELEGATE, "MEX"),
        ("observe", Role.CHAIR, None),
    ],
    ids=["chair", "delegate", "public view with a cookie"],
)
def test_a_cookie_without_an_origin_is_refused(live, attack, view, role, participant):
    watcher = attack.gallery(ROOM)
    cookie = live.cookie(live.code(ROOM, role, participant))
    before = attack.snapshot(ROOM)
    socket = attack.socket(ROOM, view, cookie, origin=None)
    attack.try_send(socket, json.dumps({"action": "request_floor", "type": "point_of_order"}))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == NO_ORIGIN
    assert not any('id="current"' in frame for frame in socket.frames)
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_without_a_cookie_and_without_an_origin_the_public_views_are_served(live, attack):
    for view in ("observe", "screen"):
        attack.socket(ROOM, view, origin=None).wait_for('id="current"')


@pytest.fixture
def behind_a_proxy(request, database_url):
    """A server that knows its public origin (TLS ends at the proxy in front of it)."""
    server = root_start_server(request.config)(
        database_url, public_origins=f"{PUBLIC}, https://backup.example.org:8443"
    )
    yield server
    server.stop()


@pytest.mark.parametrize("origin", [PUBLIC, PUBLIC.upper() + "/", "https://backup.example.org:8443"])
def test_a_configured_public_origin_is_accepted(behind_a_proxy, origin):
    live = behind_a_proxy
    tablet = live.socket(ROOM, "chair", live.cookie(live.code(ROOM, Role.CHAIR)), origin=origin)
    try:
        tablet.wait_for('id="current"')
        tablet.send(json.dumps({"action": "close_list"}))
        tablet.wait_for("The list of speakers is closed.")
    finally:
        tablet.close()
    assert live.state(ROOM)["list_closed"] is True


@pytest.mark.parametrize(
    "origin",
    [
        "http://session.example.org",  # the public host, without TLS
        "https://session.example.org:8443",  # the public host, another port
        "https://backup.example.org",  # the other public host, its default port, not the configured one
        "https://evil.example",
        "http://{host}",  # the server's own address: only the configured origins count once there are some
    ],
)
def test_only_the_configured_origins_are_accepted_once_there_are_some(behind_a_proxy, origin):
    live = behind_a_proxy
    socket = live.socket(ROOM, "observe", origin=origin.format(host=host_of(live)))
    try:
        with pytest.raises(ConnectionClosed) as closed:
            socket.wait_for(r"(?!)")
        assert closed.value.rcvd.code == 1008 and closed.value.rcvd.reason == CROSS_ORIGIN
    finally:
        socket.close()


@pytest.fixture
def over_tls(request, database_url):
    """A server told it is reached over https (`https_only`), tested here on its plain port."""
    server = root_start_server(request.config)(database_url, https_only=True)
    yield server
    server.stop()


def test_a_server_behind_tls_takes_its_own_https_origin_and_refuses_http(over_tls):
    live = over_tls
    good = live.socket(ROOM, "observe", origin=f"https://{host_of(live)}")
    bad = live.socket(ROOM, "observe", origin=f"http://{host_of(live)}")
    try:
        good.wait_for('id="current"')
        with pytest.raises(ConnectionClosed) as closed:
            bad.wait_for(r"(?!)")
        assert closed.value.rcvd.code == 1008 and closed.value.rcvd.reason == CROSS_ORIGIN
    finally:
        good.close()
        bad.close()
