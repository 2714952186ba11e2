"""Untrusted strings are text, never markup, in every view."""

import json

import httpx

from session.domain.permissions import Role

ROOM = "rt1"
HOSTILE = '<script>alert(1)</script> & "Friends"'


def test_a_walk_in_named_like_a_script_shows_as_text_everywhere(live):
    chair = live.code(ROOM, Role.CHAIR)
    response = live.api(ROOM, chair, action="add_participant", name=HOSTILE, category="ngo", id="EVIL")
    assert response.status_code == 200, response.text
    for action in (
        {"action": "request_floor", "participant": "EVIL"},
        {"action": "call_next"},
        {"action": "end_intervention"},
        {"action": "request_floor", "participant": "EVIL"},
        {"action": "seat_panellist", "participant": "EVIL"},
    ):
        assert live.api(ROOM, chair, **action).status_code == 200
    live.api(ROOM, chair, action="annotate", entry=1, notes="<img src=x onerror=alert(2)>")
    pages = {}
    with httpx.Client(base_url=live.base_url) as client:
        live.join(client, chair)
        for view in ("chair", "observe", "screen"):
            pages[view] = client.get(f"/rooms/{ROOM}/{view}").text
    with httpx.Client(base_url=live.base_url) as client:
        live.join(client, live.code(ROOM, Role.RAPPORTEUR))
        pages["log"] = client.get(f"/rooms/{ROOM}/log").text
    pages["home"] = httpx.get(f"{live.base_url}/").text
    for view, page in pages.items():
        assert "<script>alert" not in page and "<img src=x" not in page, view
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Friends&#34;" in pages["observe"]
    assert "&lt;img src=x onerror=alert(2)&gt;" in pages["log"]
    assert live.state(ROOM)["queue"][0]["name"] == HOSTILE  # the JSON API keeps the string as it is
    socket = live.socket(ROOM, "observe")
    frame = socket.wait_for('id="queue"')
    assert "<script>alert" not in frame and "&lt;script&gt;" in frame
    socket.send(json.dumps({"action": HOSTILE}))
    assert "<script>" not in socket.wait_for('id="flash"')
    socket.close()
