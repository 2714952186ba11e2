"""Fixtures over `export_meeting` (a module of its own: several conftest modules share one name)."""

import pytest
from export_meeting import Meeting, hold_round_table, room_log, when

from session.domain import commands as c
from session.domain.commands import RequestType
from session.domain.participants import Level
from session.domain.room import new_room
from session.domain.state import Policy, RoomRules
from session.exports.records import RoomLog


@pytest.fixture
def round_table() -> RoomLog:
    return room_log(hold_round_table())


@pytest.fixture
def plenary() -> RoomLog:
    act = Meeting(new_room("plenary", RoomRules(policy=Policy.PLENARY, statement_s=300)))
    act(c.RequestFloor("CHN", RequestType.STATEMENT, Level.HEAD_OF_STATE), when(0))
    act(c.CallNext(), when(10))
    act(c.EndIntervention(), when(250))
    return room_log(act.state, slug="plenary", name="Plenary meeting", chairs=("President of the General Assembly",))
