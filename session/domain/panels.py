"""Drawing up the panels of the round tables from the expressions of interest.

The President's office asks Member States (and, where allowed, other stakeholders) to express
interest in serving as panellists, then draws up a list for each round table "taking into
account equitable geographical representation". The assistant proposes such a list and says why
it chose each name; the organiser may override it.

Representation is judged across the round tables together (`representation`): four seats cannot
hold five regional groups and a stakeholder, but the four panels and their co-chairs can. So the
assistant aims at the whole. A group's seats count its co-chairs on every round table, the
panellists of panels already published, and those proposed so far; then, for each round table:
1. one non-governmental voice (NGO, civil society, private sector) if any candidate is one;
2. then the regional groups, the group with the fewest seats in the whole first, each taking its
   earliest candidate, so that groups missing from one table are seated at the next;
3. then any remaining seat, in order of expression of interest.
A delegation is never proposed for two panels, nor on a panel while it co-chairs a round table (its
group already holds that seat). Ties in time go to the participant id's order.

Each candidate left off a proposal is told why (`PassedOver`): it went to another round table
("Germany went to round table 3"), it co-chairs one, its group's or the non-governmental seat
went to a candidate who expressed interest earlier, or the seats were all taken before its turn.

The chair seats and unseats panellists one by one, or publishes the whole list as drawn up. Never
one delegation on two panels at once: a list naming a delegation already on another round table's
*published* panel is refused, and so is seating one on a published panel — whatever the door.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict

from .balance import MAX_PANEL, NON_GOVERNMENTAL, REGIONAL_GROUPS
from .errors import Refused
from .other_rooms import OtherRooms
from .participants import Category, Participant
from .procedure import Command, Directory
from .roles import PRESIDING
from .rules import known_participant
from .state import Policy, RoomState


@dataclass(frozen=True)
class Choice:
    """One proposed panellist and why: `why` is "non_governmental", "group" or "remaining"."""

    participant: str
    why: str
    group: str | None = None
    candidates: int = 0  # how many candidates of that kind there were
    seats_elsewhere: int = 0  # for "group": the group's seats on the panels published or proposed before
    co_chairs: int = 0  # for "group": the group's co-chairs, across the round tables


@dataclass(frozen=True)
class PassedOver:
    """A candidate the proposal leaves off, and why: `why` is "elsewhere" (proposed for, or published
    on, the panel of `room`), "co_chair" (its delegation co-chairs `room`), "group_seated" (its
    group's seat went to `by`, earlier), "voice_seated" (the non-governmental seat went to `by`,
    earlier) or "full" (every seat was taken before its turn)."""

    participant: str
    why: str
    room: str | None = None
    by: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Proposal:
    room: str
    choices: list[Choice]
    missing_groups: list[str] = field(default_factory=list)  # regional groups not on the proposed panel
    non_governmental: bool = False
    passed_over: list[PassedOver] = field(default_factory=list)  # in order of expression of interest

    @property
    def participants(self) -> list[str]:
        return [c.participant for c in self.choices]


def propose_panels(
    candidates: Mapping[str, Mapping[str, float]],
    directory: Mapping[str, Participant],
    seats: int = MAX_PANEL,
    taken: Mapping[str, str] | None = None,
    co_chairs: Mapping[str, Sequence[str]] | None = None,
) -> list[Proposal]:
    """`candidates`: room → {participant: when interest was expressed}; `taken`: participant → room
    of a panel already published (those delegations are not proposed elsewhere, see
    `published_elsewhere`); `co_chairs`: room → its co-chairs, for every round table of the whole."""
    taken = dict(taken or {})
    chairing = [p for chairs in (co_chairs or {}).values() for p in chairs]
    chairs_of = {p: room for room, chairs in (co_chairs or {}).items() for p in chairs}
    group_seats = {g: sum(1 for p in taken if _group(directory.get(p)) == g) for g in REGIONAL_GROUPS}
    chair_seats = {g: sum(1 for p in chairing if _group(directory.get(p)) == g) for g in REGIONAL_GROUPS}
    proposals: list[Proposal] = []
    for room, interests in candidates.items():
        pool = sorted(
            (p for p in interests if p in directory and taken.get(p, room) == room and p not in chairing),
            key=lambda p: (interests[p], p),
        )
        choices: list[Choice] = []

        # This room's list, pool and name bound now: `seat` is a step of this room's proposal.
        def seat(
            participant: str,
            why: str,
            *,
            choices: list[Choice] = choices,
            pool: list[str] = pool,
            room: str = room,
            **details: Any,
        ) -> None:
            choices.append(Choice(participant, why, **details))
            pool.remove(participant)
            taken[participant] = room
            group = _group(directory[participant])
            if group:
                group_seats[group] += 1

        civil = [p for p in pool if directory[p].category in NON_GOVERNMENTAL]
        if civil and seats:
            seat(civil[0], "non_governmental", candidates=len(civil))
        in_the_whole = {g: group_seats[g] + chair_seats[g] for g in REGIONAL_GROUPS}
        for group in sorted(REGIONAL_GROUPS, key=lambda g: (in_the_whole[g], REGIONAL_GROUPS.index(g))):
            if len(choices) >= seats:
                break
            of_group = [p for p in pool if _group(directory[p]) == group]
            if of_group:
                seat(
                    of_group[0],
                    "group",
                    group=group,
                    candidates=len(of_group),
                    seats_elsewhere=group_seats[group],
                    co_chairs=chair_seats[group],
                )
        while pool and len(choices) < seats:
            seat(pool[0], "remaining")
        covered = {_group(directory[c.participant]) for c in choices}
        proposals.append(
            Proposal(
                room=room,
                choices=choices,
                missing_groups=[g for g in REGIONAL_GROUPS if g not in covered],
                non_governmental=any(directory[c.participant].category in NON_GOVERNMENTAL for c in choices),
            )
        )
    # Why not, once every round table is drawn up: a candidate left off here may be proposed at a
    # round table after this one, and that is the reason worth giving.
    return [
        replace(proposal, passed_over=_passed_over(proposal, candidates[proposal.room], directory, taken, chairs_of))
        for proposal in proposals
    ]


def _passed_over(
    proposal: Proposal,
    interests: Mapping[str, float],
    directory: Mapping[str, Participant],
    taken: Mapping[str, str],
    chairs_of: Mapping[str, str],
) -> list[PassedOver]:
    chosen = set(proposal.participants)
    by_group = {c.group: c.participant for c in proposal.choices if c.why == "group"}
    voice = next((c.participant for c in proposal.choices if c.why == "non_governmental"), None)
    reasons: list[PassedOver] = []
    for participant in sorted(interests, key=lambda p: (interests[p], p)):
        if participant in chosen or participant not in directory:
            continue
        group = _group(directory[participant])
        if participant in chairs_of:
            reasons.append(PassedOver(participant, "co_chair", room=chairs_of[participant]))
        elif taken.get(participant, proposal.room) != proposal.room:
            reasons.append(PassedOver(participant, "elsewhere", room=taken[participant]))
        elif group is not None and group in by_group:
            reasons.append(PassedOver(participant, "group_seated", by=by_group[group], group=group))
        elif directory[participant].category in NON_GOVERNMENTAL and voice is not None:
            reasons.append(PassedOver(participant, "voice_seated", by=voice))
        else:
            reasons.append(PassedOver(participant, "full"))
    return reasons


def _group(participant: Participant | None) -> str | None:
    if participant is None or participant.category is not Category.MEMBER_STATE:
        return None
    return participant.regional_group


def published_elsewhere(others: OtherRooms) -> dict[str, str]:
    """participant → the other round table whose published panel holds it: `propose_panels`' `taken`."""
    return {p: slug for slug, panel in others.published_panels.items() for p in panel}


# --- the panel as seated and as published ------------------------------------------------------


class OnAnotherPanel(Refused):
    """Never one delegation on two panels at once: who, and the round table whose published panel holds it."""

    def __init__(self, participant: Participant, room: str, room_name: str):
        super().__init__(
            "on_another_panel",
            f"{participant.name} is already on the published panel of {room_name}: "
            "never one delegation on two panels at once.",
        )
        self.participant = participant.id
        self.room = room
        self.room_name = room_name


def _not_on_another_panel(participants: list[str], directory: Directory, others: OtherRooms) -> None:
    for participant in participants:
        elsewhere = others.published_panel_of(participant)
        if elsewhere is not None:
            raise OnAnotherPanel(directory[participant], elsewhere, others.name(elsewhere))


class PanellistSeated(TypedDict):
    participant: str


@dataclass(frozen=True)
class SeatPanellist(Command[PanellistSeated]):
    action = "seat_panellist"
    may = PRESIDING
    participant: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> PanellistSeated:
        participant = known_participant(directory, self.participant)
        if state.rules.policy is Policy.PLENARY:
            raise Refused("no_panel", "The plenary has no panel.")
        if participant.id in state.panel:
            raise Refused("no_change", f"{participant.name} is already on the panel.")
        if len(state.panel) >= MAX_PANEL:
            raise Refused("panel_full", f"A panel has at most {MAX_PANEL} panellists.")
        return {"participant": participant.id}

    def across_rooms(self, state: RoomState, facts: PanellistSeated, directory: Directory, others: OtherRooms) -> None:
        if state.panel_published:  # a panel still being drawn up may hold anyone
            _not_on_another_panel([facts["participant"]], directory, others)

    @classmethod
    def apply(cls, state: RoomState, facts: PanellistSeated, at: float) -> None:
        state.panel.append(facts["participant"])


class PanellistUnseated(TypedDict):
    participant: str


@dataclass(frozen=True)
class UnseatPanellist(Command[PanellistUnseated]):
    action = "unseat_panellist"
    may = PRESIDING
    participant: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> PanellistUnseated:
        if self.participant not in state.panel:
            raise Refused("not_on_panel", f"{self.participant[:40]} is not on the panel.")
        return {"participant": self.participant}

    @classmethod
    def apply(cls, state: RoomState, facts: PanellistUnseated, at: float) -> None:
        state.panel.remove(facts["participant"])


class PanelPublished(TypedDict):
    participants: list[str]


@dataclass(frozen=True)
class PublishPanel(Command[PanelPublished]):
    """The list of panellists as drawn up (participant ids, comma-separated), published to all."""

    action = "publish_panel"
    may = PRESIDING
    participants: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> PanelPublished:
        if state.rules.policy is Policy.PLENARY:
            raise Refused("no_panel", "The plenary has no panel.")
        chosen = [p.strip() for p in self.participants.split(",") if p.strip()]
        for participant_id in chosen:
            known_participant(directory, participant_id)
        if len(set(chosen)) != len(chosen):
            raise Refused("invalid_field", "A participant appears twice on the list.")
        if not 1 <= len(chosen) <= MAX_PANEL:
            raise Refused("invalid_field", f"A panel has 1 to {MAX_PANEL} panellists.")
        return {"participants": chosen}

    def across_rooms(self, state: RoomState, facts: PanelPublished, directory: Directory, others: OtherRooms) -> None:
        _not_on_another_panel(facts["participants"], directory, others)

    @classmethod
    def apply(cls, state: RoomState, facts: PanelPublished, at: float) -> None:
        state.panel = list(facts["participants"])
        state.panel_published = True
