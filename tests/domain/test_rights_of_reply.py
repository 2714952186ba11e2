"""Rights of reply: at most two per participant per item, the first limited to ten minutes and the
second to five (GA decision 34/401, rules of procedure annex V)."""

import pytest

from session.domain import commands as c
from session.domain.commands import RequestType as T


def reply(participant="MEX"):
    return c.RequestFloor(participant, T.RIGHT_OF_REPLY)


@pytest.fixture
def heard(act):
    """Give `participant` its reply at `at` and close it after a minute."""

    def heard(state, participant="MEX", at=0.0):
        act(state, c.Call(participant=participant, type=T.RIGHT_OF_REPLY), at)
        act(state, c.EndIntervention(), at + 60)

    return heard


def test_the_first_reply_is_limited_to_ten_minutes_and_the_second_to_five(round_table, act):
    assert act(round_table, reply(), 0)["time_limit_s"] == 600
    act(round_table, c.CallNext(), 10)
    assert round_table.timer.limit_s == 600
    assert act(round_table, reply(), 20)["time_limit_s"] == 300  # asked while the first is being heard
    act(round_table, c.CallNext(), 600)
    assert round_table.timer.limit_s == 300
    assert [i.time_limit_s for i in round_table.interventions] == [600]


@pytest.mark.parametrize("second", ["heard", "being heard"])
def test_a_third_reply_is_refused_whether_the_first_two_were_heard_or_are_being_heard(
    round_table, act, refused, heard, second
):
    heard(round_table, at=0)
    act(round_table, reply(), 100)
    act(round_table, c.CallNext(), 110)
    if second == "heard":
        act(round_table, c.EndIntervention(), 200)
    assert refused(round_table, reply()).code == "reply_limit"
    assert refused(round_table, c.Call(participant="MEX", type=T.RIGHT_OF_REPLY)).code == "reply_limit"


def test_a_waiting_reply_counts_towards_the_two(round_table, act, refused, heard):
    heard(round_table, at=0)
    act(round_table, reply(), 100)  # the second, waiting
    assert [r.time_limit_s for r in round_table.pending("MEX", T.RIGHT_OF_REPLY)] == [300]
    act(round_table, c.CallNext(), 110)
    act(round_table, c.EndIntervention(), 200)
    assert refused(round_table, reply()).code == "reply_limit"


def test_the_limit_is_per_participant(round_table, act, heard):
    heard(round_table, "MEX", at=0)
    heard(round_table, "MEX", at=100)
    assert act(round_table, reply("PHL"), 200)["time_limit_s"] == 600


def test_withdrawing_a_waiting_reply_frees_its_place(round_table, act, refused, heard):
    act(round_table, reply(), 0)
    act(round_table, c.Withdraw(participant="MEX", type=T.RIGHT_OF_REPLY), 1)
    assert act(round_table, reply(), 2)["time_limit_s"] == 600  # still the first
    act(round_table, c.CallNext(), 3)
    act(round_table, c.EndIntervention(), 60)
    act(round_table, reply(), 70)
    act(round_table, c.Withdraw(participant="MEX"), 71)
    assert act(round_table, reply(), 72)["time_limit_s"] == 300  # still the second
    act(round_table, c.CallNext(), 73)
    assert refused(round_table, reply()).code == "reply_limit"


def test_re_adding_a_removed_reply_does_not_exceed_the_two(round_table, act, refused, heard):
    heard(round_table, at=0)
    act(round_table, reply(), 100)
    act(round_table, c.Remove(entry=round_table.queue[0].entry), 101)  # removed by mistake
    heard(round_table, at=200)  # the delegation asks again and is heard: its second reply
    assert refused(round_table, c.ReaddLast()).code == "reply_limit"


def test_the_european_union_has_one_right_of_reply_per_item(round_table, refused, heard):
    heard(round_table, "EU", at=0)
    assert refused(round_table, reply("EU")).code == "reply_limit"


def test_the_first_reply_heard_gets_ten_minutes_whatever_order_they_were_asked_in(round_table, act):
    act(round_table, c.RequestFloor("MEX", T.RIGHT_OF_REPLY), 0)
    act(round_table, c.Remove(entry=1), 1)
    act(round_table, c.RequestFloor("MEX", T.RIGHT_OF_REPLY), 2)
    act(round_table, c.CallNext(), 3)
    assert round_table.timer.limit_s == 600
    act(round_table, c.EndIntervention(), 100)
    act(round_table, c.ReaddLast(), 101)
    assert round_table.queue[0].time_limit_s == 300  # shown as the second reply while it waits
    act(round_table, c.CallNext(), 102)
    assert round_table.timer.limit_s == 300
