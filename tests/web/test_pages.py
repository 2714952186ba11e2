"""The pages over HTTP: who may open which, joining with a code, the contract's routes."""

import re

import httpx
import pytest

from session.domain.permissions import Role


def post_join(client: httpx.Client, code: str) -> httpx.Response:
    """Type a code into the join form, as a person would: the form carries its CSRF token."""
    form = client.get("/join").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    return client.post("/join", data={"code": code, "csrf_token": token})


def test_the_event_home_lists_every_room(live):
    page = httpx.get(f"{live.base_url}/").text
    for slug in ("plenary", "rt1", "rt2", "rt3", "rt4"):
        assert f"/rooms/{slug}/observe" in page
    assert "Round table 4" in page


def test_the_gallery_and_the_big_screen_are_open(live):
    for view in ("observe", "screen"):
        response = httpx.get(f"{live.base_url}/rooms/rt1/{view}")
        assert response.status_code == 200
        assert 'aria-label="Current speaker"' in response.text and 'role="timer"' in response.text


@pytest.mark.parametrize("view", ["chair", "delegate", "panel", "log"])
def test_acting_pages_need_a_code(live, view):
    response = httpx.get(f"{live.base_url}/rooms/rt1/{view}")
    assert response.status_code == 403
    assert "needs an access code" in response.text and 'name="code"' in response.text


@pytest.mark.parametrize(
    "role, participant, view",
    [
        (Role.CHAIR, None, "chair"),
        (Role.DELEGATE, "MEX", "delegate"),
        (Role.PANELLIST, "ILO", "panel"),
        (Role.RAPPORTEUR, None, "log"),
        (Role.OBSERVER, None, "observe"),
        (Role.SCREEN, None, "screen"),
    ],
)
def test_a_join_link_signs_in_with_one_tap_and_lands_on_the_roles_page(live, role, participant, view):
    code = live.code("rt3", role, participant)
    with httpx.Client(base_url=live.base_url) as client:
        confirmation = client.get(f"/join/{code}")
        assert confirmation.status_code == 200 and ">Join</button>" in confirmation.text
        assert client.get(f"/rooms/rt3/{view}").status_code == (200 if view in ("observe", "screen") else 403)
        response = live.join(client, code)
        assert response.status_code == 303 and response.headers["location"] == f"/rooms/rt3/{view}"
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        page = client.get(f"/rooms/rt3/{view}")
        assert page.status_code == 200
        assert 'ws-connect="/rooms/rt3/ws?view=' + view + '"' in page.text


def test_the_chair_page_has_the_chairs_controls(live):
    with httpx.Client(base_url=live.base_url) as client:
        assert post_join(client, live.code("rt1", Role.CHAIR)).status_code == 303
        page = client.get("/rooms/rt1/chair").text
    for name in (
        "Call next speaker",
        "Start timer",
        "Pause timer",
        "Resume timer",
        "End intervention",
        "Close the list of speakers",
    ):
        assert f">{name}</button>" in page


def test_the_delegate_page_names_its_delegation_and_offers_the_floor(live):
    with httpx.Client(base_url=live.base_url) as client:
        live.join(client, live.code("rt1", Role.DELEGATE, "PHL"))
        page = client.get("/rooms/rt1/delegate").text
    assert "Philippines" in page and ">Request the floor</button>" in page


def test_a_code_does_not_open_another_rooms_pages(live):
    with httpx.Client(base_url=live.base_url) as client:
        live.join(client, live.code("rt1", Role.CHAIR))
        assert client.get("/rooms/rt2/chair").status_code == 403


def test_a_delegate_code_does_not_open_the_chair_page(live):
    with httpx.Client(base_url=live.base_url) as client:
        live.join(client, live.code("rt1", Role.DELEGATE, "MEX"))
        assert client.get("/rooms/rt1/chair").status_code == 403


@pytest.mark.parametrize("code", ["nope-nope", "x" * 500, "<script>"])
def test_a_wrong_code_is_refused_in_words(live, code):
    with httpx.Client(base_url=live.base_url) as client:
        response = post_join(client, code)
    assert response.status_code == 403
    assert "not valid or has been revoked" in response.text
    assert "<script>" not in response.text


def test_an_unknown_room_or_page_is_a_404(live):
    assert httpx.get(f"{live.base_url}/rooms/rt9/observe").status_code == 404
    assert httpx.get(f"{live.base_url}/rooms/rt1/backstage").status_code == 404


def test_the_vendored_htmx_and_the_timer_script_are_served(live):
    for path in ("/static/vendor/htmx.min.js", "/static/vendor/ws.min.js", "/static/session.js", "/static/session.css"):
        assert httpx.get(f"{live.base_url}{path}").status_code == 200, path


def test_the_join_form_refuses_a_post_without_its_csrf_token(live):
    code = live.code("rt1", Role.CHAIR)
    with httpx.Client(base_url=live.base_url) as client:
        client.get("/join")
        forged = client.post("/join", data={"code": code, "csrf_token": "forged"})
        assert forged.status_code == 403 and "expired" in forged.text
        assert client.get("/rooms/rt1/chair").status_code == 403  # not signed in by the forged post
    assert httpx.post(f"{live.base_url}/join", data={"code": code}).status_code == 403


def test_every_page_carries_the_security_headers(live):
    for path in ("/", "/join", "/rooms/rt1/observe", "/rooms/rt1/chair", "/static/session.js"):
        headers = httpx.get(f"{live.base_url}{path}").headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script(live):
    with httpx.Client(base_url=live.base_url) as client:
        live.join(client, live.code("rt1", Role.CHAIR))
        for view in ("chair", "observe", "screen", "log"):
            page = client.get(f"/rooms/rt1/{view}").text
            assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", page)), view
            assert not re.search(r"<[^>]+\son\w+=", page), view  # no inline event handlers
