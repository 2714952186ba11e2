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
    row = re.search(r"<td>(\d+)</td><td>Round table 1</td><td>Delegate</td><td>Mexico \(MEX\) · test<", desk_page)
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


def codes_listed(page: str) -> list[str]:
    """The ids of the codes the desk's table lists."""
    return re.findall(r"<tr(?: class=\"revoked\")?><td>(\d+)</td>", page)


@pytest.fixture
def many_codes(live):
    """A desk with codes of several rooms, roles and delegations (besides the seeded ones)."""
    minted = {
        "rt1-mex": live.code("rt1", Role.DELEGATE, "MEX"),
        "rt2-mex": live.code("rt2", Role.DELEGATE, "MEX"),
        "rt2-phl": live.code("rt2", Role.DELEGATE, "PHL"),
        "rt2-chair": live.code("rt2", Role.CHAIR),
    }
    return minted


def test_the_desk_says_how_many_codes_it_lists_of_how_many(desk, many_codes):
    page = desk.get("/organiser").text
    total = len(codes_listed(page))
    assert f"{total} of {total} codes" in page and total >= 4
    filtered = desk.get("/organiser", params={"room": "rt2", "role": "delegate"}).text
    assert f"2 of {total} codes" in filtered


def test_the_desk_filters_by_room_role_and_participant(desk, many_codes):
    by_room = desk.get("/organiser", params={"room": "rt2"}).text
    assert len(codes_listed(by_room)) == 3 and "Round table 1</td>" not in by_room
    by_role = desk.get("/organiser", params={"role": "chair"}).text
    assert "<td>Delegate</td>" not in by_role and "<td>Chair</td>" in by_role
    for who in ("Mexico", "mex", "MEX"):
        mexico = desk.get("/organiser", params={"who": who}).text
        assert len(codes_listed(mexico)) == 2 and "Philippines (PHL)" not in mexico, who
    # The form keeps what was asked, so the next search starts from it.
    assert '<option value="rt2" selected>' in by_room
    assert 'name="who" value="mex"' in desk.get("/organiser", params={"who": "mex"}).text


def test_a_filter_naming_nothing_known_is_forgotten(desk, many_codes):
    everything = codes_listed(desk.get("/organiser").text)
    assert codes_listed(desk.get("/organiser", params={"room": "rt9", "role": "emperor"}).text) == everything
    nothing = desk.get("/organiser", params={"who": "Atlantis"}).text
    assert codes_listed(nothing) == [] and "No code matches." in nothing


def test_a_delegations_code_names_it_once(desk, live):
    issue(desk, room="rt2", role="delegate", participant="MEX")
    page = desk.get("/organiser", params={"who": "MEX"}).text
    assert "Mexico (MEX)" in page and "(MEX) (MEX)" not in page and "Mexico (MEX) · Mexico" not in page


def test_revoking_asks_a_second_time_and_keeps_the_filter(live, desk, many_codes):
    page = desk.get("/organiser", params={"room": "rt2", "who": "PHL"}).text
    (code_id,) = codes_listed(page)
    # The row's button only opens the question; the form inside it revokes.
    confirm = re.search(r"<details class=\"revoke\"><summary>Revoke code (\d+)</summary>(.*?)</details>", page, re.S)
    assert confirm.group(1) == code_id and "cannot be used again" in confirm.group(2)
    assert ">Revoke this code</button>" in confirm.group(2) and "data-confirm" not in page
    answer = desk.post(
        f"/organiser/codes/{code_id}/revoke", data={"csrf_token": token(desk), "room": "rt2", "who": "PHL"}
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/organiser?room=rt2&who=PHL"
    after = desk.get(answer.headers["location"]).text
    assert "<td>Revoked</td>" in after and "1 of" in after
    assert httpx.get(f"{live.base_url}/join/{many_codes['rt2-phl']}").status_code == 403
