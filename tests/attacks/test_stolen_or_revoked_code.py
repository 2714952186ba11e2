"""Stolen or revoked code: a revoked code stops at once (join, API, an open socket); guessing
codes grants nothing; a code for one room does nothing in another."""

import json
import random
import re

import httpx
import pytest
from livehelpers import seeded

from session.domain.permissions import Role
from session.store.access import ALPHABET

ROOM = "rt4"
REVOKED_JOIN = "That access code is not valid or has been revoked."


@pytest.fixture
def watcher(attack):
    return attack.gallery(ROOM)


def join(live, code: str) -> httpx.Response:
    return httpx.get(f"{live.base_url}/join/{code}", follow_redirects=False)


# --- a revoked code ------------------------------------------------------------------------------


@pytest.mark.parametrize("role, participant", [(Role.CHAIR, None), (Role.DELEGATE, "MEX"), (Role.RAPPORTEUR, None)])
def test_a_revoked_code_no_longer_joins(live, attack, watcher, role, participant):
    code = live.code(ROOM, role, participant)
    attack.revoke(code)
    before = attack.snapshot(ROOM)
    response = join(live, code)
    assert response.status_code == 403 and REVOKED_JOIN in response.text
    assert "location" not in response.headers
    with httpx.Client(base_url=live.base_url) as phone:  # the same through the form at /join
        form = phone.get("/join").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        answer = phone.post("/join", data={"code": code, "csrf_token": token})
        assert answer.status_code == 403 and REVOKED_JOIN in answer.text
        view = {Role.CHAIR: "chair", Role.DELEGATE: "delegate", Role.RAPPORTEUR: "log"}[role]
        assert phone.get(f"/rooms/{ROOM}/{view}").status_code == 403  # nothing was granted
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize(
    "command",
    [
        {"action": "close_list"},
        {"action": "request_floor", "participant": "MEX"},
        {"action": "call_next"},
    ],
    ids=lambda c: c["action"],
)
def test_a_revoked_code_is_refused_by_the_api(live, attack, watcher, command):
    code = live.code(ROOM, Role.CHAIR)
    assert live.api(ROOM, code, action="request_floor", participant="PHL").status_code == 200
    attack.revoke(code)
    before = attack.snapshot(ROOM)
    message = attack.api_refused(live.api(ROOM, code, **command), 401, "unauthorised")
    assert "Send a valid access code for this room" in message
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


def test_a_revoked_delegate_code_stops_an_open_socket_on_its_next_command(live, attack, watcher):
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    phone = attack.socket(ROOM, "delegate", live.cookie(code))
    phone.wait_for('id="my-request"')
    philippines = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "PHL")))
    philippines.wait_for('id="my-request"')
    attack.revoke(code)
    before = attack.snapshot(ROOM)
    phone.send(json.dumps({"action": "request_floor", "type": "statement"}))
    close = attack.closed(phone)
    assert close.code == attack.POLICY_VIOLATION and close.reason == "This access code has been revoked."
    attack.unchanged(ROOM, before)
    assert all(q["participant"] != "MEX" for q in live.state(ROOM)["queue"])
    # another delegation's code, and everyone else, are untouched
    philippines.send(json.dumps({"action": "request_floor"}))
    philippines.wait_for("You are number 1 in the queue")
    watcher.wait_for("Philippines")
    attack.still_served(ROOM, watcher)


def test_a_chair_code_revoked_at_the_desk_stops_the_chairs_open_socket(live, attack, watcher):
    chair_code = live.code(ROOM, Role.CHAIR)
    tablet = attack.socket(ROOM, "chair", live.cookie(chair_code))
    tablet.wait_for('id="current"')
    attack.accepted(tablet, {"action": "request_floor", "participant": "PHL"})
    with httpx.Client(base_url=live.base_url) as desk:
        assert live.join(desk, live.code(None, Role.ORGANISER)).headers["location"] == "/organiser"
        token = re.search(r'name="csrf_token" value="([^"]+)"', desk.get("/organiser").text).group(1)
        response = desk.post(f"/organiser/codes/{attack.code_id(chair_code)}/revoke", data={"csrf_token": token})
        assert response.status_code == 303
    before = attack.snapshot(ROOM)
    close = attack.closed(tablet)  # at once: the tablet did not have to try anything
    assert close.code == attack.POLICY_VIOLATION and "revoked" in close.reason
    attack.unchanged(ROOM, before)
    assert live.state(ROOM)["current"] is None
    # a fresh socket with the same cookie is refused outright
    again = attack.socket(ROOM, "chair", tablet.ws.request.headers["Cookie"])
    again_close = attack.closed(again)
    assert again_close.code == attack.POLICY_VIOLATION and again_close.reason == "This view needs an access code."
    attack.still_served(ROOM, watcher)


def test_revoking_is_final_even_for_a_socket_that_keeps_sending(live, attack, watcher):
    code = live.code(ROOM, Role.CHAIR)
    tablet = attack.socket(ROOM, "chair", live.cookie(code))
    tablet.wait_for('id="current"')
    attack.revoke(code)
    before = attack.snapshot(ROOM)
    for action in ("close_list", "timer_start", "call_next"):  # whatever reaches the server after the first
        attack.try_send(tablet, json.dumps({"action": action}))
    close = attack.closed(tablet)
    assert close.code == attack.POLICY_VIOLATION and close.reason == "This access code has been revoked."
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


# --- a guessed code --------------------------------------------------------------------------------


def near_misses(code: str) -> list[str]:
    """What someone who glimpsed a code, or mistyped it, would try."""
    head, tail = code.split("-")
    swap = {c: ALPHABET[(ALPHABET.index(c) + 1) % len(ALPHABET)] for c in code if c != "-"}
    return [
        code.swapcase(),
        head + tail,
        head + "_" + tail,
        code[:-1],
        code + "x",
        code + code,
        code[:-1] + swap[code[-1]],
        swap[code[0]] + code[1:],
        tail + "-" + head,
        code.replace("-", "\u2010"),  # a Unicode hyphen
    ]


def test_guessing_codes_grants_nothing(live, attack, watcher):
    real = live.code(ROOM, Role.CHAIR)
    rng = random.Random(20131003)
    guesses = [
        "".join(rng.choice(ALPHABET) for _ in range(4)) + "-" + "".join(rng.choice(ALPHABET) for _ in range(4))
        for _ in range(150)
    ]
    guesses += near_misses(real)
    guesses += ["' OR '1'='1", "%", "*", "admin", "00000000", "x" * 40, "x" * 41]
    before = attack.snapshot(ROOM)
    with httpx.Client(base_url=live.base_url) as guesser:
        for guess in guesses:
            response = guesser.get(f"/join/{guess}", follow_redirects=False)
            assert response.status_code in (403, 404, 429), (guess, response.status_code)  # 429: throttled
            if response.status_code == 403:
                assert REVOKED_JOIN in response.text
        for view in ("chair", "delegate", "panel", "log"):
            assert guesser.get(f"/rooms/{ROOM}/{view}").status_code == 403
        assert guesser.get("/organiser").status_code == 403
        socket = attack.socket(ROOM, "chair", "; ".join(f"{k}={v}" for k, v in guesser.cookies.items()))
        assert attack.closed(socket).code == attack.POLICY_VIOLATION
    for guess in [g for g in guesses[:60] + near_misses(real) if g.isascii()]:  # a header is ASCII
        response = attack.post(ROOM, guess, json.dumps({"action": "close_list"}))
        attack.api_refused(response, 429, "rate_limited")  # this address sent too many wrong codes above
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)
    with attack.elsewhere() as phone:  # and the real code was not locked out by the guessing
        assert live.join(phone, real).status_code == 303


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic {code}",
        "Bearer",
        "{code}",
        "Token {code}",
        "Bearer {code}x",
        "Bearer {code} {code}",
    ],
)
def test_a_malformed_authorization_header_is_refused(live, attack, watcher, authorization):
    code = live.code(ROOM, Role.CHAIR)
    before = attack.snapshot(ROOM)
    response = attack.post(
        ROOM, None, json.dumps({"action": "close_list"}), Authorization=authorization.format(code=code)
    )
    attack.api_refused(response, 401, "unauthorised")
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


# --- a code used in another room -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, participant, view",
    [
        (Role.CHAIR, None, "chair"),
        (Role.DELEGATE, "MEX", "delegate"),
        (Role.RAPPORTEUR, None, "log"),
    ],
)
def test_a_code_for_one_room_does_nothing_in_another(live, attack, watcher, role, participant, view):
    code = live.code("rt1", role, participant)
    cookie = live.cookie(code)
    before = attack.snapshot(ROOM)
    socket = attack.socket(ROOM, view, cookie)
    attack.try_send(socket, json.dumps({"action": "request_floor", "participant": "MEX"}))
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == "This view needs an access code."
    assert httpx.get(f"{live.base_url}/rooms/{ROOM}/{view}", headers={"Cookie": cookie}).status_code == 403
    command = (
        {"action": "request_floor", "participant": "MEX"}
        if role is not Role.RAPPORTEUR
        else {"action": "annotate", "entry": 1, "notes": "x"}
    )
    attack.api_refused(live.api(ROOM, code, **command), 401, "unauthorised")
    attack.unchanged(ROOM, before)
    assert live.state("rt1")["version"] == seeded("rt1")
    attack.still_served(ROOM, watcher)
