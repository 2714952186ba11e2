"""Group time budgets: speaking time per regional group and per stakeholder category, drawn down as voices speak.

A Member State draws on its regional group's budget, anyone else on its category's. Procedure and questions
(points of order, questions to the panel, interposed questions) draw on nothing. Time added is added to every
group and category alike, so the balance between them is kept.
"""

import json

import pytest
from participants import directory

from session.domain import commands as c
from session.domain.balance import REGIONAL_GROUPS, budget_lines
from session.domain.commands import RequestType as T
from session.domain.room import new_room, replay
from session.domain.state import Budgets, Event

PEOPLE = directory("SEN", "PHL", "POL", "MEX", "BRA", "DEU", "VAT", "EU", "IOM", "MFA", "IOE")
CATEGORIES = ["observer_state", "intergovernmental", "un_system", "ngo", "private_sector"]


@pytest.fixture
def directory():
    """The rooms' `act` and `refused` read this directory here."""
    return PEOPLE


@pytest.fixture
def budgeted(round_table, act):
    """Rt1 with half an hour per regional group and a quarter of an hour per stakeholder category."""
    act(round_table, c.SetBudgets(group_s=1800, category_s=900), 0)
    return round_table


def lines(state, now=None):
    return {line.key: (line.budget_s, line.spent_s, line.left_s) for line in budget_lines(state, PEOPLE, now)}


def spent(state, now=None):
    return {key: used for key, (_, used, _) in lines(state, now).items() if used}


def hear(state, act, participant, start, seconds, type=T.STATEMENT):
    """`participant` asks, is called at `start` and speaks for `seconds`."""
    act(state, c.RequestFloor(participant, type), start - 1)
    act(state, c.Call(entry=state.last_entry), start)
    act(state, c.EndIntervention(), start + seconds)


# --- setting the budgets ---------------------------------------------------------------------------


def test_without_budgets_there_are_no_lines(round_table):
    assert round_table.budgets is None and budget_lines(round_table, PEOPLE) == []


def test_each_regional_group_and_each_stakeholder_category_has_a_line(budgeted):
    assert budgeted.budgets == Budgets(group_s=1800, category_s=900)
    assert lines(budgeted) == {
        **{g: (1800, 0.0, 1800.0) for g in REGIONAL_GROUPS},
        **{k: (900, 0.0, 900.0) for k in CATEGORIES},
    }
    assert [line.key for line in budget_lines(budgeted, PEOPLE)] == list(REGIONAL_GROUPS) + CATEGORIES


def test_the_categories_have_the_groups_budget_unless_told_otherwise(round_table, act):
    act(round_table, c.SetBudgets(group_s=600), 0)
    assert {budget for budget, _, _ in lines(round_table).values()} == {600}


@pytest.mark.parametrize(
    "group_s, category_s, accepted",
    [
        (59, None, False),
        (60, None, True),
        (36000, None, True),
        (36001, None, False),
        (-60, None, False),
        (600, 59, False),
        (600, 60, True),
        (600, 36000, True),
        (600, 36001, False),
        (600, 0, False),
    ],
)
def test_a_budget_is_between_a_minute_and_ten_hours(round_table, act, refused, group_s, category_s, accepted):
    command = c.SetBudgets(group_s=group_s, category_s=category_s)
    if accepted:
        act(round_table, command, 0)
        assert round_table.budgets is not None
    else:
        assert refused(round_table, command).code == "invalid_field"


def test_a_budget_of_zero_switches_them_off(budgeted, act, refused):
    act(budgeted, c.SetBudgets(group_s=0), 1)
    assert budgeted.budgets is None and budget_lines(budgeted, PEOPLE) == []
    assert refused(budgeted, c.SetBudgets(group_s=0)).code == "no_change"


# --- drawing them down --------------------------------------------------------------------------------


def test_a_member_state_draws_on_its_group_and_a_stakeholder_on_its_category(budgeted, act):
    hear(budgeted, act, "MEX", 10, 100)
    hear(budgeted, act, "BRA", 200, 50)
    hear(budgeted, act, "MFA", 300, 120)
    hear(budgeted, act, "IOE", 500, 30)
    hear(budgeted, act, "VAT", 600, 40)
    assert spent(budgeted) == {"grulac": 150.0, "ngo": 120.0, "private_sector": 30.0, "observer_state": 40.0}
    assert lines(budgeted)["grulac"] == (1800, 150.0, 1650.0)
    assert lines(budgeted)["ngo"] == (900, 120.0, 780.0)
    assert lines(budgeted)["african"] == (1800, 0.0, 1800.0)


def test_a_pause_is_not_spoken_time(budgeted, act):
    act(budgeted, c.RequestFloor("SEN"), 0)
    act(budgeted, c.CallNext(), 10)
    act(budgeted, c.TimerPause(), 40)
    act(budgeted, c.TimerResume(), 400)
    act(budgeted, c.EndIntervention(), 420)
    assert spent(budgeted) == {"african": 50.0}


def test_rights_of_reply_and_panellists_responses_are_speech_and_draw(budgeted, act):
    hear(budgeted, act, "POL", 10, 70, T.RIGHT_OF_REPLY)
    hear(budgeted, act, "IOM", 100, 45, T.RESPONSE)
    assert spent(budgeted) == {"eastern_european": 70.0, "un_system": 45.0}


@pytest.mark.parametrize("type", [T.POINT_OF_ORDER, T.QUESTION])
def test_points_of_order_and_questions_do_not_draw(budgeted, act, type):
    hear(budgeted, act, "DEU", 10, 100, type)
    hear(budgeted, act, "EU", 200, 100, type)
    assert spent(budgeted) == {}
    assert spent(budgeted, now=1000) == {}


def test_an_interposed_question_does_not_draw_and_the_answer_is_the_speakers(budgeted, act):
    act(budgeted, c.RequestFloor("MEX"), 0)
    act(budgeted, c.CallNext(), 10)
    act(budgeted, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), 20)
    act(budgeted, c.TakeQuestion(entry=2), 40)  # Mexico has spoken 30 s
    act(budgeted, c.AnswerQuestion(), 60)  # the Philippines asked for 20 s
    act(budgeted, c.EndIntervention(), 85)  # Mexico answered for 25 s
    act(budgeted, c.EndIntervention(), 115)  # and spoke 30 s more
    assert spent(budgeted) == {"grulac": 30.0 + 25.0 + 30.0}


def test_now_counts_the_current_speaker_so_far(budgeted, act):
    act(budgeted, c.RequestFloor("SEN"), 0)
    act(budgeted, c.CallNext(), 10)
    assert spent(budgeted) == {}  # without a moment, only the record counts
    assert spent(budgeted, now=70) == {"african": 60.0}
    assert lines(budgeted, now=70)["african"] == (1800, 60.0, 1740.0)
    act(budgeted, c.TimerPause(), 100)
    assert spent(budgeted, now=1000) == {"african": 90.0}  # a paused speaker spends nothing


def test_a_point_of_order_being_heard_does_not_draw(budgeted, act):
    act(budgeted, c.RequestFloor("SEN", T.POINT_OF_ORDER), 0)
    act(budgeted, c.CallNext(), 10)
    assert spent(budgeted, now=70) == {}


def test_a_group_may_overrun_its_budget(round_table, act):
    act(round_table, c.SetBudgets(group_s=60), 0)
    hear(round_table, act, "SEN", 10, 100)
    assert lines(round_table)["african"] == (60, 100.0, -40.0)


# --- adding time -----------------------------------------------------------------------------------


def test_time_added_is_added_to_every_group_and_category_alike(budgeted, act):
    hear(budgeted, act, "MEX", 10, 100)
    act(budgeted, c.AddBudget(seconds=300), 200)
    act(budgeted, c.AddBudget(seconds=-60), 201)
    assert budgeted.budgets.added_s == 240
    assert lines(budgeted) == {
        **{g: (2040, 0.0, 2040.0) for g in REGIONAL_GROUPS},
        **{k: (1140, 0.0, 1140.0) for k in CATEGORIES},
        "grulac": (2040, 100.0, 1940.0),
    }


@pytest.mark.parametrize(
    "seconds, accepted", [(0, False), (3600, True), (-3600, True), (3601, False), (-3601, False), (1, True)]
)
def test_time_added_is_up_to_an_hour_either_way(round_table, act, refused, seconds, accepted):
    act(round_table, c.SetBudgets(group_s=7200), 0)
    if accepted:
        act(round_table, c.AddBudget(seconds=seconds), 1)
        assert round_table.budgets.added_s == seconds
    else:
        assert refused(round_table, c.AddBudget(seconds=seconds)).code == "invalid_field"


def test_time_taken_off_never_leaves_a_budget_below_a_minute(round_table, act, refused):
    """Reproduced: a minute per group, an hour taken off, gave every group -3540 seconds."""
    act(round_table, c.SetBudgets(group_s=60), 0)
    refusal = refused(round_table, c.AddBudget(seconds=-3600))
    assert refusal.code == "invalid_field"
    assert refusal.message == (
        "A budget stays between 60 seconds and 10 hours (36000 seconds): add between 0 and 3600 seconds now, not 0."
    )
    assert round_table.budgets.added_s == 0


def test_the_bounds_of_time_added_follow_the_smallest_and_the_largest_budget(budgeted, act, refused):
    # Groups have 1800 seconds and categories 900: 840 may be taken off; 3600 added.
    assert refused(budgeted, c.AddBudget(seconds=-841)).message == (
        "A budget stays between 60 seconds and 10 hours (36000 seconds): add between -840 and 3600 seconds now, not 0."
    )
    act(budgeted, c.AddBudget(seconds=-840), 1)
    assert {budget for budget, _, _ in lines(budgeted).values()} == {960, 60}
    act(budgeted, c.SetBudgets(group_s=35000, category_s=600), 2)
    assert "add between -540 and 1000 seconds now" in refused(budgeted, c.AddBudget(seconds=1001)).message


def test_a_budget_set_out_of_range_is_refused_with_the_bounds(round_table, refused):
    for group_s, category_s in ((-60, None), (600, -1), (36001, 600)):
        refusal = refused(round_table, c.SetBudgets(group_s=group_s, category_s=category_s))
        assert refusal.message == ("A budget is between 60 seconds and 10 hours (36000 seconds); 0 switches them off.")


def test_there_is_no_time_to_add_without_budgets(round_table, refused):
    assert refused(round_table, c.AddBudget(seconds=60)).code == "no_budgets"


def test_the_budgets_replay_from_the_log(budgeted, act, round_table):
    hear(budgeted, act, "MEX", 10, 100)
    act(budgeted, c.AddBudget(seconds=120), 200)
    stored = [Event(e.seq, e.action, json.loads(json.dumps(e.data)), e.at) for e in act.log]
    replayed = replay(new_room("rt1", round_table.rules), stored)
    assert replayed == budgeted and budget_lines(replayed, PEOPLE) == budget_lines(budgeted, PEOPLE)


# --- bugs found by these tests, now fixed ------------------------------------------------------------


def test_a_speaker_interrupted_by_a_question_keeps_its_time_so_far(budgeted, act):
    act(budgeted, c.RequestFloor("MEX"), 0)
    act(budgeted, c.CallNext(), 10)
    assert spent(budgeted, now=40) == {"grulac": 30.0}
    act(budgeted, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), 20)
    act(budgeted, c.TakeQuestion(entry=2), 40)
    assert spent(budgeted, now=50) == {"grulac": 30.0}
