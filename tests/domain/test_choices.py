"""What may be done now: a screen offers exactly what the domain would accept at this moment."""

from session.domain import commands as c
from session.domain.choices import chair_choices, ranked_by_level, request_choices, standings
from session.domain.participants import Level
from session.domain.permissions import Actor, Role
from session.domain.state import RequestType as T


def test_before_anyone_speaks_the_chair_may_call_the_first_on_the_list_and_start_the_timer(
    round_table, inscribe, directory
):
    inscribe(round_table, "MEX", "PHL")
    may = chair_choices(round_table, now=2.0, directory=directory)
    assert may.call_next == round_table.queue[0].entry
    assert may.timer_start and not (may.timer_pause or may.timer_resume or may.add_time)
    assert not may.end_intervention and not may.answer_question and not may.rule_point_of_order
    assert may.close_list and not may.reopen_list and not may.readd_last


def test_while_a_speaker_runs_the_timer_may_be_paused_topped_up_and_the_turn_ended(
    round_table, inscribe, act, directory
):
    inscribe(round_table, "MEX")
    act(round_table, c.CallNext(), 5.0)
    may = chair_choices(round_table, now=6.0, directory=directory)
    assert may.call_next is None  # no one else waits
    assert may.timer_pause and not may.timer_start and not may.timer_resume
    assert may.add_time == {30, 60} and may.end_intervention


def test_an_interposed_question_is_taken_never_called_and_no_one_else_is_called_while_it_is_put(
    round_table, inscribe, act, directory
):
    inscribe(round_table, "MEX", "SEN")
    act(round_table, c.CallNext(), 5.0)
    act(round_table, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), 6.0)
    question = next(q for q in round_table.queue if q.type is T.INTERPOSED_QUESTION)
    may = chair_choices(round_table, now=7.0, directory=directory)
    assert may.entries[question.entry].taken and may.entries[question.entry].give_floor
    assert may.call_next == next(q.entry for q in round_table.queue if q.participant == "SEN")
    act(round_table, c.TakeQuestion(question.entry), 8.0)
    may = chair_choices(round_table, now=9.0, directory=directory)
    assert may.answer_question and may.call_next is None
    assert not any(choice.give_floor for choice in may.entries.values())


def test_a_point_of_order_with_the_floor_is_ruled_on(round_table, act, directory):
    act(round_table, c.RequestFloor("MEX", T.POINT_OF_ORDER), 1.0)
    act(round_table, c.CallNext(), 2.0)
    assert chair_choices(round_table, now=3.0, directory=directory).rule_point_of_order


def test_a_delegation_picks_any_kind_but_an_answer_or_a_panellist_response(round_table, inscribe, act):
    delegate, panellist = Actor(Role.DELEGATE, "PHL"), Actor(Role.PANELLIST, "SEN")
    assert request_choices(round_table, delegate) == (T.STATEMENT, T.POINT_OF_ORDER, T.RIGHT_OF_REPLY, T.QUESTION)
    assert T.RESPONSE in request_choices(round_table, panellist)
    inscribe(round_table, "MEX")
    act(round_table, c.CallNext(), 5.0)
    assert T.INTERPOSED_QUESTION in request_choices(round_table, delegate)
    assert T.INTERPOSED_QUESTION not in request_choices(round_table, Actor(Role.DELEGATE, "MEX")), "not to itself"
    act(round_table, c.CloseList(), 6.0)
    assert T.STATEMENT in request_choices(round_table, delegate), "a closed list is refused in words, not hidden"


def test_a_delegation_is_not_offered_what_it_waits_for_already_nor_anything_while_it_has_the_floor(round_table, act):
    mexico = Actor(Role.DELEGATE, "MEX")
    act(round_table, c.RequestFloor("MEX", T.STATEMENT, Level.MINISTER), 1.0)
    assert request_choices(round_table, mexico) == (T.POINT_OF_ORDER, T.RIGHT_OF_REPLY, T.QUESTION)
    assert standings(round_table)["MEX"].level is Level.MINISTER  # its form starts at its entry's level
    act(round_table, c.CallNext(), 2.0)
    assert request_choices(round_table, mexico) == ()
    act(round_table, c.EndIntervention(), 3.0)
    assert T.STATEMENT in request_choices(round_table, mexico)


def test_only_the_plenary_asks_for_the_speakers_level(round_table, plenary):
    assert ranked_by_level(plenary) and not ranked_by_level(round_table)
