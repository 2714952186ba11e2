"""Inscription on the plenary's list of speakers, as the Secretariat keeps it (PROCEDURE.md §1).

A delegation inscribes its speaker -- the person's name and title, the level it declares, the
group it speaks for, the meeting it prefers -- from its phone, or the secretariat does so on its
behalf. The list uses the level Protocol has verified: a delegation's own declaration stands at
its category's default until the secretariat or the chair verifies it; a level given by them is
verified at once. One statement per delegation per debate, unless the chair allows another.
"""

from dataclasses import dataclass, field, replace
from typing import TypedDict

from .errors import Refused
from .ordering import insertion_index
from .participants import Level, Participant
from .procedure import Command, Directory
from .roles import PRESIDING, SPEAKING
from .rules import NewRequest, default_level, known_participant, new_request, queued, request_from
from .schedule import first_with_room
from .state import FloorRequest, Policy, RequestType, RoomState

NAME_MAX = 120  # "His Excellency Mr. …": a name, a title, a group's name


class FloorRequested(NewRequest):
    position: int  # 1-based place it was given in the list


def enter_list(state: RoomState, facts: FloorRequested) -> None:
    state.queue.insert(facts["position"] - 1, request_from(facts))
    state.last_entry = facts["entry"]


def placed(state: RoomState, request: NewRequest) -> FloorRequested:
    """The request with the place the room's order gives it."""
    position = _place(state, state.queue, request_from(request))
    return {**request, "position": position}


def _place(state: RoomState, queue: list[FloorRequest], request: FloorRequest) -> int:
    """1-based: where the room's order, with the chair's switches, puts `request` in `queue`."""
    return insertion_index(queue, request, state.rules.policy, state.groups_first, state.high_level_first) + 1


def declared_level(
    request: NewRequest, participant: Participant, level: Level | None, by_delegation: bool
) -> NewRequest:
    """The request at the level the list may use: one a delegation declares itself stands at its
    category's default, recorded as requested, until Protocol (or the chair) verifies it; one given
    by the secretariat or the chair is verified at once."""
    default = default_level(participant)
    declared = level if by_delegation else None
    standing = default if by_delegation else (level or default)
    return {
        **request,
        "level": standing.value,
        "requested_level": declared.value if declared else None,
        "level_verified": declared is None or declared is standing,
    }


def inscription_refusal(state: RoomState, now: float) -> Refused | None:
    """Why no statement may be inscribed now: the list closed by the chair, or inscription not open."""
    if state.list_closed:
        return Refused("list_closed", "The list of speakers is closed.")
    if state.inscription is None:
        return None
    opens, closes = state.inscription
    if opens is not None and now < opens:
        return Refused("inscription_not_open", "Inscription on the list of speakers has not opened yet.")
    if closes is not None and now >= closes:
        return Refused("inscription_closed", "Inscription on the list of speakers is closed.")
    return None


def statements(state: RoomState, participant: str) -> int:
    """Statements the participant has made, is making or is inscribed for in this debate."""
    requests = [i.request for i in state.interventions] + state.queue + [state.current]
    return sum(
        1 for r in requests if r is not None and r.participant == participant and r.type is RequestType.STATEMENT
    )


@dataclass(frozen=True)
class Entry:
    """What an inscription says beyond who asks: the speaker, the group, the meeting, the level."""

    level: Level | None = None
    by_delegation: bool = False  # the delegation itself declared the level: Protocol verifies it
    speaker: str = ""
    title: str = ""
    on_behalf_of: str = ""
    meeting: int | None = None  # preferred


def inscribe_statement(state: RoomState, participant: Participant, entry: Entry, now: float) -> FloorRequested:
    """A statement on the plenary's list: every rule of inscription, then its place."""
    refusal = inscription_refusal(state, now)
    if refusal is not None:
        raise refusal
    allowed = 1 + state.second_statements.get(participant.id, 0)
    if statements(state, participant.id) >= allowed:
        raise Refused(
            "one_statement",
            f"{participant.name} is already inscribed or has spoken in this debate: one statement per "
            "delegation, unless the chair allows another.",
        )
    request = new_request(state, participant, RequestType.STATEMENT, entry.level, now)
    if entry.meeting is not None:
        preferred = state.find_meeting(entry.meeting)
        if preferred is None or preferred.status == "closed":
            held = ", ".join(str(m.number) for m in state.meetings if m.status != "closed") or "none"
            raise Refused("invalid_meeting", f"Meeting {entry.meeting} is not one still to be held here ({held}).")
        meeting: int | None = entry.meeting
    else:
        meeting = first_with_room(state, now, request["time_limit_s"])
    inscription: NewRequest = {
        **declared_level(request, participant, entry.level, entry.by_delegation),
        "speaker": entry.speaker,
        "title": entry.title,
        "on_behalf_of": entry.on_behalf_of,
        "meeting": meeting,
    }
    return placed(state, inscription)


@dataclass(frozen=True)
class Inscribe(Command[FloorRequested]):
    """Inscribe a speaker on the plenary's list: a delegation for itself, the secretariat or chair for anyone."""

    action = "inscribe"
    may = PRESIDING | SPEAKING
    participant: str | None = None  # a delegate's own, filled in by `authorize`
    speaker: str = field(default="", metadata={"max": NAME_MAX})
    title: str = field(default="", metadata={"max": NAME_MAX})
    level: Level | None = None
    on_behalf_of: str = field(default="", metadata={"max": NAME_MAX})
    meeting: int | None = None
    by_delegation: bool = field(default=False, metadata={"internal": True})  # set by `authorize` only

    def decide(self, state: RoomState, now: float, directory: Directory) -> FloorRequested:
        if self.participant is None:
            raise Refused("invalid_field", "'inscribe' needs 'participant'.")
        if state.rules.policy is not Policy.PLENARY:
            raise Refused("no_prepared_list", "A round table keeps no prepared list: ask for the floor in the room.")
        participant = known_participant(directory, self.participant)
        entry = Entry(self.level, self.by_delegation, self.speaker, self.title, self.on_behalf_of, self.meeting)
        return inscribe_statement(state, participant, entry, now)

    @classmethod
    def apply(cls, state: RoomState, facts: FloorRequested, at: float) -> None:
        enter_list(state, facts)


class LevelVerified(TypedDict):
    entry: int
    level: str
    position: int  # the new level's place; the time of inscription is kept


@dataclass(frozen=True)
class VerifyLevel(Command[LevelVerified]):
    """Protocol's verified level for an entry: where levels order the list (the plenary; a round table
    whose co-chairs give priority), it moves to that level's place, keeping its time of inscription."""

    action = "verify_level"
    may = PRESIDING
    entry: int
    level: Level

    def decide(self, state: RoomState, now: float, directory: Directory) -> LevelVerified:
        request = queued(state, self.entry)
        if request.level_verified and request.level is self.level:
            raise Refused("no_change", f"Entry {self.entry} already stands at that level, verified.")
        if state.rules.policy is Policy.PLENARY or state.high_level_first:
            others = [q for q in state.queue if q.entry != self.entry]
            position = _place(state, others, _with_level(request, self.level))
        else:
            # A round table hears in order of request, whatever the level: the entry keeps its place.
            position = state.queue.index(request) + 1
        return {"entry": self.entry, "level": self.level.value, "position": position}

    @classmethod
    def apply(cls, state: RoomState, facts: LevelVerified, at: float) -> None:
        request = state.find(facts["entry"])
        assert request is not None
        state.queue.remove(request)
        state.queue.insert(facts["position"] - 1, _with_level(request, Level(facts["level"])))


def _with_level(request: FloorRequest, level: Level) -> FloorRequest:
    return replace(request, level=level, level_verified=True)


class SecondStatementAllowed(TypedDict):
    participant: str


@dataclass(frozen=True)
class AllowSecondStatement(Command[SecondStatementAllowed]):
    """The chair lets a delegation inscribe once more in this debate."""

    action = "allow_second_statement"
    may = PRESIDING
    participant: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> SecondStatementAllowed:
        return {"participant": known_participant(directory, self.participant).id}

    @classmethod
    def apply(cls, state: RoomState, facts: SecondStatementAllowed, at: float) -> None:
        participant = facts["participant"]
        state.second_statements[participant] = state.second_statements.get(participant, 0) + 1


class GroupsFirstSet(TypedDict):
    on: bool


@dataclass(frozen=True)
class GroupsFirst(Command[GroupsFirstSet]):
    """Whether statements on behalf of a group are placed first (by custom they are; per debate)."""

    action = "groups_first"
    may = PRESIDING
    on: bool

    def decide(self, state: RoomState, now: float, directory: Directory) -> GroupsFirstSet:
        if state.groups_first is self.on:
            raise Refused(
                "no_change", "Groups' statements are already placed " + ("first." if self.on else "by level.")
            )
        return {"on": self.on}

    @classmethod
    def apply(cls, state: RoomState, facts: GroupsFirstSet, at: float) -> None:
        state.groups_first = facts["on"]
