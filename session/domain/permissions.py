"""Who may do what in a room. Checked on every command, whatever door it came through."""

from dataclasses import dataclass, replace
from enum import StrEnum

from . import commands as c
from .errors import Refused


class Role(StrEnum):
    ORGANISER = "organiser"
    CHAIR = "chair"
    DELEGATE = "delegate"
    PANELLIST = "panellist"
    RAPPORTEUR = "rapporteur"
    OBSERVER = "observer"
    SCREEN = "screen"


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


PRESIDING = {Role.ORGANISER, Role.CHAIR}  # the chair, and the secretariat inscribing on its behalf
SPEAKING = {Role.DELEGATE, Role.PANELLIST}  # act only for their own participant
_OWN_ACTIONS = (c.RequestFloor, c.Withdraw, c.ExpressInterest, c.WithdrawInterest)
_RAPPORTEUR_ACTIONS = (c.Annotate,)


def authorize(actor: Actor, command: c.Command) -> c.Command:
    """The command as this actor may issue it (a delegate's own participant filled in), or `Refused`."""
    if actor.role in PRESIDING:
        return command
    if actor.role is Role.RAPPORTEUR and isinstance(command, _RAPPORTEUR_ACTIONS):
        return command
    if actor.role in SPEAKING and isinstance(command, _OWN_ACTIONS) and actor.participant:
        claimed = getattr(command, "participant", None)
        if claimed not in (None, actor.participant):
            raise Refused("forbidden", f"This code acts for {actor.participant} only, not for {claimed[:40]}.")
        if (isinstance(command, c.RequestFloor) and command.type is c.RequestType.RESPONSE
                and actor.role is not Role.PANELLIST):
            raise Refused("forbidden", "Only a panellist gives a panellist response.")
        return replace(command, participant=actor.participant)
    article = "An" if actor.role.value[0] in "aeiou" else "A"
    raise Refused("forbidden", f"{article} {actor.role.value} may not '{command.action}'.")
