"""Inscription on the plenary's list through a real server: from a delegation's phone over its
websocket, and from an integration through the JSON API, with the acknowledgement each gets.

The server's clock stands on the morning of Thursday 3 October 2013, before the 25th plenary
meeting opens at 10 a.m. New York time (14:00 UTC); statements are five minutes.
"""

import json
from datetime import UTC, datetime

import pytest
from livehelpers import seated

from session.domain.permissions import Role

ROOM = "plenary"
MORNING = datetime(2013, 10, 3, 12, 0, tzinfo=UTC).timestamp()  # 8 a.m. in New York


@pytest.fixture
def hall(clocked, clock):
    clock.now = MORNING
    return clocked


def send(socket, **command):
    socket.send(json.dumps(command))


def test_a_delegation_inscribes_its_speaker_from_its_phone_and_sees_the_acknowledgement(hall):
    with seated(
        hall, ROOM, philippines=("delegate", Role.DELEGATE, "PHL"), chair=("chair", Role.CHAIR, None)
    ) as sockets:
        phone = sockets["philippines"]
        send(
            phone,
            action="inscribe",
            speaker="H.E. Mr. Albert del Rosario",
            title="Secretary of Foreign Affairs",
            level="minister",
        )
        ack = phone.wait_for(r"Inscribed: reference \d+, 25th plenary meeting")
        assert "H.E. Mr. Albert del Rosario" in ack and "expected around 10 a.m." in ack
        # The speaker and title isolated from the sentence around them, for right-to-left languages.
        assert "Speaker: <bdi>H.E. Mr. Albert del Rosario, Secretary of Foreign Affairs</bdi>." in ack
        assert "awaiting verification by Protocol" in ack  # the phone's "Minister" is declared, not verified
        tablet = sockets["chair"].wait_for("Albert del Rosario")
        assert "Level not verified: requested Minister" in tablet
    entry = hall.state(ROOM)["queue"][0]
    assert (entry["speaker"], entry["title"], entry["meeting"]) == (
        "H.E. Mr. Albert del Rosario",
        "Secretary of Foreign Affairs",
        25,
    )
    assert (entry["level"], entry["requested_level"], entry["level_verified"]) == (
        "head_of_delegation",
        "minister",
        False,
    )
    assert entry["expected_at"] == "2013-10-03T10:00:00-04:00"


def test_the_api_acknowledges_an_inscription_with_its_place_meeting_and_expected_time(hall):
    chair = hall.code(ROOM, Role.CHAIR)
    for who in ("KEN", "SEN", "NGA", "IND"):
        assert hall.api(ROOM, chair, action="inscribe", participant=who).status_code == 200
    answer = hall.api(ROOM, chair, action="inscribe", participant="MEX", speaker="H.E. Mr. José Antonio Meade").json()
    ack = answer["acknowledgement"]
    # Fifth behind four five-minute statements: twenty minutes after the meeting opens.
    assert (ack["entry"], ack["position"], ack["meeting"]) == (answer["entry"], 5, 25)
    assert ack["expected_at"] == "2013-10-03T10:20:00-04:00"
    state = hall.state(ROOM)
    assert state["current_meeting"] is None
    assert [m["number"] for m in state["meetings"]] == [25, 26, 27, 28]
    assert state["meetings"][0]["starts_at"] == "2013-10-03T10:00:00-04:00"


def test_a_second_inscription_and_a_phones_request_to_speak_again_are_refused_with_the_rule(hall):
    mexico = hall.code(ROOM, Role.DELEGATE, "MEX")
    assert hall.api(ROOM, mexico, action="request_floor").status_code == 200  # the short form
    again = hall.api(ROOM, mexico, action="inscribe", speaker="Another speaker")
    assert again.status_code == 409 and again.json()["error"]["code"] == "one_statement"
    assert len(hall.state(ROOM)["queue"]) == 1


def test_a_round_table_takes_requests_from_the_floor_not_inscriptions(hall):
    mexico = hall.code("rt1", Role.DELEGATE, "MEX")
    refused = hall.api("rt1", mexico, action="inscribe", speaker="H.E. Mr. José Antonio Meade")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_prepared_list"
    assert hall.api("rt1", mexico, action="request_floor").status_code == 200
