"""Forged role: acting beyond what the code grants — another view, another room, another
delegation, or a cookie that was tampered with. Each is refused by name and changes nothing."""

import json

import httpx
import pytest

from session.domain.permissions import Role

ROOM = "rt3"
NEEDS_CODE = "This view needs an access code."


@pytest.fixture
def queued(live):
    """PHL waits to speak (entry 1), so there is something to move, remove or withdraw."""
    response = live.api(ROOM, live.code(ROOM, Role.CHAIR), action="request_floor", participant="PHL")
    assert response.status_code == 200, response.text
    return live.state(ROOM)["queue"][0]["entry"]


def page(live, view: str, cookie: str | None, room: str = ROOM) -> httpx.Response:
    return httpx.get(f"{live.base_url}/rooms/{room}/{view}", headers={"Cookie": cookie} if cookie else {})


def with_entry(command: dict, entry: int) -> dict:
    return {k: (entry if v == "QUEUED" else v) for k, v in command.items()}


# --- a view the cookie does not grant -----------------------------------------------------------


@pytest.mark.parametrize(
    "role, participant, view",
    [
        (Role.DELEGATE, "MEX", "chair"),
        (Role.DELEGATE, "MEX", "log"),
        (Role.DELEGATE, "MEX", "panel"),
        (Role.PANELLIST, "ILO", "chair"),
        (Role.PANELLIST, "ILO", "delegate"),
        (Role.RAPPORTEUR, None, "chair"),
        (Role.CHAIR, None, "delegate"),
    ],
)
def test_a_view_the_code_does_not_grant_is_closed_before_any_command(live, attack, queued, role, participant, view):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    cookie = live.cookie(live.code(ROOM, role, participant))
    socket = attack.socket(ROOM, view, cookie)
    attack.try_send(socket, json.dumps({"action": "close_list"}))  # sent at once, before the close is read
    attack.try_send(socket, json.dumps({"action": "remove", "entry": queued}))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == NEEDS_CODE
    assert page(live, view, cookie).status_code == 403
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("view", ["observe", "screen"])
@pytest.mark.parametrize(
    "command",
    [
        {"action": "call_next"},
        {"action": "close_list"},
        {"action": "timer_start"},
        {"action": "remove", "entry": "QUEUED"},
        {"action": "move", "entry": "QUEUED", "position": 1},
        {"action": "request_floor", "participant": "MEX"},
        {"action": "withdraw", "entry": "QUEUED"},
        {"action": "add_participant", "name": "Walk-in NGO", "category": "ngo"},
        {"action": "annotate", "entry": "QUEUED", "notes": "forged"},
        {"action": "set_balanced", "on": True},
    ],
    ids=lambda c: c["action"],
)
def test_an_open_view_may_watch_but_not_act(attack, queued, view, command):
    watcher = attack.gallery(ROOM)
    socket = attack.socket(ROOM, view)
    socket.wait_for('id="current"')
    before = attack.snapshot(ROOM)
    role = "observer" if view == "observe" else "screen"
    words = attack.refused(socket, json.dumps(with_entry(command, queued)), "forbidden")
    assert words == f"{'An' if role[0] in 'aeiou' else 'A'} {role} may not '{command['action']}'."
    attack.unchanged(ROOM, before)
    attack.refused(socket, json.dumps({"action": "close_list"}), "forbidden")  # the socket stays usable
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("role, participant", [(Role.DELEGATE, "MEX"), (Role.CHAIR, None)])
def test_an_acting_cookie_on_the_gallery_view_acts_only_as_an_observer(live, attack, queued, role, participant):
    """The view, not the cookie alone, decides the actor: a chair watching the gallery view
    cannot be driven through it."""
    watcher = attack.gallery(ROOM)
    socket = attack.socket(ROOM, "observe", live.cookie(live.code(ROOM, role, participant)))
    socket.wait_for('id="current"')
    before = attack.snapshot(ROOM)
    assert (
        attack.refused(socket, json.dumps({"action": "remove", "entry": queued}), "forbidden")
        == "An observer may not 'remove'."
    )
    assert (
        attack.refused(socket, json.dumps({"action": "request_floor"}), "forbidden")
        == "An observer may not 'request_floor'."
    )
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


# --- a tampered or forged session cookie -------------------------------------------------------


def tampered(attack, cookie: str, how: str, chair_id: int, organiser_id: int) -> str:
    value = cookie.removeprefix("session=")
    payload, _, signature = value.partition(".")
    if how == "edited payload":  # one base64 character changed: the signature no longer matches
        return "session=" + payload[:5] + ("A" if payload[5] != "A" else "B") + payload[6:] + "." + signature
    if how == "edited signature":
        return "session=" + value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    if how == "payload only, unsigned":
        return "session=" + payload
    if how == "signed with another key":  # a real grant id, signed by someone without the server's key
        return attack.signed_cookie({"grants": {ROOM: chair_id}}, "not-the-server-key")
    if how == "organiser grant, another key":
        return attack.signed_cookie({"grants": {"*": organiser_id}}, "not-the-server-key")
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "edited payload",
        "edited signature",
        "payload only, unsigned",
        "signed with another key",
        "organiser grant, another key",
    ],
)
def test_a_tampered_cookie_grants_nothing(live, attack, queued, how):
    watcher = attack.gallery(ROOM)
    chair_code = live.code(ROOM, Role.CHAIR)
    organiser_id = attack.code_id(live.code(None, Role.ORGANISER))
    cookie = tampered(attack, live.cookie(chair_code), how, attack.code_id(chair_code), organiser_id)
    before = attack.snapshot(ROOM)
    socket = attack.socket(ROOM, "chair", cookie)
    attack.try_send(socket, json.dumps({"action": "close_list"}))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == NEEDS_CODE
    response = page(live, "chair", cookie)
    assert response.status_code == 403 and "needs an access code" in response.text
    assert httpx.get(f"{live.base_url}/organiser", headers={"Cookie": cookie}).status_code == 403
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize(
    "grants",
    [
        "another room's chair code",
        "a revoked chair code",
        "a code that does not exist",
        "the id as text",
        "a delegate code under the organiser's key",
    ],
)
def test_even_a_validly_signed_cookie_grants_only_what_the_database_says(live, attack, queued, grants):
    """Defence in depth: the cookie holds only code ids, and each is checked again against the
    database (room, role, revocation). Signed with the server's own key, as if the key had leaked."""
    watcher = attack.gallery(ROOM)
    revoked = live.code(ROOM, Role.CHAIR)
    revoked_id = attack.code_id(revoked)
    attack.revoke(revoked)
    payload = {
        "another room's chair code": lambda: {ROOM: attack.code_id(live.code("rt2", Role.CHAIR))},
        "a revoked chair code": lambda: {ROOM: revoked_id},
        "a code that does not exist": lambda: {ROOM: 999_999},
        "the id as text": lambda: {ROOM: str(attack.code_id(live.code(ROOM, Role.CHAIR)))},
        "a delegate code under the organiser's key": lambda: {
            "*": attack.code_id(live.code(ROOM, Role.DELEGATE, "MEX"))
        },
    }[grants]()
    cookie = attack.signed_cookie({"grants": payload}, attack.server_key())
    before = attack.snapshot(ROOM)
    socket = attack.socket(ROOM, "chair", cookie)
    attack.try_send(socket, json.dumps({"action": "close_list"}))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == NEEDS_CODE
    assert page(live, "chair", cookie).status_code == 403
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


# --- a delegate acting for another participant ----------------------------------------------------


@pytest.fixture
def mexico(live, attack):
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    socket = attack.socket(ROOM, "delegate", live.cookie(code))
    socket.wait_for('id="my-request"')
    socket.code = code
    return socket


@pytest.mark.parametrize(
    "command, words",
    [
        ({"action": "request_floor", "participant": "PHL"}, "This code acts for MEX only, not for PHL."),
        ({"action": "request_floor", "participant": "EU", "type": "point_of_order"}, "acts for MEX only, not for EU"),
        ({"action": "withdraw", "participant": "PHL"}, "acts for MEX only, not for PHL"),
        ({"action": "withdraw", "entry": "QUEUED"}, "That request belongs to another participant."),
        ({"action": "withdraw", "entry": "QUEUED", "participant": "PHL"}, "acts for MEX only"),
        ({"action": "call", "participant": "MEX"}, "A delegate may not 'call'."),
        ({"action": "seat_panellist", "participant": "MEX"}, "A delegate may not 'seat_panellist'."),
    ],
    ids=[
        "request-for-PHL",
        "point-of-order-for-EU",
        "withdraw-PHL",
        "withdraw-PHL-entry",
        "withdraw-entry-as-PHL",
        "call-self",
        "seat-self",
    ],
)
@pytest.mark.parametrize("door", ["websocket", "api"])
def test_a_delegate_cannot_act_for_another_participant(live, attack, queued, mexico, door, command, words):
    watcher = attack.gallery(ROOM)
    command = with_entry(command, queued)
    before = attack.snapshot(ROOM)
    if door == "websocket":
        assert words in attack.refused(mexico, json.dumps(command), "forbidden")
    else:
        assert words in attack.api_refused(live.api(ROOM, mexico.code, **command), 403, "forbidden")
    attack.unchanged(ROOM, before)
    assert [q["participant"] for q in live.state(ROOM)["queue"]] == ["PHL"]
    # the delegate still acts for itself, on the same socket
    mexico.send(json.dumps({"action": "request_floor"}))
    mexico.wait_for("You are number 2 in the queue")
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("door", ["websocket", "api"])
def test_a_delegate_cannot_claim_a_panellists_response(live, attack, queued, mexico, door):
    """The delegate page offers no 'response' (only the panel page does); a forged one must be refused."""
    watcher = attack.gallery(ROOM)
    assert live.api(ROOM, live.code(ROOM, Role.CHAIR), action="close_list").status_code == 200
    before = attack.snapshot(ROOM)
    command = {"action": "request_floor", "type": "response"}
    try:
        if door == "websocket":
            assert attack.answer(mexico, json.dumps(command))[0] == "forbidden"
        else:
            assert live.api(ROOM, mexico.code, **command).status_code == 403
        attack.unchanged(ROOM, before)
    finally:
        attack.still_served(ROOM, watcher)


# --- a rapporteur, a panellist and a chair of another room --------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        {"action": "call_next"},
        {"action": "close_list"},
        {"action": "timer_start"},
        {"action": "remove", "entry": "QUEUED"},
        {"action": "request_floor", "participant": "MEX"},
        {"action": "add_participant", "name": "Walk-in NGO", "category": "ngo"},
    ],
    ids=lambda c: c["action"],
)
@pytest.mark.parametrize("door", ["websocket", "api"])
def test_a_rapporteur_cannot_use_the_chairs_actions(live, attack, queued, door, command):
    watcher = attack.gallery(ROOM)
    command = with_entry(command, queued)
    code = live.code(ROOM, Role.RAPPORTEUR)
    before = attack.snapshot(ROOM)
    words = f"A rapporteur may not '{command['action']}'."
    if door == "websocket":
        socket = attack.socket(ROOM, "log", live.cookie(code))
        socket.wait_for('id="current"')
        assert attack.refused(socket, json.dumps(command), "forbidden") == words
    else:
        assert attack.api_refused(live.api(ROOM, code, **command), 403, "forbidden") == words
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize(
    "command, words",
    [
        ({"action": "call_next"}, "A panellist may not 'call_next'."),
        ({"action": "seat_panellist", "participant": "IOM"}, "A panellist may not 'seat_panellist'."),
        ({"action": "request_floor", "participant": "IOM"}, "This code acts for ILO only, not for IOM."),
    ],
    ids=["call_next", "seat_panellist", "request-for-IOM"],
)
def test_a_panellist_cannot_preside_or_speak_for_others(live, attack, queued, command, words):
    watcher = attack.gallery(ROOM)
    socket = attack.socket(ROOM, "panel", live.cookie(live.code(ROOM, Role.PANELLIST, "ILO")))
    socket.wait_for('id="current"')
    before = attack.snapshot(ROOM)
    assert attack.refused(socket, json.dumps(command), "forbidden") == words
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_a_chair_code_of_another_room_is_no_chair_here(live, attack, queued):
    watcher = attack.gallery(ROOM)
    elsewhere = live.code("rt2", Role.CHAIR)
    cookie = live.cookie(elsewhere)
    before = attack.snapshot(ROOM)
    socket = attack.socket(ROOM, "chair", cookie)
    attack.try_send(socket, json.dumps({"action": "call_next"}))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == NEEDS_CODE
    assert page(live, "chair", cookie).status_code == 403
    message = attack.api_refused(live.api(ROOM, elsewhere, action="call_next"), 401, "unauthorised")
    assert "valid access code for this room" in message
    attack.unchanged(ROOM, before)
    # ... while it is still the chair in its own room
    own = attack.socket("rt2", "chair", cookie)
    own.wait_for('id="current"')
    attack.chair_still_acts(own)
    attack.still_served(ROOM, watcher)
