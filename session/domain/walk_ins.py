"""Walk-ins: a participant not on the event's list (a walk-in NGO, a late delegation), added for one room.

A walk-in lives in the room's own state, so it is known wherever that room's events are replayed;
`room.known` puts the room's walk-ins beside the event's list.
"""

import re
from dataclasses import dataclass, field
from typing import TypedDict

from .balance import REGIONAL_GROUPS
from .errors import Refused
from .participants import Category, Participant
from .procedure import Command, Directory
from .roles import PRESIDING
from .state import RoomState

_ID = re.compile(r"[A-Z0-9]{2,12}")


class ParticipantAdded(TypedDict):
    id: str
    name: str
    category: str
    regional_group: str | None


@dataclass(frozen=True)
class AddParticipant(Command[ParticipantAdded]):
    """A participant not on the list (a walk-in NGO, a late delegation), added by the chair for this room."""

    action = "add_participant"
    may = PRESIDING
    name: str = field(metadata={"max": 120})
    category: Category
    regional_group: str | None = None
    id: str | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> ParticipantAdded:
        if not self.name:
            raise Refused("invalid_field", "The participant needs a name.")
        if self.regional_group is not None and (
            self.category is not Category.MEMBER_STATE or self.regional_group not in REGIONAL_GROUPS
        ):
            raise Refused(
                "invalid_field", "Only a Member State has a regional group: " + ", ".join(REGIONAL_GROUPS) + "."
            )
        if self.id is not None:
            if not _ID.fullmatch(self.id):
                raise Refused("invalid_field", "An id is 2 to 12 capital letters or digits (MEX, IOM, ...).")
            if self.id in directory:
                raise Refused("duplicate_participant", f"There is already a participant '{self.id}'.")
            participant_id = self.id
        else:
            stem = "".join(ch for ch in self.name.upper() if "A" <= ch <= "Z")[:8] or "GUEST"
            participant_id = next(
                f"{stem}{n}" if n else stem for n in range(1000) if (f"{stem}{n}" if n else stem) not in directory
            )
        if any(p.name.casefold() == self.name.casefold() for p in directory.values()):
            raise Refused("duplicate_participant", f"'{self.name}' is already on the list of participants.")
        return {
            "id": participant_id,
            "name": self.name,
            "category": self.category.value,
            "regional_group": self.regional_group,
        }

    @classmethod
    def apply(cls, state: RoomState, facts: ParticipantAdded, at: float) -> None:
        state.walk_ins[facts["id"]] = Participant(
            id=facts["id"],
            name=facts["name"],
            category=Category(facts["category"]),
            regional_group=facts["regional_group"],
        )
