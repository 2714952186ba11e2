"""The JSON API through a real server: the state's shape, a little meeting driven by commands,
and every refusal named, with the right status, leaving the room's version where it was."""

import httpx
import pytest
from livehelpers import seeded

from session.domain.permissions import Role
from session.store import access
from session.store.database import make_engine

ROOM = "rt2"
SEEDED = seeded(ROOM)  # the events of a fresh room: versions below count from there


@pytest.fixture
def chair(live):
    return live.code(ROOM, Role.CHAIR)


def ok(response: httpx.Response, version: int) -> dict:
    """Accepted: the room at `version` (counted from the fresh room's)."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("room", "version", "duplicate")} == {
        "room": ROOM,
        "version": SEEDED + version,
        "duplicate": False,
    }
    return body


def refused(live, response: httpx.Response, status: int, code: str, before: int, room: str = ROOM) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert live.state(room)["version"] == seeded(room) + before


def post(live, code: str | None, body: bytes | str, room: str = ROOM, **headers) -> httpx.Response:
    if code is not None:
        headers["Authorization"] = f"Bearer {code}"
    return httpx.post(
        f"{live.base_url}/api/rooms/{room}/commands",
        content=body,
        headers={"Content-Type": "application/json", **headers},
    )


def queue(state: dict) -> list[tuple]:
    return [(q["entry"], q["participant"], q["type"], q["position"]) for q in state["queue"]]


def test_the_state_of_a_fresh_room(live):
    response = httpx.get(f"{live.base_url}/api/rooms/{ROOM}/state")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    state = response.json()
    assert {"room", "version", "current", "timer", "queue"} <= state.keys()
    assert state["room"] == ROOM and state["version"] == SEEDED
    assert state["current"] is None and state["queue"] == []
    assert state["timer"]["phase"] == "idle"
    assert state["list_closed"] is False


def test_a_chair_runs_a_little_meeting(live, chair):
    ok(live.api(ROOM, chair, action="request_floor", participant="MEX", type="statement"), 1)
    state = live.state(ROOM)
    assert state["version"] == SEEDED + 1
    assert state["queue"] == [state["queue"][0]] and queue(state) == [(1, "MEX", "statement", 1)]
    assert {"entry", "participant", "type", "position"} <= state["queue"][0].keys()

    ok(live.api(ROOM, chair, action="request_floor", participant="PHL", type="statement"), 2)
    state = live.state(ROOM)
    assert queue(state) == [(1, "MEX", "statement", 1), (2, "PHL", "statement", 2)]
    assert state["current"] is None

    ok(live.api(ROOM, chair, action="call_next"), 3)
    state = live.state(ROOM)
    assert (state["current"]["entry"], state["current"]["participant"]) == (1, "MEX")
    assert queue(state) == [(2, "PHL", "statement", 1)]
    assert state["timer"]["phase"] == "running" and state["timer"]["limit_s"] == 180

    ok(live.api(ROOM, chair, action="timer_pause"), 4)
    paused = live.state(ROOM)["timer"]
    assert paused["phase"] == "paused" and paused["deadline"] is None
    assert live.state(ROOM)["timer"]["elapsed_s"] == paused["elapsed_s"]  # a paused timer stands still

    ok(live.api(ROOM, chair, action="timer_resume"), 5)
    timer = live.state(ROOM)["timer"]
    assert timer["phase"] == "running" and timer["elapsed_s"] >= paused["elapsed_s"]

    ok(live.api(ROOM, chair, action="timer_add", seconds=30), 6)
    state = live.state(ROOM)
    assert state["timer"]["limit_s"] == 210 and state["timer"]["phase"] == "running"
    assert state["current"]["participant"] == "MEX"

    ok(live.api(ROOM, chair, action="end_intervention"), 7)
    state = live.state(ROOM)
    assert state["version"] == SEEDED + 7
    assert state["current"] is None and state["timer"]["phase"] == "idle"
    assert queue(state) == [(2, "PHL", "statement", 1)]
    assert [(i["participant"], i["time_limit_s"]) for i in state["interventions"]] == [("MEX", 210)]


def test_a_delegate_requests_the_floor_for_itself(live):
    mexico = live.code(ROOM, Role.DELEGATE, "MEX")
    ok(live.api(ROOM, mexico, action="request_floor", type="statement"), 1)
    assert queue(live.state(ROOM)) == [(1, "MEX", "statement", 1)]
    ok(live.api(ROOM, mexico, action="withdraw", type="statement"), 2)
    assert live.state(ROOM)["queue"] == []


def test_the_secretariat_inscribes_in_any_room(live):
    secretariat = live.code(None, Role.ORGANISER)
    ok(live.api(ROOM, secretariat, action="request_floor", participant="PHL"), 1)
    assert queue(live.state(ROOM)) == [(1, "PHL", "statement", 1)]


def test_a_delegate_may_not_act_for_another_participant(live):
    mexico = live.code(ROOM, Role.DELEGATE, "MEX")
    refused(live, live.api(ROOM, mexico, action="request_floor", participant="PHL"), 403, "forbidden", 0)
    assert live.state(ROOM)["queue"] == []


def test_a_delegate_may_not_call_the_next_speaker(live, chair):
    ok(live.api(ROOM, chair, action="request_floor", participant="MEX"), 1)
    mexico = live.code(ROOM, Role.DELEGATE, "MEX")
    refused(live, live.api(ROOM, mexico, action="call_next"), 403, "forbidden", 1)
    assert live.state(ROOM)["current"] is None


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer 2345-6789", "Token 2345-6789", "Basic Y2hhaXI6Y2hhaXI="]
)
def test_a_command_without_a_valid_bearer_code_is_unauthorised(live, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = httpx.post(
        f"{live.base_url}/api/rooms/{ROOM}/commands",
        headers=headers,
        json={"action": "request_floor", "participant": "MEX"},
    )
    refused(live, response, 401, "unauthorised", 0)


def test_a_code_for_another_room_is_unauthorised_here(live):
    other_chair = live.code("rt1", Role.CHAIR)
    refused(live, live.api(ROOM, other_chair, action="request_floor", participant="MEX"), 401, "unauthorised", 0)


def test_a_revoked_code_is_unauthorised(live, chair):
    ok(live.api(ROOM, chair, action="request_floor", participant="MEX"), 1)
    engine = make_engine(live.database_url)
    try:
        access.revoke_all(engine)
    finally:
        engine.dispose()
    refused(live, live.api(ROOM, chair, action="call_next"), 401, "unauthorised", 1)


@pytest.mark.parametrize("body", [b"{not json", b"", b'{"action": "call_next"', b"\xff\xfe{}"])
def test_malformed_json_is_refused(live, chair, body):
    refused(live, post(live, chair, body), 400, "invalid_json", 0)


def test_deeply_nested_json_is_refused_as_malformed(live, chair):
    body = b"[" * 5000  # well under 8 KiB, deeper than the JSON decoder will recurse
    refused(live, post(live, chair, body), 400, "invalid_json", 0)


def test_an_unknown_action_is_refused(live, chair):
    refused(live, live.api(ROOM, chair, action="adjourn_sine_die"), 400, "unknown_action", 0)


def test_a_body_over_8_kib_is_too_large(live, chair):
    body = '{"action": "request_floor", "participant": "MEX", "pad": "' + "x" * 8200 + '"}'
    refused(live, post(live, chair, body), 413, "too_large", 0)


def test_a_streamed_body_over_8_kib_is_too_large(live, chair):
    """Without a Content-Length the server must still stop reading at the limit."""

    def chunks():
        yield b'{"action": "request_floor", "participant": "MEX", "pad": "'
        for _ in range(20):
            yield b"x" * 1024
        yield b'"}'

    response = httpx.post(
        f"{live.base_url}/api/rooms/{ROOM}/commands",
        content=chunks(),
        headers={"Authorization": f"Bearer {chair}", "Content-Type": "application/json"},
    )
    refused(live, response, 413, "too_large", 0)


def test_a_body_just_under_the_limit_is_read(live, chair):
    head = '{"action": "request_floor", "participant": "MEX", "pad": "'
    body = head + "x" * (8192 - len(head) - 2) + '"}'
    assert len(body.encode()) == 8192
    ok(post(live, chair, body), 1)


def test_a_closed_list_refuses_a_statement(live, chair):
    ok(live.api(ROOM, chair, action="close_list"), 1)
    assert live.state(ROOM)["list_closed"] is True
    mexico = live.code(ROOM, Role.DELEGATE, "MEX")
    refused(live, live.api(ROOM, mexico, action="request_floor", type="statement"), 409, "list_closed", 1)
    refused(live, live.api(ROOM, chair, action="request_floor", participant="PHL"), 409, "list_closed", 1)
    assert live.state(ROOM)["queue"] == []


def test_the_same_request_id_is_applied_once(live, chair):
    command = {"action": "request_floor", "participant": "MEX", "type": "statement", "request_id": "int-42"}
    first = live.api(ROOM, chair, **command)
    ok(first, 1)

    again = live.api(ROOM, chair, **command)
    assert again.status_code == 200, again.text
    assert again.json() == {"room": ROOM, "version": SEEDED + 1, "duplicate": True}
    state = live.state(ROOM)
    assert state["version"] == SEEDED + 1
    assert queue(state) == [(1, "MEX", "statement", 1)]


def test_a_request_id_reused_for_another_command_is_refused(live, chair):
    ok(live.api(ROOM, chair, action="request_floor", participant="MEX", request_id="int-43"), 1)
    refused(
        live,
        live.api(ROOM, chair, action="request_floor", participant="PHL", request_id="int-43"),
        409,
        "request_id_reused",
        1,
    )
    refused(live, live.api(ROOM, chair, action="call_next", request_id="int-43"), 409, "request_id_reused", 1)
    assert queue(live.state(ROOM)) == [(1, "MEX", "statement", 1)]


def test_the_same_request_id_in_another_room_is_another_command(live, chair):
    ok(live.api(ROOM, chair, action="request_floor", participant="MEX", request_id="int-44"), 1)
    rt1 = live.code("rt1", Role.CHAIR)
    response = live.api("rt1", rt1, action="request_floor", participant="MEX", request_id="int-44")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["room"], answer["version"], answer["duplicate"], answer["entry"]) == (
        "rt1",
        seeded("rt1") + 1,
        False,
        1,
    )


def test_an_unknown_room_is_not_found(live, chair):
    response = httpx.get(f"{live.base_url}/api/rooms/rt9/state")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_room"
    response = live.api("rt9", chair, action="call_next")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_room"
    assert live.state(ROOM)["version"] == SEEDED


def test_refusals_by_the_rules_name_the_problem(live, chair):
    refused(live, live.api(ROOM, chair, action="call_next"), 409, "queue_empty", 0)
    refused(live, live.api(ROOM, chair, action="request_floor", participant="XXX"), 409, "unknown_participant", 0)
    refused(live, live.api(ROOM, chair, action="timer_add", seconds="soon"), 400, "invalid_field", 0)
    refused(
        live, live.api(ROOM, chair, action="request_floor", participant="MEX", request_id=7), 400, "invalid_field", 0
    )
    refused(live, post(live, chair, b'["call_next"]'), 400, "invalid_message", 0)
    refused(live, post(live, chair, b'{"participant": "MEX"}'), 400, "missing_action", 0)
