"""The speaking timer: server time in, elapsed and remaining time out, across pauses and restarts."""

import pytest

from session.domain import commands as c
from session.domain.room import MAX_ADDED_S, new_room, replay
from session.domain.timer import Phase, Timer

# --- the arithmetic ---------------------------------------------------------------------------


def test_a_started_timer_counts_from_its_start_towards_its_deadline():
    timer = Timer().start(100.0, 180)
    assert (timer.phase, timer.deadline) == (Phase.RUNNING, 280.0)
    assert (timer.elapsed(130.0), timer.remaining(130.0), timer.overrun(130.0)) == (30.0, 150.0, 0.0)
    assert timer.elapsed(90.0) == 0.0  # a client clock behind the start never shows negative time


def test_a_paused_timer_is_frozen_and_has_no_deadline():
    timer = Timer().start(100.0, 180).pause(150.0)
    assert (timer.phase, timer.deadline) == (Phase.PAUSED, None)
    assert timer.elapsed(150.0) == timer.elapsed(10_000.0) == 50.0
    assert timer.remaining(10_000.0) == 130.0


def test_a_resumed_timer_continues_from_where_it_was_paused():
    timer = Timer().start(100.0, 180).pause(150.0).resume(200.0)
    assert timer.elapsed(210.0) == 60.0
    assert timer.deadline == 330.0  # 130 s were left when it resumed at 200


def test_adding_time_extends_the_limit_and_the_deadline_and_can_be_undone():
    timer = Timer().start(100.0, 180).add(60)
    assert (timer.limit_s, timer.deadline, timer.remaining(130.0)) == (240, 340.0, 210.0)
    assert timer.add(-60).deadline == 280.0
    assert Timer().start(100.0, 180).pause(150.0).add(30).remaining(999.0) == 160.0


def test_a_speaker_past_the_limit_overruns():
    timer = Timer().start(100.0, 180)
    assert (timer.remaining(295.0), timer.overrun(295.0)) == (-15.0, 15.0)


def test_stopping_returns_the_timer_to_idle():
    assert Timer().start(100.0, 180).pause(150.0).stop() == Timer()
    assert (Timer().phase, Timer().deadline, Timer().elapsed(1e9)) == (Phase.IDLE, None, 0.0)


# --- a restart --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pause_at, elapsed, remaining, deadline",
    [
        (None, 130.0, 80.0, 1280.0),
        (1150.0, 80.0, 130.0, None),
    ],
    ids=["running", "paused"],
)
def test_after_a_restart_the_timer_shows_the_right_value_at_the_new_now(
    round_table, act, pause_at, elapsed, remaining, deadline
):
    act(round_table, c.RequestFloor("MEX"), 990.0)
    act(round_table, c.CallNext(), 1000.0)
    act(round_table, c.TimerPause(), 1030.0)  # 30 s spoken
    act(round_table, c.TimerResume(), 1100.0)
    act(round_table, c.TimerAdd(seconds=30), 1110.0)  # limit 210 s
    if pause_at:
        act(round_table, c.TimerPause(), pause_at)

    restarted = replay(new_room("rt1", round_table.rules), act.log)  # the server comes back at 1200

    assert restarted.timer == round_table.timer
    timer = restarted.timer
    assert (timer.elapsed(1200.0), timer.remaining(1200.0), timer.deadline) == (elapsed, remaining, deadline)


# --- the room's timer commands ----------------------------------------------------------------


def test_the_timer_can_be_started_by_hand_with_the_rooms_default_limit(plenary, act):
    act(plenary, c.TimerStart(), 50.0)
    assert (plenary.timer.phase, plenary.timer.limit_s, plenary.timer.started_at) == (Phase.RUNNING, 300, 50.0)


@pytest.fixture
def timer_in(round_table, act):
    """The room with its timer in `phase` (by hand, nobody speaking), limit 180 s."""

    def timer_in(phase):
        if phase is not Phase.IDLE:
            act(round_table, c.TimerStart(), 0.0)
        if phase is Phase.PAUSED:
            act(round_table, c.TimerPause(), 10.0)
        return round_table

    return timer_in


@pytest.mark.parametrize(
    "phase, command",
    [
        (Phase.RUNNING, c.TimerStart()),
        (Phase.PAUSED, c.TimerStart()),
        (Phase.IDLE, c.TimerPause()),
        (Phase.PAUSED, c.TimerPause()),
        (Phase.IDLE, c.TimerResume()),
        (Phase.RUNNING, c.TimerResume()),
        (Phase.IDLE, c.TimerAdd(seconds=30)),
    ],
    ids=lambda v: v.value if isinstance(v, Phase) else v.action,
)
def test_a_timer_command_in_the_wrong_phase_is_refused_naming_the_phase(timer_in, refused, phase, command):
    assert refused(timer_in(phase), command).code == f"timer_{phase.value}"


@pytest.mark.parametrize("seconds", [0, MAX_ADDED_S + 1, -MAX_ADDED_S - 1, -181])
@pytest.mark.parametrize("phase", [Phase.RUNNING, Phase.PAUSED])
def test_adding_nothing_more_than_an_hour_or_below_a_zero_limit_is_refused(timer_in, refused, phase, seconds):
    assert refused(timer_in(phase), c.TimerAdd(seconds=seconds)).code == "invalid_field"


@pytest.mark.parametrize("seconds, limit", [(MAX_ADDED_S, 180 + MAX_ADDED_S), (-180, 0), (-30, 150)])
def test_time_may_be_added_or_taken_away_within_those_bounds(timer_in, act, seconds, limit):
    room = timer_in(Phase.PAUSED)
    act(room, c.TimerAdd(seconds=seconds), 20.0)
    assert room.timer.limit_s == limit


def test_ending_an_intervention_with_nobody_speaking_is_refused(round_table, refused):
    assert refused(round_table, c.EndIntervention()).code == "no_current_speaker"


def test_ending_records_the_intervention_and_idles_the_timer(round_table, act):
    act(round_table, c.RequestFloor("MEX"), 0.0)
    act(round_table, c.CallNext(), 100.0)
    assert act(round_table, c.EndIntervention(), 300.0) == {"entry": 1, "resume": False}
    [mexico] = round_table.interventions
    assert (mexico.duration_s, mexico.time_limit_s, mexico.overrun_s) == (200.0, 180, 20.0)
    assert (round_table.current, round_table.timer) == (None, Timer())


def test_ending_a_timer_started_by_hand_with_nobody_speaking_records_nothing(timer_in, act):
    room = timer_in(Phase.RUNNING)
    assert act(room, c.EndIntervention(), 30.0) == {"entry": None, "resume": False}
    assert (room.interventions, room.timer) == ([], Timer())
