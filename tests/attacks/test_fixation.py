"""Session fixation and lifetime: every change of privilege (join, leave, log out) gives the session
a new id and a new CSRF token, so a session or token planted or read before it is worth nothing;
a session idle for a meeting day, or a week old, no longer opens anything; with HTTPS the cookie
is a `__Host-` cookie."""

import re

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from session.domain.permissions import Role

ROOM = "rt3"
HOUR = 3600
NEEDS_CODE = "This view needs an access code."
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_on(client: httpx.Client, path: str) -> str:
    return CSRF_FIELD.search(client.get(path).text).group(1)


def test_joining_leaving_and_logging_out_each_rotate_the_session(live, attack):
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    with httpx.Client(base_url=live.base_url) as phone:
        planted = token_on(phone, f"/join/{code}")  # what an attacker holding this session would know
        before = attack.session_of(phone)
        assert phone.post("/join", data={"code": code, "csrf_token": planted}).status_code == 303
        joined = attack.session_of(phone)
        assert joined["csrf"] != planted and joined["sid"] != before.get("sid")
        assert joined["grants"] == {ROOM: joined["grants"][ROOM]}
        # the token from before the join opens nothing any more: leaving with it is refused
        stale = phone.post("/leave", data={"room": ROOM, "csrf_token": planted})
        assert stale.status_code == 403 and "expired" in stale.text
        assert phone.get(f"/rooms/{ROOM}/delegate").status_code == 200
        assert phone.post("/leave", data={"room": ROOM, "csrf_token": joined["csrf"]}).status_code == 303
        left = attack.session_of(phone)
        assert "grants" not in left and left["csrf"] != joined["csrf"] and left["sid"] != joined["sid"]
        assert phone.get(f"/rooms/{ROOM}/delegate").status_code == 403

        assert live.join(phone, code).status_code == 303
        assert live.join(phone, live.code(ROOM, Role.RAPPORTEUR)).status_code == 303
        again = attack.session_of(phone)
        assert set(again["grants"]) == {ROOM}  # the rapporteur's code took the room's place, as confirmed
        assert phone.post("/logout", data={"csrf_token": again["csrf"]}).status_code == 303
        out = attack.session_of(phone)
        assert "grants" not in out and out["csrf"] != again["csrf"] and out["sid"] != again["sid"]
        assert phone.get(f"/rooms/{ROOM}/log").status_code == 403


def test_leave_and_logout_are_posts_with_the_token(live):
    with httpx.Client(base_url=live.base_url) as phone:
        assert live.join(phone, live.code(ROOM, Role.CHAIR)).status_code == 303
        page = phone.get(f"/rooms/{ROOM}/chair").text
        assert re.search(r'<form class="leave" method="post" action="/leave">', page)
        assert re.search(r'<form class="signout" method="post" action="/logout">', page)
        assert phone.get("/logout").status_code == 405 and phone.get("/leave").status_code == 405
        assert phone.post("/logout", data={"csrf_token": "forged"}).status_code == 403
        assert phone.get(f"/rooms/{ROOM}/chair").status_code == 200  # a forged logout changed nothing


def test_a_session_idle_for_a_meeting_day_no_longer_opens_pages(clocked, clock, attack):
    with httpx.Client(base_url=clocked.base_url) as chair:
        assert clocked.join(chair, clocked.code(ROOM, Role.CHAIR)).status_code == 303
        for _ in range(3):  # a long day, with the page reloaded now and then: still signed in
            clock.advance(17 * HOUR)
            assert chair.get(f"/rooms/{ROOM}/chair").status_code == 200
        cookie = f"session={chair.cookies['session']}"
        clock.advance(18 * HOUR + 1)
        socket = clocked.socket(ROOM, "chair", cookie)  # a websocket is refused on the same rule
        with pytest.raises(ConnectionClosed) as closed:
            socket.wait_for(r"(?!)", timeout=5)
        assert closed.value.rcvd.code == 1008 and closed.value.rcvd.reason == NEEDS_CODE
        assert chair.get(f"/rooms/{ROOM}/chair").status_code == 403
        assert "grants" not in attack.session_of(chair)  # dropped: winding the clock back would not revive them
        clock.advance(-24 * HOUR)
        assert chair.get(f"/rooms/{ROOM}/chair").status_code == 403


def test_a_session_older_than_a_week_must_join_again(clocked, clock):
    code = clocked.code(None, Role.ORGANISER)
    with httpx.Client(base_url=clocked.base_url) as desk:
        assert clocked.join(desk, code).status_code == 303
        for _ in range(14):  # used every twelve hours, never idle
            clock.advance(12 * HOUR)
            assert desk.get("/organiser").status_code == 200
        clock.advance(1)
        assert desk.get("/organiser").status_code == 403
        assert desk.get(f"/rooms/{ROOM}/chair").status_code == 403
        assert clocked.join(desk, code).status_code == 303  # the code itself still works
        assert desk.get("/organiser").status_code == 200


def test_the_cookie_is_a_host_cookie_behind_https(serve):
    server = serve(https_only=True)
    cookie = httpx.get(f"{server.base_url}/join").headers["set-cookie"]
    assert cookie.startswith("__Host-session=")
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert "secure" in attributes and "httponly" in attributes and "path=/" in attributes
    assert not any(a.startswith("domain") for a in attributes)  # a __Host- cookie has none
