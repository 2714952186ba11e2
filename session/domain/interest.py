"""Expressions of interest in serving on a round table's panel, open until a deadline.

The President's office invites them; Member States may express interest, and other
stakeholders too if the invitation says so. Drawing up the panel from them is `panels`.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NotRequired, TypedDict

from .errors import Refused
from .inscription import NAME_MAX
from .participants import Category
from .procedure import Command, Directory
from .roles import PRESIDING, SPEAKING
from .rules import known_participant
from .state import Policy, RoomState


class InterestDeadlineSet(TypedDict):
    deadline: float  # a Unix timestamp
    stakeholders: bool


@dataclass(frozen=True)
class SetInterestDeadline(Command[InterestDeadlineSet]):
    """Open expressions of interest in serving on this round table's panel, until `deadline` (ISO 8601)."""

    action = "set_interest_deadline"
    may = PRESIDING
    deadline: str
    stakeholders: bool = False  # may NGOs, the private sector and others express interest too

    def decide(self, state: RoomState, now: float, directory: Directory) -> InterestDeadlineSet:
        if state.rules.policy is Policy.PLENARY:
            raise Refused("no_panel", "The plenary has no panel.")
        try:
            moment = datetime.fromisoformat(self.deadline.replace("Z", "+00:00"))
        except ValueError:
            raise Refused("invalid_field", "The deadline must be a date and time, e.g. 2013-09-06T18:00Z.") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if not 1990 <= moment.year <= 2999:  # checked before any conversion, which could overflow
            raise Refused("invalid_field", "The deadline must be a date between 1990 and 2999.")
        return {"deadline": moment.timestamp(), "stakeholders": self.stakeholders}

    @classmethod
    def apply(cls, state: RoomState, facts: InterestDeadlineSet, at: float) -> None:
        state.interest_deadline = facts["deadline"]
        state.interest_stakeholders = facts["stakeholders"]


def _interest_open(state: RoomState, now: float) -> None:
    if state.interest_deadline is None:
        raise Refused("interest_closed", "Expressions of interest in this panel are not open.")
    if now > state.interest_deadline:
        # No time in the sentence: the domain knows no time zone, and a UTC clock time would mislead
        # a reader in New York; the pages show the deadline in the event's zone.
        raise Refused("deadline_passed", "Expressions of interest in this panel closed at the deadline.")


class InterestExpressed(TypedDict):
    participant: str
    speaker: NotRequired[str]  # the person who would sit on the panel, where the delegation names one
    title: NotRequired[str]


@dataclass(frozen=True)
class ExpressInterest(Command[InterestExpressed]):
    """A delegation offers to serve on the panel, naming the person who would sit on it if it can
    ("H.E. Ms. Maria Fernanda Espinosa", "Minister for Foreign Affairs"); the list of panellists
    names them."""

    action = "express_interest"
    may = PRESIDING | SPEAKING
    participant: str | None = None
    speaker: str = field(default="", metadata={"max": NAME_MAX})
    title: str = field(default="", metadata={"max": NAME_MAX})

    def decide(self, state: RoomState, now: float, directory: Directory) -> InterestExpressed:
        if self.participant is None:
            raise Refused("invalid_field", "'express_interest' needs 'participant'.")
        participant = known_participant(directory, self.participant)
        _interest_open(state, now)
        if participant.category is not Category.MEMBER_STATE and not state.interest_stakeholders:
            raise Refused("not_eligible", "For this panel, only Member States may express interest.")
        if participant.id in state.interests:
            raise Refused("no_change", f"{participant.name} has already expressed interest.")
        facts: InterestExpressed = {"participant": participant.id}
        if self.speaker.strip() or self.title.strip():
            facts["speaker"], facts["title"] = self.speaker.strip(), self.title.strip()
        return facts

    @classmethod
    def apply(cls, state: RoomState, facts: InterestExpressed, at: float) -> None:
        state.interests[facts["participant"]] = at
        if facts.get("speaker") or facts.get("title"):
            state.panellists[facts["participant"]] = (facts.get("speaker", ""), facts.get("title", ""))


class InterestWithdrawn(TypedDict):
    participant: str


@dataclass(frozen=True)
class WithdrawInterest(Command[InterestWithdrawn]):
    action = "withdraw_interest"
    may = PRESIDING | SPEAKING
    participant: str | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> InterestWithdrawn:
        _interest_open(state, now)
        if self.participant is None or self.participant not in state.interests:
            raise Refused("not_found", "There is no expression of interest to withdraw.")
        return {"participant": self.participant}

    @classmethod
    def apply(cls, state: RoomState, facts: InterestWithdrawn, at: float) -> None:
        del state.interests[facts["participant"]]
        state.panellists.pop(facts["participant"], None)
