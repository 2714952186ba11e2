"""The rapporteur's desk and the balance of voices, live through the real server."""

import json

from session.domain.permissions import Role

ROOM = "rt4"


def test_the_rapporteurs_notes_are_kept_and_shown_live(live):
    chair = live.code(ROOM, Role.CHAIR)
    desk = live.socket(ROOM, "log", live.cookie(live.code(ROOM, Role.RAPPORTEUR)))
    desk.wait_for('id="log"')
    live.api(ROOM, chair, action="request_floor", participant="PHL")
    live.api(ROOM, chair, action="call_next")
    frame = desk.wait_for(r'id="notes-1"')
    assert "speaking now" in frame
    desk.send(
        json.dumps(
            {
                "action": "annotate",
                "entry": 1,
                "notes": 'Remittances, "costs" & fees\nsecond line',
                "key_points": "",
                "request_id": "n-1",
            }
        )
    )
    desk.wait_for(r'id="flash"')
    live.api(ROOM, chair, action="end_intervention")
    frame = desk.wait_for(r"Interventions <span class=\"count\">\(1\)")
    assert "Remittances, &#34;costs&#34; &amp; fees\nsecond line" in frame and "hx-preserve" in frame
    desk.send(json.dumps({"action": "annotate", "entry": 1, "summary": True}))
    frame = desk.wait_for(r'aria-pressed="true"')
    assert ">For the summary</button>" in frame
    desk.close()


def test_a_delegate_cannot_write_the_record(live):
    live.api(ROOM, live.code(ROOM, Role.CHAIR), action="call", participant="MEX")
    phone = live.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    phone.wait_for('id="my-request"')
    phone.send(json.dumps({"action": "annotate", "entry": 1, "notes": "my own glowing review"}))
    assert 'data-code="forbidden"' in phone.wait_for(r'id="flash"')
    phone.close()


def test_the_chair_sees_the_balance_and_what_the_panel_adds_update_live(live):
    chair_code = live.code(ROOM, Role.CHAIR)
    tablet = live.socket(ROOM, "chair", live.cookie(chair_code))
    frame = tablet.wait_for(r'aria-label="Balance of voices"')
    assert frame.count('role="img"') == 3 and "<desc" in frame and "<table>" in frame
    assert "No panellist seated yet" in frame
    tablet.send(json.dumps({"action": "seat_panellist", "participant": "SEN"}))
    frame = tablet.wait_for(r"Senegal")
    # One panel is never judged alone against five groups: it says what it adds, and the other round
    # tables' panels are still to come.
    assert "Adds to the round tables: African Group." in frame
    assert "Not balanced" not in frame and "Across the round tables" not in frame
    # The other three publish panels without a Western European or Others State: once this panel is
    # seated, the whole falls short and the chair is told which group is missing.
    for room, panel in (("rt1", "PHL,MFA"), ("rt2", "POL"), ("rt3", "MEX")):
        assert (
            live.api(room, live.code(room, Role.CHAIR), action="publish_panel", participants=panel).status_code == 200
        )
    tablet.send(json.dumps({"action": "seat_panellist", "participant": "KEN"}))
    frame = tablet.wait_for(r"Kenya")
    assert "Across the round tables and their co-chairs:" in frame
    assert "no panellist or co-chair from Western European and Others Group (WEOG)." in frame
    tablet.send(json.dumps({"action": "seat_panellist", "participant": "DEU"}))
    frame = tablet.wait_for(r"Germany")
    assert "every regional group and a non-governmental voice hold a seat" in frame
    live.api(ROOM, chair_code, action="request_floor", participant="MEX")
    live.api(ROOM, chair_code, action="call_next")
    live.api(ROOM, chair_code, action="end_intervention")
    tablet.wait_for(r"Latin American and Caribbean Group \(GRULAC\)</th><td>1</td>")  # one turn heard
    tablet.close()


def test_the_balanced_suggestion_reorders_only_when_the_chair_applies_it(live):
    chair_code = live.code(ROOM, Role.CHAIR)
    for participant in ("MEX", "BRA"):
        live.api(ROOM, chair_code, action="request_floor", participant=participant)
    live.api(ROOM, chair_code, action="call_next")
    live.api(ROOM, chair_code, action="end_intervention")
    live.api(ROOM, chair_code, action="request_floor", participant="SEN")
    assert live.api(ROOM, chair_code, action="set_balanced", on=True).status_code == 200
    tablet = live.socket(ROOM, "chair", live.cookie(chair_code))
    frame = tablet.wait_for(r"Reorder as suggested")
    order = frame.split('name="order" value="')[1].split('"')[0]
    assert [q["participant"] for q in live.state(ROOM)["queue"]] == ["BRA", "SEN"]  # only suggested so far
    tablet.send(json.dumps({"action": "apply_suggestion", "order": order}))
    tablet.wait_for(r'id="flash"')
    assert [q["participant"] for q in live.state(ROOM)["queue"]] == ["SEN", "BRA"]
    tablet.close()
