"""A code for the whole event, or for several rooms: one delegation's code works in every room
where it may speak, and is refused, by the room's rule, where it may not; a code for some rooms
opens nothing else."""

import json

import httpx

from session.domain.permissions import Role
from session.domain.seats import NO_SEAT
from session.store import access
from session.store.database import make_engine

NEEDS_CODE = "This view needs an access code."


def mint(live, role: Role, participant: str | None = None, rooms: tuple[str, ...] = ()) -> str:
    engine = make_engine(live.database_url)
    try:
        return access.mint(engine, role=role, room=None, rooms=rooms, participant=participant, label="test")
    finally:
        engine.dispose()


def page(live, room: str, view: str, cookie: str) -> httpx.Response:
    return httpx.get(f"{live.base_url}/rooms/{room}/{view}", headers={"Cookie": cookie})


def test_a_delegations_one_code_speaks_in_the_plenary_and_a_round_table_and_is_refused_without_a_seat(live, attack):
    assert live.api("rt2", live.code("rt2", Role.CHAIR), action="set_seat_cap", seats=1).status_code == 200
    code = mint(live, Role.DELEGATE, "MEX")
    cookie = live.cookie(code)
    for room in ("plenary", "rt1"):
        assert page(live, room, "delegate", cookie).status_code == 200
        phone = attack.socket(room, "delegate", cookie)
        phone.wait_for('id="current"')
        attack.accepted(phone, {"action": "request_floor", "type": "statement"})
        assert [e["participant"] for e in live.state(room)["queue"]] == ["MEX"]
    before = attack.snapshot("rt2")
    phone = attack.socket("rt2", "delegate", cookie)
    phone.wait_for('id="current"')
    assert attack.refused(phone, json.dumps({"action": "request_floor", "type": "statement"}), "no_seat") == NO_SEAT
    attack.unchanged("rt2", before)
    refused = live.api("rt2", code, action="request_floor", participant="MEX")
    assert attack.api_refused(refused, 409, "no_seat") == NO_SEAT
    assert live.api("rt3", code, action="request_floor", participant="MEX").status_code == 200  # the API too


def test_the_code_still_acts_only_for_its_delegation_and_its_role(live, attack):
    code = mint(live, Role.DELEGATE, "MEX")
    refused = live.api("rt1", code, action="request_floor", participant="PHL")
    assert "This code acts for MEX only" in attack.api_refused(refused, 403, "forbidden")
    assert page(live, "rt1", "chair", live.cookie(code)).status_code == 403


def test_a_chairs_code_for_two_round_tables_opens_those_two_and_no_other(live, attack):
    code = mint(live, Role.CHAIR, rooms=("rt1", "rt2"))
    cookie = live.cookie(code)
    for room in ("rt1", "rt2"):
        assert page(live, room, "chair", cookie).status_code == 200
        assert live.api(room, code, action="close_list").status_code == 200
    assert page(live, "rt3", "chair", cookie).status_code == 403
    attack.api_refused(live.api("rt3", code, action="close_list"), 401, "unauthorised")
    socket = attack.socket("rt3", "chair", cookie)
    close = attack.closed(socket)
    assert close.code == attack.POLICY_VIOLATION and close.reason == NEEDS_CODE


def test_a_code_for_one_room_remains_for_that_room_alone(live):
    cookie = live.cookie(live.code("rt1", Role.DELEGATE, "MEX"))
    assert page(live, "rt1", "delegate", cookie).status_code == 200
    assert page(live, "plenary", "delegate", cookie).status_code == 403


def test_an_event_wide_code_and_the_secretariats_are_held_side_by_side(live):
    with httpx.Client(base_url=live.base_url) as client:
        assert live.join(client, mint(live, Role.ORGANISER)).status_code == 303
        joined = live.join(client, mint(live, Role.DELEGATE, "PHL"))
        assert joined.status_code == 303 and joined.headers["location"] == "/"
        assert client.get("/organiser").status_code == 200
        assert client.get("/rooms/rt4/delegate").status_code == 200


def test_revoking_an_event_wide_code_closes_it_in_every_room(live, attack):
    code = mint(live, Role.DELEGATE, "MEX")
    cookie = live.cookie(code)
    phones = []
    for room in ("plenary", "rt1"):
        phone = attack.socket(room, "delegate", cookie)
        phone.wait_for('id="current"')
        phones.append(phone)
    attack.revoke(code)
    for phone in phones:
        attack.try_send(phone, json.dumps({"action": "request_floor", "type": "statement"}))
        assert attack.closed(phone).code == attack.POLICY_VIOLATION
    assert page(live, "rt1", "delegate", cookie).status_code == 403
