"""What a room knows of the event's other rooms when it decides.

Each room decides on its own log, but a few rules of procedure span the rooms: "never one
delegation on two panels at once", "one seat per delegation across the round tables". A command
with such a rule declares `across_rooms` (see `procedure`) and reads an `OtherRooms`, which the
command service builds from the other rooms' committed log inside the deciding transaction — never
from a worker's copy of them, which may be behind another worker's commit.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .state import RoomState, SeatRank

# The actions whose events shape these facts: only they are read from the other rooms' logs
# (`room.other_rooms` folds them).
SHAPED_BY = frozenset(
    {
        "seat_panellist",
        "unseat_panellist",
        "publish_panel",
        "record_seat_choice",
        "withdraw_seat_choice",
        "assign_seats",
        "seat_delegation",
        "unseat_delegation",
    }
)


@dataclass(frozen=True)
class OtherRooms:
    names: Mapping[str, str] = field(default_factory=dict)  # room slug → its name, for refusals
    published_panels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # room slug → panellists
    seat_holders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # room slug → delegations seated
    seat_choices: Mapping[str, Mapping[str, SeatRank]] = field(default_factory=dict)  # room slug → choices

    @classmethod
    def of(cls, states: Iterable[RoomState], names: Mapping[str, str]) -> "OtherRooms":
        states = list(states)
        return cls(
            names=dict(names),
            published_panels={s.slug: tuple(s.panel) for s in states if s.panel_published},
            seat_holders={s.slug: tuple(s.seat_holders) for s in states if s.seat_holders},
            seat_choices={s.slug: {p: c.rank for p, c in s.seat_choices.items()} for s in states if s.seat_choices},
        )

    def published_panel_of(self, participant: str) -> str | None:
        """The room whose published panel holds this participant, if any."""
        return next((slug for slug, panel in self.published_panels.items() if participant in panel), None)

    def seat_of(self, participant: str) -> str | None:
        """The round table where this delegation holds a seat, if any."""
        return next((slug for slug, holders in self.seat_holders.items() if participant in holders), None)

    def choice_of(self, participant: str, rank: SeatRank) -> str | None:
        """The round table this delegation chose with `rank`, if any."""
        return next((slug for slug, chosen in self.seat_choices.items() if chosen.get(participant) is rank), None)

    def name(self, slug: str) -> str:
        return self.names.get(slug, slug)


NO_OTHER_ROOMS = OtherRooms()  # a room decided alone: a test, the seed, a dry run
