"""Flooding: a delegation's floor requests are limited to 6 a minute (`rate_limited`, nothing
queued beyond); a socket sending more than 40 messages in 10 s is closed with 1008 and a reason;
and while one client floods, everyone else's commands land and their pushes arrive."""

import json
import threading
import time

import pytest
from livehelpers import seeded

from session.domain.permissions import Role
from session.realtime.rooms import FLOOR_REQUESTS_PER_MINUTE
from session.web.live import MESSAGES_PER_10_S

ROOM = "rt2"
LIMITED = "Too many requests for the floor from MEX in the last minute; wait a moment and try again."
FLOODED = "Too many messages; slow down and reconnect."


def test_the_limits_are_what_the_readme_promises():
    assert FLOOR_REQUESTS_PER_MINUTE == 6 and MESSAGES_PER_10_S == 40


def rate_limited(response) -> None:
    """The API's refusal for a flood of floor requests (a 4xx that names it)."""
    assert response.status_code in (409, 429), response.text
    assert response.json()["error"] == {"code": "rate_limited", "message": LIMITED}


# --- floor requests: 6 a minute per delegation --------------------------------------------------------


def test_a_delegations_floor_requests_beyond_six_a_minute_are_refused_on_the_websocket(live, attack):
    watcher = attack.gallery(ROOM)
    mexico = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    mexico.wait_for('id="my-request"')
    for _ in range(FLOOR_REQUESTS_PER_MINUTE // 2):  # ask, withdraw, ask, withdraw, ...: six in all
        attack.accepted(mexico, {"action": "request_floor"})
        attack.accepted(mexico, {"action": "withdraw", "type": "statement"})
    before = attack.snapshot(ROOM)
    for command in (
        {"action": "request_floor"},
        {"action": "request_floor", "type": "point_of_order"},
        {"action": "request_floor", "type": "question"},
    ):
        assert attack.refused(mexico, json.dumps(command), "rate_limited") == LIMITED
    attack.unchanged(ROOM, before)
    assert all(q["participant"] != "MEX" for q in live.state(ROOM)["queue"])
    # another delegation is not limited by Mexico's flood, and the socket is still open
    philippines = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "PHL")))
    philippines.wait_for('id="my-request"')
    philippines.send(json.dumps({"action": "request_floor"}))
    philippines.wait_for("You are number 1 in the queue")
    mexico.wait_for("Philippines")
    watcher.wait_for("Philippines")
    attack.still_served(ROOM, watcher)


def test_a_burst_of_floor_requests_queues_nothing_beyond_the_limit_over_the_api(live, attack):
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    answers = []
    for i in range(30):
        command = {"action": "request_floor"} if i % 2 == 0 else {"action": "withdraw", "type": "statement"}
        answers.append(live.api(ROOM, code, **command))
    assert [a.status_code for a in answers[:FLOOR_REQUESTS_PER_MINUTE]] == [200] * FLOOR_REQUESTS_PER_MINUTE
    for response in answers[FLOOR_REQUESTS_PER_MINUTE:]:
        rate_limited(response)
    state = live.state(ROOM)
    assert state["version"] == seeded(ROOM) + FLOOR_REQUESTS_PER_MINUTE
    assert all(q["participant"] != "MEX" for q in state["queue"])  # the last accepted one was a withdraw
    attack.still_served(ROOM, watcher)


def test_two_codes_of_one_delegation_share_its_limit(live, attack):
    """A second phone (or a stolen copy of the code) does not double the allowance."""
    watcher = attack.gallery(ROOM)
    phone, laptop = live.code(ROOM, Role.DELEGATE, "MEX"), live.code(ROOM, Role.DELEGATE, "MEX")
    for i in range(FLOOR_REQUESTS_PER_MINUTE):
        command = {"action": "request_floor"} if i % 2 == 0 else {"action": "withdraw", "type": "statement"}
        assert live.api(ROOM, (phone, laptop)[i % 2], **command).status_code == 200
    before = attack.snapshot(ROOM)
    rate_limited(live.api(ROOM, laptop, action="request_floor"))
    rate_limited(live.api(ROOM, phone, action="request_floor"))
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_refused_attempts_count_towards_the_limit(live, attack):
    """Hammering the button (each a duplicate request, refused) does not get round the limit."""
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    assert live.api(ROOM, code, action="request_floor").status_code == 200
    for _ in range(FLOOR_REQUESTS_PER_MINUTE - 1):
        assert live.api(ROOM, code, action="request_floor").json()["error"]["code"] == "duplicate_request"
    before = attack.snapshot(ROOM)
    rate_limited(live.api(ROOM, code, action="request_floor", type="question"))
    attack.unchanged(ROOM, before)
    assert [q["participant"] for q in live.state(ROOM)["queue"]] == ["MEX"]
    attack.still_served(ROOM, watcher)


def test_the_chair_still_inscribes_a_limited_delegation(live, attack):
    """The limit is on the delegation's own taps, not on the chair acting for the room."""
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    for i in range(FLOOR_REQUESTS_PER_MINUTE + 2):
        live.api(ROOM, code, **({"action": "request_floor"} if i % 2 == 0 else {"action": "withdraw"}))
    rate_limited(live.api(ROOM, code, action="request_floor"))
    chair = live.code(ROOM, Role.CHAIR)
    assert live.api(ROOM, chair, action="request_floor", participant="MEX").status_code == 200
    watcher.wait_for("Mexico")


def test_a_resent_request_is_a_duplicate_not_a_new_floor_request(live, attack):
    """A phone resending after a reconnect (same request_id) is answered as a duplicate, however
    often, and does not use up the delegation's allowance."""
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    first = live.api(ROOM, code, action="request_floor", request_id="phone-1")
    assert {k: first.json()[k] for k in ("room", "version", "duplicate")} == {
        "room": ROOM,
        "version": seeded(ROOM) + 1,
        "duplicate": False,
    }
    before = attack.snapshot(ROOM)
    for _ in range(FLOOR_REQUESTS_PER_MINUTE + 2):
        again = live.api(ROOM, code, action="request_floor", request_id="phone-1")
        assert again.status_code == 200 and again.json()["duplicate"] is True, again.text
    attack.unchanged(ROOM, before)
    assert live.api(ROOM, code, action="withdraw").status_code == 200  # its allowance is intact
    attack.still_served(ROOM, watcher)


# --- messages: 40 per 10 s per socket ----------------------------------------------------------------


@pytest.mark.parametrize(
    "junk",
    ["{garbage", json.dumps({"action": "dissolve_assembly"}), b"\x00binary"],
    ids=["invalid-json", "unknown-action", "binary"],
)
def test_a_socket_sending_more_than_40_messages_in_10_s_is_closed(live, attack, junk):
    watcher = attack.gallery(ROOM)
    mexico = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    mexico.wait_for('id="my-request"')
    before = attack.snapshot(ROOM)
    started = time.monotonic()
    for _ in range(MESSAGES_PER_10_S):  # each one answered: the socket is not closed for these
        assert attack.answer(mexico, junk)[0] in {"invalid_json", "unknown_action", "binary_frame"}
    assert time.monotonic() - started < 10
    attack.try_send(mexico, json.dumps({"action": "request_floor"}))  # the 41st, a real command, is not run
    close = attack.closed(mexico)
    assert close.code == attack.POLICY_VIOLATION and close.reason == FLOODED
    attack.unchanged(ROOM, before)
    # the limit is per connection: a fresh one is served, and so is everyone else
    again = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    again.wait_for('id="my-request"')
    again.send(json.dumps({"action": "request_floor"}))
    again.wait_for("You are number 1 in the queue")
    watcher.wait_for("Mexico")
    attack.still_served(ROOM, watcher)


def test_a_burst_flood_is_closed_and_runs_none_of_its_commands_beyond_the_limit(live, attack):
    watcher = attack.gallery(ROOM)
    tablet = attack.socket(ROOM, "chair", live.cookie(live.code(ROOM, Role.CHAIR)))
    tablet.wait_for('id="current"')
    before = attack.snapshot(ROOM)
    flood = ["{garbage"] * MESSAGES_PER_10_S + [json.dumps({"action": "close_list"})] * 60
    attack.burst(tablet, flood)
    close = attack.closed(tablet)
    assert close.code == attack.POLICY_VIOLATION and close.reason == FLOODED
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_a_burst_within_the_allowance_is_answered_in_full(live, attack):
    watcher = attack.gallery(ROOM)
    mexico = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    mexico.wait_for('id="my-request"')
    try:
        attack.burst(mexico, ["{garbage"] * 30)
        for _ in range(30):
            mexico.wait_for('data-code="invalid_json"', timeout=3)
        mexico.send(json.dumps({"action": "request_floor"}))
        mexico.wait_for("You are number 1 in the queue")
    finally:
        attack.still_served(ROOM, watcher)


def test_while_one_client_floods_everyone_else_is_served(live, attack):
    watcher = attack.gallery(ROOM)
    tablet = attack.socket(ROOM, "chair", live.cookie(live.code(ROOM, Role.CHAIR)))
    tablet.wait_for('id="current"')
    philippines = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "PHL")))
    philippines.wait_for('id="my-request"')
    flooder_cookie = live.cookie(live.code(ROOM, Role.DELEGATE, "MEX"))
    stop = threading.Event()
    report = {"closed": 0, "errors": []}

    def flood():
        try:
            while not stop.is_set():
                socket = live.socket(ROOM, "delegate", flooder_cookie)
                try:
                    attack.burst(socket, ["{garbage"] * 60 + [json.dumps({"action": "request_floor"})] * 60)
                    attack.closed(socket, timeout=5)
                    report["closed"] += 1
                finally:
                    socket.close()
        except Exception as error:  # noqa: BLE001 - reported to the test below
            report["errors"].append(error)

    flooder = threading.Thread(target=flood, daemon=True)
    flooder.start()
    try:
        deadline = time.monotonic() + 10
        while report["closed"] < 2 and time.monotonic() < deadline:  # the flood is on
            time.sleep(0.01)
        philippines.send(json.dumps({"action": "request_floor"}))
        philippines.wait_for("You are number 1 in the queue")
        watcher.wait_for("Philippines")
        tablet.wait_for("Philippines")
        attack.accepted(tablet, {"action": "call_next"})
        watcher.wait_for(r'data-phase="running"')
        attack.still_served(ROOM, watcher)
    finally:
        stop.set()
        flooder.join(15)
    assert not flooder.is_alive() and not report["errors"], report["errors"]
    assert report["closed"] >= 2
    state = live.state(ROOM)
    assert state["current"]["participant"] == "PHL"
    assert all(q["participant"] != "MEX" for q in state["queue"]), "the flooder's commands were not run"
