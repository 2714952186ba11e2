"""The secretariat's desk: codes issued with a QR code, listed without the code, revoked at once."""

import re

import httpx
import pytest
from sqlmodel import Session, select
from websockets.exceptions import ConnectionClosed

from session.domain.permissions import Role
from session.store.database import make_engine
from session.store.tables import AccessCodeRow


def token(client: httpx.Client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/organiser").text).group(1)


def issue(client: httpx.Client, **form) -> httpx.Response:
    return client.post("/organiser/codes", data={"csrf_token": token(client), **form})


def test_the_desk_needs_an_organiser_code(live):
    assert httpx.get(f"{live.base_url}/organiser").status_code == 403
    with httpx.Client(base_url=live.base_url) as chair:
        live.join(chair, live.code("rt1", Role.CHAIR))
        assert chair.get("/organiser").status_code == 403
        assert chair.post("/organiser/codes", data={"room": "rt1", "role": "chair"}).status_code == 403


def test_an_issued_code_is_shown_once_with_a_qr_code_and_works(live, desk):
    page = issue(desk, room="rt2", role="delegate", participant="PHL").text
    code = re.search(r'class="code">([^<]+)<', page).group(1)
    assert f"/join/{code}" in page and "<svg" in page and "shown once" in page
    assert code not in desk.get("/organiser").text  # never listed again
    with httpx.Client(base_url=live.base_url) as phone:
        assert live.join(phone, code).headers["location"] == "/rooms/rt2/delegate"
        assert "Philippines" in phone.get("/rooms/rt2/delegate").text


@pytest.mark.parametrize(
    "form, words",
    [
        ({"room": "rt2", "role": "delegate"}, "acts for one participant"),
        ({"room": "rt2", "role": "delegate", "participant": "XXX"}, "acts for one participant"),
        ({"room": "rt9", "role": "chair"}, "Choose the room"),
        ({"room": "rt2", "role": "emperor"}, "Unknown role"),
        ({"room": "rt2", "role": "chair", "participant": "MEX"}, "Only delegates and panellists"),
    ],
)
def test_a_wrong_request_for_a_code_is_refused_in_words(live, desk, form, words):
    before = desk.get("/organiser").text.count("<tr")
    response = issue(desk, **form)
    assert response.status_code == 400 and words in response.text
    assert desk.get("/organiser").text.count("<tr") == before


def test_a_forged_desk_form_is_refused(desk):
    response = desk.post("/organiser/codes", data={"csrf_token": "forged", "room": "rt1", "role": "chair"})
    assert response.status_code == 403 and "expired" in response.text


def test_only_a_hash_of_a_code_is_stored(live, desk):
    code = re.search(r'class="code">([^<]+)<', issue(desk, room="rt1", role="rapporteur").text).group(1)
    engine = make_engine(live.database_url)
    with Session(engine) as session:
        stored = [(r.code_hash, r.label) for r in session.exec(select(AccessCodeRow))]
    engine.dispose()
    assert stored and all(code not in h and code not in label for h, label in stored)


def test_a_revoked_code_stops_at_once_even_on_an_open_socket(live, desk):
    code = live.code("rt1", Role.DELEGATE, "MEX")
    cookie = live.cookie(code)
    phone = live.socket("rt1", "delegate", cookie)
    phone.wait_for('id="my-request"')
    desk_page = desk.get("/organiser").text
    row = re.search(r"<td>(\d+)</td><td>Round table 1</td><td>Delegate</td><td>test \(MEX\)", desk_page)
    revoked = desk.post(f"/organiser/codes/{row.group(1)}/revoke", data={"csrf_token": token(desk)})
    assert revoked.status_code == 303
    with pytest.raises(ConnectionClosed) as closed:  # closed at once, without waiting for a command
        phone.wait_for("never")
    assert closed.value.rcvd.code == 1008 and "revoked" in closed.value.rcvd.reason
    assert live.state("rt1")["queue"] == []
    assert httpx.get(f"{live.base_url}/join/{code}").status_code == 403
    assert httpx.get(f"{live.base_url}/rooms/rt1/delegate", headers={"Cookie": cookie}).status_code == 403


def test_the_desk_reads_in_french(desk):
    page = desk.get("/organiser?lang=fr").text
    for french in ("Secrétariat", "Délivrer un code", "Salle", "Rôle", "Table ronde 1", "Délégué(e)", "Actif"):
        assert french in page, french
    for english in ("Issue a code", "Holder", "Export the record", ">Active<", "all rooms"):
        assert english not in page, english
