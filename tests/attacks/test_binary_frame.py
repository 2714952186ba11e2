"""Binary frames: commands are JSON text. A binary frame — even one holding a valid command — is
answered "binary_frame" in words, changes nothing, and the socket stays usable."""

import json

import pytest

from session.domain.permissions import Role

ROOM = "plenary"
WORDS = "Binary frames are not accepted; send a JSON text message."


@pytest.mark.parametrize(
    "payload",
    [
        json.dumps({"action": "close_list"}).encode(),  # a valid command, in the wrong kind of frame
        json.dumps({"action": "request_floor", "participant": "MEX"}).encode("utf-16"),
        b"",
        b"\x00" * 64,
        b"\xff\xfe\xfd\xfc not utf-8",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",  # a gzip header
        bytes(range(256)) * 8,
    ],
    ids=["valid-command", "utf-16-command", "empty", "nul-bytes", "not-utf-8", "gzip", "all-bytes"],
)
def test_a_binary_frame_is_refused_in_words(live, attack, tablet, payload):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    assert attack.refused(tablet, payload, "binary_frame") == WORDS
    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)  # the same socket is still usable
    watcher.wait_for("The list of speakers is closed.")
    attack.still_served(ROOM, watcher)


def test_a_delegates_binary_frame_queues_nothing(live, attack):
    watcher = attack.gallery(ROOM)
    mexico = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    mexico.wait_for('id="my-request"')
    before = attack.snapshot(ROOM)
    assert attack.refused(mexico, json.dumps({"action": "request_floor"}).encode(), "binary_frame") == WORDS
    attack.unchanged(ROOM, before)
    mexico.send(json.dumps({"action": "request_floor"}))
    mexico.wait_for("You are number 1 in the queue")
    watcher.wait_for("Mexico")


def test_the_gallerys_binary_frame_is_refused_the_same_way(live, attack):
    watcher = attack.gallery(ROOM)
    socket = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    assert attack.refused(socket, b"\x00\x01binary", "binary_frame") == WORDS
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_a_text_frame_that_is_not_utf_8_is_closed_as_invalid_data(live, attack, tablet):
    """The protocol itself refuses it (1007, invalid frame payload data) before the app sees it."""
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    with tablet.ws.send_context():
        tablet.ws.protocol.send_text(b'{"action": "close_list", "x": "\xff\xfe"}')
    assert attack.closed(tablet).code == 1007
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_binary_frames_interleaved_with_commands_do_not_disturb_them(live, attack, tablet):
    watcher = attack.gallery(ROOM)
    attack.refused(tablet, b"\x00", "binary_frame")
    attack.accepted(tablet, {"action": "request_floor", "participant": "MEX"})
    attack.refused(tablet, b"\x01", "binary_frame")
    attack.accepted(tablet, {"action": "request_floor", "participant": "PHL"})
    assert [q["participant"] for q in live.state(ROOM)["queue"]] == ["MEX", "PHL"]
    watcher.wait_for("Philippines")


# --- the JSON API: a body that is bytes, not UTF-8 JSON text --------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\xfd\xfc not utf-8",
        b"\x00" * 16,
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        bytes(range(256)),
    ],
    ids=["not-utf-8", "nul-bytes", "gzip", "all-bytes"],
)
def test_an_api_body_of_bytes_is_refused_as_invalid_json(live, attack, body):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    response = attack.post(ROOM, live.code(ROOM, Role.CHAIR), body, **{"Content-Type": "application/octet-stream"})
    assert attack.api_refused(response, 400, "invalid_json") == "Malformed message: it is not valid JSON."
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)
