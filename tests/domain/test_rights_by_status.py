"""Who may do what: rights that follow status (PROCEDURE.md §2).

| participant                    | point of order                  | right of reply                         |
|--------------------------------|---------------------------------|----------------------------------------|
| Member State                   | yes (rule 71)                   | at the end of the day's last meeting;  |
|                                |                                 | two per item per meeting, 10 then 5 min|
| European Union                 | yes, but may not challenge the  | one per item                           |
|                                | presiding officer's ruling      |                                        |
| State of Palestine, Holy See   | the chair decides: admitted and flagged for the chair             |
| UN system, NGOs, civil society, private sector | no              | no                                     |

Interposed questions are a round-table and panel practice: refused in the plenary unless the chair
allows them, and put by a non-State to a Head of State or Government only if the chair takes it.

The HLD 2013 plenary: the 25th and 26th plenary meetings on Thursday 3 October (10 a.m.-1 p.m.,
3-6 p.m. New York time), the 27th and 28th on Friday 4 October. Times here are UTC.
"""

import json
from datetime import UTC, datetime

import pytest
from participants import directory as people

from session.domain import commands as c
from session.domain.choices import request_choices
from session.domain.commands import RequestType as T
from session.domain.errors import Refused
from session.domain.participants import Category, Level, Participant
from session.domain.permissions import Actor, Role
from session.domain.rights import EU_REPLY, NO_CHALLENGE, OBSERVER_POINT, OBSERVER_REPLY, TO_HEAD_OF_STATE
from session.domain.room import decide, new_room, replay
from session.domain.state import Event

PALESTINE = Participant("PSE", "State of Palestine", Category.OBSERVER_STATE)
UNDP = Participant("UNDP", "United Nations Development Programme", Category.UN_SYSTEM)


def utc(hour: int, minute: int = 0, day: int = 3) -> float:
    return datetime(2013, 10, day, hour, minute, tzinfo=UTC).timestamp()


BEFORE = utc(12)  # the morning of 3 October, before the 25th meeting opens
MORNING, AFTERNOON = utc(14), utc(19)  # 10 a.m. and 3 p.m. in New York
FRIDAY = utc(14, day=4)


@pytest.fixture
def directory():
    return people("MEX", "PHL", "SEN", "KEN", "VAT", PALESTINE, "EU", "IOM", UNDP, "MFA", "ICC")


@pytest.fixture
def debate(plenary, act):
    """The plenary's four meetings, two a day, inscription open."""
    act(plenary, c.ScheduleMeeting(25, "2013-10-03T10:00-04:00", "2013-10-03T13:00-04:00"), 0)
    act(plenary, c.ScheduleMeeting(26, "2013-10-03T15:00-04:00", "2013-10-03T18:00-04:00"), 0)
    act(plenary, c.ScheduleMeeting(27, "2013-10-04T10:00-04:00", "2013-10-04T13:00-04:00"), 0)
    act(plenary, c.ScheduleMeeting(28, "2013-10-04T15:00-04:00", "2013-10-04T18:00-04:00"), 0)
    act(plenary, c.OpenInscription(), 0)
    return plenary


def listed(state) -> list[tuple[str, str]]:
    return [(q.participant, q.type.value) for q in state.queue]


def point_of_order(participant: str) -> c.RequestFloor:
    return c.RequestFloor(participant, T.POINT_OF_ORDER)


def reply(participant: str) -> c.RequestFloor:
    return c.RequestFloor(participant, T.RIGHT_OF_REPLY)


# --- points of order ---------------------------------------------------------------------------------


def test_an_ngo_may_not_raise_a_point_of_order_even_with_the_list_closed(debate, act, refused):
    """Reproduced: the Migrant Forum in Asia raised a point of order and stood first, the list closed."""
    act(debate, c.Inscribe("MEX"), BEFORE)
    act(debate, c.CloseList(), BEFORE + 1)
    refusal = refused(debate, point_of_order("MFA"), BEFORE + 2)
    assert refusal.code == "no_point_of_order"
    assert refusal.message.startswith("Points of order are for Member States (rule 71)")
    assert "Migrant Forum in Asia may not raise one" in refusal.message
    assert listed(debate) == [("MEX", "statement")]


@pytest.mark.parametrize("who", ["IOM", "UNDP", "MFA", "ICC"])
def test_the_un_system_ngos_and_the_private_sector_raise_no_point_of_order_by_any_door(round_table, refused, who):
    assert refused(round_table, point_of_order(who)).code == "no_point_of_order"
    # The chair cannot give one the floor for a point of order either.
    assert refused(round_table, c.Call(participant=who, type=T.POINT_OF_ORDER)).code == "no_point_of_order"


def test_a_member_states_point_of_order_goes_to_the_head_of_the_list_unflagged(debate, act):
    act(debate, c.Inscribe("SEN"), BEFORE)
    act(debate, c.CloseList(), BEFORE + 1)
    data = act(debate, point_of_order("MEX"), BEFORE + 2)
    assert data["position"] == 1 and "flag" not in data
    assert debate.queue[0].flag == ""


def test_the_european_union_raises_a_point_of_order_but_may_not_challenge_the_ruling(debate, act):
    act(debate, point_of_order("EU"), BEFORE)
    assert debate.queue[0].flag == NO_CHALLENGE
    assert "may not challenge the presiding officer's ruling" in NO_CHALLENGE.lower()


@pytest.mark.parametrize("who", ["VAT", "PSE"])
def test_for_an_observer_states_point_of_order_the_chair_decides(debate, act, who):
    act(debate, c.Inscribe("SEN"), BEFORE)
    act(debate, point_of_order(who), BEFORE + 1)
    assert listed(debate)[0] == (who, "point_of_order")
    assert debate.queue[0].flag == OBSERVER_POINT
    # The chair decides: to refuse it is to remove it.
    act(debate, c.Remove(entry=debate.queue[0].entry), BEFORE + 2)
    assert listed(debate) == [("SEN", "statement")]


def test_rights_follow_the_category_not_the_id(round_table):
    """The category is data the secretariat edits: listed as an NGO, a participant has an NGO's rights,
    whatever its id; listed as a Member State, a Member State's."""
    as_ngo = {"EU": Participant("EU", "European Union", Category.NGO)}
    with pytest.raises(Refused) as caught:
        decide(round_table, point_of_order("EU"), now=0, directory=as_ngo)
    assert caught.value.code == "no_point_of_order"
    as_state = {"MFA": Participant("MFA", "Migrant Forum in Asia", Category.MEMBER_STATE)}
    assert decide(round_table, point_of_order("MFA"), now=0, directory=as_state)["position"] == 1


def test_a_new_observer_follows_its_category(round_table, act, refused):
    act(round_table, c.AddParticipant(name="Sovereign Order of Malta", category=Category.OBSERVER_STATE), 0)
    act(round_table, c.AddParticipant(name="Migrants' Rights Network", category=Category.NGO), 1)
    observer, ngo = round_table.walk_ins
    act(round_table, point_of_order(observer), 2)
    assert round_table.queue[0].flag == OBSERVER_POINT
    assert refused(round_table, point_of_order(ngo)).code == "no_point_of_order"
    assert refused(round_table, reply(ngo)).code == "no_right_of_reply"


# --- rights of reply -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["MFA", "UNDP"])
def test_an_ngo_and_the_un_system_have_no_right_of_reply(round_table, refused, who):
    """Reproduced: an NGO and UNDP were each granted a right of reply of 10 minutes."""
    refusal = refused(round_table, reply(who))
    assert refusal.code == "no_right_of_reply"
    assert refusal.message.startswith("Rights of reply are for Member States (decision 34/401)")
    assert refused(round_table, c.Call(participant=who, type=T.RIGHT_OF_REPLY)).code == "no_right_of_reply"


@pytest.mark.parametrize("who", ["VAT", "PSE"])
def test_an_observer_states_right_of_reply_is_admitted_and_flagged(round_table, act, who):
    assert act(round_table, reply(who), 0)["time_limit_s"] == 600
    assert round_table.queue[0].flag == OBSERVER_REPLY


def test_the_european_union_has_one_right_of_reply_per_item_not_per_meeting(debate, act, refused):
    act(debate, c.OpenMeeting(), MORNING)
    act(debate, reply("EU"), MORNING + 1)
    assert debate.queue[0].flag == EU_REPLY
    act(debate, c.CallNext(), MORNING + 2)
    act(debate, c.EndIntervention(), MORNING + 300)
    act(debate, c.CloseMeeting(), MORNING + 400)
    act(debate, c.OpenMeeting(), AFTERNOON)
    act(debate, c.CloseMeeting(), AFTERNOON + 1)
    act(debate, c.OpenMeeting(), FRIDAY)  # another day, another meeting: still the same item
    assert refused(debate, reply("EU"), FRIDAY + 1).code == "reply_limit"


def test_a_member_state_has_two_replies_per_meeting_ten_then_five_minutes(debate, act, refused):
    act(debate, c.OpenMeeting(), MORNING)
    assert act(debate, reply("MEX"), MORNING + 1)["time_limit_s"] == 600
    act(debate, c.CallNext(), MORNING + 2)
    act(debate, c.EndIntervention(), MORNING + 300)
    assert act(debate, reply("MEX"), MORNING + 301)["time_limit_s"] == 300
    act(debate, c.CallNext(), MORNING + 302)
    act(debate, c.EndIntervention(), MORNING + 500)
    refusal = refused(debate, reply("MEX"), MORNING + 501)
    assert refusal.code == "reply_limit" and "in meeting 26" in refusal.message
    # Friday's meetings: the count starts again, at ten minutes.
    act(debate, c.CloseMeeting(), MORNING + 600)
    act(debate, c.OpenMeeting(), AFTERNOON)
    act(debate, c.CloseMeeting(), AFTERNOON + 1)
    act(debate, c.OpenMeeting(), FRIDAY)
    data = act(debate, reply("MEX"), FRIDAY + 1)
    assert (data["meeting"], data["time_limit_s"]) == (28, 600)
    act(debate, reply("PHL"), FRIDAY + 2)  # and another delegation's replies are its own
    act(debate, c.Call(entry=data["entry"]), FRIDAY + 3)
    assert debate.timer.limit_s == 600


def test_a_reply_is_heard_at_the_end_of_the_days_last_meeting(debate, act, speakers):
    """Decision 34/401: when a day has two meetings on the item, replies at the end of the day."""
    act(debate, c.Inscribe("KEN", meeting=25), BEFORE)
    act(debate, c.Inscribe("SEN", meeting=26), BEFORE + 1)
    act(debate, c.Inscribe("PHL", meeting=27), BEFORE + 2)
    act(debate, c.OpenMeeting(), MORNING)
    data = act(debate, reply("MEX"), MORNING + 1)  # asked during the 25th
    assert data["meeting"] == 26
    # After the afternoon's speakers, not after Friday's.
    assert speakers(debate) == ["KEN", "SEN", "MEX", "PHL"]
    assert debate.queue[2].meeting == 26


def test_a_reply_asked_before_the_meeting_is_for_the_end_of_that_day(debate, act):
    assert act(debate, reply("MEX"), BEFORE)["meeting"] == 26


def test_a_day_with_one_meeting_hears_its_replies_at_the_end_of_that_meeting(plenary, act, speakers):
    act(plenary, c.ScheduleMeeting(25, "2013-10-03T10:00-04:00", "2013-10-03T13:00-04:00"), 0)
    act(plenary, c.ScheduleMeeting(27, "2013-10-04T10:00-04:00", "2013-10-04T13:00-04:00"), 0)
    act(plenary, c.Inscribe("KEN", meeting=25), BEFORE)
    act(plenary, c.Inscribe("PHL", meeting=27), BEFORE + 1)
    assert act(plenary, reply("MEX"), BEFORE + 2)["meeting"] == 25
    assert speakers(plenary) == ["KEN", "MEX", "PHL"]


def test_a_room_without_meetings_hears_replies_at_the_end_of_the_list(round_table, act, speakers):
    act(round_table, c.RequestFloor("SEN"), 0)
    data = act(round_table, reply("MEX"), 1)
    act(round_table, c.RequestFloor("KEN"), 2)
    assert "meeting" not in data
    assert speakers(round_table) == ["SEN", "KEN", "MEX"]


# --- interposed questions --------------------------------------------------------------------------------


@pytest.fixture
def speaking(debate, act):
    """Mexico has the floor in the 25th meeting, at the level of a Head of State."""
    act(debate, c.Inscribe("MEX", level=Level.HEAD_OF_STATE), BEFORE)
    act(debate, c.OpenMeeting(), MORNING)
    act(debate, c.CallNext(), MORNING + 1)
    return debate


def test_the_plenary_takes_no_interposed_question_unless_the_chair_allows_them(speaking, act, refused):
    refusal = refused(speaking, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), MORNING + 2)
    assert refusal.code == "interposed_questions_off" and "round-table and panel practice" in refusal.message
    assert T.INTERPOSED_QUESTION not in request_choices(speaking, Actor(Role.DELEGATE, "PHL"))
    act(speaking, c.AllowInterposedQuestions(on=True), MORNING + 3)
    act(speaking, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), MORNING + 4)
    assert T.INTERPOSED_QUESTION in request_choices(speaking, Actor(Role.DELEGATE, "SEN"))
    assert refused(speaking, c.AllowInterposedQuestions(on=True)).code == "no_change"
    act(speaking, c.AllowInterposedQuestions(on=False), MORNING + 5)
    assert refused(speaking, c.RequestFloor("SEN", T.INTERPOSED_QUESTION), MORNING + 6).code == (
        "interposed_questions_off"
    )


def test_a_round_table_takes_interposed_questions_unless_the_chair_stops_them(round_table, act, refused):
    act(round_table, c.RequestFloor("MEX"), 0)
    act(round_table, c.CallNext(), 1)
    act(round_table, c.RequestFloor("PHL", T.INTERPOSED_QUESTION), 2)
    act(round_table, c.AllowInterposedQuestions(on=False), 3)
    assert refused(round_table, c.RequestFloor("SEN", T.INTERPOSED_QUESTION), 4).code == "interposed_questions_off"


@pytest.mark.parametrize(
    ("asker", "flag"),
    [("MFA", TO_HEAD_OF_STATE), ("IOM", TO_HEAD_OF_STATE), ("EU", TO_HEAD_OF_STATE), ("PHL", ""), ("VAT", "")],
)
def test_a_non_states_question_to_a_head_of_state_waits_for_the_chair_to_take_it(speaking, act, asker, flag):
    act(speaking, c.AllowInterposedQuestions(on=True), MORNING + 2)
    act(speaking, c.RequestFloor(asker, T.INTERPOSED_QUESTION), MORNING + 3)
    assert speaking.queue[0].flag == flag


def test_a_non_states_question_to_a_minister_is_not_flagged(round_table, act):
    act(round_table, c.RequestFloor("MEX", level=Level.MINISTER), 0)
    act(round_table, c.CallNext(), 1)
    act(round_table, c.RequestFloor("MFA", T.INTERPOSED_QUESTION), 2)
    assert round_table.queue[0].flag == ""


# --- the flag is the log's ---------------------------------------------------------------------------------


def test_the_chairs_flags_replay_and_old_logs_replay_without_them(debate, act):
    act(debate, point_of_order("VAT"), BEFORE)
    act(debate, reply("EU"), BEFORE + 1)
    stored = [Event(e.seq, e.action, json.loads(json.dumps(e.data)), e.at) for e in act.log]
    again = replay(new_room("plenary", debate.rules), stored)
    assert [q.flag for q in again.queue] == [OBSERVER_POINT, EU_REPLY] and again == debate
    older = {k: v for k, v in stored[-1].data.items() if k not in ("flag", "meeting")}  # written before the rule
    old = replay(new_room("plenary", debate.rules), [*stored[:-1], Event(stored[-1].seq, "request_floor", older, 0)])
    assert (old.queue[-1].flag, old.queue[-1].meeting) == ("", None)
