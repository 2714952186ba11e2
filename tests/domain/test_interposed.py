"""Interposed questions: a short question put to the speaker, taken by the chair, answered, and the speech resumed.

When the chair takes the question, the speaker's clock stops where it is; the question runs on a short clock of
its own (60 seconds), then the speaker answers on another, linked to the question; then the speaker's clock runs
on from where it stopped. The record keeps the question, the answer and the links between them.
"""

import json

import pytest

from session.domain import commands as c
from session.domain.commands import RequestType as T
from session.domain.errors import Refused
from session.domain.room import new_room, replay
from session.domain.state import Event
from session.domain.timer import Phase


@pytest.fixture
def speaking(round_table, act):
    """Mexico (entry 1) has had the floor since t=10, on a 3-minute limit."""
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.CallNext(), 10)
    return round_table


def ask(state, act, participant, at):
    """`participant` asks to put an interposed question; its entry."""
    return act(state, c.RequestFloor(participant, T.INTERPOSED_QUESTION), at)["entry"]


# --- asking -----------------------------------------------------------------------------------------


def test_an_interposed_question_is_put_to_the_speaker_and_waits_after_points_of_order(speaking, act, speakers):
    act(speaking, c.RequestFloor("SEN"), 11)
    act(speaking, c.RequestFloor("IOM", T.RESPONSE), 12)
    act(speaking, c.RequestFloor("VAT", T.POINT_OF_ORDER), 13)
    data = act(speaking, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), 14)
    assert (data["links_to"], data["position"], data["time_limit_s"]) == (1, 2, 60)
    act(speaking, c.RequestFloor("EU", T.POINT_OF_ORDER), 15)  # a later point of order still goes before it
    act(speaking, c.RequestFloor("MFA", T.INTERPOSED_QUESTION), 16)  # a later question after it
    assert speakers(speaking) == ["VAT", "EU", "PHL", "MFA", "IOM", "SEN"]
    assert [q.links_to for q in speaking.queue] == [None, None, 1, 1, None, None]


def test_without_a_speaker_there_is_nobody_to_put_a_question_to(round_table, refused):
    assert refused(round_table, c.RequestFloor("PHL", T.INTERPOSED_QUESTION)).code == "no_current_speaker"


def test_a_closed_list_still_admits_an_interposed_question(speaking, act):
    act(speaking, c.CloseList(), 11)
    ask(speaking, act, "PHL", 12)
    assert [q.type for q in speaking.queue] == [T.INTERPOSED_QUESTION]


def test_one_interposed_question_per_participant_at_a_time(speaking, act, refused):
    ask(speaking, act, "PHL", 11)
    assert refused(speaking, c.RequestFloor("PHL", T.INTERPOSED_QUESTION)).code == "duplicate_request"


def test_an_answer_is_never_requested_nor_called(speaking, refused):
    assert refused(speaking, c.RequestFloor("MEX", T.ANSWER)).code == "invalid_field"
    assert refused(speaking, c.Call(participant="MEX", type=T.ANSWER)).code == "invalid_field"
    assert refused(speaking, c.Call(participant="PHL", type=T.INTERPOSED_QUESTION)).code == "invalid_field"


def test_the_asker_may_withdraw_the_question(speaking, act):
    ask(speaking, act, "PHL", 11)
    act(speaking, c.Withdraw(participant="PHL", type=T.INTERPOSED_QUESTION), 12)
    assert speaking.queue == []


# --- the question and its answer, on the speaker's paused clock --------------------------------------


def test_taking_a_question_pauses_the_speakers_clock_and_starts_a_short_one(speaking, act):
    act(speaking, c.TimerAdd(seconds=30), 20)  # Mexico has 210 s
    question = ask(speaking, act, "PHL", 30)
    act(speaking, c.TakeQuestion(entry=question), 40)
    assert speaking.current.entry == question and speaking.current.participant == "PHL"
    assert speaking.current_started_at == 40
    assert (speaking.timer.phase, speaking.timer.limit_s, speaking.timer.deadline) == (Phase.RUNNING, 60, 100)
    [mexico] = speaking.suspended
    assert mexico.request.entry == 1 and mexico.started_at == 10
    assert mexico.timer.phase is Phase.PAUSED
    assert mexico.timer.elapsed(40) == mexico.timer.elapsed(10_000) == 30.0  # frozen while the question is put
    assert mexico.timer.limit_s == 210
    assert speaking.queue == []


def test_the_answer_is_the_speakers_and_is_linked_to_the_question(speaking, act):
    question = ask(speaking, act, "PHL", 30)
    act(speaking, c.TakeQuestion(entry=question), 40)
    data = act(speaking, c.AnswerQuestion(), 65)
    answer = speaking.current
    assert data == {"entry": answer.entry, "time_limit_s": 60} and answer.entry == question + 1 == speaking.last_entry
    assert (answer.participant, answer.type, answer.links_to, answer.time_limit_s) == ("MEX", T.ANSWER, question, 60)
    assert speaking.current_started_at == 65 and speaking.timer.deadline == 125
    # The question is on the record, with its own time.
    [put] = speaking.interventions
    assert (put.request.entry, put.request.links_to, put.duration_s, put.time_limit_s) == (question, 1, 25.0, 60)
    assert speaking.suspended[0].timer.elapsed(65) == 30.0  # still frozen


def test_after_the_answer_the_speakers_clock_runs_on_from_where_it_stopped(speaking, act):
    act(speaking, c.TimerAdd(seconds=30), 20)
    question = ask(speaking, act, "PHL", 30)
    act(speaking, c.TakeQuestion(entry=question), 40)
    act(speaking, c.AnswerQuestion(), 65)
    data = act(speaking, c.EndIntervention(), 100)  # the answer is done
    assert data["resume"] is True
    assert speaking.suspended == []
    assert (speaking.current.entry, speaking.current.type, speaking.current_started_at) == (1, T.STATEMENT, 10)
    assert speaking.timer.phase is Phase.RUNNING and speaking.timer.limit_s == 210
    assert speaking.timer.elapsed(100) == 30.0 and speaking.timer.elapsed(130) == 60.0
    assert speaking.timer.deadline == 100 + 210 - 30
    act(speaking, c.EndIntervention(), 160)
    # Mexico held the floor from 10 to 160, but spoke 90 s of it: the question and the answer are not its time.
    assert [
        (i.request.participant, i.request.type, i.request.links_to, i.duration_s, i.time_limit_s)
        for i in speaking.interventions
    ] == [
        ("PHL", T.INTERPOSED_QUESTION, 1, 25.0, 60),
        ("MEX", T.ANSWER, question, 35.0, 60),
        ("MEX", T.STATEMENT, None, 90.0, 210),
    ]
    assert (speaking.interventions[-1].started_at, speaking.interventions[-1].ended_at) == (10, 160)
    assert speaking.current is None and speaking.timer.phase is Phase.IDLE


def test_a_question_may_end_without_an_answer(speaking, act):
    question = ask(speaking, act, "PHL", 30)
    act(speaking, c.TakeQuestion(entry=question), 40)
    act(speaking, c.EndIntervention(entry=question), 50)
    assert speaking.current.entry == 1 and speaking.timer.elapsed(50) == 30.0 and speaking.suspended == []
    assert [i.request.entry for i in speaking.interventions] == [question]


def test_the_question_and_answer_clocks_can_be_paused_and_extended(speaking, act):
    question = ask(speaking, act, "PHL", 30)
    act(speaking, c.TakeQuestion(entry=question), 40)
    act(speaking, c.TimerPause(), 50)
    act(speaking, c.TimerResume(), 55)
    act(speaking, c.TimerAdd(seconds=30), 56)
    assert speaking.timer.limit_s == 90 and speaking.timer.elapsed(60) == 15.0
    assert speaking.suspended[0].timer.elapsed(60) == 30.0  # the speaker's clock is not touched


def test_the_speaker_may_take_another_question_after_the_first(speaking, act, speakers):
    first = ask(speaking, act, "PHL", 20)
    second = ask(speaking, act, "SEN", 21)
    act(speaking, c.TakeQuestion(entry=first), 40)
    assert speakers(speaking) == ["SEN"]  # the other question still waits while the first is put
    act(speaking, c.AnswerQuestion(), 50)
    act(speaking, c.EndIntervention(), 60)
    act(speaking, c.TakeQuestion(entry=second), 70)
    act(speaking, c.EndIntervention(), 80)
    assert speaking.current.entry == 1 and speaking.timer.elapsed(100) == 30.0 + 10.0 + 20.0


# --- what waits while a question is under way ---------------------------------------------------------


@pytest.mark.parametrize("during", ["question", "answer"])
def test_nobody_else_is_given_the_floor_while_a_question_is_under_way(speaking, act, refused, during):
    act(speaking, c.AddSegment("Interactive dialogue"), 11)
    act(speaking, c.RequestFloor("SEN"), 12)
    question = ask(speaking, act, "PHL", 13)
    ask(speaking, act, "EU", 14)
    act(speaking, c.TakeQuestion(entry=question), 20)
    if during == "answer":
        act(speaking, c.AnswerQuestion(), 30)
    for command in (c.CallNext(), c.Call(entry=2), c.Call(participant="VAT"), c.OpenSegment(1)):
        assert refused(speaking, command).code == "interposed_question", command
    assert refused(speaking, c.TakeQuestion(entry=question + 1)).code == "interposed_question"
    assert refused(speaking, c.RequestFloor("MFA", T.INTERPOSED_QUESTION)).code == "no_current_speaker"


def test_a_segment_is_not_closed_in_the_middle_of_a_question(round_table, act, refused):
    act(round_table, c.AddSegment("Interactive dialogue"), 0)
    act(round_table, c.OpenSegment(1), 1)
    act(round_table, c.RequestFloor("MEX"), 2)
    act(round_table, c.CallNext(), 3)
    question = ask(round_table, act, "PHL", 4)
    act(round_table, c.TakeQuestion(entry=question), 5)
    assert refused(round_table, c.CloseSegment()).code == "interposed_question"


def test_answering_needs_a_question_being_put(speaking, act, refused):
    assert refused(speaking, c.AnswerQuestion()).code == "no_question"
    question = ask(speaking, act, "PHL", 20)
    act(speaking, c.TakeQuestion(entry=question), 30)
    act(speaking, c.AnswerQuestion(), 40)
    assert refused(speaking, c.AnswerQuestion()).code == "no_question"  # it is being answered already


@pytest.mark.parametrize("entry, code", [(99, "not_in_queue"), (2, "invalid_field")], ids=["unknown", "statement"])
def test_only_a_waiting_interposed_question_can_be_taken(speaking, act, refused, entry, code):
    act(speaking, c.RequestFloor("SEN"), 11)
    assert refused(speaking, c.TakeQuestion(entry=entry)).code == code


def test_call_next_passes_over_waiting_questions_which_then_lapse(speaking, act, refused, speakers):
    question = ask(speaking, act, "PHL", 20)
    assert refused(speaking, c.CallNext()).code == "queue_empty"  # a question is taken, not called
    assert refused(speaking, c.Call(entry=question)).code == "invalid_field"
    act(speaking, c.RequestFloor("SEN"), 21)
    assert refused(speaking, c.CallNext(entry=question)).code == "stale"  # the chair sees Senegal first
    act(speaking, c.RequestFloor("VAT", T.POINT_OF_ORDER), 22)
    assert speakers(speaking) == ["VAT", "PHL", "SEN"]
    act(speaking, c.CallNext(), 30)
    assert speaking.current.participant == "VAT"  # a point of order is heard first ...
    assert speakers(speaking) == ["SEN"]  # ... and Mexico's turn is over, so the question to it lapses
    act(speaking, c.CallNext(), 40)
    assert speaking.current.participant == "SEN"


def test_pending_questions_lapse_when_their_speaker_is_done(speaking, act, speakers):
    act(speaking, c.RequestFloor("SEN"), 11)
    ask(speaking, act, "PHL", 12)
    ask(speaking, act, "EU", 13)
    act(speaking, c.EndIntervention(), 50)
    assert speakers(speaking) == ["SEN"]
    assert [i.request.entry for i in speaking.interventions] == [1]  # the lapsed questions were not heard


def test_questions_to_a_speaker_marked_absent_lapse_too(speaking, act, speakers):
    """Found by the Hypothesis machine: a question stayed on the list for a speaker no longer at the floor."""
    act(speaking, c.RequestFloor("SEN"), 11)
    ask(speaking, act, "PHL", 12)
    data = act(speaking, c.MarkAbsent(), 13)  # Mexico, called, is not in the room: to the end of the list
    assert (data["lapsed"], data["position"]) == ([3], 2)
    assert speakers(speaking) == ["SEN", "MEX"]


def test_the_record_and_its_links_replay_from_the_log(speaking, act, round_table):
    question = ask(speaking, act, "PHL", 30)
    ask(speaking, act, "SEN", 31)
    act(speaking, c.TakeQuestion(entry=question), 40)
    act(speaking, c.AnswerQuestion(), 65)
    mid_answer = replay(
        new_room("rt1", round_table.rules),
        [Event(e.seq, e.action, json.loads(json.dumps(e.data)), e.at) for e in act.log],
    )
    assert mid_answer == speaking
    act(speaking, c.EndIntervention(), 100)
    act(speaking, c.EndIntervention(), 160)
    stored = [Event(e.seq, e.action, json.loads(json.dumps(e.data)), e.at) for e in act.log]
    assert replay(new_room("rt1", round_table.rules), stored) == speaking


# --- bugs found by these tests, now fixed ------------------------------------------------------------


def test_a_question_re_added_after_its_speaker_is_done_does_not_come_back(speaking, act, refused):
    question = ask(speaking, act, "PHL", 20)
    act(speaking, c.Remove(entry=question), 21)
    act(speaking, c.EndIntervention(), 30)  # Mexico is done: the question would have lapsed
    try:
        act(speaking, c.ReaddLast(), 31)
    except Refused:
        return  # refusing to re-add it is a fix
    assert all(q.type is not T.INTERPOSED_QUESTION for q in speaking.queue), "a lapsed question came back"


def test_a_reply_interrupted_by_a_question_still_counts_against_the_cap(round_table, act, refused):
    act(round_table, c.RequestFloor("EU", T.RIGHT_OF_REPLY), 0)
    act(round_table, c.CallNext(), 10)  # the EU's only right of reply
    question = ask(round_table, act, "PHL", 20)
    act(round_table, c.TakeQuestion(entry=question), 30)
    assert refused(round_table, c.RequestFloor("EU", T.RIGHT_OF_REPLY), 40).code == "reply_limit"


def test_the_rapporteur_may_note_a_statement_while_a_question_interrupts_it(speaking, act):
    question = ask(speaking, act, "PHL", 20)
    act(speaking, c.TakeQuestion(entry=question), 30)
    act(speaking, c.Annotate(entry=1, notes="Portability of pensions"), 35)
    assert speaking.annotations[1].notes == "Portability of pensions"


def test_no_question_is_put_to_a_point_of_order(round_table, act, refused):
    act(round_table, c.RequestFloor("VAT", T.POINT_OF_ORDER), 0)
    act(round_table, c.CallNext(), 10)
    assert refused(round_table, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), 20).code
