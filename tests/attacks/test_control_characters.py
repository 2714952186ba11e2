"""Invisible and direction-changing characters in free text: a walk-in "Mexico" that displays as
another name on every screen (a right-to-left override), a NUL that the database refuses, an
escape sequence for whoever reads an export in a terminal. Through both doors, the websocket and the JSON API, they
are refused with the code `control_character`, in words, and nothing changes."""

import json

import httpx
import pytest

from session.domain.permissions import Role
from session.web.errors import status_for

ROOM = "rt2"
REFUSED = "control_character"

NAMES = {
    "right-to-left override": "Friends of \u202eairetsuA",
    "left-to-right isolate": "\u2066Friends of Migrants\u2069",
    "NUL": "Friends\x00of Migrants",
    "escape sequence": "\x1b[31mFriends of Migrants",
    "line break": "Friends of Migrants\nVoted: yes",
}


@pytest.mark.parametrize("name", NAMES.values(), ids=list(NAMES))
def test_a_walk_in_name_is_refused_through_the_api(live, attack, chair_code, name):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    response = live.api(ROOM, chair_code, action="add_participant", name=name, category="ngo")
    words = attack.api_refused(response, status_for(REFUSED), REFUSED)
    assert "'name'" in words
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)


@pytest.mark.parametrize("name", NAMES.values(), ids=list(NAMES))
def test_a_walk_in_name_is_refused_on_the_chairs_socket(live, attack, tablet, name):
    before = attack.snapshot(ROOM)
    words = attack.refused(tablet, json.dumps({"action": "add_participant", "name": name, "category": "ngo"}), REFUSED)
    assert "type it again without it" in words
    attack.unchanged(ROOM, before)
    attack.chair_still_acts(tablet)


@pytest.fixture
def heard(live, chair_code):
    """One intervention heard, for the rapporteur to annotate."""
    for action in (
        {"action": "request_floor", "participant": "MEX"},
        {"action": "call_next"},
        {"action": "end_intervention"},
    ):
        assert live.api(ROOM, chair_code, **action).status_code == 200
    return live.code(ROOM, Role.RAPPORTEUR)


def notes_of(live, rapporteur: str) -> dict:
    state = httpx.get(f"{live.base_url}/api/rooms/{ROOM}/state", headers={"Authorization": f"Bearer {rapporteur}"})
    intervention = state.json()["interventions"][0]
    return {
        "notes": intervention["notes"],
        "key_points": intervention["key_points"],
        "version": state.json()["version"],
    }


def test_the_rapporteurs_notes_keep_their_lines_and_refuse_the_rest(live, attack, heard):
    rapporteur = heard
    desk = attack.socket(ROOM, "log", live.cookie(rapporteur))
    desk.wait_for('id="current"')
    attack.accepted(desk, {"action": "annotate", "entry": 1, "notes": "Remittances.\r\nSafe corridors."})
    kept = notes_of(live, rapporteur)
    assert kept["notes"] == "Remittances.\nSafe corridors."
    for field, text in (
        ("notes", "Supports the \u202edraft"),
        ("key_points", "Fees\x07"),
        ("notes", "Pensions\u2028portability"),
    ):
        words = attack.refused(desk, json.dumps({"action": "annotate", "entry": 1, field: text}), REFUSED)
        assert f"'{field}'" in words
        response = live.api(ROOM, rapporteur, action="annotate", entry=1, **{field: text})
        attack.api_refused(response, status_for(REFUSED), REFUSED)
    assert notes_of(live, rapporteur) == kept


def test_a_ruling_and_a_segment_title_refuse_them_too(live, attack, chair_code):
    before = attack.snapshot(ROOM)
    for command in (
        {"action": "add_segment", "title": "Segment\u202e 2"},
        {"action": "rule_point_of_order", "entry": 1, "ruling": "Well taken\u2067"},
    ):
        attack.api_refused(live.api(ROOM, chair_code, **command), status_for(REFUSED), REFUSED)
    attack.unchanged(ROOM, before)
