"""Who may do what in a room. Checked on every command, whatever door it came through.

Each command names the roles that may send it (`Command.may`, declared with the command); here
are the rules on top of that: a delegate or a panellist acts only for its own participant, only
a panellist gives a panellist response, and who reads the rapporteur's notes.
"""

from dataclasses import dataclass, fields, replace
from typing import Any

from . import commands as c
from .errors import Refused
from .roles import PRESIDING, SPEAKING, Role

__all__ = ["NOTE_READERS", "PRESIDING", "SPEAKING", "Actor", "Role", "authorize", "reads_notes"]


@dataclass(frozen=True)
class Actor:
    role: Role
    participant: str | None = None  # the delegation a delegate or panellist acts for

    def __str__(self) -> str:
        return f"{self.role.value}:{self.participant}" if self.participant else self.role.value


# The rapporteur's notes and key points are a working draft of the summary. They are read at the
# rapporteur's desk -- by the rapporteur, and by the chair and the secretariat, who may open that
# desk -- and nowhere else: the gallery, the big screen, delegations and panellists see only which
# interventions are marked for the summary. The log page, its exports and the state API ask here.
NOTE_READERS = frozenset({Role.RAPPORTEUR, Role.CHAIR, Role.ORGANISER})


def reads_notes(role: Role | None) -> bool:
    """Whether someone in this role (None: no code at all) may read the rapporteur's notes."""
    return role in NOTE_READERS


def authorize(actor: Actor, command: c.Command[Any]) -> c.Command[Any]:
    """The command as this actor may issue it (a delegate's own participant filled in), or `Refused`."""
    if actor.role not in command.may or (actor.role in SPEAKING and not actor.participant):
        article = "An" if actor.role.value[0] in "aeiou" else "A"
        raise Refused("forbidden", f"{article} {actor.role.value} may not '{command.action}'.")
    if actor.role not in SPEAKING:
        return command
    claimed = getattr(command, "participant", None)
    if claimed not in (None, actor.participant):
        raise Refused("forbidden", f"This code acts for {actor.participant} only, not for {claimed[:40]}.")
    if (
        isinstance(command, c.RequestFloor)
        and command.type is c.RequestType.RESPONSE
        and actor.role is not Role.PANELLIST
    ):
        raise Refused("forbidden", "Only a panellist gives a panellist response.")
    own: dict[str, Any] = {"participant": actor.participant}
    if "by_delegation" in {f.name for f in fields(command)}:  # type: ignore[arg-type]
        own["by_delegation"] = True  # a level a delegation declares waits for Protocol's verification
    return replace(command, **own)  # type: ignore[type-var]
