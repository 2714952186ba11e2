"""Never one delegation on two panels at once, whatever the door: two round-table chairs each
publish Mexico, through the JSON API or the chair's websocket, and the second is refused in
words that name the delegation and the other round table, with nothing changed."""

import html
import json
import re

import httpx

from session.domain.permissions import Role


def to_be_announced(live, room: str) -> bool:
    page = html.unescape(httpx.get(f"{live.base_url}/panels").text)
    return "To be announced." in re.search(rf'<section id="panellists-{room}".*?</section>', page, re.DOTALL).group(0)


def test_through_the_api_the_second_round_table_is_refused(live):
    first = live.api("rt1", live.code("rt1", Role.CHAIR), action="publish_panel", participants="MEX,GHA")
    assert first.status_code == 200, first.text
    before = live.state("rt2")["version"]

    second = live.api("rt2", live.code("rt2", Role.CHAIR), action="publish_panel", participants="DEU,MEX")
    assert second.status_code == 409, second.text
    assert second.json()["error"] == {
        "code": "on_another_panel",
        "message": "Mexico is already on the published panel of Round table 1: never one delegation on two "
        "panels at once.",
    }
    assert live.state("rt2")["version"] == before and to_be_announced(live, "rt2")
    # Seating it by hand on a published panel is the same rule.
    assert live.api("rt2", live.code("rt2", Role.CHAIR), action="publish_panel", participants="DEU").status_code == 200
    seat = live.api("rt2", live.code("rt2", Role.CHAIR), action="seat_panellist", participant="MEX")
    assert seat.status_code == 409 and seat.json()["error"]["code"] == "on_another_panel"


def test_through_the_websocket_the_second_round_table_is_refused(live):
    assert live.api("rt1", live.code("rt1", Role.CHAIR), action="publish_panel", participants="MEX").status_code == 200
    before = live.state("rt3")["version"]
    tablet = live.socket("rt3", "chair", live.cookie(live.code("rt3", Role.CHAIR)))
    try:
        tablet.wait_for('id="queue"')
        tablet.send(json.dumps({"action": "publish_panel", "participants": "MEX,DEU"}))
        answer = html.unescape(tablet.wait_for(r'id="flash"'))
    finally:
        tablet.close()
    assert 'data-code="on_another_panel"' in answer
    assert "Mexico is already on the published panel of Round table 1" in answer
    assert live.state("rt3")["version"] == before and to_be_announced(live, "rt3")
