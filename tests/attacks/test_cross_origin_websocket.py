"""Cross-site websocket hijacking: a page on another origin opens the room's socket with the
victim's cookie. The server checks `Origin` before anything runs and closes with a reason."""

import contextlib
import json
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from session.domain.permissions import Role

ROOM = "rt2"
CROSS_ORIGIN = "Cross-origin connection refused."


ORIGINS = {  # {host} is the server's 127.0.0.1:PORT
    "another site": "http://evil.example",
    "another site, same port": "http://evil.example:{port}",
    "null (sandboxed iframe, file://)": "null",
    "same host, another port": "http://{ip}:{next_port}",
    "same host, default port": "http://{ip}",
    "lookalike subdomain": "http://{ip}.evil.example:{port}",
    "lookalike prefix": "http://evil{ip}:{port}",
    "localhost for 127.0.0.1": "http://localhost:{port}",
    "userinfo trick": "http://{host}@evil.example",
    "empty": "",
}


def origin(live, kind: str) -> str:
    host = urlsplit(live.base_url).netloc
    ip, port = host.split(":")
    return ORIGINS[kind].format(host=host, ip=ip, port=port, next_port=int(port) + 1)


@pytest.mark.parametrize("kind", list(ORIGINS))
@pytest.mark.parametrize(
    "role, participant, view, command",
    [
        (Role.CHAIR, None, "chair", {"action": "close_list"}),
        (Role.DELEGATE, "MEX", "delegate", {"action": "request_floor", "type": "point_of_order"}),
    ],
    ids=["chair", "delegate"],
)
def test_a_socket_from_another_origin_is_closed_before_any_command(
    live, attack, kind, role, participant, view, command
):
    watcher = attack.gallery(ROOM)
    cookie = live.cookie(live.code(ROOM, role, participant))  # the victim's cookie rides along
    before = attack.snapshot(ROOM)
    socket = attack.socket(ROOM, view, cookie, origin=origin(live, kind))
    attack.try_send(socket, json.dumps(command))
    attack.try_send(socket, json.dumps(command | {"request_id": "again"}))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == CROSS_ORIGIN
    assert not any('id="current"' in frame for frame in socket.frames), "nothing of the room is sent"
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("kind", ["another site", "null (sandboxed iframe, file://)"])
def test_the_public_gallery_is_not_served_cross_origin_either(live, attack, kind):
    watcher = attack.gallery(ROOM)
    socket = attack.socket(ROOM, "observe", origin=origin(live, kind))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == CROSS_ORIGIN
    attack.still_served(ROOM, watcher)


def test_an_origin_header_added_by_hand_is_checked_too(live, attack):
    """The same check however the header is set (here among a raw client's extra headers)."""
    watcher = attack.gallery(ROOM)
    cookie = live.cookie(live.code(ROOM, Role.CHAIR))
    before = attack.snapshot(ROOM)
    headers = {"Cookie": cookie, "Origin": "https://evil.example"}
    with connect(
        f"{live.ws_base}/rooms/{ROOM}/ws?view=chair", additional_headers=headers, compression=None, open_timeout=5
    ) as ws:
        with contextlib.suppress(ConnectionClosed):
            ws.send(json.dumps({"action": "close_list"}))
        with pytest.raises(ConnectionClosed) as info:
            for _ in range(50):  # bounded: the close comes at once
                ws.recv(timeout=5)
    assert info.value.rcvd.code == attack.POLICY_VIOLATION and info.value.rcvd.reason == CROSS_ORIGIN
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("spelling", ["as sent by a browser", "upper case"])
def test_the_same_origin_works(live, attack, spelling):
    watcher = attack.gallery(ROOM)
    own = live.base_url if spelling == "as sent by a browser" else live.base_url.upper()
    tablet = attack.socket(ROOM, "chair", live.cookie(live.code(ROOM, Role.CHAIR)), origin=own)
    tablet.wait_for('id="current"')
    attack.chair_still_acts(tablet)
    watcher.wait_for("The list of speakers is closed.")
    assert live.state(ROOM)["list_closed"] is True


def test_a_client_that_is_not_a_browser_sends_no_origin_and_may_only_watch(live, attack):
    """No Origin: not a browser, so it has no business carrying a browser's session cookie; it may
    watch the public views, and a view that needs a code stays closed to it."""
    watcher = attack.gallery(ROOM)
    anonymous = attack.socket(ROOM, "chair", origin=None)
    close = attack.closed(anonymous)
    assert close.code == attack.POLICY_VIOLATION and close.reason == "This view needs an access code."
    for view in ("observe", "screen"):
        attack.socket(ROOM, view, origin=None).wait_for('id="current"')
    tablet = attack.socket(ROOM, "chair", live.cookie(live.code(ROOM, Role.CHAIR)))  # its page's Origin
    tablet.wait_for('id="current"')
    attack.chair_still_acts(tablet)
    watcher.wait_for("The list of speakers is closed.")
