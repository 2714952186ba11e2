"""Rights that follow status (PROCEDURE.md §2), through a real server: the API and the chair's socket
take the same command path as every other door."""

from livehelpers import seated

from session.domain.permissions import Role
from session.domain.rights import OBSERVER_POINT

ROOM = "plenary"


def test_an_ngos_point_of_order_is_refused_with_its_rule_and_nothing_changes(live):
    chair = live.code(ROOM, Role.CHAIR)
    assert live.api(ROOM, chair, action="inscribe", participant="MEX").status_code == 200
    assert live.api(ROOM, chair, action="close_list").status_code == 200
    before = live.state(ROOM)

    mfa = live.code(ROOM, Role.DELEGATE, "MFA")  # the Migrant Forum in Asia
    response = live.api(ROOM, mfa, action="request_floor", type="point_of_order")

    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] == "no_point_of_order"
    assert error["message"].startswith("Points of order are for Member States (rule 71)")
    assert "Migrant Forum in Asia may not raise one" in error["message"]
    after = live.state(ROOM)
    assert after["version"] == before["version"]
    assert [(q["participant"], q["type"]) for q in after["queue"]] == [("MEX", "statement")]


def test_the_holy_sees_point_of_order_is_flagged_for_the_chair(live):
    with seated(live, ROOM, chair=("chair", Role.CHAIR, None)) as sockets:
        holy_see = live.code(ROOM, Role.DELEGATE, "VAT")
        assert live.api(ROOM, holy_see, action="request_floor", type="point_of_order").status_code == 200
        frame = sockets["chair"].wait_for(r'class="chair-flag"')
        assert 'role="note"' in frame and "the chair decides whether to hear it" in frame
    [entry] = live.state(ROOM)["queue"]
    assert (entry["participant"], entry["position"], entry["flag"]) == ("VAT", 1, OBSERVER_POINT)
