"""The state API leaking what the pages hide: `/api/rooms/<room>/state` is public, and it must not
hand the gallery the rapporteur's notes and key points, which only the rapporteur's desk shows.

One rule decides who reads them (permissions.reads_notes); the log page and the API both ask it,
and these tests hold each role's two answers against each other.
"""

import httpx
import pytest

from session.domain.permissions import NOTE_READERS, Role

ROOM = "rt3"
NOTES = "Draft: the minister hinted at a reversal on remittance fees"
KEY_POINTS = "Off the record: ready to join the coalition"


@pytest.fixture
def annotated(live):
    """One intervention, heard and annotated by the rapporteur, and marked for the summary."""
    chair = live.code(ROOM, Role.CHAIR)
    for action in (
        {"action": "request_floor", "participant": "MEX"},
        {"action": "call_next"},
        {"action": "end_intervention"},
    ):
        assert live.api(ROOM, chair, **action).status_code == 200
    rapporteur = live.code(ROOM, Role.RAPPORTEUR)
    response = live.api(ROOM, rapporteur, action="annotate", entry=1, notes=NOTES, key_points=KEY_POINTS, summary=True)
    assert response.status_code == 200, response.text
    return rapporteur


def state(live, code: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {code}"} if code else {}
    return httpx.get(f"{live.base_url}/api/rooms/{ROOM}/state", headers=headers)


def code_for(live, role: Role) -> str:
    if role is Role.ORGANISER:
        return live.code(None, role)
    return live.code(ROOM, role, "MEX" if role in (Role.DELEGATE, Role.PANELLIST) else None)


def test_the_public_state_is_what_the_gallery_sees(live, annotated):
    response = state(live)
    assert response.status_code == 200
    assert NOTES not in response.text and KEY_POINTS not in response.text
    (intervention,) = response.json()["interventions"]
    assert "notes" not in intervention and "key_points" not in intervention
    assert intervention["summary"] is True, "the gallery's log shows the summary mark; so does the API"
    gallery = httpx.get(f"{live.base_url}/rooms/{ROOM}/observe")
    assert NOTES not in gallery.text and "For the summary" in gallery.text


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.SCREEN, Role.DELEGATE, Role.PANELLIST])
def test_a_code_that_does_not_read_notes_gets_the_gallerys_state(live, annotated, role):
    response = state(live, code_for(live, role))
    assert response.status_code == 200
    assert NOTES not in response.text and KEY_POINTS not in response.text
    assert "notes" not in response.json()["interventions"][0]


@pytest.mark.parametrize("role", sorted(NOTE_READERS))
def test_whoever_reads_the_notes_at_the_desk_reads_them_in_the_api(live, annotated, role):
    (intervention,) = state(live, code_for(live, role)).json()["interventions"]
    assert intervention["notes"] == NOTES and intervention["key_points"] == KEY_POINTS
    assert intervention["summary"] is True


@pytest.mark.parametrize("role", list(Role))
def test_the_api_and_the_log_page_give_each_role_the_same_answer(live, annotated, role):
    code = code_for(live, role)
    in_api = NOTES in state(live, code).text
    page = httpx.get(f"{live.base_url}/rooms/{ROOM}/log", headers={"Cookie": live.cookie(code)})
    on_page = page.status_code == 200 and NOTES in page.text
    assert in_api == on_page, f"{role}: API {in_api}, log page {on_page} ({page.status_code})"


def test_a_code_not_valid_here_is_refused_not_taken_for_the_public(live, annotated, attack):
    for code in ("not-a-code", live.code("rt1", Role.RAPPORTEUR)):
        attack.api_refused(state(live, code), 401, "unauthorised")
    another_room = httpx.get(
        f"{live.base_url}/api/rooms/rt1/state", headers={"Authorization": f"Bearer {live.code(ROOM, Role.RAPPORTEUR)}"}
    )
    attack.api_refused(another_room, 401, "unauthorised")
