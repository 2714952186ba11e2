"""Reserved seats at the round tables (PROCEDURE.md §3): "up to 45 Member States and other stakeholders".

Some conferences cap participation per round table by expression of interest ("up to 25 States"
— LDC5). The secretariat sets each round table's cap (`set_seat_cap`; none by default: every
delegation takes part), records each delegation's first and second choice of round table
(`record_seat_choice`), and assigns the seats: as proposed (`propose_seats`, applied with
`assign_seats`) or one delegation by hand (`seat_delegation`, `unseat_delegation`).

The proposal, across the round tables at once: the seats already held stay; then first choices in
order of expression, each at its round table while seats are free; then second choices, for the
delegations still without a seat. Ties in time go to the participant id's order. A delegation whose
choice is a round table without a cap takes part there and is given no seat elsewhere. One seat per
delegation across the round tables, whatever the door: seating a delegation seated at another round
table is refused (`across_rooms`), and so is a second first (or second) choice.

With a cap set, a delegation without a seat still follows the round table (its observe page is
open to anyone), but its own request for the floor — a statement, a question to the panel, an
interposed question — is refused with the rule, unless the co-chairs open the floor to delegations
without a seat (`allow_seatless_requests`, per round table). A seat is about the discussion: a point
of order (rule 71) and a right of reply follow the rights of status (`rights`), never the seat, and
a panellist speaks from the panel. The co-chairs and the secretariat may still put a delegation
without a seat on the list, or call it: that is the chair giving it the floor.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from .errors import Refused
from .other_rooms import OtherRooms
from .participants import Participant
from .procedure import Command, Directory
from .roles import PRESIDING
from .rules import known_participant
from .state import Policy, RequestType, RoomState, SeatChoice, SeatRank

MAX_SEATS = 300  # more than the event's delegations: a cap is a few dozen ("up to 45")
# The requests of the discussion, which a seat gives; a point of order, a reply or a panellist's
# response follow their own rules.
DISCUSSION = frozenset({RequestType.STATEMENT, RequestType.QUESTION, RequestType.INTERPOSED_QUESTION})
NO_SEAT = (
    "The seats at this round table are reserved; your delegation has no seat here. "
    "The co-chairs may open the floor to delegations without a seat."
)


def seat_refusal(state: RoomState, participant: str, type: RequestType, by_delegation: bool) -> Refused | None:
    """Why a delegation may not ask for the floor here for want of a seat; None if it may."""
    if state.seat_cap is None or state.seatless_may_ask or not by_delegation or type not in DISCUSSION:
        return None
    if participant in state.seat_holders or participant in state.panel:
        return None
    return Refused("no_seat", NO_SEAT)


def _round_table(state: RoomState) -> None:
    if state.rules.policy is Policy.PLENARY:
        raise Refused("no_seats", "Seats are reserved only at a round table: the plenary seats every delegation.")


# --- the proposal, across the round tables ---------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """What the proposal reads of one round table."""

    cap: int | None
    holders: tuple[str, ...] = ()
    choices: Mapping[str, SeatChoice] = field(default_factory=dict)

    @classmethod
    def of(cls, state: RoomState) -> "Table":
        return cls(state.seat_cap, tuple(state.seat_holders), dict(state.seat_choices))


@dataclass(frozen=True)
class SeatProposal:
    seats: Mapping[str, list[str]]  # round table → delegations to seat there, in order
    without_seat: list[str]  # delegations that chose and could not be seated, in order of their first choice


def propose_seats(tables: Mapping[str, Table]) -> SeatProposal:
    """The seats as the secretariat would assign them now (see the module's rule)."""
    placed = {p for table in tables.values() for p in table.holders}
    free = {slug: None if t.cap is None else max(0, t.cap - len(t.holders)) for slug, t in tables.items()}
    seats: dict[str, list[str]] = {slug: [] for slug in tables}
    chose: list[tuple[float, str]] = []
    for rank in SeatRank:
        wishes = sorted(
            (choice.at, participant, slug)
            for slug, table in tables.items()
            for participant, choice in table.choices.items()
            if choice.rank is rank
        )
        for at, participant, slug in wishes:
            chose.append((at, participant))
            left = free[slug]
            if participant in placed or left == 0:
                continue
            placed.add(participant)
            if left is not None:
                seats[slug].append(participant)
                free[slug] = left - 1
    without = []
    for _, participant in sorted(chose):
        if participant not in placed and participant not in without:
            without.append(participant)
    return SeatProposal(seats, without)


# --- the cap ----------------------------------------------------------------------------------------


class SeatCapSet(TypedDict):
    seats: int  # 0: no cap


@dataclass(frozen=True)
class SetSeatCap(Command[SeatCapSet]):
    """Cap a round table's participation at so many delegations; 0 lifts the cap."""

    action = "set_seat_cap"
    may = PRESIDING
    seats: int

    def decide(self, state: RoomState, now: float, directory: Directory) -> SeatCapSet:
        _round_table(state)
        if not 0 <= self.seats <= MAX_SEATS:
            bounds = f"A round table has 1 to {MAX_SEATS} reserved seats, or 0 for no cap"
            raise Refused("invalid_field", f"{bounds}: not {self.seats}.")
        if (self.seats or None) == state.seat_cap:
            raise Refused("no_change", "The seats are already as asked.")
        if 0 < self.seats < len(state.seat_holders):
            raise Refused(
                "seats_taken",
                f"{len(state.seat_holders)} delegations hold a seat here: unseat some before lowering the cap "
                f"to {self.seats}.",
            )
        return {"seats": self.seats}

    @classmethod
    def apply(cls, state: RoomState, facts: SeatCapSet, at: float) -> None:
        state.seat_cap = facts["seats"] or None


# --- the delegations' choices -----------------------------------------------------------------------


class SeatChoiceRecorded(TypedDict):
    participant: str
    rank: str


@dataclass(frozen=True)
class RecordSeatChoice(Command[SeatChoiceRecorded]):
    """A delegation's first or second choice of round table, as it expressed it to the secretariat."""

    action = "record_seat_choice"
    may = PRESIDING
    participant: str
    rank: SeatRank = SeatRank.FIRST

    def decide(self, state: RoomState, now: float, directory: Directory) -> SeatChoiceRecorded:
        _round_table(state)
        participant = known_participant(directory, self.participant)
        held = state.seat_choices.get(participant.id)
        if held is not None and held.rank is self.rank:
            raise Refused("no_change", f"This round table is already {participant.name}'s {self.rank.value} choice.")
        return {"participant": participant.id, "rank": self.rank.value}

    def across_rooms(
        self, state: RoomState, facts: SeatChoiceRecorded, directory: Directory, others: OtherRooms
    ) -> None:
        rank = SeatRank(facts["rank"])
        elsewhere = others.choice_of(facts["participant"], rank)
        if elsewhere is not None:
            name = directory[facts["participant"]].name
            raise Refused(
                "chosen_elsewhere",
                f"{name}'s {rank.value} choice is {others.name(elsewhere)}: withdraw it there first.",
            )

    @classmethod
    def apply(cls, state: RoomState, facts: SeatChoiceRecorded, at: float) -> None:
        state.seat_choices[facts["participant"]] = SeatChoice(SeatRank(facts["rank"]), at)


class SeatChoiceWithdrawn(TypedDict):
    participant: str


@dataclass(frozen=True)
class WithdrawSeatChoice(Command[SeatChoiceWithdrawn]):
    action = "withdraw_seat_choice"
    may = PRESIDING
    participant: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> SeatChoiceWithdrawn:
        if self.participant not in state.seat_choices:
            raise Refused("not_chosen", f"{self.participant[:40]} has not chosen this round table.")
        return {"participant": self.participant}

    @classmethod
    def apply(cls, state: RoomState, facts: SeatChoiceWithdrawn, at: float) -> None:
        del state.seat_choices[facts["participant"]]


# --- the seats ----------------------------------------------------------------------------------------


class SeatedElsewhere(Refused):
    """One seat per delegation across the round tables: who, and the round table where it sits."""

    def __init__(self, participant: Participant, room: str, room_name: str):
        super().__init__(
            "seated_elsewhere",
            f"{participant.name} already holds a seat at {room_name}: one seat per delegation across the round tables.",
        )
        self.participant = participant.id
        self.room = room
        self.room_name = room_name


class SeatsAssigned(TypedDict):
    participants: list[str]


def _seating(state: RoomState, chosen: list[str], directory: Directory) -> SeatsAssigned:
    _round_table(state)
    if state.seat_cap is None:
        raise Refused("no_cap", "This round table has no cap: every delegation takes part, no seat is needed.")
    for participant_id in chosen:
        participant = known_participant(directory, participant_id)
        if participant.id in state.seat_holders:
            raise Refused("no_change", f"{participant.name} already holds a seat here.")
    if len(set(chosen)) != len(chosen):
        raise Refused("invalid_field", "A delegation appears twice on the list.")
    if not chosen:
        raise Refused("invalid_field", "Name at least one delegation to seat.")
    free = state.seat_cap - len(state.seat_holders)
    if len(chosen) > free:
        raise Refused(
            "seats_full",
            f"{len(state.seat_holders)} of the {state.seat_cap} seats at this round table are taken: "
            f"{free} left for {len(chosen)}.",
        )
    return {"participants": chosen}


def _seated_once(facts: SeatsAssigned, directory: Directory, others: OtherRooms) -> None:
    for participant in facts["participants"]:
        elsewhere = others.seat_of(participant)
        if elsewhere is not None:
            raise SeatedElsewhere(directory[participant], elsewhere, others.name(elsewhere))


@dataclass(frozen=True)
class AssignSeats(Command[SeatsAssigned]):
    """Seat these delegations (participant ids, comma-separated): the desk's proposal for this round table."""

    action = "assign_seats"
    may = PRESIDING
    participants: str = field(metadata={"max": 4000})

    def decide(self, state: RoomState, now: float, directory: Directory) -> SeatsAssigned:
        return _seating(state, [p.strip() for p in self.participants.split(",") if p.strip()], directory)

    def across_rooms(self, state: RoomState, facts: SeatsAssigned, directory: Directory, others: OtherRooms) -> None:
        _seated_once(facts, directory, others)

    @classmethod
    def apply(cls, state: RoomState, facts: SeatsAssigned, at: float) -> None:
        state.seat_holders.extend(facts["participants"])


@dataclass(frozen=True)
class SeatDelegation(Command[SeatsAssigned]):
    """Seat one delegation by hand."""

    action = "seat_delegation"
    may = PRESIDING
    participant: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> SeatsAssigned:
        return _seating(state, [self.participant], directory)

    def across_rooms(self, state: RoomState, facts: SeatsAssigned, directory: Directory, others: OtherRooms) -> None:
        _seated_once(facts, directory, others)

    @classmethod
    def apply(cls, state: RoomState, facts: SeatsAssigned, at: float) -> None:
        state.seat_holders.extend(facts["participants"])


class DelegationUnseated(TypedDict):
    participant: str


@dataclass(frozen=True)
class UnseatDelegation(Command[DelegationUnseated]):
    """Free a delegation's seat; a request it already made stays on the list, for the chair."""

    action = "unseat_delegation"
    may = PRESIDING
    participant: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> DelegationUnseated:
        if self.participant not in state.seat_holders:
            raise Refused("not_seated", f"{self.participant[:40]} holds no seat at this round table.")
        return {"participant": self.participant}

    @classmethod
    def apply(cls, state: RoomState, facts: DelegationUnseated, at: float) -> None:
        state.seat_holders.remove(facts["participant"])


# --- the co-chairs' switch --------------------------------------------------------------------------


class SeatlessRequestsSet(TypedDict):
    on: bool


@dataclass(frozen=True)
class AllowSeatlessRequests(Command[SeatlessRequestsSet]):
    """Whether delegations without a seat may ask for the floor at this round table (off by default)."""

    action = "allow_seatless_requests"
    may = PRESIDING
    on: bool

    def decide(self, state: RoomState, now: float, directory: Directory) -> SeatlessRequestsSet:
        _round_table(state)
        if state.seatless_may_ask is self.on:
            said = "may already" if self.on else "already may not"
            raise Refused("no_change", f"Delegations without a seat {said} ask for the floor here.")
        return {"on": self.on}

    @classmethod
    def apply(cls, state: RoomState, facts: SeatlessRequestsSet, at: float) -> None:
        state.seatless_may_ask = facts["on"]
