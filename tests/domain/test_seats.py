"""Reserved seats at the round tables (PROCEDURE.md §3).

Some conferences cap participation per round table by expression of interest: "up to 45 Member
States and other stakeholders". The secretariat sets the cap, records each delegation's first and
second choice of round table, and assigns the seats: first choices in order of expression, up to
each cap, then second choices for the delegations still without a seat; one seat per delegation
across the round tables. A delegation without a seat still follows the round table; it asks for the
floor only if the co-chairs open the floor to delegations without a seat. Points of order and
rights of reply follow status, not seats.
"""

import pytest
from participants import directory as people

from session.domain import commands as c
from session.domain.commands import RequestType as T
from session.domain.errors import Refused
from session.domain.permissions import Actor, Role, authorize
from session.domain.room import apply, decide, new_room, other_rooms, replay
from session.domain.seats import MAX_SEATS, NO_SEAT, Table, propose_seats
from session.domain.state import Event, Policy, RoomRules, RoomState, SeatChoice, SeatRank

FIRST, SECOND = SeatRank.FIRST, SeatRank.SECOND
TABLES = ("rt1", "rt2", "rt3", "rt4")
NAMES = {slug: f"Round table {slug[-1]}" for slug in TABLES} | {"plenary": "Plenary meeting"}


@pytest.fixture
def directory():
    return people("MEX", "PHL", "SEN", "KEN", "NGA", "BRA", "DEU", "SWE", "POL", "VAT", "EU", "IOM", "MFA", "ICC")


class Rooms:
    """Four round tables and the plenary, each with its log; commands decided as the command path
    decides them, reading the other rooms from their logs."""

    def __init__(self, directory):
        self.directory = directory
        self.rooms: dict[str, RoomState] = {
            slug: new_room(slug, RoomRules(policy=Policy.ROUND_TABLE, statement_s=180)) for slug in TABLES
        }
        self.rooms["plenary"] = new_room("plenary", RoomRules(policy=Policy.PLENARY, statement_s=300))
        self.logs: dict[str, list[Event]] = {slug: [] for slug in self.rooms}

    def others(self, slug: str):
        return other_rooms({s: log for s, log in self.logs.items() if s != slug}, NAMES)

    def decide(self, slug: str, command, now: float = 0.0, actor: Actor | None = None) -> dict:
        if actor is not None:
            command = authorize(actor, command)
        state = self.rooms[slug]
        return decide(state, command, now=now, directory=self.directory, others=self.others(slug))

    def act(self, slug: str, command, now: float = 0.0, actor: Actor | None = None) -> dict:
        data = self.decide(slug, command, now, actor)
        event = Event(seq=self.rooms[slug].version + 1, action=command.action, data=data, at=now)
        apply(self.rooms[slug], event)
        self.logs[slug].append(event)
        return data

    def refused(self, slug: str, command, now: float = 0.0, actor: Actor | None = None) -> Refused:
        with pytest.raises(Refused) as caught:
            self.decide(slug, command, now, actor)
        return caught.value

    def seats(self, slug: str) -> list[str]:
        return self.rooms[slug].seat_holders


@pytest.fixture
def hld(directory):
    return Rooms(directory)


def delegate(participant: str) -> Actor:
    return Actor(Role.DELEGATE, participant)


# --- the cap ------------------------------------------------------------------------------------------


def test_the_secretariat_caps_a_round_table_and_lifts_the_cap(hld):
    hld.act("rt1", c.SetSeatCap(45))
    assert hld.rooms["rt1"].seat_cap == 45
    hld.act("rt1", c.SetSeatCap(0))
    assert hld.rooms["rt1"].seat_cap is None


def test_by_default_no_round_table_is_capped_and_everyone_may_ask(hld):
    assert all(hld.rooms[slug].seat_cap is None for slug in TABLES)
    hld.act("rt1", c.RequestFloor(type=T.STATEMENT), actor=delegate("MEX"))
    assert [q.participant for q in hld.rooms["rt1"].queue] == ["MEX"]


@pytest.mark.parametrize("seats", [-1, -45, MAX_SEATS + 1, 10**6])
def test_a_cap_out_of_bounds_is_refused_with_the_bounds(hld, seats):
    refusal = hld.refused("rt1", c.SetSeatCap(seats))
    assert refusal.code == "invalid_field"
    assert f"1 to {MAX_SEATS} reserved seats, or 0 for no cap" in refusal.message


def test_the_plenary_reserves_no_seats(hld):
    for command in (c.SetSeatCap(45), c.RecordSeatChoice("MEX"), c.AllowSeatlessRequests(True)):
        refusal = hld.refused("plenary", command)
        assert refusal.code == "no_seats" and "the plenary seats every delegation" in refusal.message


def test_the_cap_may_not_fall_below_the_seats_taken(hld):
    hld.act("rt1", c.SetSeatCap(2))
    hld.act("rt1", c.AssignSeats("MEX,PHL"))
    refusal = hld.refused("rt1", c.SetSeatCap(1))
    assert refusal.code == "seats_taken" and "2 delegations hold a seat here" in refusal.message
    hld.act("rt1", c.SetSeatCap(3))


# --- choices ----------------------------------------------------------------------------------------


def test_a_delegation_has_one_first_and_one_second_choice_across_the_round_tables(hld):
    hld.act("rt1", c.RecordSeatChoice("MEX", FIRST), now=1)
    hld.act("rt3", c.RecordSeatChoice("MEX", SECOND), now=2)
    refusal = hld.refused("rt2", c.RecordSeatChoice("MEX", FIRST))
    assert refusal.code == "chosen_elsewhere"
    assert refusal.message == "Mexico's first choice is Round table 1: withdraw it there first."
    hld.act("rt1", c.WithdrawSeatChoice("MEX"))
    hld.act("rt2", c.RecordSeatChoice("MEX", FIRST), now=3)
    assert hld.rooms["rt2"].seat_choices == {"MEX": SeatChoice(FIRST, 3)}
    assert hld.rooms["rt1"].seat_choices == {}


def test_a_choice_changes_its_rank_at_the_same_round_table(hld):
    hld.act("rt1", c.RecordSeatChoice("MEX", FIRST), now=1)
    assert hld.refused("rt1", c.RecordSeatChoice("MEX", FIRST)).code == "no_change"
    hld.act("rt1", c.RecordSeatChoice("MEX", SECOND), now=2)
    assert hld.rooms["rt1"].seat_choices["MEX"].rank is SECOND


def test_an_unknown_delegation_has_no_choice(hld):
    assert hld.refused("rt1", c.RecordSeatChoice("XYZ")).code == "unknown_participant"
    assert hld.refused("rt1", c.WithdrawSeatChoice("MEX")).code == "not_chosen"


# --- the proposal across four round tables --------------------------------------------------------


def test_first_choices_in_order_of_expression_then_second_choices_for_those_without_a_seat():
    """Round table 1 has two seats and three first choices: the earliest two sit; the third sits at
    its second choice, round table 2, after round table 2's own first choice. Round table 3 has no
    cap: who chose it takes part there. Round table 4 is full before anyone asks."""
    tables = {
        "rt1": Table(2, (), {"MEX": SeatChoice(FIRST, 1), "PHL": SeatChoice(FIRST, 2), "SEN": SeatChoice(FIRST, 3)}),
        "rt2": Table(2, (), {"KEN": SeatChoice(FIRST, 5), "SEN": SeatChoice(SECOND, 4), "BRA": SeatChoice(SECOND, 6)}),
        "rt3": Table(None, (), {"BRA": SeatChoice(FIRST, 7), "DEU": SeatChoice(SECOND, 8)}),
        "rt4": Table(1, ("POL",), {"DEU": SeatChoice(FIRST, 0), "SWE": SeatChoice(FIRST, 9)}),
    }
    proposal = propose_seats(tables)
    assert proposal.seats == {"rt1": ["MEX", "PHL"], "rt2": ["KEN", "SEN"], "rt3": [], "rt4": []}
    # Brazil takes part at round table 3 (no cap); Germany's second choice is round table 3 too.
    assert proposal.without_seat == ["SWE"]


def test_ties_in_time_go_to_the_participant_ids_order_and_seats_held_stay():
    tables = {
        "rt1": Table(2, ("KEN",), {"PHL": SeatChoice(FIRST, 1), "MEX": SeatChoice(FIRST, 1)}),
        "rt2": Table(1, (), {"KEN": SeatChoice(FIRST, 0), "PHL": SeatChoice(SECOND, 2)}),
    }
    proposal = propose_seats(tables)
    assert proposal.seats == {"rt1": ["MEX"], "rt2": ["PHL"]}  # Kenya keeps its seat at round table 1
    assert proposal.without_seat == []


def test_the_desk_applies_the_proposal_and_no_delegation_sits_at_two_round_tables(hld):
    for slug, cap in zip(TABLES, (2, 1, 1, 1), strict=True):
        hld.act(slug, c.SetSeatCap(cap))
    for at, (slug, participant, rank) in enumerate(
        [
            ("rt1", "MEX", FIRST),
            ("rt1", "PHL", FIRST),
            ("rt1", "SEN", FIRST),
            ("rt2", "SEN", SECOND),
            ("rt2", "KEN", FIRST),
            ("rt3", "NGA", FIRST),
            ("rt4", "KEN", SECOND),
            ("rt3", "BRA", SECOND),
        ]
    ):
        hld.act(slug, c.RecordSeatChoice(participant, rank), now=float(at))
    proposal = propose_seats({slug: Table.of(hld.rooms[slug]) for slug in TABLES})
    for slug, participants in proposal.seats.items():
        if participants:
            hld.act(slug, c.AssignSeats(",".join(participants)))
    assert [hld.seats(s) for s in TABLES] == [["MEX", "PHL"], ["KEN"], ["NGA"], []]
    assert proposal.without_seat == ["SEN", "BRA"]
    seated = [p for s in TABLES for p in hld.seats(s)]
    assert len(seated) == len(set(seated))


def test_a_delegation_seated_at_one_round_table_is_refused_at_another(hld):
    hld.act("rt1", c.SetSeatCap(45))
    hld.act("rt2", c.SetSeatCap(45))
    hld.act("rt1", c.SeatDelegation("MEX"))
    for command in (c.SeatDelegation("MEX"), c.AssignSeats("PHL,MEX")):
        refusal = hld.refused("rt2", command)
        assert refusal.code == "seated_elsewhere"
        assert refusal.message == (
            "Mexico already holds a seat at Round table 1: one seat per delegation across the round tables."
        )
    hld.act("rt1", c.UnseatDelegation("MEX"))
    hld.act("rt2", c.SeatDelegation("MEX"))
    assert hld.seats("rt1") == [] and hld.seats("rt2") == ["MEX"]


def test_seats_by_hand_up_to_the_cap(hld):
    assert hld.refused("rt1", c.SeatDelegation("MEX")).code == "no_cap"
    hld.act("rt1", c.SetSeatCap(2))
    hld.act("rt1", c.SeatDelegation("MEX"))
    assert hld.refused("rt1", c.SeatDelegation("MEX")).code == "no_change"
    refusal = hld.refused("rt1", c.AssignSeats("PHL,SEN"))
    assert refusal.code == "seats_full" and "1 of the 2 seats at this round table are taken" in refusal.message
    assert hld.refused("rt1", c.AssignSeats("PHL,PHL")).code == "invalid_field"
    assert hld.refused("rt1", c.AssignSeats("XYZ")).code == "unknown_participant"
    hld.act("rt1", c.SeatDelegation("PHL"))
    assert hld.seats("rt1") == ["MEX", "PHL"]
    assert hld.refused("rt1", c.UnseatDelegation("SEN")).code == "not_seated"


# --- asking for the floor without a seat ------------------------------------------------------------


@pytest.fixture
def capped(hld):
    """Round table 1: 45 seats, Mexico holds one, Senegal none; Kenya is on the panel."""
    hld.act("rt1", c.SetSeatCap(45))
    hld.act("rt1", c.SeatDelegation("MEX"))
    hld.act("rt1", c.SeatPanellist("KEN"))
    return hld


def test_a_delegation_without_a_seat_is_refused_the_floor_with_the_rule(capped):
    for kind in (T.STATEMENT, T.QUESTION):
        refusal = capped.refused("rt1", c.RequestFloor(type=kind), actor=delegate("SEN"))
        assert refusal.code == "no_seat"
        assert refusal.message == NO_SEAT
    assert NO_SEAT == (
        "The seats at this round table are reserved; your delegation has no seat here. "
        "The co-chairs may open the floor to delegations without a seat."
    )
    capped.act("rt1", c.RequestFloor(type=T.STATEMENT), now=1, actor=delegate("MEX"))
    capped.act("rt1", c.RequestFloor(type=T.STATEMENT), now=2, actor=Actor(Role.PANELLIST, "KEN"))
    assert [q.participant for q in capped.rooms["rt1"].queue] == ["MEX", "KEN"]


def test_nor_may_it_put_an_interposed_question(capped):
    capped.act("rt1", c.RequestFloor(type=T.STATEMENT), now=1, actor=delegate("MEX"))
    capped.act("rt1", c.CallNext(), now=2)
    refusal = capped.refused("rt1", c.RequestFloor(type=T.INTERPOSED_QUESTION), actor=delegate("SEN"))
    assert refusal.code == "no_seat"


def test_a_point_of_order_and_a_right_of_reply_follow_status_not_seats(capped):
    """Rule 71 gives every Member State a point of order: a seat is about the discussion."""
    capped.act("rt1", c.RequestFloor(type=T.POINT_OF_ORDER), now=1, actor=delegate("SEN"))
    capped.act("rt1", c.RequestFloor(type=T.RIGHT_OF_REPLY), now=2, actor=delegate("SEN"))
    assert [q.type for q in capped.rooms["rt1"].queue] == [T.POINT_OF_ORDER, T.RIGHT_OF_REPLY]


def test_the_co_chairs_open_the_floor_to_delegations_without_a_seat(capped):
    capped.act("rt1", c.AllowSeatlessRequests(True))
    capped.act("rt1", c.RequestFloor(type=T.STATEMENT), now=1, actor=delegate("SEN"))
    assert capped.refused("rt1", c.AllowSeatlessRequests(True)).code == "no_change"
    capped.act("rt1", c.AllowSeatlessRequests(False))
    assert capped.refused("rt1", c.RequestFloor(type=T.QUESTION), actor=delegate("NGA")).code == "no_seat"
    # The switch is per round table: round table 2 has no cap, round table 1's switch is its own.
    assert capped.rooms["rt2"].seatless_may_ask is False


def test_the_chair_may_still_put_a_delegation_without_a_seat_on_the_list(capped):
    capped.act("rt1", c.RequestFloor("SEN", T.STATEMENT), now=1, actor=Actor(Role.CHAIR))
    capped.act("rt1", c.RequestFloor("NGA", T.STATEMENT), now=2, actor=Actor(Role.ORGANISER))
    assert [q.participant for q in capped.rooms["rt1"].queue] == ["SEN", "NGA"]


def test_unseated_a_delegation_is_refused_from_then_on(capped):
    capped.act("rt1", c.RequestFloor(type=T.STATEMENT), now=1, actor=delegate("MEX"))
    capped.act("rt1", c.UnseatDelegation("MEX"))
    assert capped.rooms["rt1"].queue[0].participant == "MEX"  # what it asked stays, for the chair
    assert capped.refused("rt1", c.RequestFloor(type=T.QUESTION), actor=delegate("MEX")).code == "no_seat"


def test_lifting_the_cap_opens_the_floor_to_all(capped):
    capped.act("rt1", c.SetSeatCap(0))
    capped.act("rt1", c.RequestFloor(type=T.STATEMENT), now=1, actor=delegate("SEN"))


def test_a_replay_rebuilds_the_seats(capped):
    capped.act("rt1", c.RecordSeatChoice("PHL", SECOND), now=3)
    capped.act("rt1", c.AllowSeatlessRequests(True))
    rebuilt = replay(new_room("rt1", RoomRules(policy=Policy.ROUND_TABLE, statement_s=180)), capped.logs["rt1"])
    assert rebuilt == capped.rooms["rt1"]
