"""Invalid JSON, over the websocket and the API: refused with a named code, nothing changes,
the socket stays usable and everyone else is served."""

import pytest

from session.domain.permissions import Role

ROOM = "rt2"

NOT_JSON = [  # (payload, why it is not a JSON command)
    ('{"action": "close_list"', "truncated"),
    ('{"action": "close_list",}', "trailing comma"),
    ("{'action': 'close_list'}", "single quotes"),
    ('{action: "close_list"}', "bare key"),
    ('{"action": "close_list"} {"action": "call_next"}', "two documents"),
    ('{"action": "close_list"}\x00', "trailing NUL"),
    ('{"action": "close_\x07list"}', "control character in a string"),
    ("", "empty"),
    ("   ", "whitespace only"),
    ("undefined", "a JavaScript word"),
    ('{"action": "close_list", "n": 0x10}', "hex number"),
    ('{"action": "close_list", "n": 01}', "leading zero"),
    ('{"action": "close_list" /* comment */}', "comment"),
]

NOT_AN_OBJECT = [
    ('"close_list"', "a JSON string"),
    ('"{\\"action\\": \\"close_list\\"}"', "a JSON object encoded as a string"),
    ("null", "null"),
    ("true", "true"),
    ("42", "a number"),
    ("[]", "an empty array"),
    ('[{"action": "close_list"}]', "a command in an array"),
]


@pytest.mark.parametrize("payload, why", NOT_JSON, ids=[why for _, why in NOT_JSON])
def test_text_that_is_not_json_is_refused(live, attack, tablet, chair_code, payload, why):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    assert attack.refused(tablet, payload, "invalid_json") == "Malformed message: it is not valid JSON."
    response = attack.post(ROOM, chair_code, payload)
    assert attack.api_refused(response, 400, "invalid_json") == "Malformed message: it is not valid JSON."
    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("payload, why", NOT_AN_OBJECT, ids=[why for _, why in NOT_AN_OBJECT])
def test_json_that_is_not_an_object_is_refused(live, attack, tablet, chair_code, payload, why):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    assert attack.refused(tablet, payload, "invalid_message") == "A command must be a JSON object."
    response = attack.post(ROOM, chair_code, payload)
    assert attack.api_refused(response, 400, "invalid_message") == "A command must be a JSON object."
    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize(
    "command, field",
    [
        ('{{"action": "timer_add", "seconds": {}}}', "seconds"),
        ('{{"action": "remove", "entry": {}}}', "entry"),
        ('{{"action": "move", "entry": 1, "position": {}}}', "position"),
    ],
)
def test_nan_and_infinity_never_reach_a_number_field(live, attack, tablet, chair_code, literal, command, field):
    """Whether refused as JSON or as the field's type, a non-finite number changes nothing."""
    assert live.api(ROOM, chair_code, action="request_floor", participant="MEX").status_code == 200
    assert live.api(ROOM, chair_code, action="call_next").status_code == 200
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    payload = command.format(literal)
    code, words = attack.answer(tablet, payload)
    assert code in {"invalid_json", "invalid_field"} and (code == "invalid_json" or f"'{field}'" in words), words
    response = attack.post(ROOM, chair_code, payload)
    assert response.status_code == 400 and response.json()["error"]["code"] in {"invalid_json", "invalid_field"}
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("door", ["websocket", "api"])
@pytest.mark.parametrize("literal", ["NaN", "Infinity"])
def test_nan_and_infinity_literals_are_not_json(live, attack, tablet, chair_code, door, literal):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    payload = f'{{"action": "close_list", "note": {literal}}}'
    try:
        if door == "websocket":
            assert attack.answer(tablet, payload)[0] == "invalid_json"
        else:
            assert attack.post(ROOM, chair_code, payload).status_code == 400
        attack.unchanged(ROOM, before)
    finally:
        attack.still_served(ROOM, watcher)


def test_a_number_too_long_to_convert_is_refused(live, attack, tablet, chair_code):
    """Python refuses integers over 4,300 digits while parsing; that surfaces as invalid JSON."""
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    payload = '{"action": "remove", "entry": 1' + "0" * 5000 + "}"
    assert attack.refused(tablet, payload, "invalid_json")
    attack.api_refused(attack.post(ROOM, chair_code, payload), 400, "invalid_json")
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_moderately_nested_junk_in_an_ignored_field_does_no_harm(live, attack, tablet):
    watcher = attack.gallery(ROOM)
    attack.accepted(tablet, '{"action": "close_list", "junk": ' + "[" * 200 + "]" * 200 + "}")
    watcher.wait_for("The list of speakers is closed.")


DEEP = {  # under both size caps (8 KiB for the API, 16 KiB for the websocket)
    "arrays": "[" * 4000 + "]" * 4000,
    "objects": '{"a":' * 1300 + "1" + "}" * 1300,
    "arrays in a command": '{"action": "close_list", "x": ' + "[" * 3000 + "]" * 3000 + "}",
}


@pytest.mark.parametrize("shape", list(DEEP))
def test_deeply_nested_json_is_refused_on_the_websocket(live, attack, tablet, shape):
    """Nesting deep enough to exhaust the parser's recursion is invalid JSON, not a crash."""
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    assert attack.refused(tablet, DEEP[shape], "invalid_json") == "Malformed message: it is not valid JSON."
    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("shape", list(DEEP))
def test_deeply_nested_json_is_refused_by_the_api(live, attack, chair_code, shape):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    response = attack.post(ROOM, chair_code, DEEP[shape])
    assert attack.api_refused(response, 400, "invalid_json") == "Malformed message: it is not valid JSON."
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_the_server_still_serves_everyone_after_deeply_nested_json(live, attack, chair_code):
    """Whatever the answer to the attacker, the crash stays on its own connection."""
    watcher = attack.gallery(ROOM)
    attacker = attack.socket(ROOM, "chair", live.cookie(chair_code))
    attacker.wait_for('id="current"')
    before = attack.snapshot(ROOM)
    attack.try_send(attacker, DEEP["arrays"])
    attack.post(ROOM, chair_code, DEEP["arrays"])
    attack.unchanged(ROOM, before)
    tablet = attack.socket(ROOM, "chair", live.cookie(live.code(ROOM, Role.CHAIR)))
    tablet.wait_for('id="current"')
    attack.chair_still_acts(tablet)
    watcher.wait_for("The list of speakers is closed.")
    attack.still_served(ROOM, watcher)
