"""A round table's priority to Heads of State or Government and ministers (PROCEDURE.md §3), through a
real server: the chair's tablet, the JSON API and a delegation's phone take the one command path."""

import json

from livehelpers import seated

from session.domain.permissions import Role

ROOM = "rt1"
SWITCH = "Give priority to Heads of State or Government and ministers"


def speakers(live) -> list[str]:
    return [q["participant"] for q in live.state(ROOM)["queue"]]


def test_the_co_chairs_switch_moves_the_ministers_ahead_and_the_phone_then_asks_the_level(live):
    chair = live.code(ROOM, Role.CHAIR)
    assert live.api(ROOM, chair, action="request_floor", participant="SEN").status_code == 200
    assert live.api(ROOM, chair, action="request_floor", participant="PHL", level="minister").status_code == 200
    assert speakers(live) == ["SEN", "PHL"] and not live.state(ROOM)["high_level_first"]

    with seated(live, ROOM, tablet=("chair", Role.CHAIR, None), phone=("delegate", Role.DELEGATE, "MEX")) as sockets:
        tablet, phone = sockets["tablet"], sockets["phone"]
        assert f'aria-pressed="false">{SWITCH}</button>' in "".join(tablet.frames)
        assert 'name="level"' not in "".join(phone.frames), "a round table asks no level by default"

        tablet.send(json.dumps({"action": "set_priority_to_high_level", "on": "on"}))  # the tablet's button
        tablet.wait_for(f'aria-pressed="true">{SWITCH}</button>')
        assert speakers(live) == ["PHL", "SEN"]
        phone.wait_for(r'name="level"')  # the phone now asks the speaker's level

        # Mexico's own word that its speaker is Head of State waits for the co-chairs' verification.
        phone.send(json.dumps({"action": "request_floor", "type": "statement", "level": "head_of_state"}))
        tablet.wait_for("Level not verified")
    mexico = live.state(ROOM)["queue"][2]
    assert (mexico["participant"], mexico["level"], mexico["requested_level"], mexico["level_verified"]) == (
        "MEX",
        "head_of_delegation",
        "head_of_state",
        False,
    )
    assert live.api(ROOM, chair, action="verify_level", entry=mexico["entry"], level="head_of_state").status_code == 200
    assert speakers(live) == ["PHL", "MEX", "SEN"], "verified: ahead of Senegal, after the minister who asked first"

    again = live.api(ROOM, chair, action="set_priority_to_high_level", on=True)
    assert again.status_code == 409 and again.json()["error"]["code"] == "no_change"
    phone = live.code(ROOM, Role.DELEGATE, "SEN")
    assert live.api(ROOM, phone, action="set_priority_to_high_level", on=False).json()["error"]["code"] == "forbidden"


def test_the_plenary_refuses_the_switch_naming_its_order_of_precedence(live):
    response = live.api("plenary", live.code("plenary", Role.CHAIR), action="set_priority_to_high_level", on=True)
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] == "not_round_table" and "order of precedence" in error["message"]
    with seated(live, "plenary", tablet=("chair", Role.CHAIR, None)) as sockets:
        assert SWITCH not in "".join(sockets["tablet"].frames)
