"""Co-chairs on two tablets: an action applies to what its chair saw, or is refused as stale."""

from session.domain import commands as c


def test_two_co_chairs_calling_the_next_speaker_call_one_speaker(round_table, act, refused, inscribe):
    inscribe(round_table, "MEX", "PHL")
    head = round_table.queue[0].entry
    act(round_table, c.CallNext(entry=head), 10)
    error = refused(round_table, c.CallNext(entry=head))
    assert error.code == "stale" and "Here is the current one" in error.message
    assert round_table.current.participant == "MEX" and [q.participant for q in round_table.queue] == ["PHL"]


def test_a_move_from_a_place_the_entry_no_longer_holds_is_refused(round_table, act, refused, inscribe):
    inscribe(round_table, "MEX", "PHL", "SEN")
    sen = round_table.queue[2].entry
    act(round_table, c.Move(entry=sen, position=2, from_position=3), 10)  # the first co-chair
    assert refused(round_table, c.Move(entry=sen, position=2, from_position=3)).code == "stale"
    assert [q.participant for q in round_table.queue] == ["MEX", "SEN", "PHL"]


def test_a_move_still_applies_when_only_the_end_of_the_list_changed(round_table, act, inscribe):
    inscribe(round_table, "MEX", "PHL")
    phl = round_table.queue[1].entry
    inscribe(round_table, "SEN")  # a late request lands after the chair's view was drawn
    act(round_table, c.Move(entry=phl, position=1, from_position=2), 10)
    assert [q.participant for q in round_table.queue] == ["PHL", "MEX", "SEN"]


def test_ending_the_intervention_of_a_speaker_who_already_left_is_refused(round_table, act, refused, inscribe):
    inscribe(round_table, "MEX", "PHL")
    act(round_table, c.CallNext(), 10)
    mexico = round_table.current.entry
    act(round_table, c.CallNext(), 100)  # the other co-chair moved on to the Philippines
    assert refused(round_table, c.EndIntervention(entry=mexico)).code == "stale"
    assert round_table.current.participant == "PHL" and len(round_table.interventions) == 1
