"""Unknown actions, over the websocket and the API: refused as `unknown_action` (or
`missing_action`) with the name echoed safely and shortened, nothing changes, all are served."""

import json

import pytest

from session.domain.permissions import Role

ROOM = "rt4"

ODD_NAMES = {
    "made up": "dissolve_assembly",
    "upper case": "CALL_NEXT",
    "trailing space": "call_next ",
    "leading space": " call_next",
    "dash": "call-next",
    "camel case": "callNext",
    "trailing NUL": "call_next\x00",
    "newline": "close_list\n",
    "python dunder": "__class__",
    "python dunder init": "__init__",
    "javascript prototype": "__proto__",
    "javascript constructor": "constructor",
    "path": "../../organiser/codes",
    "sql": "call_next'; DROP TABLE event; --",
    "html": "<img src=x onerror=alert(1)>",
    "cyrillic lookalike": "r\u0435quest_floor",
    "right-to-left override": "\u202etsil_esolc",
    "zero-width space": "close\u200b_list",
    "emoji": "\U0001f4a5" * 30,
    "long": "x" * 8000,
    "long, real prefix": "call_next" + "_" * 7000,
}


@pytest.mark.parametrize("kind", list(ODD_NAMES))
def test_an_unknown_action_is_refused_by_name(live, attack, tablet, chair_code, kind):
    watcher = attack.gallery(ROOM)
    name = ODD_NAMES[kind]
    before = attack.snapshot(ROOM)
    expected = f"Unknown action '{name[:40]}'."
    command = json.dumps({"action": name, "request_id": f"odd-{kind}"})

    tablet.send(command)
    frame = tablet.wait_for(r'id="flash"[^>]*role="alert"')
    code, words = attack.flash_of(frame)
    assert code == "unknown_action" and words == expected
    assert "<img" not in frame  # echoed, but escaped
    assert len(frame) < 400  # a very long name is not echoed back whole

    response = attack.post(ROOM, chair_code, command)
    assert attack.api_refused(response, 400, "unknown_action") == expected
    assert len(response.content) < 400

    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize(
    "action", [None, "", 1, 0, True, False, [], ["close_list"], {}, {"name": "close_list"}, 1.5], ids=repr
)
def test_an_action_that_is_not_a_name_is_missing(live, attack, tablet, chair_code, action):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    command = json.dumps({"action": action})
    assert attack.refused(tablet, command, "missing_action") == "The command has no 'action'."
    assert (
        attack.api_refused(attack.post(ROOM, chair_code, command), 400, "missing_action")
        == "The command has no 'action'."
    )
    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)
    attack.still_served(ROOM, watcher)


def test_the_action_key_itself_misspelt_is_missing(live, attack, tablet, chair_code):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    for key in ("Action", "ACTION", "action ", "actions", "\u0430ction"):
        command = json.dumps({key: "close_list"})
        assert attack.refused(tablet, command, "missing_action")
        attack.api_refused(attack.post(ROOM, chair_code, command), 400, "missing_action")
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("view, cookie_role", [("observe", None), ("delegate", Role.DELEGATE)])
def test_unknown_actions_are_refused_the_same_for_every_role(live, attack, view, cookie_role):
    """An unknown action is unknown before it is forbidden: no role learns more than another."""
    watcher = attack.gallery(ROOM)
    cookie = live.cookie(live.code(ROOM, cookie_role, "MEX")) if cookie_role else None
    socket = attack.socket(ROOM, view, cookie)
    socket.wait_for('id="current"')
    before = attack.snapshot(ROOM)
    assert (
        attack.refused(socket, json.dumps({"action": "__class__"}), "unknown_action") == "Unknown action '__class__'."
    )
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_many_unknown_actions_in_a_row_keep_the_socket_usable(live, attack, tablet):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    for name in list(ODD_NAMES.values())[:12]:
        attack.refused(tablet, json.dumps({"action": name}), "unknown_action")
    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)
    watcher.wait_for("The list of speakers is closed.")


@pytest.mark.parametrize("door", ["websocket", "api"])
def test_an_action_name_with_a_lone_surrogate_is_refused_by_name(live, attack, tablet, chair_code, door):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    command = '{"action": "close_list\\ud800"}'
    try:
        if door == "websocket":
            code, message = attack.answer(tablet, command, timeout=3)
            assert code == "invalid_json" and "not valid Unicode" in message
            attack.unchanged(ROOM, before)
            attack.chair_still_acts(tablet)
        else:
            attack.api_refused(attack.post(ROOM, chair_code, command), 400, "invalid_json")
            attack.unchanged(ROOM, before)
    finally:
        attack.still_served(ROOM, watcher)
