"""Drawing up the round tables' panels: the selection assistant's proposal, and the list the organiser publishes.

The assistant seats, for each round table in turn, one non-governmental voice if any candidate is one, then
one candidate per regional group — the group with the fewest seats on the panels proposed so far first —
then any seat left in order of expression of interest. It explains each choice, never proposes a delegation
for two panels, and the organiser may publish another list.
"""

import pytest
from participants import directory

from session.domain import commands as c
from session.domain.balance import REGIONAL_GROUPS
from session.domain.errors import Refused
from session.domain.other_rooms import SHAPED_BY, OtherRooms
from session.domain.panels import Choice, PassedOver, propose_panels
from session.domain.room import decide, new_room, other_rooms
from session.domain.state import Event, Policy, RoomRules

PEOPLE = directory(
    "SEN", "KEN", "NGA", "PHL", "IND", "POL", "CZE", "MEX", "BRA", "DEU", "SWE", "VAT", "IOM", "MFA", "IOE"
)


@pytest.fixture
def directory():
    """The rooms' `act` and `refused` read this directory here."""
    return PEOPLE


def interests(*ids, at=0.0, step=1.0):
    """Expressions of interest, one `step` apart from `at`, in the order given."""
    return {p: at + i * step for i, p in enumerate(ids)}


# --- worked examples -----------------------------------------------------------------------------


def test_balanced_candidates_give_one_ngo_and_the_groups_with_fewest_seats():
    # Every group is among the candidates, and civil society: four seats go to one NGO and then to the
    # groups in the order of their seats elsewhere — none yet, so in the order of the groups' list.
    candidates = {"rt1": interests("DEU", "MEX", "MFA", "POL", "PHL", "SEN")}
    [proposal] = propose_panels(candidates, PEOPLE)
    assert proposal.room == "rt1"
    assert proposal.choices == [
        Choice("MFA", "non_governmental", candidates=1),
        Choice("SEN", "group", group="african", candidates=1, seats_elsewhere=0),
        Choice("PHL", "group", group="asia_pacific", candidates=1, seats_elsewhere=0),
        Choice("POL", "group", group="eastern_european", candidates=1, seats_elsewhere=0),
    ]
    assert proposal.participants == ["MFA", "SEN", "PHL", "POL"]
    assert proposal.non_governmental
    # Four seats cannot hold five groups and civil society: the two groups left out are named.
    assert proposal.missing_groups == ["grulac", "weog"]


def test_the_groups_already_seated_elsewhere_come_last():
    # Africa and Asia-Pacific already sit on a published panel: the other groups are seated first,
    # and each choice says how many seats its group already had.
    candidates = {"rt2": interests("SEN", "PHL", "POL", "MEX", "DEU", "IOE")}
    [proposal] = propose_panels(candidates, PEOPLE, taken={"KEN": "rt1", "IND": "rt1", "NGA": "rt1"})
    assert proposal.choices == [
        Choice("IOE", "non_governmental", candidates=1),  # the private sector is a non-governmental voice
        Choice("POL", "group", group="eastern_european", candidates=1, seats_elsewhere=0),
        Choice("MEX", "group", group="grulac", candidates=1, seats_elsewhere=0),
        Choice("DEU", "group", group="weog", candidates=1, seats_elsewhere=0),
    ]
    assert proposal.missing_groups == ["african", "asia_pacific"]


def test_each_group_is_represented_by_its_earliest_candidate_and_the_reason_counts_the_candidates():
    candidates = {"rt1": {"NGA": 30.0, "KEN": 10.0, "SEN": 20.0, "MFA": 40.0}}
    [proposal] = propose_panels(candidates, PEOPLE, seats=2)
    assert proposal.choices == [
        Choice("MFA", "non_governmental", candidates=1),
        Choice("KEN", "group", group="african", candidates=3, seats_elsewhere=0),
    ]


def test_one_group_missing_from_the_candidates_is_named():
    # No Eastern European State expressed interest: every other group is seated, and the gap is named.
    candidates = {"rt3": interests("SEN", "PHL", "MEX", "DEU")}
    [proposal] = propose_panels(candidates, PEOPLE)
    assert [(ch.participant, ch.why, ch.group) for ch in proposal.choices] == [
        ("SEN", "group", "african"),
        ("PHL", "group", "asia_pacific"),
        ("MEX", "group", "grulac"),
        ("DEU", "group", "weog"),
    ]
    assert proposal.missing_groups == ["eastern_european"]
    assert not proposal.non_governmental  # and no civil society, since none was a candidate


def test_too_few_candidates_give_fewer_choices_than_seats():
    candidates = {"rt4": interests("MEX", "IOM")}
    [proposal] = propose_panels(candidates, PEOPLE)
    assert proposal.choices == [
        Choice("MEX", "group", group="grulac", candidates=1, seats_elsewhere=0),
        Choice("IOM", "remaining"),
    ]  # a UN entity is not civil society
    assert not proposal.non_governmental
    assert proposal.missing_groups == ["african", "asia_pacific", "eastern_european", "weog"]


def test_no_candidates_give_an_empty_proposal_that_says_so():
    [proposal] = propose_panels({"rt1": {}}, PEOPLE)
    assert (proposal.choices, proposal.non_governmental) == ([], False)
    assert proposal.missing_groups == list(REGIONAL_GROUPS)


def test_a_tie_in_time_goes_to_the_participant_ids_order():
    # Three candidates at the same moment: within a group and among civil society, the id decides.
    candidates = {"rt1": {"SEN": 5.0, "KEN": 5.0, "MFA": 5.0, "IOE": 5.0}}
    [proposal] = propose_panels(candidates, PEOPLE, seats=3)
    assert proposal.choices == [
        Choice("IOE", "non_governmental", candidates=2),
        Choice("KEN", "group", group="african", candidates=2, seats_elsewhere=0),
        Choice("MFA", "remaining"),  # the seat left goes in order of interest, then of id: MFA before SEN
    ]


def test_seats_left_after_the_groups_go_in_order_of_interest():
    candidates = {"rt1": {"SEN": 1.0, "VAT": 2.0, "KEN": 3.0, "NGA": 4.0}}
    [proposal] = propose_panels(candidates, PEOPLE)
    assert [(ch.participant, ch.why) for ch in proposal.choices] == [
        ("SEN", "group"),
        ("VAT", "remaining"),
        ("KEN", "remaining"),
        ("NGA", "remaining"),
    ]


def test_candidates_not_on_the_list_of_participants_are_ignored():
    [proposal] = propose_panels({"rt1": {"XYZ": 0.0, "MEX": 1.0}}, PEOPLE)
    assert proposal.participants == ["MEX"]


# --- across the round tables ------------------------------------------------------------------------


def test_a_delegation_interested_in_two_round_tables_is_proposed_for_one_only():
    candidates = {"rt1": interests("MEX", "SEN"), "rt2": interests("MEX", "PHL")}
    first, second = propose_panels(candidates, PEOPLE)
    assert first.participants == ["SEN", "MEX"]
    assert second.participants == ["PHL"]
    assert second.missing_groups == ["african", "eastern_european", "grulac", "weog"]


def test_a_delegation_on_a_published_panel_is_not_proposed_for_another():
    candidates = {"rt2": interests("MEX", "BRA", "MFA")}
    [proposal] = propose_panels(candidates, PEOPLE, taken={"MEX": "rt1", "MFA": "rt1"})
    assert proposal.participants == ["BRA"]
    assert proposal.choices[0] == Choice("BRA", "group", group="grulac", candidates=1, seats_elsewhere=1)
    assert not proposal.non_governmental


def test_a_delegation_on_this_round_tables_own_published_panel_may_be_proposed_again():
    [proposal] = propose_panels({"rt1": interests("MEX")}, PEOPLE, taken={"MEX": "rt1"})
    assert proposal.participants == ["MEX"]


def test_groups_missing_from_one_table_get_priority_at_the_next():
    everyone = ("SEN", "PHL", "POL", "MEX", "DEU")
    candidates = {
        "rt1": interests(*everyone, "MFA"),
        "rt2": interests("KEN", "IND", "CZE", "BRA", "SWE", "IOE"),
        "rt3": interests("NGA"),
    }
    first, second, third = propose_panels(candidates, PEOPLE)
    assert first.participants == ["MFA", "SEN", "PHL", "POL"]
    # GRULAC and WEOG had no seat at the first table: they are seated first at the second.
    assert second.choices == [
        Choice("IOE", "non_governmental", candidates=1),
        Choice("BRA", "group", group="grulac", candidates=1, seats_elsewhere=0),
        Choice("SWE", "group", group="weog", candidates=1, seats_elsewhere=0),
        Choice("KEN", "group", group="african", candidates=1, seats_elsewhere=1),
    ]
    assert third.choices == [Choice("NGA", "group", group="african", candidates=1, seats_elsewhere=2)]
    seated = first.participants + second.participants + third.participants
    assert len(seated) == len(set(seated))


# --- why a candidate was not chosen -------------------------------------------------------------------


def test_a_candidate_proposed_for_another_round_table_is_told_where_it_went():
    # Germany is interested in round tables 1 and 3; at round table 1 the Western European seat goes to
    # Sweden, who asked earlier, so Germany is proposed for round table 3 — and round table 1 says so.
    candidates = {"rt1": interests("SWE", "MEX", "SEN", "PHL", "DEU"), "rt3": interests("DEU", "POL")}
    first, third = propose_panels(candidates, PEOPLE)
    assert "DEU" not in first.participants and "DEU" in third.participants
    assert first.passed_over == [PassedOver("DEU", "elsewhere", room="rt3")]
    assert third.passed_over == []


def test_a_candidate_on_a_published_panel_is_told_which():
    [proposal] = propose_panels({"rt2": interests("MEX", "BRA")}, PEOPLE, taken={"MEX": "rt1"})
    assert proposal.passed_over == [PassedOver("MEX", "elsewhere", room="rt1")]


def test_a_co_chairs_delegation_is_told_it_co_chairs():
    [proposal] = propose_panels({"rt1": interests("KEN", "SEN")}, PEOPLE, co_chairs={"rt2": ["KEN", "SWE"]})
    assert proposal.participants == ["SEN"]
    assert proposal.passed_over == [PassedOver("KEN", "co_chair", room="rt2")]


def test_a_later_candidate_of_a_group_already_seated_is_told_who_took_the_seat():
    # Four seats, five candidates: Brazil comes after Mexico for GRULAC, and the IOE after the MFA for
    # the non-governmental seat; once the four seats are taken, the last candidate is told so.
    candidates = {"rt1": interests("MEX", "MFA", "SEN", "BRA", "IOE", "PHL", "POL")}
    [proposal] = propose_panels(candidates, PEOPLE)
    assert proposal.participants == ["MFA", "SEN", "PHL", "POL"]
    assert proposal.passed_over == [
        PassedOver("MEX", "full"),
        PassedOver("BRA", "full"),
        PassedOver("IOE", "voice_seated", by="MFA"),
    ]
    [smaller] = propose_panels({"rt1": interests("MEX", "BRA")}, PEOPLE, seats=1)
    assert smaller.passed_over == [PassedOver("BRA", "group_seated", by="MEX", group="grulac")]


def test_every_candidate_is_either_chosen_or_told_why_not():
    candidates = {
        "rt1": interests("MEX", "SEN", "DEU", "PHL", "MFA", "BRA"),
        "rt2": interests("DEU", "BRA", "KEN", "IOM", "CZE"),
        "rt3": interests("SWE", "NGA", "IND", "POL", "IOE", "MEX"),
    }
    for proposal in propose_panels(candidates, PEOPLE, co_chairs={"rt4": ["NGA"]}):
        passed = [p.participant for p in proposal.passed_over]
        assert sorted(proposal.participants + passed) == sorted(candidates[proposal.room])
        assert not set(passed) & set(proposal.participants)


def test_the_same_candidates_always_give_the_same_proposal():
    candidates = {"rt1": {"SEN": 3.0, "KEN": 3.0, "MFA": 1.0}, "rt2": {"KEN": 0.0, "MEX": 0.0}}
    assert propose_panels(candidates, PEOPLE) == propose_panels(candidates, PEOPLE)


# --- publishing the list ----------------------------------------------------------------------------


def test_the_organiser_publishes_the_list_it_chose(round_table, act):
    act(round_table, c.SeatPanellist("DEU"), 0)
    data = act(round_table, c.PublishPanel(" MEX, SEN ,MFA,"), 1)  # as typed in a form
    assert data == {"participants": ["MEX", "SEN", "MFA"]}
    assert round_table.panel == ["MEX", "SEN", "MFA"]  # the list replaces the panel seated by hand
    assert round_table.panel_published


def test_the_organiser_may_override_the_proposal(round_table, act):
    [proposal] = propose_panels({"rt1": interests("MEX", "BRA", "SEN")}, PEOPLE)
    assert proposal.participants == ["SEN", "MEX", "BRA"]
    act(round_table, c.PublishPanel("BRA,SEN"), 0)
    assert round_table.panel == ["BRA", "SEN"]


@pytest.mark.parametrize(
    "participants, code",
    [
        ("MEX,XYZ", "unknown_participant"),
        ("MEX,SEN,MEX", "invalid_field"),
        ("MEX,SEN,PHL,POL,MFA", "invalid_field"),
        (" , ", "invalid_field"),
    ],
    ids=["unknown", "twice", "five", "empty"],
)
def test_a_list_that_cannot_be_a_panel_is_refused(round_table, refused, participants, code):
    assert refused(round_table, c.PublishPanel(participants)).code == code
    assert not round_table.panel_published


def test_a_panel_has_up_to_four_panellists(round_table, act):
    act(round_table, c.PublishPanel("MEX,SEN,PHL,MFA"), 0)
    assert len(round_table.panel) == 4


def test_the_plenary_has_no_panel_to_publish(plenary, refused):
    assert refused(plenary, c.PublishPanel("MEX")).code == "no_panel"


# --- never one delegation on two panels at once ------------------------------------------------------
# Balance is judged across the round tables together, so a delegation sits on one panel only: what
# one round table has published binds the others, whichever door their chair or organiser uses.

ROUND_TABLE_2 = {"rt2": "Round table 2"}


def published(room: str, *participants: str) -> OtherRooms:
    """The other rooms as the command service reads them: round table `room` published this list."""
    event = Event(seq=1, action="publish_panel", data={"participants": list(participants)}, at=0.0)
    return other_rooms({room: [event]}, ROUND_TABLE_2)


def test_a_delegation_on_another_published_panel_cannot_be_published_again(round_table):
    others = published("rt2", "MEX", "SEN")
    with pytest.raises(Refused) as refused:
        decide(round_table, c.PublishPanel("PHL,MEX"), now=0, directory=PEOPLE, others=others)
    assert refused.value.code == "on_another_panel"
    assert refused.value.message == (
        "Mexico is already on the published panel of Round table 2: never one delegation on two panels at once."
    )
    assert round_table.panel == [] and not round_table.panel_published
    # Without it, the list is published.
    assert decide(round_table, c.PublishPanel("PHL,POL"), now=0, directory=PEOPLE, others=others) == {
        "participants": ["PHL", "POL"]
    }


def test_a_panel_still_being_drawn_up_elsewhere_binds_no_one(round_table, act):
    drafted = new_room("rt2", RoomRules(policy=Policy.ROUND_TABLE, statement_s=180))
    act(drafted, c.SeatPanellist("MEX"), 0)
    others = OtherRooms.of([drafted], ROUND_TABLE_2)
    assert decide(round_table, c.PublishPanel("MEX"), now=0, directory=PEOPLE, others=others)


def test_a_delegation_unseated_from_a_published_panel_is_free_again(round_table):
    events = [
        Event(seq=1, action="publish_panel", data={"participants": ["MEX", "SEN"]}, at=0.0),
        Event(seq=2, action="unseat_panellist", data={"participant": "MEX"}, at=1.0),
        Event(seq=3, action="request_floor", data={}, at=2.0),
    ]  # not a panel's: never folded
    others = other_rooms({"rt2": events}, ROUND_TABLE_2)
    assert others.published_panels == {"rt2": ("SEN",)}
    assert decide(round_table, c.PublishPanel("MEX"), now=0, directory=PEOPLE, others=others)


def test_seating_on_a_published_panel_follows_the_same_rule(round_table, act):
    others = published("rt2", "MEX")
    # While the panel is drawn up, the chair may seat anyone; once published, not a delegation seated elsewhere.
    assert decide(round_table, c.SeatPanellist("MEX"), now=0, directory=PEOPLE, others=others)
    act(round_table, c.PublishPanel("SEN"), 0)
    with pytest.raises(Refused) as refused:
        decide(round_table, c.SeatPanellist("MEX"), now=1, directory=PEOPLE, others=others)
    assert refused.value.code == "on_another_panel"
    assert round_table.panel == ["SEN"]


def test_a_round_table_may_publish_its_own_panel_again(round_table, act):
    act(round_table, c.PublishPanel("MEX,SEN"), 0)
    others = published("rt2", "PHL")
    assert decide(round_table, c.PublishPanel("MEX"), now=1, directory=PEOPLE, others=others)


def test_only_the_panel_and_seat_commands_read_the_other_rooms():
    assert sorted(a for a, command in c.COMMANDS.items() if command.reads_other_rooms()) == [
        "assign_seats",
        "publish_panel",
        "record_seat_choice",
        "seat_delegation",
        "seat_panellist",
    ]


def test_the_other_rooms_are_read_for_actions_that_exist():
    assert SHAPED_BY <= c.COMMANDS.keys()
