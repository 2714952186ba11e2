"""Oversize payloads: a websocket message over 16 KiB is closed with 1009 (message too big);
an API body over 8 KiB is answered 413. Nothing is applied, and everyone else is served."""

import json

import httpx
import pytest

from session.cli import MAX_MESSAGE_BYTES
from session.domain.permissions import Role
from session.web.api import MAX_BODY_BYTES

ROOM = "rt1"


def padded(command: dict, size: int) -> str:
    """`command` as JSON of exactly `size` bytes, the excess in an ignored field."""
    text = json.dumps(command | {"padding": ""})
    return json.dumps(command | {"padding": "x" * (size - len(text))})


def test_the_limits_are_what_the_readme_promises():
    assert MAX_MESSAGE_BYTES == 16 * 1024 and MAX_BODY_BYTES == 8192


@pytest.mark.parametrize("size", [MAX_MESSAGE_BYTES + 1, 64 * 1024, 256 * 1024])
def test_an_oversize_text_frame_is_closed_with_1009(live, attack, tablet, size):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    message = padded({"action": "close_list"}, size)
    assert len(message.encode()) == size
    attack.try_send(tablet, message)
    close = attack.closed(tablet)
    assert close.code == attack.MESSAGE_TOO_BIG
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_an_oversize_binary_frame_is_closed_with_1009(live, attack, tablet):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    attack.try_send(tablet, padded({"action": "close_list"}, MAX_MESSAGE_BYTES + 1).encode())
    assert attack.closed(tablet).code == attack.MESSAGE_TOO_BIG
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_an_oversize_message_in_small_fragments_is_closed_with_1009(live, attack, tablet):
    """The cap is on the message, not the frame: 1 KiB fragments adding up to more are refused too."""
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    message = padded({"action": "close_list"}, MAX_MESSAGE_BYTES + 512)
    attack.try_send(tablet, [message[i : i + 1024] for i in range(0, len(message), 1024)])
    assert attack.closed(tablet).code == attack.MESSAGE_TOO_BIG
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_a_message_just_under_the_cap_is_served_normally(live, attack, tablet):
    """The cap refuses only what is over it: a padded command of 16 KiB is a command like any other."""
    watcher = attack.gallery(ROOM)
    attack.accepted(tablet, padded({"action": "close_list"}, MAX_MESSAGE_BYTES))
    watcher.wait_for("The list of speakers is closed.")
    assert live.state(ROOM)["list_closed"] is True


def test_an_oversize_frame_closes_only_the_senders_socket(live, attack, tablet):
    """A second tablet of the same chair, and a delegate, keep working after one socket is closed."""
    cookie = live.cookie(live.code(ROOM, Role.CHAIR))
    other_tablet = attack.socket(ROOM, "chair", cookie)
    other_tablet.wait_for('id="current"')
    mexico = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    mexico.wait_for('id="my-request"')
    attack.try_send(tablet, "[" + "0," * MAX_MESSAGE_BYTES + "0]")
    assert attack.closed(tablet).code == attack.MESSAGE_TOO_BIG
    mexico.send(json.dumps({"action": "request_floor"}))
    mexico.wait_for("You are number 1 in the queue")
    other_tablet.wait_for("Mexico")
    attack.chair_still_acts(other_tablet)


# --- the JSON API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [MAX_BODY_BYTES + 1, 64 * 1024, 256 * 1024])
def test_an_oversize_api_body_is_answered_413(live, attack, size):
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.CHAIR)
    before = attack.snapshot(ROOM)
    response = attack.post(ROOM, code, padded({"action": "close_list"}, size))
    message = attack.api_refused(response, 413, "too_large")
    assert message == f"A command is at most {MAX_BODY_BYTES} bytes."
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_an_oversize_api_body_without_a_length_is_answered_413(live, attack):
    """A chunked body declares no Content-Length: it is counted as it arrives and refused once over."""
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.CHAIR)
    before = attack.snapshot(ROOM)
    body = padded({"action": "close_list"}, 3 * MAX_BODY_BYTES).encode()

    def chunks():
        for i in range(0, len(body), 1000):
            yield body[i : i + 1000]

    response = httpx.post(
        f"{live.base_url}/api/rooms/{ROOM}/commands",
        content=chunks(),
        headers={"Authorization": f"Bearer {code}", "Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    attack.api_refused(response, 413, "too_large")
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_an_oversize_api_body_from_someone_without_a_code_is_refused_before_it_is_read(live, attack):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    response = attack.post(ROOM, None, padded({"action": "close_list"}, 64 * 1024))
    attack.api_refused(response, 401, "unauthorised")
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_an_api_body_at_the_cap_is_served_normally(live, attack):
    watcher = attack.gallery(ROOM)
    response = attack.post(ROOM, live.code(ROOM, Role.CHAIR), padded({"action": "close_list"}, MAX_BODY_BYTES))
    assert response.status_code == 200, response.text
    watcher.wait_for("The list of speakers is closed.")
