"""Who sits in a room: the roles an access code carries, and the two kinds of role that act."""

from enum import StrEnum


class Role(StrEnum):
    ORGANISER = "organiser"
    CHAIR = "chair"
    DELEGATE = "delegate"
    PANELLIST = "panellist"
    RAPPORTEUR = "rapporteur"
    OBSERVER = "observer"
    SCREEN = "screen"


PRESIDING = frozenset({Role.ORGANISER, Role.CHAIR})  # the chair, and the secretariat inscribing on its behalf
SPEAKING = frozenset({Role.DELEGATE, Role.PANELLIST})  # act only for their own participant
RECORDING = frozenset({Role.RAPPORTEUR})
