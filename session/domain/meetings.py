"""A debate held in meetings, and the secretariat's window for inscription (PROCEDURE.md §1, §1b).

The plenary's debate runs across numbered meetings ("the 25th to 28th plenary meetings"), each
with its hours; the chair opens and closes each. Speakers not reached when a meeting closes are
carried to the next one, ahead of its own speakers and in their order. The secretariat schedules
the meetings and opens and closes inscription at announced times.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import NotRequired, TypedDict

from .errors import Refused
from .procedure import Command, Directory
from .roles import PRESIDING
from .state import Meeting, RoomState

LONGEST_MEETING_S = 12 * 3600


def moment(name: str, text: str) -> float:
    """Seconds since the epoch from ISO 8601 with its offset ("2013-10-03T10:00:00-04:00")."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise Refused(
            "invalid_field", f"'{name}' must be a date and time in ISO 8601, such as 2013-10-03T10:00-04:00."
        ) from None
    if parsed.tzinfo is None:
        raise Refused("invalid_field", f"'{name}' must say its offset from UTC, such as 2013-10-03T10:00-04:00.")
    return parsed.timestamp()


class MeetingScheduled(TypedDict):
    number: int
    starts_at: float
    ends_at: float


@dataclass(frozen=True)
class ScheduleMeeting(Command[MeetingScheduled]):
    """Add a meeting to the debate, or change the hours of one not yet held."""

    action = "schedule_meeting"
    may = PRESIDING  # the secretariat's, and the chair's at the meeting
    number: int
    starts_at: str
    ends_at: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> MeetingScheduled:
        if not 1 <= self.number <= 9999:
            raise Refused("invalid_field", "A meeting's number is between 1 and 9999.")
        starts, ends = moment("starts_at", self.starts_at), moment("ends_at", self.ends_at)
        if not 0 < ends - starts <= LONGEST_MEETING_S:
            raise Refused("invalid_field", "A meeting ends after it starts, and lasts at most 12 hours.")
        known = state.find_meeting(self.number)
        if known is not None and known.status != "pending":
            raise Refused("meeting_held", f"Meeting {self.number} has already been opened; its hours are the record's.")
        if known is None and len(state.meetings) >= 100:
            raise Refused("too_many", "A debate holds at most 100 meetings.")
        later = [
            m for m in state.meetings if m.number != self.number and (m.number > self.number) != (m.starts_at > starts)
        ]
        if later:
            raise Refused(
                "invalid_field", f"Meetings are numbered in the order they are held (see meeting {later[0].number})."
            )
        return {"number": self.number, "starts_at": starts, "ends_at": ends}

    @classmethod
    def apply(cls, state: RoomState, facts: MeetingScheduled, at: float) -> None:
        meeting = Meeting(facts["number"], facts["starts_at"], facts["ends_at"])
        state.meetings = sorted(
            [m for m in state.meetings if m.number != meeting.number] + [meeting], key=lambda m: m.number
        )


class MeetingOpened(TypedDict):
    number: int


@dataclass(frozen=True)
class OpenMeeting(Command[MeetingOpened]):
    """Open the next meeting of the debate (or the one named)."""

    action = "open_meeting"
    may = PRESIDING
    number: int | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> MeetingOpened:
        if state.open_meeting is not None:
            raise Refused("meeting_open", f"Meeting {state.open_meeting.number} is in progress: close it first.")
        pending = [m for m in state.meetings if m.status == "pending"]
        if not pending:
            raise Refused("no_meeting", "No meeting is left to open: the secretariat schedules them.")
        if self.number is not None and self.number != pending[0].number:
            raise Refused("invalid_meeting", f"The next meeting to open is meeting {pending[0].number}.")
        return {"number": pending[0].number}

    @classmethod
    def apply(cls, state: RoomState, facts: MeetingOpened, at: float) -> None:
        state.meetings = [
            replace(m, status="open", opened_at=at) if m.number == facts["number"] else m for m in state.meetings
        ]


class MeetingClosed(TypedDict):
    number: int
    carried_to: int | None  # the next meeting, which hears those not reached
    carried: list[int]  # their entries, in order
    not_reached: NotRequired[list[int]]  # the last meeting: entries left on the list


@dataclass(frozen=True)
class CloseMeeting(Command[MeetingClosed]):
    """Close the meeting in progress; those not reached go to the next meeting, first and in order."""

    action = "close_meeting"
    may = PRESIDING
    number: int | None = None  # the meeting the chair saw in progress

    def decide(self, state: RoomState, now: float, directory: Directory) -> MeetingClosed:
        meeting = state.open_meeting
        if meeting is None:
            raise Refused("no_meeting", "No meeting is in progress.")
        if self.number is not None and self.number != meeting.number:
            raise Refused("stale", f"Meeting {meeting.number} is the one in progress.")
        if state.current is not None or state.suspended:
            raise Refused("speaker_at_floor", "Someone has the floor: end the intervention before closing the meeting.")
        after = next((m for m in state.meetings if m.status == "pending"), None)
        reached = [q.entry for q in state.queue if q.meeting is not None and q.meeting <= meeting.number]
        if after is None:
            return {"number": meeting.number, "carried_to": None, "carried": [], "not_reached": reached}
        return {"number": meeting.number, "carried_to": after.number, "carried": reached}

    @classmethod
    def apply(cls, state: RoomState, facts: MeetingClosed, at: float) -> None:
        state.meetings = [
            replace(m, status="closed", closed_at=at) if m.number == facts["number"] else m for m in state.meetings
        ]
        carried, to = set(facts["carried"]), facts["carried_to"]
        if not carried or to is None:
            return
        # They stood ahead of the next meeting's own speakers and keep their places: carried, they
        # lead its list, in the order they had (`ordering` places later inscriptions after them).
        state.queue = [replace(q, meeting=to, carried=True) if q.entry in carried else q for q in state.queue]


class InscriptionOpened(TypedDict):
    opens_at: float | None  # None: open from now on
    closes_at: float | None


@dataclass(frozen=True)
class OpenInscription(Command[InscriptionOpened]):
    """Open inscription on the list of speakers: now or at an announced time, until a deadline if given."""

    action = "open_inscription"
    may = PRESIDING  # the secretariat's, and the chair's at the meeting
    opens_at: str = ""
    closes_at: str = ""

    def decide(self, state: RoomState, now: float, directory: Directory) -> InscriptionOpened:
        opens = moment("opens_at", self.opens_at) if self.opens_at else None
        closes = moment("closes_at", self.closes_at) if self.closes_at else None
        if closes is not None and closes <= max(opens or now, now):
            raise Refused("invalid_field", "Inscription must close after it opens, and later than now.")
        return {"opens_at": opens, "closes_at": closes}

    @classmethod
    def apply(cls, state: RoomState, facts: InscriptionOpened, at: float) -> None:
        state.inscription = (facts["opens_at"], facts["closes_at"])


class InscriptionClosed(TypedDict):
    closes_at: float


@dataclass(frozen=True)
class CloseInscription(Command[InscriptionClosed]):
    """Close inscription now: new statements are refused (points of order and replies keep their rules)."""

    action = "close_inscription"
    may = PRESIDING  # the secretariat's, and the chair's at the meeting

    def decide(self, state: RoomState, now: float, directory: Directory) -> InscriptionClosed:
        if state.inscription is not None and state.inscription[1] is not None and state.inscription[1] <= now:
            raise Refused("no_change", "Inscription is already closed.")
        return {"closes_at": now}

    @classmethod
    def apply(cls, state: RoomState, facts: InscriptionClosed, at: float) -> None:
        opens = state.inscription[0] if state.inscription is not None else None
        state.inscription = (opens, facts["closes_at"])
