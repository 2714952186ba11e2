"""The list of speakers: inscription, withdrawal, giving the floor, and the chair's arrangements."""

import pytest

from session.domain import commands as c
from session.domain.commands import RequestType as T
from session.domain.participants import Category, Level
from session.domain.state import FloorRequest, Intervention
from session.domain.timer import Phase

# --- inscription ------------------------------------------------------------------------------


def test_a_request_is_inscribed_with_a_number_a_place_and_the_facts_of_the_request(round_table, act):
    data = act(round_table, c.RequestFloor("MEX"), 1000.0)
    assert data == {
        "entry": 1,
        "participant": "MEX",
        "category": "member_state",
        "type": "statement",
        "level": "head_of_delegation",
        "requested_at": 1000.0,
        "time_limit_s": 180,
        "position": 1,
        "segment": None,
        "links_to": None,
    }
    act(round_table, c.RequestFloor("EU"), 1010.0)
    act(round_table, c.RequestFloor("PHL", level=Level.MINISTER), 1020.0)
    assert round_table.queue == [
        FloorRequest(1, "MEX", Category.MEMBER_STATE, T.STATEMENT, Level.HEAD_OF_DELEGATION, 1000.0, 180),
        FloorRequest(2, "EU", Category.INTERGOVERNMENTAL, T.STATEMENT, Level.OTHER, 1010.0, 180),
        FloorRequest(3, "PHL", Category.MEMBER_STATE, T.STATEMENT, Level.MINISTER, 1020.0, 180),
    ]
    assert round_table.version == 3


def test_entry_numbers_are_never_reused(round_table, act, inscribe):
    inscribe(round_table, "MEX", "PHL")
    act(round_table, c.Withdraw(entry=2), 5)
    assert act(round_table, c.RequestFloor("VAT"), 6)["entry"] == 3


def test_one_pending_request_per_participant_per_type(round_table, act, refused):
    act(round_table, c.RequestFloor("MEX"), 0)
    assert refused(round_table, c.RequestFloor("MEX")).code == "duplicate_request"
    act(round_table, c.RequestFloor("MEX", T.QUESTION), 1)
    act(round_table, c.RequestFloor("MEX", T.POINT_OF_ORDER), 2)
    assert {q.type for q in round_table.pending("MEX")} == {T.STATEMENT, T.QUESTION, T.POINT_OF_ORDER}


def test_a_participant_who_has_the_floor_may_ask_for_it_again(round_table, act):
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.CallNext(), 10)
    act(round_table, c.RequestFloor("MEX"), 20)
    assert [q.participant for q in round_table.queue] == ["MEX"]


@pytest.mark.parametrize("command", [c.RequestFloor("XYZ"), c.Call(participant="XYZ")], ids=["request", "call"])
def test_an_unknown_participant_is_refused(round_table, refused, command):
    assert refused(round_table, command).code == "unknown_participant"


# --- closing the list ---------------------------------------------------------------------------


@pytest.mark.parametrize("type", [T.STATEMENT, T.QUESTION])
def test_a_closed_list_refuses_new_statements_and_questions(round_table, act, refused, type):
    act(round_table, c.CloseList(), 0)
    assert refused(round_table, c.RequestFloor("MEX", type)).code == "list_closed"


@pytest.mark.parametrize("type", [T.POINT_OF_ORDER, T.RIGHT_OF_REPLY, T.RESPONSE])
def test_a_closed_list_still_admits_points_of_order_rights_of_reply_and_responses(round_table, act, type):
    act(round_table, c.CloseList(), 0)
    act(round_table, c.RequestFloor("MEX", type), 1)
    assert [(q.participant, q.type) for q in round_table.queue] == [("MEX", type)]


def test_the_list_is_closed_and_reopened_once_each(round_table, act, refused, speakers):
    act(round_table, c.CloseList(), 0)
    assert round_table.list_closed
    assert refused(round_table, c.CloseList()).code == "no_change"
    act(round_table, c.ReopenList(), 1)
    assert not round_table.list_closed
    assert refused(round_table, c.ReopenList()).code == "no_change"
    act(round_table, c.RequestFloor("MEX"), 2)
    assert speakers(round_table) == ["MEX"]


# --- withdrawing --------------------------------------------------------------------------------


def test_withdraw_by_entry_removes_that_request(round_table, act, speakers, inscribe):
    inscribe(round_table, "MEX", "PHL", "SEN")
    assert act(round_table, c.Withdraw(entry=2), 10) == {"entry": 2}
    assert speakers(round_table) == ["MEX", "SEN"]


def test_withdraw_by_participant_removes_its_only_pending_request(round_table, act, speakers, inscribe):
    inscribe(round_table, "MEX", "PHL")
    assert act(round_table, c.Withdraw(participant="PHL"), 10) == {"entry": 2}
    assert speakers(round_table) == ["MEX"]


def test_with_several_requests_pending_withdraw_must_say_which_type(round_table, act, refused):
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.RequestFloor("MEX", T.QUESTION), 1)
    assert refused(round_table, c.Withdraw(participant="MEX")).code == "ambiguous"
    assert act(round_table, c.Withdraw(participant="MEX", type=T.QUESTION), 2) == {"entry": 2}
    assert [q.type for q in round_table.queue] == [T.STATEMENT]


@pytest.mark.parametrize(
    "command, code",
    [
        pytest.param(c.Withdraw(entry=1, participant="PHL"), "forbidden", id="someone-elses-entry"),
        pytest.param(c.Withdraw(participant="PHL"), "not_in_queue", id="nothing-pending"),
        pytest.param(c.Withdraw(participant="MEX", type=T.QUESTION), "not_in_queue", id="nothing-of-that-type"),
        pytest.param(c.Withdraw(entry=99), "not_in_queue", id="unknown-entry"),
        pytest.param(c.Withdraw(), "invalid_field", id="says-nothing"),
    ],
)
def test_a_withdrawal_that_matches_no_own_pending_request_is_refused(round_table, act, refused, command, code):
    act(round_table, c.RequestFloor("MEX"), 0)
    assert refused(round_table, command).code == code


# --- giving the floor ---------------------------------------------------------------------------


def test_call_next_gives_the_floor_to_the_head_of_the_list_and_starts_its_timer(round_table, act, inscribe, speakers):
    inscribe(round_table, "MEX", "PHL")
    assert act(round_table, c.CallNext(), 100.0) == {"entry": 1, "start": True}  # a round table: on the call
    assert (round_table.current.participant, round_table.current_started_at) == ("MEX", 100.0)
    assert speakers(round_table) == ["PHL"]
    assert (round_table.timer.phase, round_table.timer.limit_s, round_table.timer.started_at) == (
        Phase.RUNNING,
        180,
        100.0,
    )
    assert round_table.interventions == []


def test_call_next_ends_the_current_speaker_and_records_the_time_the_timer_counted(round_table, act, inscribe):
    inscribe(round_table, "MEX", "PHL")
    act(round_table, c.CallNext(), 100.0)
    mexico = round_table.current
    act(round_table, c.TimerPause(), 150.0)  # 50 s spoken
    act(round_table, c.TimerResume(), 170.0)
    act(round_table, c.CallNext(), 330.0)  # 160 s more
    assert round_table.interventions == [
        Intervention(number=1, request=mexico, started_at=100.0, ended_at=330.0, duration_s=210.0, time_limit_s=180)
    ]
    assert round_table.interventions[0].overrun_s == 30.0
    assert (round_table.current.participant, round_table.timer.started_at) == ("PHL", 330.0)


def test_the_chair_calls_an_entry_out_of_turn(round_table, act, speakers, inscribe):
    inscribe(round_table, "MEX", "PHL", "SEN")
    act(round_table, c.Call(entry=2), 10)
    assert round_table.current.participant == "PHL"
    assert speakers(round_table) == ["MEX", "SEN"]


def test_the_chair_calls_a_participant_not_on_the_list_who_is_inscribed_and_given_the_floor(round_table, act, speakers):
    act(round_table, c.RequestFloor("MEX"), 0)
    data = act(round_table, c.Call(participant="MFA"), 50.0)
    assert data["entry"] == data["request"]["entry"] == 2
    assert round_table.current == FloorRequest(2, "MFA", Category.NGO, T.STATEMENT, Level.OTHER, 50.0, 180)
    assert speakers(round_table) == ["MEX"]
    assert act(round_table, c.RequestFloor("PHL"), 60)["entry"] == 3


def test_calling_a_participant_already_on_the_list_calls_its_pending_request(round_table, act, speakers, inscribe):
    inscribe(round_table, "MEX", "PHL")
    assert act(round_table, c.Call(participant="PHL"), 10) == {"entry": 2, "start": True}
    assert speakers(round_table) == ["MEX"]
    assert round_table.last_entry == 2


@pytest.mark.parametrize(
    "command, code",
    [
        pytest.param(c.CallNext(), "queue_empty", id="call-next-on-empty-list"),
        pytest.param(c.Call(entry=9), "not_in_queue", id="unknown-entry"),
        pytest.param(c.Call(), "invalid_field", id="says-nobody"),
    ],
)
def test_giving_the_floor_to_nobody_is_refused(round_table, refused, command, code):
    assert refused(round_table, command).code == code


# --- the chair's arrangements -----------------------------------------------------------------


def test_move_places_an_entry_at_a_1_based_position(round_table, act, speakers, inscribe):
    inscribe(round_table, "MEX", "PHL", "SEN", "VAT")
    act(round_table, c.Move(entry=4, position=1), 10)
    assert speakers(round_table) == ["VAT", "MEX", "PHL", "SEN"]
    act(round_table, c.Move(entry=1, position=4), 11)
    assert speakers(round_table) == ["VAT", "PHL", "SEN", "MEX"]


@pytest.mark.parametrize(
    "command, code",
    [
        pytest.param(c.Move(entry=1, position=0), "invalid_position", id="before-the-first"),
        pytest.param(c.Move(entry=1, position=4), "invalid_position", id="after-the-last"),
        pytest.param(c.Move(entry=9, position=1), "not_in_queue", id="unknown-entry"),
        pytest.param(c.Move(entry=2, position=2), "no_change", id="already-there"),
    ],
)
def test_a_move_outside_the_list_or_to_where_the_entry_already_is_is_refused(
    round_table, inscribe, refused, command, code
):
    inscribe(round_table, "MEX", "PHL", "SEN")
    assert refused(round_table, command).code == code


def test_a_removed_entry_is_re_added_at_its_former_place(round_table, act, speakers, inscribe):
    inscribe(round_table, "MEX", "PHL", "SEN")
    philippines = round_table.find(2)
    assert act(round_table, c.Remove(entry=2), 10) == {"entry": 2, "position": 2}
    assert speakers(round_table) == ["MEX", "SEN"]
    assert act(round_table, c.ReaddLast(), 20) == {"entry": 2, "position": 2, "time_limit_s": 180}
    assert round_table.queue[1] == philippines


def test_readd_last_undoes_removals_most_recent_first(round_table, act, refused, speakers, inscribe):
    inscribe(round_table, "MEX", "PHL", "SEN", "VAT")
    act(round_table, c.Remove(entry=2), 10)
    act(round_table, c.Remove(entry=4), 11)
    act(round_table, c.ReaddLast(), 12)
    assert speakers(round_table) == ["MEX", "SEN", "VAT"]
    act(round_table, c.ReaddLast(), 13)
    assert speakers(round_table) == ["MEX", "PHL", "SEN", "VAT"]
    assert refused(round_table, c.ReaddLast()).code == "nothing_removed"


def test_a_removed_entry_returns_at_the_end_when_the_list_has_grown_shorter(round_table, act, speakers, inscribe):
    inscribe(round_table, "MEX", "PHL", "SEN")
    act(round_table, c.Remove(entry=3), 10)
    act(round_table, c.CallNext(), 11)
    act(round_table, c.CallNext(), 12)
    assert act(round_table, c.ReaddLast(), 13)["position"] == 1
    assert speakers(round_table) == ["SEN"]


def test_readd_is_refused_when_the_participant_has_asked_again_for_the_same_type(round_table, act, refused):
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.Remove(entry=1), 1)
    act(round_table, c.RequestFloor("MEX"), 2)
    assert refused(round_table, c.ReaddLast()).code == "duplicate_request"


@pytest.mark.parametrize("paused", [False, True], ids=["running", "paused"])
def test_arranging_the_list_never_touches_the_timer_of_the_current_speaker(round_table, act, paused, inscribe):
    inscribe(round_table, "MEX", "PHL", "SEN", "VAT")
    act(round_table, c.CallNext(), 100.0)
    act(round_table, c.TimerAdd(seconds=30), 110.0)
    if paused:
        act(round_table, c.TimerPause(), 115.0)
    timer = round_table.timer
    arrangements = [
        c.RequestFloor("EU"),
        c.Move(entry=4, position=1),
        c.Remove(entry=3),
        c.ReaddLast(),
        c.Withdraw(entry=2),
        c.CloseList(),
        c.ReopenList(),
    ]
    for second, command in enumerate(arrangements, start=120):
        act(round_table, command, float(second))
        assert round_table.timer == timer, command
    assert round_table.current.participant == "MEX"
    assert round_table.timer.remaining(160.0) == (210 - 15 if paused else 210 - 60)


# --- rulings on points of order -----------------------------------------------------------------


def test_the_chair_rules_on_the_point_of_order_being_heard_and_the_ruling_is_kept(round_table, act):
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.RequestFloor("PHL", T.POINT_OF_ORDER), 1)
    act(round_table, c.CallNext(), 2)
    act(round_table, c.RulePointOfOrder(entry=2, ruling="The point of order is well taken."), 30)
    assert round_table.rulings == {2: "The point of order is well taken."}


def test_a_ruling_may_follow_once_the_point_of_order_has_been_heard(round_table, act):
    act(round_table, c.RequestFloor("PHL", T.POINT_OF_ORDER), 0)
    act(round_table, c.CallNext(), 1)
    act(round_table, c.EndIntervention(), 60)
    act(round_table, c.RulePointOfOrder(entry=1, ruling="Out of order."), 61)
    assert round_table.rulings == {1: "Out of order."}


@pytest.mark.parametrize(
    "command, code",
    [
        pytest.param(c.RulePointOfOrder(entry=3, ruling="Sustained."), "not_point_of_order", id="still-pending"),
        pytest.param(c.RulePointOfOrder(entry=1, ruling="Sustained."), "not_point_of_order", id="a-statement"),
        pytest.param(c.RulePointOfOrder(entry=99, ruling="Sustained."), "not_point_of_order", id="unknown-entry"),
        pytest.param(c.RulePointOfOrder(entry=2, ruling=""), "invalid_field", id="empty-ruling"),
    ],
)
def test_a_ruling_needs_a_heard_point_of_order_and_words(round_table, act, refused, command, code):
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.CallNext(), 10)
    act(round_table, c.EndIntervention(), 20)  # entry 1, a statement, heard
    act(round_table, c.RequestFloor("SEN", T.POINT_OF_ORDER), 30)
    act(round_table, c.CallNext(), 31)  # entry 2, a point of order, being heard
    act(round_table, c.RequestFloor("PHL", T.POINT_OF_ORDER), 40)  # entry 3, pending
    assert refused(round_table, command).code == code
