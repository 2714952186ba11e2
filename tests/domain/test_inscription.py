"""The plenary's list of speakers as the Secretariat keeps it (PROCEDURE.md §1 and §1b).

The HLD 2013 plenary: the 25th to 28th plenary meetings, 3-4 October 2013, 10 a.m.-1 p.m. and
3-6 p.m. New York time. Statements of 5 minutes. Times here are UTC (New York is UTC-4 then).
"""

from datetime import UTC, datetime

import pytest
from participants import directory as people

from session.domain import commands as c
from session.domain.participants import Level
from session.domain.permissions import Actor, Role, authorize
from session.domain.room import new_room, replay
from session.domain.schedule import expected_times
from session.domain.state import AbsentTo, RequestType


def utc(hour: int, minute: int = 0, day: int = 3, month: int = 10) -> float:
    return datetime(2013, month, day, hour, minute, tzinfo=UTC).timestamp()


MORNING, AFTERNOON = utc(14), utc(19)  # 10 a.m. and 3 p.m. in New York
BEFORE = utc(12)  # the morning of 3 October, before the 25th meeting


@pytest.fixture
def directory():
    return people(
        "MEX", "PHL", "SEN", "KEN", "NGA", "IND", "BRA", "DEU", "SWE", "POL", "VAT", "EU", "IOM", "MFA", "ICC"
    )


@pytest.fixture
def debate(plenary, act):
    """The plenary with its first two meetings scheduled, inscription open."""
    act(plenary, c.ScheduleMeeting(25, "2013-10-03T10:00-04:00", "2013-10-03T13:00-04:00"), 0)
    act(plenary, c.ScheduleMeeting(26, "2013-10-03T15:00-04:00", "2013-10-03T18:00-04:00"), 0)
    act(plenary, c.OpenInscription(), 0)
    return plenary


def by_delegation(participant: str, **fields) -> c.Command:
    """An inscription as a delegation's phone sends it, through the door."""
    return authorize(Actor(Role.DELEGATE, participant), c.Inscribe(**fields))


def listed(state) -> list[str]:
    return [q.participant for q in state.queue]


# --- levels are verified -------------------------------------------------------------------------


def test_a_delegations_declared_level_waits_for_protocol_at_head_of_delegation(debate, act):
    act(debate, c.Inscribe("SEN", level=Level.HEAD_OF_DELEGATION), BEFORE)
    act(debate, by_delegation("MEX", speaker="H.E. Mr. José Antonio Meade", level=Level.HEAD_OF_STATE), BEFORE + 1)
    mexico = debate.queue[1]
    assert listed(debate) == ["SEN", "MEX"]  # a phone's "Head of State" does not jump the list
    assert (mexico.level, mexico.requested_level, mexico.level_verified) == (
        Level.HEAD_OF_DELEGATION,
        Level.HEAD_OF_STATE,
        False,
    )


def test_a_level_given_by_the_secretariat_or_the_chair_is_verified_at_once(debate, act):
    act(debate, c.Inscribe("PHL", speaker="H.E. Mr. Albert del Rosario", level=Level.MINISTER), BEFORE)
    philippines = debate.queue[0]
    assert (philippines.level, philippines.level_verified, philippines.requested_level) == (Level.MINISTER, True, None)


def test_verifying_a_level_moves_the_entry_but_keeps_its_time_of_inscription(debate, act):
    act(debate, c.Inscribe("KEN", level=Level.MINISTER), BEFORE)
    act(debate, by_delegation("MEX", level=Level.MINISTER), BEFORE + 1)
    act(debate, c.Inscribe("IND", level=Level.MINISTER), BEFORE + 2)
    act(debate, c.Inscribe("SEN"), BEFORE + 3)
    assert listed(debate) == ["KEN", "IND", "MEX", "SEN"]
    act(debate, c.VerifyLevel(entry=2, level=Level.MINISTER), BEFORE + 4)
    # Mexico inscribed before India: among ministers it keeps that time.
    assert listed(debate) == ["KEN", "MEX", "IND", "SEN"]
    assert debate.queue[1].level_verified and debate.queue[1].requested_at == BEFORE + 1
    # A minister who cannot come: the entry goes to its new level's place, still by its time.
    act(debate, c.VerifyLevel(entry=1, level=Level.HEAD_OF_DELEGATION), BEFORE + 5)
    assert listed(debate) == ["MEX", "IND", "KEN", "SEN"]


def test_verifying_the_level_an_entry_already_has_changes_nothing(debate, act, refused):
    act(debate, c.Inscribe("KEN", level=Level.MINISTER), BEFORE)
    assert refused(debate, c.VerifyLevel(entry=1, level=Level.MINISTER)).code == "no_change"


# --- protocol order ------------------------------------------------------------------------------


def test_the_order_of_speaking_is_group_then_category_then_verified_level_then_time(debate, act):
    act(debate, c.Inscribe("ICC"), BEFORE)
    act(debate, c.Inscribe("IOM"), BEFORE + 1)
    act(debate, c.Inscribe("VAT", level=Level.HEAD_OF_STATE), BEFORE + 2)
    act(debate, c.Inscribe("DEU", level=Level.HEAD_OF_DELEGATION), BEFORE + 3)
    act(debate, c.Inscribe("BRA", level=Level.MINISTER), BEFORE + 4)
    act(debate, c.Inscribe("PHL", level=Level.HEAD_OF_STATE), BEFORE + 5)
    act(debate, c.Inscribe("SEN", on_behalf_of="the African Group"), BEFORE + 6)
    act(debate, c.Inscribe("EU", on_behalf_of="the European Union"), BEFORE + 7)
    act(debate, c.Inscribe("MFA"), BEFORE + 8)
    # Groups first (a Member State's group before the EU's); then Member States by level; then the
    # observer State; then the UN system; then civil society and the private sector, by time.
    assert listed(debate) == ["SEN", "EU", "PHL", "BRA", "DEU", "VAT", "IOM", "ICC", "MFA"]


def test_the_chair_may_hear_groups_at_their_level_instead(debate, act, refused):
    act(debate, c.GroupsFirst(on=False), BEFORE)
    act(debate, c.Inscribe("PHL", level=Level.MINISTER), BEFORE + 1)
    act(debate, c.Inscribe("SEN", on_behalf_of="the African Group"), BEFORE + 2)
    assert listed(debate) == ["PHL", "SEN"]
    assert refused(debate, c.GroupsFirst(on=False)).code == "no_change"


def test_the_chair_stays_free_to_move_anyone(debate, act):
    for i, who in enumerate(["PHL", "SEN", "KEN"]):
        act(debate, c.Inscribe(who), BEFORE + i)
    act(debate, c.Move(entry=3, position=1), BEFORE + 5)
    act(debate, c.Inscribe("NGA"), BEFORE + 6)
    assert listed(debate) == ["KEN", "PHL", "SEN", "NGA"]


# --- one statement per delegation per debate -----------------------------------------------------


def test_a_second_inscription_is_refused_unless_the_chair_allows_it(debate, act, refused):
    act(debate, c.Inscribe("MEX"), BEFORE)
    refusal = refused(debate, c.Inscribe("MEX", speaker="Another speaker"), BEFORE + 1)
    assert refusal.code == "one_statement" and "one statement per delegation" in refusal.message
    act(debate, c.OpenMeeting(), MORNING)
    act(debate, c.CallNext(), MORNING)
    act(debate, c.EndIntervention(), MORNING + 280)
    assert refused(debate, c.RequestFloor("MEX"), MORNING + 300).code == "one_statement"  # heard: still one
    act(debate, c.AllowSecondStatement("MEX"), MORNING + 310)
    act(debate, c.RequestFloor("MEX"), MORNING + 320)
    assert listed(debate) == ["MEX"]


def test_rights_of_reply_and_points_of_order_are_not_statements(debate, act):
    act(debate, c.Inscribe("MEX"), BEFORE)
    act(debate, c.RequestFloor("MEX", RequestType.RIGHT_OF_REPLY), BEFORE + 1)
    act(debate, c.RequestFloor("MEX", RequestType.POINT_OF_ORDER), BEFORE + 2)
    assert [q.type for q in debate.queue] == [
        RequestType.POINT_OF_ORDER,
        RequestType.STATEMENT,
        RequestType.RIGHT_OF_REPLY,
    ]


# --- inscription opens and closes --------------------------------------------------------------


def test_inscription_opens_and_closes_at_the_announced_times(plenary, act, refused):
    act(plenary, c.OpenInscription(opens_at="2013-09-13T09:00-04:00", closes_at="2013-10-02T17:00-04:00"), 0)
    assert refused(plenary, c.Inscribe("MEX"), utc(12, day=13, month=9)).code == "inscription_not_open"
    act(plenary, c.Inscribe("MEX"), utc(14, day=13, month=9))
    assert refused(plenary, c.Inscribe("PHL"), utc(21, 30, day=2)).code == "inscription_closed"
    # The short form from a phone follows the same rule; a point of order its own.
    assert refused(plenary, c.RequestFloor("PHL"), utc(21, 30, day=2)).code == "inscription_closed"
    act(plenary, c.RequestFloor("PHL", RequestType.POINT_OF_ORDER), utc(21, 30, day=2))


def test_closing_inscription_refuses_new_statements_at_once(debate, act, refused):
    act(debate, c.CloseInscription(), BEFORE)
    assert refused(debate, c.Inscribe("MEX"), BEFORE + 1).code == "inscription_closed"
    assert refused(debate, c.CloseInscription(), BEFORE + 2).code == "no_change"
    act(debate, c.OpenInscription(), BEFORE + 3)
    act(debate, c.Inscribe("MEX"), BEFORE + 4)


def test_times_must_say_their_offset(plenary, refused):
    refusal = refused(plenary, c.OpenInscription(closes_at="2013-10-02T17:00"))
    assert refusal.code == "invalid_field" and "offset" in refusal.message


def test_a_round_table_keeps_no_prepared_list(round_table, act, refused):
    assert refused(round_table, c.Inscribe("MEX")).code == "no_prepared_list"
    act(round_table, c.RequestFloor("MEX"), 0)  # requests from the floor, as always


# --- meetings: the list runs across them ---------------------------------------------------------


def test_an_inscription_goes_to_the_first_meeting_with_room_or_the_one_preferred(plenary, act):
    # A short 25th meeting of ten minutes holds two five-minute statements.
    act(plenary, c.ScheduleMeeting(25, "2013-10-03T10:00-04:00", "2013-10-03T10:10-04:00"), 0)
    act(plenary, c.ScheduleMeeting(26, "2013-10-03T15:00-04:00", "2013-10-03T18:00-04:00"), 0)
    act(plenary, c.Inscribe("KEN"), BEFORE)
    act(plenary, c.Inscribe("SEN"), BEFORE + 1)
    act(plenary, c.Inscribe("PHL", level=Level.HEAD_OF_STATE), BEFORE + 2)  # no room left in the 25th
    act(plenary, c.Inscribe("IND", meeting=26), BEFORE + 3)
    act(plenary, c.Inscribe("MEX", level=Level.MINISTER, meeting=25), BEFORE + 4)  # as the delegation prefers
    assert [(q.participant, q.meeting) for q in plenary.queue] == [
        ("MEX", 25),
        ("KEN", 25),
        ("SEN", 25),
        ("PHL", 26),
        ("IND", 26),
    ]


def test_a_preferred_meeting_must_be_one_still_to_be_held(debate, act, refused):
    refusal = refused(debate, c.Inscribe("MEX", meeting=99), BEFORE)
    assert refusal.code == "invalid_meeting" and "25, 26" in refusal.message


def test_speakers_not_reached_are_carried_to_the_next_meeting_first_and_in_order(debate, act, refused):
    act(debate, c.Inscribe("KEN"), BEFORE)
    act(debate, c.Inscribe("SEN"), BEFORE + 1)
    act(debate, c.Inscribe("NGA"), BEFORE + 2)
    act(debate, c.Inscribe("PHL", level=Level.HEAD_OF_STATE, meeting=26), BEFORE + 3)
    act(debate, c.OpenMeeting(), MORNING)
    assert debate.meeting == 25
    act(debate, c.CallNext(), MORNING)
    act(debate, c.EndIntervention(), MORNING + 300)
    act(debate, c.CallNext(), MORNING + 300)
    assert refused(debate, c.CloseMeeting(), MORNING + 400).code == "speaker_at_floor"
    act(debate, c.EndIntervention(), MORNING + 600)
    closed = act(debate, c.CloseMeeting(number=25), utc(17))
    assert closed == {"number": 25, "carried_to": 26, "carried": [3]}
    assert [(q.participant, q.meeting, q.carried) for q in debate.queue] == [("NGA", 26, True), ("PHL", 26, False)]
    act(debate, c.Inscribe("IND", level=Level.HEAD_OF_STATE), utc(17, 30))
    # Carried over, Nigeria is heard first in the 26th, before even a Head of State inscribed for it.
    assert listed(debate) == ["NGA", "PHL", "IND"]
    act(debate, c.OpenMeeting(), AFTERNOON)
    act(debate, c.CallNext(), AFTERNOON)
    act(debate, c.EndIntervention(), AFTERNOON + 250)
    assert [(i.request.participant, i.meeting) for i in debate.interventions] == [("KEN", 25), ("SEN", 25), ("NGA", 26)]


def test_meetings_open_in_order_one_at_a_time(debate, act, refused):
    assert refused(debate, c.CloseMeeting()).code == "no_meeting"
    assert refused(debate, c.OpenMeeting(number=26)).code == "invalid_meeting"
    act(debate, c.OpenMeeting(), MORNING)
    assert refused(debate, c.OpenMeeting()).code == "meeting_open"
    hours = c.ScheduleMeeting(25, "2013-10-03T11:00-04:00", "2013-10-03T13:00-04:00")
    assert refused(debate, hours).code == "meeting_held"
    act(debate, c.CloseMeeting(), utc(17))
    act(debate, c.OpenMeeting(), AFTERNOON)
    act(debate, c.CloseMeeting(), utc(22))
    assert refused(debate, c.OpenMeeting()).code == "no_meeting"
    assert [m.status for m in debate.meetings] == ["closed", "closed"]


def test_the_secretariat_changes_the_hours_of_a_meeting_not_yet_held(debate, act, refused):
    act(debate, c.ScheduleMeeting(26, "2013-10-03T15:30-04:00", "2013-10-03T18:00-04:00"), BEFORE)
    assert debate.find_meeting(26).starts_at == utc(19, 30)
    out_of_order = c.ScheduleMeeting(27, "2013-10-03T08:00-04:00", "2013-10-03T09:00-04:00")
    assert refused(debate, out_of_order).code == "invalid_field"
    backwards = c.ScheduleMeeting(27, "2013-10-04T13:00-04:00", "2013-10-04T10:00-04:00")
    assert refused(debate, backwards).code == "invalid_field"


# --- absent when called, swaps -------------------------------------------------------------------


@pytest.fixture
def called(debate, act):
    """Kenya, Senegal, Nigeria inscribed for the 25th, the Philippines for the 26th; Kenya called."""
    for i, who in enumerate(["KEN", "SEN", "NGA"]):
        act(debate, c.Inscribe(who), BEFORE + i)
    act(debate, c.Inscribe("PHL", meeting=26), BEFORE + 3)
    act(debate, c.OpenMeeting(), MORNING)
    act(debate, c.CallNext(), MORNING)
    return debate


@pytest.mark.parametrize(
    "to, after",
    [
        (AbsentTo.END, [("SEN", 25), ("NGA", 25), ("KEN", 25), ("PHL", 26)]),
        (AbsentTo.NEXT, [("SEN", 25), ("NGA", 25), ("KEN", 26), ("PHL", 26)]),
        (AbsentTo.DROP, [("SEN", 25), ("NGA", 25), ("PHL", 26)]),
    ],
)
def test_a_speaker_absent_when_called_loses_the_place_and_the_record_shows_it(called, act, to, after):
    act(called, c.MarkAbsent(to=to, entry=1), MORNING + 20)
    assert called.current is None and called.timer.phase.value == "idle"
    assert [(q.participant, q.meeting) for q in called.queue] == after
    assert [(a.request.participant, a.to, a.meeting) for a in called.absences] == [("KEN", to, 25)]
    assert called.interventions == []  # not heard


def test_only_a_called_speaker_is_marked_absent(debate, act, refused):
    assert refused(debate, c.MarkAbsent()).code == "no_current_speaker"


def test_two_delegations_swap_places_and_meetings(called, act, refused):
    act(called, c.SwapPlaces(entry=2, with_entry=4), MORNING + 30)
    assert [(q.participant, q.meeting) for q in called.queue] == [("PHL", 25), ("NGA", 25), ("SEN", 26)]
    assert [(s.entry, s.with_entry, s.meeting) for s in called.swaps] == [(2, 4, 25)]
    assert refused(called, c.SwapPlaces(entry=2, with_entry=2)).code == "invalid_field"
    assert refused(called, c.SwapPlaces(entry=2, with_entry=99)).code == "not_in_queue"


# --- the expected time of every entry ------------------------------------------------------------


def test_fifth_behind_four_five_minute_statements_is_expected_twenty_minutes_on(debate, act):
    for i, who in enumerate(["KEN", "SEN", "NGA", "IND", "MEX"]):
        act(debate, c.Inscribe(who), BEFORE + i)
    act(debate, c.OpenMeeting(), MORNING)
    expected = expected_times(debate, MORNING)
    assert [expected[q.entry].at - MORNING for q in debate.queue] == [0, 300, 600, 900, 1200]


def test_the_expected_time_counts_what_is_left_of_the_current_speakers_time(debate, act):
    for i, who in enumerate(["KEN", "SEN", "NGA"]):
        act(debate, c.Inscribe(who), BEFORE + i)
    act(debate, c.OpenMeeting(), MORNING)
    act(debate, c.CallNext(), MORNING)
    # Called, on the way to the rostrum: Kenya's whole limit is still to come.
    assert [expected_times(debate, MORNING + 40)[q.entry].at - MORNING for q in debate.queue] == [340, 640]
    act(debate, c.TimerStart(), MORNING)
    expected = expected_times(debate, MORNING + 100)  # Kenya has 200 seconds left
    assert [expected[q.entry].at - MORNING for q in debate.queue] == [300, 600]
    overrun = expected_times(debate, MORNING + 400)  # Kenya over time: next is expected now
    assert [overrun[q.entry].at - MORNING for q in debate.queue] == [400, 700]


def test_before_the_meeting_opens_the_list_is_expected_from_its_start(debate, act):
    act(debate, c.Inscribe("KEN"), BEFORE)
    assert expected_times(debate, BEFORE)[1].at == MORNING


def test_an_entry_past_the_meetings_end_is_expected_at_the_next_meetings_start(plenary, act):
    act(plenary, c.ScheduleMeeting(25, "2013-10-03T10:00-04:00", "2013-10-03T10:12-04:00"), 0)
    act(plenary, c.ScheduleMeeting(26, "2013-10-03T15:00-04:00", "2013-10-03T18:00-04:00"), 0)
    for i, who in enumerate(["KEN", "SEN"]):
        act(plenary, c.Inscribe(who, meeting=25), BEFORE + i)
    act(plenary, c.Inscribe("NGA", meeting=25), BEFORE + 2)  # 10 minutes booked of 12: preferred anyway
    act(plenary, c.Inscribe("IND", meeting=26), BEFORE + 3)
    expected = expected_times(plenary, BEFORE)
    assert [(expected[q.entry].meeting, expected[q.entry].at) for q in plenary.queue] == [
        (25, MORNING),
        (25, MORNING + 300),
        (25, MORNING + 600),  # starts before the end: heard in the 25th
        (26, AFTERNOON),
    ]
    act(plenary, c.Inscribe("MEX", meeting=25, level=Level.HEAD_OF_DELEGATION), BEFORE + 4)
    late = expected_times(plenary, BEFORE)
    assert (late[5].meeting, late[5].at) == (26, AFTERNOON)  # would start at 10:15: past the 25th
    assert (late[4].meeting, late[4].at) == (26, AFTERNOON + 300)


def test_a_room_without_meetings_expects_each_entry_after_the_limits_ahead(round_table, act):
    for who in ("KEN", "SEN"):
        act(round_table, c.RequestFloor(who), 0)
    expected = expected_times(round_table, 1000)
    assert [(e.meeting, e.at) for e in expected.values()] == [(None, 1000), (None, 1180)]


def test_replay_rebuilds_the_same_list(debate, act):
    act(debate, c.Inscribe("KEN", speaker="H.E. Ms. Amina Mohamed", title="Cabinet Secretary"), BEFORE)
    act(debate, by_delegation("MEX", level=Level.MINISTER, on_behalf_of="the Group of Friends"), BEFORE + 1)
    act(debate, c.VerifyLevel(entry=2, level=Level.MINISTER), BEFORE + 2)
    act(debate, c.OpenMeeting(), MORNING)
    act(debate, c.CallNext(), MORNING)
    act(debate, c.MarkAbsent(to=AbsentTo.NEXT), MORNING + 30)
    act(debate, c.CloseMeeting(), utc(17))
    assert replay(new_room(debate.slug, debate.rules), act.log) == debate
    assert debate.queue[0].carried and debate.queue[0].meeting == 26
