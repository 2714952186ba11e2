"""The chair's safety net: the clock starts when the speaker reaches the rostrum, and the chair's last
action can be undone for a short while, as long as nothing has happened since.

In the Assembly Hall the walk from a delegation's seat to the rostrum takes 30 to 60 seconds: calling
a speaker announces them and readies the clock; "Start" starts it. Round tables, where a speaker talks
from the seat, keep the clock starting on call; either room may switch. An accidental "End
intervention" is the commonest slip at a meeting: undone, the speaker's clock runs on from where it
stopped, and the record keeps both the slip and its undoing.
"""

import copy
import json
from dataclasses import replace

import pytest

from session.domain import commands as c
from session.domain.commands import RequestType as T
from session.domain.errors import Refused
from session.domain.permissions import Actor, Role, authorize
from session.domain.room import new_room, replay
from session.domain.state import Event, Undone
from session.domain.timer import Phase, Timer
from session.domain.undo import UNDO_WINDOW_S


def stored(log):
    """The log as the store keeps it: JSON."""
    return [Event(e.seq, e.action, json.loads(json.dumps(e.data)), e.at) for e in log]


# --- the clock starts at the rostrum ----------------------------------------------------------------


def test_in_the_plenary_calling_a_speaker_readies_the_clock_and_start_starts_it(plenary, act):
    act(plenary, c.RequestFloor("MEX"), 0)
    data = act(plenary, c.CallNext(), 10)
    assert data["start"] is False
    assert plenary.current.participant == "MEX"
    # Announced and walking to the rostrum: the clock shows the whole limit and does not run.
    assert plenary.timer == Timer(limit_s=300, phase=Phase.READY)
    assert (plenary.timer.remaining(55), plenary.timer.deadline) == (300, None)
    act(plenary, c.TimerStart(), 50)  # at the rostrum
    assert (plenary.timer.phase, plenary.timer.deadline) == (Phase.RUNNING, 350)
    act(plenary, c.EndIntervention(), 290)
    [turn] = plenary.interventions
    # The turn counts from when the clock started, not from the call.
    assert (turn.started_at, turn.ended_at, turn.duration_s, turn.time_limit_s) == (50, 290, 240, 300)


def test_a_round_table_starts_the_clock_on_call(round_table, act):
    act(round_table, c.RequestFloor("MEX"), 0)
    assert act(round_table, c.CallNext(), 10)["start"] is True
    assert (round_table.timer.phase, round_table.timer.deadline) == (Phase.RUNNING, 190)


@pytest.mark.parametrize("room", ["plenary", "round_table"])
def test_the_chair_switches_whether_the_clock_starts_on_call(room, act, refused, request):
    state = request.getfixturevalue(room)
    default = state.starts_clock_on_call
    assert default is (room == "round_table")
    assert refused(state, c.StartOnCall(on=default)).code == "no_change"
    act(state, c.StartOnCall(on=not default), 0)
    assert state.starts_clock_on_call is not default
    act(state, c.RequestFloor("MEX"), 1)
    act(state, c.CallNext(), 2)
    assert state.timer.phase is (Phase.READY if default else Phase.RUNNING)


def test_a_ready_clock_takes_time_added_but_is_not_paused_or_resumed(plenary, act, refused):
    act(plenary, c.RequestFloor("MEX"), 0)
    act(plenary, c.CallNext(), 10)
    assert refused(plenary, c.TimerPause()).code == "timer_ready"
    assert refused(plenary, c.TimerResume()).code == "timer_ready"
    act(plenary, c.TimerAdd(60), 20)
    act(plenary, c.TimerStart(), 30)
    assert (plenary.timer.limit_s, plenary.timer.deadline) == (360, 390)
    assert refused(plenary, c.TimerStart()).code == "timer_running"


def test_a_speaker_whose_clock_never_started_is_recorded_as_having_spoken_0_seconds(plenary, act):
    act(plenary, c.RequestFloor("MEX"), 0)
    act(plenary, c.RequestFloor("PHL"), 1)
    act(plenary, c.CallNext(), 10)
    act(plenary, c.CallNext(), 70)  # Mexico never reached the rostrum; the Philippines is called
    [mexico] = plenary.interventions
    assert (mexico.request.participant, mexico.started_at, mexico.ended_at, mexico.duration_s) == ("MEX", 10, 70, 0)
    assert plenary.timer.phase is Phase.READY


def test_a_log_written_when_calling_started_the_clock_replays_as_it_was(plenary, directory):
    request = c.RequestFloor("MEX").decide(plenary, 0, directory)
    log = [
        Event(1, "request_floor", dict(request), 0),
        Event(2, "call_next", {"entry": 1}, 10),  # no "start": every call started the clock then
    ]
    room = replay(new_room("plenary", plenary.rules), stored(log))
    assert (room.timer.phase, room.timer.deadline) == (Phase.RUNNING, 310)


# --- undo -------------------------------------------------------------------------------------------


@pytest.fixture
def speaking(round_table, act):
    """Rt1: Mexico has the floor since second 10 (its clock started on call), the Philippines and
    Senegal wait."""
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.RequestFloor("PHL"), 1)
    act(round_table, c.RequestFloor("SEN"), 2)
    act(round_table, c.CallNext(), 10)
    return round_table


def test_an_accidental_end_of_intervention_is_undone_and_the_clock_resumes_where_it_stopped(speaking, act):
    act(speaking, c.TimerAdd(60), 20)
    ended = act(speaking, c.EndIntervention(), 70)  # a slip: Mexico had not finished
    assert speaking.current is None and len(speaking.interventions) == 1
    act(speaking, c.Undo(seq=speaking.version), 100)  # 30 seconds later
    assert speaking.current.participant == "MEX" and speaking.interventions == []
    # Mexico's clock runs on from where it stopped: the 30 seconds it stood stopped are not counted.
    assert speaking.timer.phase is Phase.RUNNING
    assert speaking.timer.remaining(100) == 240 - 60  # as it stood at the slip
    assert speaking.timer.deadline == 100 + 180
    assert speaking.current_started_at == 10
    # The record keeps both the action and its undoing; the log only grew.
    assert speaking.undone == [Undone(seq=6, action="end_intervention", at=70, undone_at=100)]
    assert [e.action for e in act.log][-2:] == ["end_intervention", "undo"]
    assert ended == {"entry": 1, "resume": False}
    act(speaking, c.EndIntervention(), 160)
    [mexico] = speaking.interventions
    assert (mexico.started_at, mexico.ended_at, mexico.duration_s) == (10, 160, 120)


def test_undoing_a_call_puts_the_speaker_back_at_the_head_and_the_previous_speaker_resumes(speaking, act):
    act(speaking, c.CallNext(), 100)  # the Philippines, called too soon: Mexico was still speaking
    act(speaking, c.Undo(seq=speaking.version), 110)
    assert speaking.current.participant == "MEX"
    assert [q.participant for q in speaking.queue] == ["PHL", "SEN"]
    assert speaking.timer.elapsed(110) == 90  # from 10 to 100, then on from 110
    assert speaking.interventions == []


@pytest.mark.parametrize(
    "command",
    [
        c.Move(entry=3, position=1),
        c.Remove(entry=2),
        c.CloseList(),
        c.ClearList(),
        c.EndIntervention(),
        c.CallNext(),
        c.Call(entry=3),
        c.Call(participant="MFA"),
    ],
    ids=lambda command: command.action + ("_new" if getattr(command, "participant", None) else ""),
)
def test_undo_returns_the_room_to_what_it_was_before_the_action(speaking, act, command):
    act(speaking, c.TimerPause(), 50)  # a stopped clock: "what it was" is exactly what it was
    before = copy.deepcopy(speaking)
    act(speaking, command, 60)
    act(speaking, c.Undo(seq=speaking.version), 61)
    # All but the room's version, the record of undone actions, and the entry numbers used: a
    # number given once is never given again (a walk-in called, then undone, keeps it taken).
    assert speaking.undone == [Undone(seq=before.version + 1, action=command.action, at=60, undone_at=61)]
    assert speaking.last_entry == before.last_entry + (1 if getattr(command, "participant", None) else 0)
    assert replace(speaking, version=0, undone=[], last_entry=0) == replace(before, version=0, last_entry=0)


def test_reopening_the_list_is_undone_too(speaking, act):
    act(speaking, c.CloseList(), 20)
    act(speaking, c.ReopenList(), 30)
    act(speaking, c.Undo(seq=speaking.version), 40)
    assert speaking.list_closed is True


def test_a_speaker_who_kept_speaking_loses_no_time_when_a_move_is_undone(speaking, act):
    act(speaking, c.Move(entry=3, position=1), 50)
    act(speaking, c.Undo(seq=speaking.version), 80)
    # The move never touched Mexico's clock: it ran all along and still does.
    assert speaking.timer.deadline == 190 and speaking.timer.elapsed(80) == 70


def test_only_the_rooms_last_action_is_undone(speaking, act, refused):
    act(speaking, c.EndIntervention(), 70)
    ended = speaking.version
    act(speaking, c.RequestFloor("MFA"), 75)  # the room moved on
    refusal = refused(speaking, c.Undo(seq=ended), 80)
    assert refusal.code == "nothing_to_undo"
    assert "nothing else has happened since" in refusal.message


def test_the_undo_names_the_action_the_chair_saw(speaking, act, refused):
    act(speaking, c.Remove(entry=2), 20)
    refusal = refused(speaking, c.Undo(seq=speaking.version - 1), 21)
    assert refusal.code == "stale"


def test_an_action_is_undone_for_two_minutes_only(speaking, act, refused):
    act(speaking, c.EndIntervention(), 70)
    refusal = refused(speaking, c.Undo(seq=speaking.version), 70 + UNDO_WINDOW_S + 1)
    assert refusal.code == "too_late" and "2 minutes" in refusal.message
    act(speaking, c.Undo(seq=speaking.version), 70 + UNDO_WINDOW_S)


def test_what_is_not_the_chairs_slip_is_not_undone(speaking, act, refused):
    act(speaking, c.TimerPause(), 20)  # the call was the chair's, but the pause came after it
    assert refused(speaking, c.Undo(seq=speaking.version), 21).code == "nothing_to_undo"
    act(speaking, c.Remove(entry=2), 22)
    act(speaking, c.Undo(seq=speaking.version), 23)
    assert refused(speaking, c.Undo(seq=speaking.version), 24).code == "nothing_to_undo"  # no undoing an undo


def test_only_those_presiding_undo(speaking):
    with pytest.raises(Refused) as refusal:
        authorize(Actor(Role.DELEGATE, "MEX"), c.Undo(seq=4))
    assert refusal.value.code == "forbidden"
    assert authorize(Actor(Role.CHAIR), c.Undo(seq=4)) == c.Undo(seq=4)


def test_a_room_with_undone_actions_replays_to_the_same_state(speaking, act, round_table):
    act(speaking, c.EndIntervention(), 70)
    act(speaking, c.Undo(seq=speaking.version), 80)
    act(speaking, c.CallNext(), 200)
    act(speaking, c.Undo(seq=speaking.version), 201)
    act(speaking, c.Remove(entry=3), 202)
    replayed = replay(new_room("rt1", round_table.rules), stored(act.log))
    assert replayed == speaking
    assert replayed.undoable is not None and replayed.undoable.action == "remove"


def test_undo_in_the_plenary_returns_a_called_speaker_to_the_list_and_the_clock_to_rest(plenary, act):
    act(plenary, c.RequestFloor("MEX"), 0)
    act(plenary, c.CallNext(), 10)
    act(plenary, c.Undo(seq=plenary.version), 20)
    assert plenary.current is None and plenary.timer == Timer()
    assert [q.participant for q in plenary.queue] == ["MEX"]


def test_the_record_lists_each_action_undone(speaking, act):
    act(speaking, c.Remove(entry=2), 20)
    act(speaking, c.Undo(seq=speaking.version), 21)
    act(speaking, c.Remove(entry=3), 22)
    act(speaking, c.Undo(seq=speaking.version), 23)
    assert [(u.seq, u.action) for u in speaking.undone] == [(5, "remove"), (7, "remove")]
    assert speaking.removed == [] and [q.entry for q in speaking.queue] == [2, 3]


def test_an_answer_in_progress_keeps_its_speaker_suspended_after_an_undo(speaking, act):
    act(speaking, c.RequestFloor("SEN", T.INTERPOSED_QUESTION), 20)
    act(speaking, c.TakeQuestion(entry=4), 30)
    act(speaking, c.AnswerQuestion(), 40)
    act(speaking, c.EndIntervention(), 50)  # the answer ends: Mexico's own clock resumes
    act(speaking, c.Undo(seq=speaking.version), 55)
    assert speaking.current.type is T.ANSWER and len(speaking.suspended) == 1
    assert speaking.suspended[0].timer.phase is Phase.PAUSED
