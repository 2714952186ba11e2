"""Reserved seats through a real server (PROCEDURE.md §3): the secretariat's desk caps the round
tables, records the delegations' choices and assigns the seats as proposed; a delegation without a
seat is refused the floor by every door, with the rule, until the co-chairs open it to them."""

import html
import json
import re

import httpx
import pytest

from session.domain.permissions import Role
from session.domain.seats import NO_SEAT


def token(client: httpx.Client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/organiser/seats").text).group(1)


def change(client: httpx.Client, room: str, action: str, **fields) -> httpx.Response:
    return client.post(f"/organiser/seats/{room}", data={"csrf_token": token(client), "action": action, **fields})


def section(page: str, room: str) -> str:
    return html.unescape(re.search(rf'<section id="seats-desk-{room}".*?</section>', page, re.S).group(0))


@pytest.fixture
def chosen(desk):
    """Round table 1 has two seats and three first choices; round table 2 one seat, Kenya's first
    choice, and Senegal's second."""
    assert change(desk, "rt1", "set_seat_cap", seats="2").status_code == 303
    assert change(desk, "rt2", "set_seat_cap", seats="1").status_code == 303
    for room, participant, rank in (
        ("rt1", "MEX", "first"),
        ("rt1", "PHL", "first"),
        ("rt1", "SEN", "first"),
        ("rt2", "KEN", "first"),
        ("rt2", "SEN", "second"),
    ):
        response = change(desk, room, "record_seat_choice", participant=participant, rank=rank)
        assert response.status_code == 303, response.text
    return desk


def test_the_desk_is_the_secretariats(live):
    with httpx.Client(base_url=live.base_url) as anyone:
        assert anyone.get("/organiser/seats").status_code == 403
        assert anyone.post("/organiser/seats/rt1", data={"action": "set_seat_cap", "seats": "2"}).status_code == 403
    assert live.state("rt1")["seats"] == {"cap": None, "taken": 0, "holders": [], "seatless_may_ask": False}


def test_the_organisers_home_links_the_desk(desk):
    assert 'href="/organiser/seats"' in desk.get("/organiser").text


def test_the_desk_shows_caps_and_choices_and_assigns_as_proposed(live, chosen):
    page = chosen.get("/organiser/seats").text
    rt1 = section(page, "rt1")
    assert "Seats: 0 of 2 taken" in rt1
    assert rt1.index("Mexico") < rt1.index("Philippines") < rt1.index("Senegal")  # in order of expression
    assert rt1.count("Proposed for a seat here") == 2
    assert "Without a seat as proposed: Senegal." in html.unescape(page)
    assert "No cap: every delegation takes part." in section(page, "rt3")

    response = chosen.post("/organiser/seats", data={"csrf_token": token(chosen)})
    assert response.status_code == 303 and response.headers["location"] == "/organiser/seats"
    assert live.state("rt1")["seats"] == {"cap": 2, "taken": 2, "holders": ["MEX", "PHL"], "seatless_may_ask": False}
    assert live.state("rt2")["seats"]["holders"] == ["KEN"]
    page = chosen.get("/organiser/seats").text
    assert "Seats: 2 of 2 taken" in section(page, "rt1") and "Seats: 1 of 1 taken" in section(page, "rt2")
    assert "Unseat Mexico" in section(page, "rt1")

    # Nothing left to assign: the button says so by being disabled, the server by refusing.
    again = chosen.post("/organiser/seats", data={"csrf_token": token(chosen)})
    assert again.status_code == 409 and "There is nothing to assign" in again.text


def test_one_seat_per_delegation_across_the_round_tables_is_said_on_the_desk(live, chosen):
    assert change(chosen, "rt1", "seat_delegation", participant="MEX").status_code == 303
    refused = change(chosen, "rt2", "seat_delegation", participant="mex")
    assert refused.status_code == 409
    text = html.unescape(refused.text)
    assert "Mexico already holds a seat at Round table 1" in text
    assert "one seat per delegation across the round tables" in text
    assert live.state("rt2")["seats"]["holders"] == []
    assert change(chosen, "rt1", "unseat_delegation", participant="MEX").status_code == 303
    assert live.state("rt1")["seats"]["holders"] == []


def test_bounds_and_forms_refused_with_a_sentence(live, desk):
    refused = change(desk, "rt1", "set_seat_cap", seats="-3")
    assert refused.status_code == 400
    assert "A round table has 1 to 300 reserved seats, or 0 for no cap: not -3." in html.unescape(refused.text)
    plenary = change(desk, "plenary", "set_seat_cap", seats="45")
    assert plenary.status_code == 404 and "There is no such round table." in plenary.text
    assert change(desk, "rt1", "publish_panel", participants="MEX").status_code == 400  # not a desk's change
    expired = desk.post("/organiser/seats/rt1", data={"csrf_token": "forged", "action": "set_seat_cap", "seats": 9})
    assert expired.status_code == 403
    assert live.state("rt1")["seats"]["cap"] is None


def test_a_delegation_without_a_seat_is_refused_the_floor_until_the_co_chairs_allow_it(live, desk):
    assert change(desk, "rt1", "set_seat_cap", seats="45").status_code == 303
    assert change(desk, "rt1", "seat_delegation", participant="MEX").status_code == 303
    senegal = live.code("rt1", Role.DELEGATE, "SEN")

    response = live.api("rt1", senegal, action="request_floor", type="statement")
    assert response.status_code == 409
    assert response.json()["error"] == {"code": "no_seat", "message": NO_SEAT}
    # A point of order follows status (rule 71), not the seat.
    assert live.api("rt1", senegal, action="request_floor", type="point_of_order").status_code == 200
    mexico = live.code("rt1", Role.DELEGATE, "MEX")
    assert live.api("rt1", mexico, action="request_floor", type="statement").status_code == 200

    phone = live.socket("rt1", "delegate", live.cookie(live.code("rt1", Role.DELEGATE, "KEN")))
    phone.wait_for('id="my-request"')
    phone.send(json.dumps({"action": "request_floor", "type": "question"}))
    frame = phone.wait_for(r'data-code="no_seat"')
    assert "your delegation has no seat here" in html.unescape(frame)

    chair = live.code("rt1", Role.CHAIR)
    with httpx.Client(base_url=live.base_url) as tablet:
        assert live.join(tablet, chair).status_code == 303
        page = html.unescape(tablet.get("/rooms/rt1/chair").text)
        assert "Seats: 1 of 45 taken" in page
        assert "Let delegations without a seat ask for the floor" in page
    assert live.api("rt1", chair, action="allow_seatless_requests", on=True).status_code == 200
    phone.send(json.dumps({"action": "request_floor", "type": "question"}))
    phone.wait_for(r"You are number")
    phone.close()
    assert live.state("rt1")["seats"]["seatless_may_ask"] is True
    assert [(q["participant"], q["type"]) for q in live.state("rt1")["queue"]] == [
        ("SEN", "point_of_order"),
        ("MEX", "statement"),
        ("KEN", "question"),
    ]


def test_the_gallery_follows_a_round_table_without_a_seat(live, desk):
    assert change(desk, "rt1", "set_seat_cap", seats="45").status_code == 303
    with httpx.Client(base_url=live.base_url) as gallery:
        assert gallery.get("/rooms/rt1/observe").status_code == 200
