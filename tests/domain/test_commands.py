"""parse_command: untrusted wire messages become commands, or are refused with a reason."""

import pytest

from session.domain import commands as c
from session.domain.commands import COMMANDS, MAX_TEXT, RequestType, parse_command
from session.domain.errors import Refused
from session.domain.participants import Level

# The action names of DESIGN §6, which are also the names in the event log ...
DESIGN_ACTIONS = {
    "request_floor",
    "withdraw",
    "call_next",
    "call",
    "move",
    "remove",
    "readd_last",
    "close_list",
    "reopen_list",
    "timer_start",
    "timer_pause",
    "timer_resume",
    "timer_add",
    "end_intervention",
    "rule_point_of_order",
}
# ... and those the rapporteur's desk and the balance of voices added.
LATER_ACTIONS = {
    "annotate",
    "seat_panellist",
    "unseat_panellist",
    "set_balanced",
    "apply_suggestion",
    "set_priority_to_high_level",
    "add_participant",
    "set_interest_deadline",
    "express_interest",
    "withdraw_interest",
    "publish_panel",
    "add_segment",
    "open_segment",
    "close_segment",
    "take_question",
    "answer_question",
    "set_budgets",
    "add_budget",
}
# ... and the plenary's list as the Secretariat keeps it (PROCEDURE.md §1).
INSCRIPTION_ACTIONS = {
    "inscribe",
    "verify_level",
    "mark_absent",
    "swap",
    "allow_second_statement",
    "groups_first",
    "open_meeting",
    "close_meeting",
    "schedule_meeting",
    "open_inscription",
    "close_inscription",
}
# ... and the rights that follow status (PROCEDURE.md §2).
RIGHTS_ACTIONS = {"allow_interposed_questions"}
# ... and the chair's safety net: a list cleared on the record, the clock at the rostrum, undo.
SAFETY_ACTIONS = {"clear_list", "start_on_call", "undo"}
# ... and the round tables' reserved seats (PROCEDURE.md §3).
SEATS_ACTIONS = {
    "set_seat_cap",
    "record_seat_choice",
    "withdraw_seat_choice",
    "assign_seats",
    "seat_delegation",
    "unseat_delegation",
    "allow_seatless_requests",
}
# ... and the event's set-up changed live by the secretariat (issue 16).
SETUP_ACTIONS = {"rename_room", "list_participant"}
ALL_ACTIONS = (
    DESIGN_ACTIONS
    | LATER_ACTIONS
    | INSCRIPTION_ACTIONS
    | RIGHTS_ACTIONS
    | SAFETY_ACTIONS
    | SEATS_ACTIONS
    | SETUP_ACTIONS
)


def refusal(message) -> Refused:
    with pytest.raises(Refused) as caught:
        parse_command(message)
    return caught.value


def test_the_commands_are_exactly_the_actions_of_the_design():
    assert set(COMMANDS) == ALL_ACTIONS


@pytest.mark.parametrize("action", sorted(ALL_ACTIONS))
def test_every_action_name_parses_into_its_command(action, sample_command):
    command = sample_command(action)
    assert type(command) is COMMANDS[action]
    assert command.action == action


def test_fields_are_converted_to_their_types():
    assert parse_command(
        {"action": "request_floor", "participant": "MEX", "type": "point_of_order", "level": "minister"}
    ) == c.RequestFloor(participant="MEX", type=RequestType.POINT_OF_ORDER, level=Level.MINISTER)
    assert parse_command(
        {"action": "rule_point_of_order", "entry": 4, "ruling": "  Sustained.  "}
    ) == c.RulePointOfOrder(entry=4, ruling="Sustained.")


def test_omitted_or_empty_optional_fields_take_their_defaults():
    assert parse_command(
        {"action": "request_floor", "participant": "PHL", "type": "", "level": None}
    ) == c.RequestFloor(participant="PHL", type=RequestType.STATEMENT, level=None)
    assert parse_command({"action": "withdraw", "entry": 7}) == c.Withdraw(entry=7)


def test_numbers_sent_as_strings_by_forms_are_accepted():
    assert parse_command({"action": "move", "entry": "12", "position": " 3 "}) == c.Move(entry=12, position=3)
    assert parse_command({"action": "timer_add", "seconds": "-30"}) == c.TimerAdd(seconds=-30)


def test_unknown_extra_keys_such_as_request_ids_and_headers_are_ignored():
    message = {"action": "call_next", "request_id": "a1b2", "HEADERS": {"HX-Request": "true"}, "x": [1]}
    assert parse_command(message) == c.CallNext()


@pytest.mark.parametrize(
    "message, code",
    [
        pytest.param(["call_next"], "invalid_message", id="list"),
        pytest.param("call_next", "invalid_message", id="string"),
        pytest.param(None, "invalid_message", id="null"),
        pytest.param({}, "missing_action", id="no-action"),
        pytest.param({"action": ""}, "missing_action", id="empty-action"),
        pytest.param({"action": 5}, "missing_action", id="numeric-action"),
        pytest.param({"action": "adjourn_sine_die"}, "unknown_action", id="unknown-action"),
        pytest.param({"action": "CALL_NEXT"}, "unknown_action", id="action-is-case-sensitive"),
    ],
)
def test_a_message_that_is_not_a_command_is_refused(message, code):
    assert refusal(message).code == code


@pytest.mark.parametrize(
    "message, field",
    [
        pytest.param({"action": "move", "entry": 1}, "position", id="missing-required-int"),
        pytest.param({"action": "rule_point_of_order", "entry": 1}, "ruling", id="missing-required-text"),
        pytest.param({"action": "move", "entry": "three", "position": 1}, "entry", id="string-for-int"),
        pytest.param({"action": "timer_add", "seconds": True}, "seconds", id="bool-for-int"),
        pytest.param({"action": "timer_add", "seconds": 1.5}, "seconds", id="float-for-int"),
        pytest.param({"action": "remove", "entry": 10**9 + 1}, "entry", id="int-too-large"),
        pytest.param({"action": "request_floor", "participant": ["MEX"]}, "participant", id="list-for-text"),
        pytest.param({"action": "request_floor", "participant": 484}, "participant", id="int-for-text"),
        pytest.param({"action": "request_floor", "participant": "MEX", "type": "speech"}, "type", id="unknown-type"),
        pytest.param({"action": "request_floor", "participant": "MEX", "level": "king"}, "level", id="unknown-level"),
        pytest.param({"action": "request_floor", "participant": "MEX", "type": 1}, "type", id="int-for-enum"),
        pytest.param(
            {"action": "rule_point_of_order", "entry": 1, "ruling": "x" * (MAX_TEXT + 1)}, "ruling", id="oversize-text"
        ),
    ],
)
def test_a_malformed_field_is_refused_and_named(message, field):
    refused = refusal(message)
    assert refused.code == "invalid_field"
    assert f"'{field}'" in refused.message


def test_text_up_to_the_limit_is_accepted():
    ruling = "x" * MAX_TEXT
    assert parse_command({"action": "rule_point_of_order", "entry": 1, "ruling": ruling}).ruling == ruling


@pytest.mark.parametrize("raw", ["--5", "²", "9" * 5000], ids=["double-minus", "superscript-two", "5000-digits"])
def test_a_numeric_looking_string_that_is_not_a_number_is_refused(raw):
    assert refusal({"action": "move", "entry": raw, "position": 1}).code == "invalid_field"
