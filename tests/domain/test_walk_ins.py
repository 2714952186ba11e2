"""A participant not on the list — a walk-in NGO, a late delegation — added by the chair, without a restart."""

from session.domain import commands as c
from session.domain.participants import Category


def test_a_walk_in_can_ask_for_the_floor_and_be_heard(round_table, act):
    data = act(round_table, c.AddParticipant(name="Migrants' Rights Network", category=Category.NGO), 0)
    assert data["id"] == "MIGRANTS"
    act(round_table, c.RequestFloor("MIGRANTS"), 1)
    act(round_table, c.CallNext(), 2)
    assert round_table.current.participant == "MIGRANTS" and round_table.current.category is Category.NGO


def test_generated_ids_never_collide(round_table, act):
    first = act(round_table, c.AddParticipant(name="Global Youth", category=Category.NGO), 0)["id"]
    second = act(round_table, c.AddParticipant(name="Global Youth Forum", category=Category.NGO), 1)["id"]
    assert first == "GLOBALYO" and second == "GLOBALYO1"


def test_a_late_delegation_keeps_its_regional_group(round_table, act):
    act(round_table, c.AddParticipant(name="Tuvalu", category=Category.MEMBER_STATE,
                                      regional_group="asia_pacific", id="TUV"), 0)
    assert round_table.walk_ins["TUV"].regional_group == "asia_pacific"


def test_bad_walk_ins_are_refused(round_table, act, refused):
    act(round_table, c.AddParticipant(name="Friends of Migrants", category=Category.NGO, id="FOM"), 0)
    cases = [
        (c.AddParticipant(name="Anyone", category=Category.NGO, id="FOM"), "duplicate_participant"),
        (c.AddParticipant(name="friends of MIGRANTS", category=Category.NGO), "duplicate_participant"),
        (c.AddParticipant(name="Mexico", category=Category.MEMBER_STATE), "duplicate_participant"),
        (c.AddParticipant(name="An NGO", category=Category.NGO, regional_group="weog"), "invalid_field"),
        (c.AddParticipant(name="Atlantis", category=Category.MEMBER_STATE, regional_group="oceanic"), "invalid_field"),
        (c.AddParticipant(name="Lower case id", category=Category.NGO, id="abc"), "invalid_field"),
        (c.AddParticipant(name="", category=Category.NGO), "invalid_field"),
    ]
    for command, code in cases:
        assert refused(round_table, command).code == code, command


def test_walk_ins_belong_to_their_room(round_table, plenary, act, refused):
    act(round_table, c.AddParticipant(name="Friends of Migrants", category=Category.NGO, id="FOM"), 0)
    assert refused(plenary, c.RequestFloor("FOM")).code == "unknown_participant"
