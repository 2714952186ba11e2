"""Login CSRF: another site makes the browser open a join link (an <img>, a link, a redirect) to
sign the person in with the attacker's code — replacing their own grant, or the secretariat's
"*" in a room. A link only shows what the code opens; only a POST carrying the session's own CSRF
token stores a grant, and the confirmation says which grant it replaces."""

import httpx
import pytest

from session.domain.permissions import Role

ROOM = "rt1"
CROSS_SITE = {
    "Referer": "https://evil.example/",
    "Sec-Fetch-Site": "cross-site",
    "Sec-Fetch-Mode": "no-cors",
    "Sec-Fetch-Dest": "image",
}


def test_a_join_link_says_what_it_opens_and_stores_nothing_until_confirmed(live, attack):
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    with httpx.Client(base_url=live.base_url) as phone:
        page = phone.get(f"/join/{code}", follow_redirects=False)
        assert page.status_code == 200 and "location" not in page.headers
        assert "Round table 1 — Delegate — Mexico" in page.text
        assert f'<input type="hidden" name="code" value="{code}">' in page.text
        assert "grants" not in attack.session_of(phone)
        assert phone.get(f"/rooms/{ROOM}/delegate").status_code == 403
        assert live.join(phone, code).headers["location"] == f"/rooms/{ROOM}/delegate"


def test_a_link_from_another_site_does_not_replace_the_delegates_grant(live, attack):
    mine, theirs = live.code(ROOM, Role.DELEGATE, "MEX"), live.code(ROOM, Role.DELEGATE, "PHL")
    with httpx.Client(base_url=live.base_url) as phone:
        assert live.join(phone, mine).status_code == 303
        held = attack.session_of(phone)["grants"]
        for _ in range(2):  # an <img> or a redirect on the attacker's page, loaded twice
            forged = phone.get(f"/join/{theirs}", headers=CROSS_SITE, follow_redirects=False)
            assert forged.status_code == 200
            assert "You are already signed in as Round table 1 — Delegate — Mexico" in forged.text
        assert attack.session_of(phone)["grants"] == held
        page = phone.get(f"/rooms/{ROOM}/delegate").text
        assert "Mexico" in page and "Philippines" not in page


def test_an_organisers_session_keeps_its_star_grant_until_it_confirms(live, attack):
    organiser = live.code(None, Role.ORGANISER)
    chair = live.code(ROOM, Role.CHAIR)
    with httpx.Client(base_url=live.base_url) as desk:
        assert live.join(desk, organiser).headers["location"] == "/organiser"
        held = attack.session_of(desk)["grants"]
        assert set(held) == {"*"}
        confirmation = desk.get(f"/join/{chair}", headers=CROSS_SITE)
        assert "Round table 1 — Chair" in confirmation.text
        assert "You are already signed in as All rooms — Organiser" in confirmation.text
        assert attack.session_of(desk)["grants"] == held
        assert desk.get("/organiser").status_code == 200
        # the attacker's own form, posted from their page, carries no token of this session
        forged = desk.post("/join", data={"code": chair, "csrf_token": "attacker's"}, headers=CROSS_SITE)
        assert forged.status_code == 403
        assert attack.session_of(desk)["grants"] == held
        assert live.join(desk, chair).headers["location"] == f"/rooms/{ROOM}/chair"  # confirmed: now it counts
        assert set(attack.session_of(desk)["grants"]) == {"*", ROOM}


@pytest.mark.parametrize("code", ["nope-nope", "x" * 41, "%3Cscript%3E"])
def test_an_invalid_link_still_gets_the_403_page(live, attack, code):
    with httpx.Client(base_url=live.base_url) as phone:
        response = phone.get(f"/join/{code}")
        assert response.status_code == 403 and "not valid or has been revoked" in response.text
        assert "<script>" not in response.text
        assert "grants" not in attack.session_of(phone)
