"""Fixtures for the domain tests: a small directory of participants, two rooms, and `act`.

`act(state, command, now)` does what the command path does: decide, wrap the data in the next
event, apply it, and keep the event in `act.log`. `refused(state, command, now)` expects a
refusal, checks that deciding left the state untouched, and returns the `Refused`.
`inscribe(state, *requests)` puts several requests on the list, one second apart.
"""

import copy

import pytest
from participants import directory

from session.domain import commands as c
from session.domain.commands import Command, parse_command
from session.domain.errors import Refused
from session.domain.room import apply, decide, new_room
from session.domain.state import Event, Policy, RoomRules, RoomState

DIRECTORY = directory("MEX", "PHL", "SEN", "VAT", "EU", "IOM", "MFA", "ICC")

# One valid wire message per action, as a form or an integration would send it.
PAYLOADS = {
    "request_floor": {"participant": "MEX", "type": "statement", "level": "minister"},
    "withdraw": {"participant": "MEX", "type": "statement"},
    "call_next": {},
    "call": {"entry": 3},
    "move": {"entry": 3, "position": 1},
    "remove": {"entry": 3},
    "readd_last": {},
    "close_list": {},
    "reopen_list": {},
    "timer_start": {},
    "timer_pause": {},
    "timer_resume": {},
    "timer_add": {"seconds": 30},
    "end_intervention": {},
    "rule_point_of_order": {"entry": 3, "ruling": "The point of order is well taken."},
    "annotate": {"entry": 3, "notes": "Called for safe corridors.", "summary": "on"},
    "seat_panellist": {"participant": "SEN"},
    "unseat_panellist": {"participant": "SEN"},
    "set_balanced": {"on": True},
    "set_priority_to_high_level": {"on": "on"},
    "apply_suggestion": {"order": "3,1,2"},
    "add_participant": {"name": "Migrants' Rights Network", "category": "ngo"},
    "list_participant": {"id": "MRN", "name": "Migrants' Rights Network", "category": "ngo"},
    "rename_room": {"name": "Round table on partnerships"},
    "set_interest_deadline": {"deadline": "2013-09-06T18:00Z", "stakeholders": "on"},
    "express_interest": {"participant": "MEX"},
    "withdraw_interest": {"participant": "MEX"},
    "publish_panel": {"participants": "MEX,SEN,MFA"},
    "add_segment": {"title": "Migration and development: drivers and impacts", "limit_s": 300},
    "open_segment": {"number": 1},
    "close_segment": {},
    "take_question": {"entry": 3},
    "answer_question": {},
    "set_budgets": {"group_s": 1800, "category_s": 900},
    "add_budget": {"seconds": 120},
    "inscribe": {
        "participant": "PHL",
        "speaker": "H.E. Mr. Albert del Rosario",
        "title": "Secretary of Foreign Affairs",
        "level": "minister",
        "on_behalf_of": "",
        "meeting": 25,
    },
    "verify_level": {"entry": 3, "level": "minister"},
    "mark_absent": {"to": "next"},
    "swap": {"entry": 3, "with_entry": 4},
    "allow_second_statement": {"participant": "MEX"},
    "groups_first": {"on": "off"},
    "open_meeting": {},
    "close_meeting": {"number": 25},
    "schedule_meeting": {"number": 25, "starts_at": "2013-10-03T10:00-04:00", "ends_at": "2013-10-03T13:00-04:00"},
    "open_inscription": {"closes_at": "2013-10-02T18:00-04:00"},
    "close_inscription": {},
    "clear_list": {},
    "start_on_call": {"on": "on"},
    "undo": {"seq": 7},
    "allow_interposed_questions": {"on": "on"},
    "set_seat_cap": {"seats": 45},
    "record_seat_choice": {"participant": "MEX", "rank": "second"},
    "withdraw_seat_choice": {"participant": "MEX"},
    "assign_seats": {"participants": "MEX,SEN,MFA"},
    "seat_delegation": {"participant": "SEN"},
    "unseat_delegation": {"participant": "SEN"},
    "allow_seatless_requests": {"on": "on"},
}


class Act:
    def __init__(self, directory):
        self.directory = directory
        self.log: list[Event] = []

    def __call__(self, state: RoomState, command: Command, now: float) -> dict:
        data = decide(state, command, now=now, directory=self.directory)
        event = Event(seq=state.version + 1, action=command.action, data=data, at=now)
        apply(state, event)
        self.log.append(event)
        return data


@pytest.fixture
def directory():
    return DIRECTORY


@pytest.fixture
def act(directory):
    return Act(directory)


@pytest.fixture
def refused(directory):
    def refused(state: RoomState, command: Command, now: float = 0.0) -> Refused:
        before = copy.deepcopy(state)
        with pytest.raises(Refused) as caught:
            decide(state, command, now=now, directory=directory)
        assert state == before, "deciding must never change the state"
        return caught.value

    return refused


@pytest.fixture
def inscribe(act):
    """Requests one second apart, each a participant id or RequestFloor's arguments; returns their places."""

    def inscribe(state: RoomState, *requests) -> list[int]:
        commands = [c.RequestFloor(*r) if isinstance(r, tuple) else c.RequestFloor(r) for r in requests]
        return [act(state, command, float(i))["position"] for i, command in enumerate(commands)]

    return inscribe


@pytest.fixture
def sample_command():
    def sample_command(action: str) -> Command:
        return parse_command({"action": action, **PAYLOADS[action]})

    return sample_command


@pytest.fixture
def round_table():
    return new_room("rt1", RoomRules(policy=Policy.ROUND_TABLE, statement_s=180))


@pytest.fixture
def plenary():
    return new_room("plenary", RoomRules(policy=Policy.PLENARY, statement_s=300))


@pytest.fixture
def speakers():
    """The list of speakers as participant ids, in speaking order."""
    return lambda state: [q.participant for q in state.queue]
