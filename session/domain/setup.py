"""The event's set-up, changed live by the secretariat: a room renamed, a participant listed.

What a room is called and who is on the event's list are rows (the rooms, the reference list),
read by every page; a change to them is still an action like any other, in the record. A room's
new name is an event of that room's log; a participant listed for the whole event is an event of
every room's log, decided against each room and committed together (the command path's
`execute_everywhere`), so every worker hears of it as it hears of any commit, and every open view
is drawn again. The rows follow the events in the same transaction (`store.eventlog`).
"""

from dataclasses import dataclass, field
from typing import TypedDict

from .errors import Refused
from .procedure import Command, Directory
from .roles import Role
from .state import RoomState
from .walk_ins import AddParticipant, ParticipantAdded

SECRETARIAT = frozenset({Role.ORGANISER})
NAME_MAX = 200
THEME_MAX = 500


class RoomRenamed(TypedDict):
    name: str
    theme: str | None  # None: the theme as it was


@dataclass(frozen=True)
class RenameRoom(Command[RoomRenamed]):
    """Give the room a new name (and theme): every page names it so from now on; the record keeps the old."""

    action = "rename_room"
    may = SECRETARIAT
    name: str = field(metadata={"max": NAME_MAX})
    theme: str | None = field(default=None, metadata={"max": THEME_MAX})

    def decide(self, state: RoomState, now: float, directory: Directory) -> RoomRenamed:
        if not self.name.strip():
            raise Refused("invalid_field", "The room needs a name.")
        return {"name": self.name.strip(), "theme": None if self.theme is None else self.theme.strip()}

    @classmethod
    def apply(cls, state: RoomState, facts: RoomRenamed, at: float) -> None:
        """The name is the room's row, changed with the event; nothing the rules read changes."""


@dataclass(frozen=True)
class ListParticipant(AddParticipant):
    """Add a participant to the event's list (a late delegation, an NGO accredited since): it may
    take the floor in every room, as those of the reference list do."""

    action = "list_participant"
    may = SECRETARIAT

    def decide(self, state: RoomState, now: float, directory: Directory) -> ParticipantAdded:
        if self.id is None:
            raise Refused("invalid_field", "A participant of the event's list needs an id (MEX, IOM, ...).")
        return super().decide(state, now, directory)

    @classmethod
    def apply(cls, state: RoomState, facts: ParticipantAdded, at: float) -> None:
        """The event's list is a row each worker reads (and adds to as it hears of this event)."""
