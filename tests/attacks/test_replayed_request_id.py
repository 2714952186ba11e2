"""Replayed request_id: the same request again is applied once and answered as a duplicate; the
same request_id with different content is refused as `request_id_reused`; request_ids are per room."""

import json

import pytest
from livehelpers import seeded

from session.domain.permissions import Role

ROOM = "rt3"
REUSED = "This request_id was already used for a different command."


def answer(response) -> tuple[str, int, bool]:
    """An accepted command's room, version (counted from the fresh room's) and duplicate flag."""
    body = response.json()
    return body["room"], body["version"] - seeded(body["room"]), body["duplicate"]


def test_the_same_request_again_is_applied_once_over_the_api(live, attack, chair_code):
    watcher = attack.gallery(ROOM)
    command = {"action": "request_floor", "participant": "MEX", "request_id": "tap-1"}
    first = live.api(ROOM, chair_code, **command)
    assert first.status_code == 200 and answer(first) == (ROOM, 1, False)
    before = attack.snapshot(ROOM)
    for _ in range(5):
        again = live.api(ROOM, chair_code, **command)
        assert again.status_code == 200 and answer(again) == (ROOM, 1, True)
    attack.unchanged(ROOM, before)
    assert [q["participant"] for q in live.state(ROOM)["queue"]] == ["MEX"]
    attack.still_served(ROOM, watcher)


def test_a_resend_with_other_htmx_headers_is_still_the_same_request(live, attack, tablet, chair_code):
    """htmx adds a HEADERS object that differs between sends; it is not part of the command."""
    watcher = attack.gallery(ROOM)
    attack.accepted(
        tablet,
        {"action": "request_floor", "participant": "MEX", "request_id": "tap-2", "HEADERS": {"HX-Trigger": "form-1"}},
    )
    watcher.wait_for("Mexico")
    before = attack.snapshot(ROOM)
    attack.accepted(
        tablet,
        {"action": "request_floor", "participant": "MEX", "request_id": "tap-2", "headers": {"hx-trigger": "form-2"}},
    )  # htmx 4 spelling
    response = live.api(
        ROOM, chair_code, action="request_floor", participant="MEX", request_id="tap-2", HEADERS={"HX-Request": "true"}
    )
    assert response.json()["duplicate"] is True
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize(
    "second",
    [
        {"action": "request_floor", "participant": "PHL"},
        {"action": "request_floor", "participant": "MEX", "type": "point_of_order"},
        {"action": "request_floor", "participant": "MEX", "level": "minister"},
        {"action": "call_next"},
        {"action": "close_list"},
        {"action": "request_floor", "participant": "MEX", "note": "an extra field is content too"},
    ],
    ids=["other-participant", "other-type", "other-level", "other-action", "other-action-2", "extra-field"],
)
def test_the_same_request_id_with_different_content_is_refused_over_the_api(live, attack, chair_code, second):
    watcher = attack.gallery(ROOM)
    assert live.api(ROOM, chair_code, action="request_floor", participant="MEX", request_id="r-1").status_code == 200
    before = attack.snapshot(ROOM)
    response = live.api(ROOM, chair_code, **second, request_id="r-1")
    assert attack.api_refused(response, 409, "request_id_reused") == REUSED
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize(
    "second",
    [
        {"action": "request_floor", "participant": "PHL"},
        {"action": "close_list"},
    ],
    ids=["other-participant", "other-action"],
)
def test_the_same_request_id_with_different_content_is_refused_over_the_websocket(live, attack, tablet, second):
    watcher = attack.gallery(ROOM)
    attack.accepted(tablet, {"action": "request_floor", "participant": "MEX", "request_id": "r-1"})
    before = attack.snapshot(ROOM)
    assert attack.refused(tablet, json.dumps(second | {"request_id": "r-1"}), "request_id_reused") == REUSED
    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)
    attack.still_served(ROOM, watcher)


def test_a_request_id_is_bound_to_who_sent_it(live, attack):
    """Another delegation replaying MEX's request (same body, same request_id) is not MEX's request."""
    watcher = attack.gallery(ROOM)
    mexico = live.code(ROOM, Role.DELEGATE, "MEX")
    philippines = live.code(ROOM, Role.DELEGATE, "PHL")
    assert live.api(ROOM, mexico, action="request_floor", request_id="d-1").status_code == 200
    before = attack.snapshot(ROOM)
    response = live.api(ROOM, philippines, action="request_floor", request_id="d-1")
    assert attack.api_refused(response, 409, "request_id_reused") == REUSED
    response = live.api(ROOM, live.code(ROOM, Role.CHAIR), action="request_floor", request_id="d-1")
    assert attack.api_refused(response, 409, "request_id_reused") == REUSED
    attack.unchanged(ROOM, before)
    assert live.api(ROOM, mexico, action="request_floor", request_id="d-1").json()["duplicate"] is True
    attack.still_served(ROOM, watcher)


def test_a_replayed_request_id_of_a_refused_command_is_not_a_free_pass(live, attack, chair_code):
    """A refused command records nothing: replaying its request_id is judged afresh, not as a duplicate."""
    watcher = attack.gallery(ROOM)
    refused = live.api(ROOM, chair_code, action="call_next", request_id="n-1")
    attack.api_refused(refused, 409, "queue_empty")
    before = attack.snapshot(ROOM)
    attack.api_refused(live.api(ROOM, chair_code, action="call_next", request_id="n-1"), 409, "queue_empty")
    attack.unchanged(ROOM, before)
    # once the state allows it, the same request_id runs for real
    assert live.api(ROOM, chair_code, action="request_floor", participant="MEX").status_code == 200
    assert live.api(ROOM, chair_code, action="call_next", request_id="n-1").json()["duplicate"] is False
    assert live.state(ROOM)["current"]["participant"] == "MEX"
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("request_id", ["r" * 81, "r" * 4000, "\u00e9" * 81])
@pytest.mark.parametrize("door", ["websocket", "api"])
def test_a_request_id_over_80_characters_is_refused(live, attack, tablet, chair_code, door, request_id):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    command = json.dumps({"action": "close_list", "request_id": request_id})
    words = "'request_id' must be text of at most 80 characters."
    if door == "websocket":
        assert attack.refused(tablet, command, "invalid_field") == words
    else:
        assert attack.api_refused(attack.post(ROOM, chair_code, command), 400, "invalid_field") == words
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_a_request_id_of_exactly_80_characters_works(live, attack, chair_code):
    response = live.api(ROOM, chair_code, action="close_list", request_id="r" * 80)
    assert response.status_code == 200 and response.json()["duplicate"] is False
    assert live.api(ROOM, chair_code, action="close_list", request_id="r" * 80).json()["duplicate"] is True


def test_a_request_id_from_one_room_is_independent_in_another(live, attack, chair_code):
    watcher = attack.gallery(ROOM)
    other = "rt4"
    other_chair = live.code(other, Role.CHAIR)
    assert answer(live.api(other, other_chair, action="request_floor", participant="MEX", request_id="x-1")) == (
        other,
        1,
        False,
    )
    # the same request_id and the same content, in this room, is a new request here
    response = live.api(ROOM, chair_code, action="request_floor", participant="MEX", request_id="x-1")
    assert answer(response) == (ROOM, 1, False)
    # ... and with different content too: nothing is "reused" across rooms
    response = live.api(ROOM, chair_code, action="close_list", request_id="x-2")
    assert response.status_code == 200
    response = live.api(other, other_chair, action="request_floor", participant="PHL", request_id="x-2")
    assert answer(response) == (other, 2, False)
    assert [q["participant"] for q in live.state(other)["queue"]] == ["MEX", "PHL"]
    assert [q["participant"] for q in live.state(ROOM)["queue"]] == ["MEX"]
    attack.still_served(ROOM, watcher)


def test_a_replay_over_the_websocket_after_a_reconnect_is_applied_once(live, attack, chair_code):
    watcher = attack.gallery(ROOM)
    cookie = live.cookie(chair_code)
    first = attack.socket(ROOM, "chair", cookie)
    first.wait_for('id="current"')
    command = {"action": "request_floor", "participant": "MEX", "request_id": "resend-1"}
    attack.accepted(first, command)
    first.close()
    before = attack.snapshot(ROOM)
    second = attack.socket(ROOM, "chair", cookie)
    second.wait_for('id="current"')
    attack.accepted(second, command)  # answered as done, not applied again
    attack.accepted(second, command)
    attack.unchanged(ROOM, before)
    assert answer(live.api(ROOM, chair_code, **command)) == (ROOM, 1, True)
    attack.still_served(ROOM, watcher)
