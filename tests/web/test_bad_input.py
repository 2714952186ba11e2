"""Bad input on the websocket: every one is answered in words, changes nothing, and the socket stays usable."""

import json
from html import unescape

import pytest
from websockets.exceptions import ConnectionClosed

from session.domain.permissions import Role

ROOM = "rt1"


@pytest.fixture
def mexico(live):
    socket = live.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    socket.wait_for('id="my-request"')
    yield socket
    socket.close()


def refusal(socket, message) -> str:
    socket.send(message)
    frame = socket.wait_for(r'id="flash"[^>]*role="alert"')
    return frame


def still_usable(live, socket) -> None:
    socket.send(json.dumps({"action": "request_floor", "type": "question"}))
    socket.wait_for("You are number 1 in the queue")
    assert live.state(ROOM)["queue"][0]["participant"] == "MEX"


@pytest.mark.parametrize(
    "message, code, words",
    [
        ("{not json", "invalid_json", "not valid JSON"),
        ("[" * 5000, "invalid_json", "not valid JSON"),  # deeper than the decoder recurses
        ("[1, 2]", "invalid_message", "must be a JSON object"),
        ('{"type": "statement"}', "missing_action", "has no 'action'"),
        ('{"action": "dissolve_assembly"}', "unknown_action", "Unknown action 'dissolve_assembly'"),
        ('{"action": "request_floor", "type": "filibuster"}', "invalid_field", "'type' must be one of"),
        ('{"action": "withdraw", "entry": "seven"}', "invalid_field", "'entry' of 'withdraw' must be a whole number"),
        ('{"action": "call_next"}', "forbidden", "A delegate may not 'call_next'"),
        ('{"action": "request_floor", "participant": "PHL"}', "forbidden", "acts for MEX only"),
        ('{"action": "withdraw"}', "not_in_queue", "no pending request"),
    ],
)
def test_bad_messages_are_refused_in_words_and_change_nothing(live, mexico, message, code, words):
    before = live.state(ROOM)
    frame = refusal(mexico, message)
    assert f'data-code="{code}"' in frame and words in unescape(frame)
    after = live.state(ROOM)
    assert after["version"] == before["version"] and after["queue"] == before["queue"]
    still_usable(live, mexico)


def test_an_untrusted_string_is_escaped_in_the_error(mexico):
    frame = refusal(mexico, json.dumps({"action": "<script>alert(1)</script>"}))
    assert "<script>" not in frame and "&lt;script&gt;" in frame


def test_a_binary_frame_is_refused_in_words(live, mexico):
    frame = refusal(mexico, b"\x00\x01binary")
    assert 'data-code="binary_frame"' in frame
    still_usable(live, mexico)


def test_an_oversize_frame_closes_the_socket_with_a_reason(live, mexico):
    mexico.send(json.dumps({"action": "request_floor", "padding": "x" * 64_000}))
    with pytest.raises(ConnectionClosed) as closed:
        mexico.wait_for("never")
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big
    assert live.state(ROOM)["queue"] == []


def test_a_chair_view_without_a_code_is_closed_with_a_reason(live):
    socket = live.socket(ROOM, "chair")
    with pytest.raises(ConnectionClosed) as closed:
        socket.wait_for("never")
    assert closed.value.rcvd.code == 1008 and "access code" in closed.value.rcvd.reason


def test_a_delegate_code_does_not_open_the_chair_view(live):
    socket = live.socket(ROOM, "chair", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    with pytest.raises(ConnectionClosed) as closed:
        socket.wait_for("never")
    assert closed.value.rcvd.code == 1008


def test_a_code_for_another_room_does_not_open_this_one(live):
    socket = live.socket(ROOM, "chair", live.cookie(live.code("rt2", Role.CHAIR)))
    with pytest.raises(ConnectionClosed) as closed:
        socket.wait_for("never")
    assert closed.value.rcvd.code == 1008


def test_a_page_on_another_site_cannot_open_the_socket(live):
    chair_cookie = live.cookie(live.code(ROOM, Role.CHAIR))
    socket = live.socket(ROOM, "chair", chair_cookie, origin="http://evil.example")
    with pytest.raises(ConnectionClosed) as closed:
        socket.wait_for("never")
    assert closed.value.rcvd.code == 1008 and "Cross-origin" in closed.value.rcvd.reason


def test_the_gallery_may_watch_but_not_act(live):
    socket = live.socket(ROOM, "observe")
    socket.wait_for('id="current"')
    frame = refusal(socket, json.dumps({"action": "close_list"}))
    assert 'data-code="forbidden"' in frame
    assert live.state(ROOM)["list_closed"] is False


def test_an_unknown_room_is_refused_with_a_reason(live):
    socket = live.socket("rt9", "observe")
    with pytest.raises(ConnectionClosed) as closed:
        socket.wait_for("never")
    assert closed.value.rcvd.code == 1008 and "no such room" in closed.value.rcvd.reason


def test_others_are_served_while_one_client_misbehaves(live, mexico):
    gallery = live.socket(ROOM, "observe")
    gallery.wait_for('id="current"')
    for _ in range(20):
        mexico.send("{garbage")
    mexico.send(json.dumps({"action": "request_floor"}))
    gallery.wait_for("Mexico")
    gallery.close()
