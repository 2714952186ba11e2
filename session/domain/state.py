"""The state of one room: the list of speakers, who has the floor, the timer and the record."""

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from .participants import Category, Level, Participant
from .timer import Timer


class RequestType(StrEnum):
    STATEMENT = "statement"
    POINT_OF_ORDER = "point_of_order"
    RIGHT_OF_REPLY = "right_of_reply"
    QUESTION = "question"
    RESPONSE = "response"
    INTERPOSED_QUESTION = "interposed_question"  # a short question to the speaker, taken mid-statement
    ANSWER = "answer"  # the speaker's answer to it (given by the chair's action, never requested)


@dataclass(frozen=True)
class FloorRequest:
    entry: int  # unique in the room, never reused
    participant: str
    category: Category
    type: RequestType
    level: Level
    requested_at: float
    time_limit_s: int
    segment: int | None = None  # 1-based number of the segment it was asked in
    links_to: int | None = None  # an interposed question: the statement; an answer: the question
    # An inscription on the plenary's list (PROCEDURE.md §1): who speaks, for whom, and when.
    speaker: str = ""  # "H.E. Mr. Albert del Rosario"
    title: str = ""  # "Secretary of Foreign Affairs"
    on_behalf_of: str = ""  # "the Group of 77 and China"
    meeting: int | None = None  # the number of the meeting it is inscribed for
    carried: bool = False  # not reached in an earlier meeting: heard first in this one
    requested_level: Level | None = None  # the level the delegation declared, until Protocol verifies it
    level_verified: bool = True  # `level` is verified (or was never in question)
    flag: str = ""  # for the chair: a right its status gives only as the chair decides (`rights`)


@dataclass(frozen=True)
class Intervention:
    """A finished turn at the floor, as the rapporteur records it."""

    number: int
    request: FloorRequest
    started_at: float
    ended_at: float
    duration_s: float
    time_limit_s: int
    meeting: int | None = None  # the meeting it was heard in

    @property
    def overrun_s(self) -> float:
        return max(0.0, self.duration_s - self.time_limit_s)


class Policy(StrEnum):
    PLENARY = "plenary"
    ROUND_TABLE = "round_table"


@dataclass(frozen=True)
class RoomRules:
    policy: Policy
    statement_s: int  # the room's default limit, also for questions and responses
    point_of_order_s: int = 120
    reply_s: tuple[int, ...] = (600, 300)  # first and second right of reply; its length is the cap
    interposed_s: int = 60  # an interposed question, and its answer

    @property
    def clock_on_call(self) -> bool:
        """Whether calling a speaker starts the clock, until the chair switches it (`start_on_call`).
        At a round table the speaker talks from the seat at once; in the Assembly Hall the walk to
        the rostrum takes 30 to 60 seconds, so the clock waits for the chair's "Start"."""
        return self.policy is Policy.ROUND_TABLE


@dataclass(frozen=True)
class Meeting:
    """One meeting of the room's debate: "the 25th plenary meeting, Thursday 3 October, 10 a.m.–1 p.m."."""

    number: int
    starts_at: float  # as scheduled, seconds since the epoch (UTC)
    ends_at: float
    status: str = "pending"  # pending, open, closed
    opened_at: float | None = None
    closed_at: float | None = None


class AbsentTo(StrEnum):
    """Where a speaker who is not in the room when called goes."""

    END = "end"  # to the end of this meeting's list
    NEXT = "next"  # to the head of the next meeting's list
    DROP = "drop"  # off the list


@dataclass(frozen=True)
class Absence:
    """The record of a speaker called and not in the room."""

    request: FloorRequest
    at: float
    to: AbsentTo
    meeting: int | None


@dataclass(frozen=True)
class Swap:
    """The record of two delegations exchanging places, both consenting."""

    entry: int
    with_entry: int
    at: float
    meeting: int | None


@dataclass(frozen=True)
class Segment:
    title: str
    limit_s: int
    status: str = "pending"  # pending, open, closed


@dataclass(frozen=True)
class Budgets:
    group_s: int  # per regional group (Member States)
    category_s: int  # per stakeholder category (everyone else)
    added_s: int = 0  # added to every group and category alike


@dataclass(frozen=True)
class Suspended:
    """A speaker whose clock stopped for an interposed question."""

    request: FloorRequest
    started_at: float
    timer: Timer


@dataclass(frozen=True)
class Annotation:
    """The rapporteur's record of one intervention."""

    notes: str = ""
    key_points: str = ""
    summary: bool = False  # to appear in the summary of the round table


@dataclass(frozen=True)
class Cleared:
    """The record of the chair clearing the list: who was waiting, and would not be heard."""

    requests: tuple[FloorRequest, ...]
    at: float
    segment: int | None
    meeting: int | None


@dataclass(frozen=True)
class Undone:
    """The record of an action the chair undid: the action (event `seq`, taken `at`) and its undoing."""

    seq: int
    action: str
    at: float
    undone_at: float


@dataclass(frozen=True)
class Undoable:
    """The room's last event, which the chair may still undo, and the room as it was before it.

    Kept in the state (and rebuilt identically by a replay) because an event's `apply` sees only the
    state, never the log; `before` holds no `undoable` of its own, so there is only ever one."""

    seq: int
    action: str
    at: float
    before: "RoomState"


class SeatRank(StrEnum):
    """A delegation's wish for a seat at a round table: its first choice, or its second."""

    FIRST = "first"
    SECOND = "second"


@dataclass(frozen=True)
class SeatChoice:
    """A delegation's choice of this round table (`seats`): its rank, and when it was expressed."""

    rank: SeatRank
    at: float


@dataclass(frozen=True)
class Event:
    """One line of a room's log. `data` is the command's facts (see `procedure`), kept as JSON."""

    seq: int
    action: str
    data: dict[str, Any]
    at: float
    actor: str = ""


def copied(value: Any) -> Any:
    """A list or dict of the state copied (what it holds is frozen); anything else as it is."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


@dataclass
class RoomState:
    slug: str
    rules: RoomRules
    version: int = 0
    queue: list[FloorRequest] = field(default_factory=list)
    current: FloorRequest | None = None
    current_started_at: float | None = None
    timer: Timer = field(default_factory=Timer)
    list_closed: bool = False
    interventions: list[Intervention] = field(default_factory=list)
    removed: list[tuple[FloorRequest, int]] = field(default_factory=list)  # for readd_last
    rulings: dict[int, str] = field(default_factory=dict)
    annotations: dict[int, Annotation] = field(default_factory=dict)  # by entry
    panel: list[str] = field(default_factory=list)  # participant ids, in the order seated
    balanced: bool = False  # the chair sees the balanced suggestion
    walk_ins: dict[str, Participant] = field(default_factory=dict)  # added in this room by the chair
    interest_deadline: float | None = None  # expressions of interest in the panel, until then
    interest_stakeholders: bool = False
    interests: dict[str, float] = field(default_factory=dict)  # participant -> when expressed
    # participant -> (speaker, title): who would sit on the panel, as its expression of interest named them
    panellists: dict[str, tuple[str, str]] = field(default_factory=dict)
    panel_published: bool = False
    segments: list[Segment] = field(default_factory=list)
    segment: int | None = None  # the open segment, 1-based
    suspended: list[Suspended] = field(default_factory=list)
    budgets: Budgets | None = None
    last_entry: int = 0
    meetings: list[Meeting] = field(default_factory=list)  # in the order they are held
    inscription: tuple[float | None, float | None] | None = None  # (opens, closes); None: never set, open
    groups_first: bool = True  # statements on behalf of a group are heard first (the chair's default)
    second_statements: dict[str, int] = field(default_factory=dict)  # further statements the chair allowed
    absences: list[Absence] = field(default_factory=list)
    swaps: list[Swap] = field(default_factory=list)
    start_on_call: bool | None = None  # the chair's switch; None: the room's rule (RoomRules.clock_on_call)
    cleared: list[Cleared] = field(default_factory=list)
    undoable: Undoable | None = None
    undone: list[Undone] = field(default_factory=list)
    interposed_questions: bool | None = None  # the chair's switch; None: as the room's policy has it (`rights`)
    high_level_first: bool = False  # the co-chairs give priority to Heads of State or Government and ministers
    # Reserved seats at a round table (`seats`): the cap, who holds a seat, who chose this table.
    seat_cap: int | None = None  # None: no cap, every delegation takes part
    seat_holders: list[str] = field(default_factory=list)  # participant ids, in the order seated
    seat_choices: dict[str, SeatChoice] = field(default_factory=dict)  # participant -> its choice of this table
    seatless_may_ask: bool = False  # the chair's switch: delegations without a seat may ask for the floor

    def snapshot(self) -> "RoomState":
        """A copy that shares nothing the room will change, for deciding on a draft or writing a file
        while the room moves on. Every list and dict in the state holds frozen values (requests,
        interventions, segments, timers, names), so copying the containers is a full copy: pointers,
        not objects — well under a hundredth of `copy.deepcopy`'s cost late in a long day
        (tests/domain/test_snapshot.py checks that it is full)."""
        return RoomState(**{f.name: copied(getattr(self, f.name)) for f in fields(RoomState)})

    @property
    def starts_clock_on_call(self) -> bool:
        return self.rules.clock_on_call if self.start_on_call is None else self.start_on_call

    def find(self, entry: int) -> FloorRequest | None:
        return next((q for q in self.queue if q.entry == entry), None)

    def position(self, entry: int) -> int | None:
        """1-based place in the list of speakers."""
        return next((i + 1 for i, q in enumerate(self.queue) if q.entry == entry), None)

    def pending(self, participant: str, type: RequestType | None = None) -> list[FloorRequest]:
        return [q for q in self.queue if q.participant == participant and type in (None, q.type)]

    def mean_intervention_s(self) -> float:
        """What the room's turns actually last; the default limit until someone has spoken."""
        if not self.interventions:
            return float(self.rules.statement_s)
        return sum(i.duration_s for i in self.interventions) / len(self.interventions)

    @property
    def open_meeting(self) -> Meeting | None:
        return next((m for m in self.meetings if m.status == "open"), None)

    @property
    def meeting(self) -> int | None:
        """The number of the meeting in progress, if one is."""
        found = self.open_meeting
        return None if found is None else found.number

    def find_meeting(self, number: int) -> Meeting | None:
        return next((m for m in self.meetings if m.number == number), None)

    def next_meeting(self) -> Meeting | None:
        """The meeting new business goes to: the one in progress, else the first not yet held."""
        return self.open_meeting or next((m for m in self.meetings if m.status == "pending"), None)
