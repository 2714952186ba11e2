"""Segments: a meeting in ordered parts, each with its own list of speakers, time limit and record."""

import pytest

from session.domain import commands as c
from session.domain.commands import RequestType as T
from session.domain.commands import parse_command
from session.domain.room import new_room, replay
from session.domain.state import Event, Segment
from session.domain.timer import Phase


@pytest.fixture
def two_segments(round_table, act):
    """Rt1 in two parts: a general exchange at the room's 3 minutes, then an interactive one at 90 seconds."""
    act(round_table, c.AddSegment("General exchange"), 0)
    act(round_table, c.AddSegment("Interactive dialogue", limit_s=90), 1)
    return round_table


# --- adding segments -------------------------------------------------------------------------------


def test_segments_are_added_in_order_with_the_rooms_limit_unless_one_is_given(two_segments, plenary, act):
    assert two_segments.segments == [
        Segment("General exchange", 180, "pending"),
        Segment("Interactive dialogue", 90, "pending"),
    ]
    assert two_segments.segment is None
    act(plenary, c.AddSegment("High-level segment"), 0)
    assert plenary.segments == [Segment("High-level segment", 300)]


@pytest.mark.parametrize(
    "limit_s, accepted", [(29, False), (30, True), (3600, True), (3601, False), (0, False), (-60, False)]
)
def test_a_segments_limit_is_between_half_a_minute_and_an_hour(round_table, act, refused, limit_s, accepted):
    command = c.AddSegment("Segment", limit_s=limit_s)
    if accepted:
        act(round_table, command, 0)
        assert round_table.segments[-1].limit_s == limit_s
    else:
        assert refused(round_table, command).code == "invalid_field"
        assert round_table.segments == []


def test_a_segment_needs_a_title(round_table, refused):
    assert refused(round_table, c.AddSegment("")).code == "invalid_field"
    assert refused(round_table, parse_command({"action": "add_segment", "title": "   "})).code == "invalid_field"


# --- opening a segment -------------------------------------------------------------------------------


def test_requests_in_an_open_segment_carry_its_number_and_its_limit(two_segments, act):
    act(two_segments, c.OpenSegment(2), 2)
    assert two_segments.segment == 2 and two_segments.segments[1].status == "open"
    assert two_segments.segments[0].status == "pending"
    data = act(two_segments, c.RequestFloor("MEX"), 3)
    assert (data["segment"], data["time_limit_s"]) == (2, 90)
    act(two_segments, c.RequestFloor("SEN", T.QUESTION), 4)
    act(two_segments, c.RequestFloor("IOM", T.RESPONSE), 5)
    assert [(q.segment, q.time_limit_s) for q in two_segments.queue] == [(2, 90), (2, 90), (2, 90)]
    act(two_segments, c.Call(entry=1), 6)
    assert two_segments.timer.limit_s == 90


def test_points_of_order_and_replies_keep_their_own_limits_in_a_segment(two_segments, act):
    act(two_segments, c.OpenSegment(2), 2)
    act(two_segments, c.RequestFloor("MEX", T.POINT_OF_ORDER), 3)
    act(two_segments, c.RequestFloor("SEN", T.RIGHT_OF_REPLY), 4)
    # Not the segment's 90 seconds: two minutes for a point of order, ten for a first reply.
    assert [(q.segment, q.time_limit_s) for q in two_segments.queue] == [(2, 120), (2, 600)]


def test_outside_a_segment_requests_have_the_rooms_limit_and_no_segment(two_segments, act):
    data = act(two_segments, c.RequestFloor("MEX"), 2)
    assert (data["segment"], data["time_limit_s"]) == (None, 180)


def test_opening_the_next_segment_closes_the_open_one_and_carries_its_waiting_requests_over(two_segments, act):
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.RequestFloor("MEX"), 3)
    act(two_segments, c.RequestFloor("SEN"), 4)
    act(two_segments, c.RequestFloor("PHL"), 5)
    act(two_segments, c.CallNext(), 10)  # Mexico speaks
    act(two_segments, c.Remove(entry=3), 11)
    data = act(two_segments, c.OpenSegment(2), 70)
    assert [s.status for s in two_segments.segments] == ["closed", "open"]
    assert two_segments.segment == 2
    # Whoever had the floor is recorded in the segment they spoke in.
    [mexico] = two_segments.interventions
    assert (mexico.request.participant, mexico.request.segment, mexico.duration_s) == ("MEX", 1, 60.0)
    assert two_segments.current is None and two_segments.timer.phase is Phase.IDLE
    # Senegal still waits, now in the new segment, with the limit it was given; the chair's removal
    # was a decision on the closed segment's list and is not re-added into this one.
    assert data["carried"] == [2]
    assert [(q.participant, q.segment, q.time_limit_s) for q in two_segments.queue] == [("SEN", 2, 180)]
    assert two_segments.removed == []
    # New requests take the new segment's limit, behind those carried over.
    data = act(two_segments, c.RequestFloor("PHL"), 71)
    assert (data["segment"], data["time_limit_s"], data["position"]) == (2, 90, 2)


def test_a_pending_right_of_reply_is_not_lost_when_the_next_segment_opens(two_segments, act):
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.RequestFloor("MEX", T.RIGHT_OF_REPLY), 3)
    act(two_segments, c.OpenSegment(2), 4)
    assert [(q.participant, q.type, q.time_limit_s) for q in two_segments.queue] == [("MEX", T.RIGHT_OF_REPLY, 600)]


def test_questions_put_to_the_speaker_lapse_with_the_segment_that_ends_the_speakers_turn(two_segments, act):
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.RequestFloor("MEX"), 3)
    act(two_segments, c.RequestFloor("SEN"), 4)
    act(two_segments, c.CallNext(), 5)
    act(two_segments, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), 6)
    assert act(two_segments, c.OpenSegment(2), 7)["carried"] == [2]
    assert [q.participant for q in two_segments.queue] == ["SEN"]


def test_a_log_written_when_a_segment_emptied_its_list_replays_as_it_was(round_table, act):
    act(round_table, c.AddSegment("General exchange"), 0)
    act(round_table, c.AddSegment("Interactive dialogue", limit_s=90), 1)
    act(round_table, c.OpenSegment(1), 2)
    act(round_table, c.RequestFloor("MEX"), 3)
    act(round_table, c.OpenSegment(2), 4)
    old = [Event(e.seq, e.action, {k: v for k, v in e.data.items() if k != "carried"}, e.at) for e in act.log]
    assert replay(new_room("rt1", round_table.rules), old).queue == []


@pytest.mark.parametrize(
    "command, code",
    [
        (c.OpenSegment(0), "invalid_field"),
        (c.OpenSegment(3), "invalid_field"),
        (c.OpenSegment(-1), "invalid_field"),
    ],
    ids=["zero", "past_the_last", "negative"],
)
def test_only_a_segment_that_exists_can_be_opened(two_segments, refused, command, code):
    assert refused(two_segments, command).code == code


def test_a_segment_already_open_is_not_opened_again(two_segments, act, refused):
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.RequestFloor("MEX"), 3)
    assert refused(two_segments, c.OpenSegment(1)).code == "no_change"
    assert [q.participant for q in two_segments.queue] == ["MEX"]  # its list stays


def test_a_room_without_segments_has_none_to_open(round_table, refused):
    assert refused(round_table, c.OpenSegment(1)).code == "invalid_field"


# --- closing a segment -------------------------------------------------------------------------------


def test_closing_a_segment_ends_the_intervention_and_those_waiting_wait_on(two_segments, act):
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.RequestFloor("MEX"), 3)
    act(two_segments, c.RequestFloor("SEN"), 4)
    act(two_segments, c.CallNext(), 10)
    act(two_segments, c.CloseSegment(), 100)
    assert two_segments.segment is None and two_segments.segments[0].status == "closed"
    assert [(i.request.participant, i.request.segment, i.duration_s) for i in two_segments.interventions] == [
        ("MEX", 1, 90.0)
    ]
    assert two_segments.current is None and two_segments.timer.phase is Phase.IDLE
    # Senegal waits, between segments, with its limit; the chair clears the list if they are not to be heard.
    assert [(q.participant, q.segment, q.time_limit_s) for q in two_segments.queue] == [("SEN", None, 180)]
    # Between segments, requests are the room's again.
    data = act(two_segments, c.RequestFloor("PHL"), 101)
    assert (data["segment"], data["time_limit_s"]) == (None, 180)


def test_a_segment_closed_with_nobody_speaking_just_closes(two_segments, act):
    act(two_segments, c.OpenSegment(2), 2)
    act(two_segments, c.CloseSegment(), 3)
    assert two_segments.interventions == [] and two_segments.segments[1].status == "closed"


def test_there_must_be_a_segment_open_to_close(two_segments, act, refused):
    assert refused(two_segments, c.CloseSegment()).code == "no_segment"
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.CloseSegment(), 3)
    assert refused(two_segments, c.CloseSegment()).code == "no_segment"


def test_interventions_keep_the_number_of_their_segment(two_segments, act):
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.RequestFloor("MEX"), 3)
    act(two_segments, c.RequestFloor("SEN"), 4)
    act(two_segments, c.CallNext(), 5)
    act(two_segments, c.CallNext(), 50)
    act(two_segments, c.EndIntervention(), 100)
    act(two_segments, c.OpenSegment(2), 110)
    act(two_segments, c.RequestFloor("PHL"), 111)
    act(two_segments, c.CallNext(), 112)
    act(two_segments, c.EndIntervention(), 200)
    act(two_segments, c.Call(participant="MFA"), 210)  # called by the chair without a request
    act(two_segments, c.CloseSegment(), 220)
    assert [(i.request.participant, i.request.segment, i.time_limit_s) for i in two_segments.interventions] == [
        ("MEX", 1, 180),
        ("SEN", 1, 180),
        ("PHL", 2, 90),
        ("MFA", 2, 90),
    ]


def test_the_segments_replay_from_the_log(two_segments, act, round_table):
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.RequestFloor("MEX"), 3)
    act(two_segments, c.CallNext(), 4)
    act(two_segments, c.OpenSegment(2), 60)
    act(two_segments, c.RequestFloor("SEN"), 61)
    assert replay(new_room("rt1", round_table.rules), act.log) == two_segments


# --- clearing the list ---------------------------------------------------------------------------------


def test_the_chair_clears_the_list_in_one_explicit_action_that_the_record_keeps(two_segments, act, refused):
    act(two_segments, c.OpenSegment(1), 2)
    act(two_segments, c.RequestFloor("MEX"), 3)
    act(two_segments, c.RequestFloor("SEN"), 4)
    act(two_segments, c.RequestFloor("PHL", T.RIGHT_OF_REPLY), 5)
    act(two_segments, c.CallNext(), 6)  # Mexico keeps the floor
    act(two_segments, c.OpenSegment(2), 7)
    data = act(two_segments, c.ClearList(), 8)
    assert data == {"entries": [2, 3]}
    assert two_segments.queue == [] and two_segments.current is None
    [cleared] = two_segments.cleared
    assert [(q.participant, q.type) for q in cleared.requests] == [("SEN", T.STATEMENT), ("PHL", T.RIGHT_OF_REPLY)]
    assert (cleared.at, cleared.segment, cleared.meeting) == (8, 2, None)
    refusal = refused(two_segments, c.ClearList())
    assert (refusal.code, refusal.message) == ("queue_empty", "The list of speakers is already empty.")


def test_clearing_the_list_leaves_the_speaker_at_the_floor(round_table, act):
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.RequestFloor("SEN"), 1)
    act(round_table, c.CallNext(), 2)
    act(round_table, c.ClearList(), 3)
    assert round_table.current.participant == "MEX" and round_table.queue == []


def test_a_cleared_list_replays_from_the_log(two_segments, act, round_table):
    act(two_segments, c.RequestFloor("MEX"), 2)
    act(two_segments, c.ClearList(), 3)
    assert replay(new_room("rt1", round_table.rules), act.log) == two_segments
