"""What a room knows of the event's other rooms when it decides.

Each room decides on its own log, but a few rules of procedure span the rooms: "never one
delegation on two panels at once". A command with such a rule declares `across_rooms` (see
`procedure`) and reads an `OtherRooms`, which the command service builds from the other rooms'
committed log inside the deciding transaction — never from a worker's copy of them, which may be
behind another worker's commit.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .state import RoomState

# The actions whose events shape these facts: only they are read from the other rooms' logs
# (`room.other_rooms` folds them).
SHAPED_BY = frozenset({"seat_panellist", "unseat_panellist", "publish_panel"})


@dataclass(frozen=True)
class OtherRooms:
    names: Mapping[str, str] = field(default_factory=dict)  # room slug → its name, for refusals
    published_panels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # room slug → panellists

    @classmethod
    def of(cls, states: Iterable[RoomState], names: Mapping[str, str]) -> "OtherRooms":
        return cls(names=dict(names), published_panels={s.slug: tuple(s.panel) for s in states if s.panel_published})

    def published_panel_of(self, participant: str) -> str | None:
        """The room whose published panel holds this participant, if any."""
        return next((slug for slug, panel in self.published_panels.items() if participant in panel), None)

    def name(self, slug: str) -> str:
        return self.names.get(slug, slug)


NO_OTHER_ROOMS = OtherRooms()  # a room decided alone: a test, the seed, a dry run
