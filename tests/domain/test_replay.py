"""The state is a fold of the event log: replaying a meeting's events rebuilds the same room."""

import copy
import json

import pytest

from session.domain import commands as c
from session.domain.commands import RequestType as T
from session.domain.participants import Level
from session.domain.room import new_room, replay
from session.domain.state import Event

# A morning in the plenary: (server time, command). Entries are numbered in order of request.
MEETING = [
    (0.0, c.RequestFloor("MEX", level=Level.MINISTER)),  # entry 1
    (5.0, c.RequestFloor("PHL")),  # 2
    (10.0, c.RequestFloor("MFA")),  # 3
    (15.0, c.RequestFloor("EU")),  # 4
    (20.0, c.CallNext()),  # Mexico, on the way to the rostrum
    (25.0, c.TimerStart()),  # at the rostrum
    (30.0, c.RequestFloor("VAT", T.POINT_OF_ORDER)),  # 5
    (40.0, c.TimerPause()),
    (50.0, c.TimerResume()),
    (60.0, c.TimerAdd(seconds=60)),
    (200.0, c.CallNext()),  # the Holy See, on a point of order
    (230.0, c.RulePointOfOrder(entry=5, ruling="The speaker is in order.")),
    (240.0, c.EndIntervention()),
    (250.0, c.CloseList()),
    (260.0, c.RequestFloor("IOM", T.RESPONSE)),  # 6
    (270.0, c.Move(entry=4, position=2)),
    (280.0, c.Remove(entry=3)),
    (290.0, c.ReaddLast()),
    (300.0, c.RequestFloor("MEX", T.RIGHT_OF_REPLY)),  # 7
    (310.0, c.Withdraw(participant="PHL")),
    (320.0, c.ReopenList()),
    (330.0, c.Call(participant="ICC")),  # 8, a walk-in
    (400.0, c.CallNext()),  # IOM
    (410.0, c.TimerStart()),
    (450.0, c.TimerPause()),
]

COMPARED = [
    "queue",
    "current",
    "current_started_at",
    "timer",
    "list_closed",
    "interventions",
    "removed",
    "rulings",
    "last_entry",
    "version",
]


@pytest.fixture
def meeting(plenary, act):
    """The meeting held: the room after each command, and its event log as the store keeps it (JSON)."""
    after_each = []
    for at, command in MEETING:
        act(plenary, command, at)
        after_each.append(copy.deepcopy(plenary))
    stored = [Event(e.seq, e.action, json.loads(json.dumps(e.data)), e.at) for e in act.log]
    return after_each, stored


def test_the_meeting_went_as_the_rules_say(meeting, speakers):
    after_each, log = meeting
    room = after_each[-1]
    assert [i.request.participant for i in room.interventions] == ["MEX", "VAT", "ICC"]
    assert room.current.participant == "IOM"
    assert speakers(room) == ["EU", "MFA", "MEX"]
    assert room.rulings == {5: "The speaker is in order."}
    assert [e.seq for e in log] == list(range(1, len(MEETING) + 1))
    assert [e.action for e in log] == [command.action for _, command in MEETING]


def test_replaying_the_log_into_a_fresh_room_rebuilds_the_same_state(meeting, plenary):
    after_each, log = meeting
    replayed = replay(new_room("plenary", plenary.rules), log)
    original = after_each[-1]
    for name in COMPARED:
        assert getattr(replayed, name) == getattr(original, name), name
    assert replayed == original


def test_every_prefix_of_the_log_rebuilds_the_state_at_that_version(meeting, plenary):
    after_each, log = meeting
    for version, expected in enumerate(after_each, start=1):
        assert replay(new_room("plenary", plenary.rules), log[:version]) == expected, log[version - 1]
