"""The chair's timekeeping: starting, pausing and resuming the speaker's clock, and adding time.

The clock itself is `timer.Timer`; calling a speaker readies it (or starts it, where the room
says so: `StartOnCall`) and ending a turn stops it (`floor`). These are the chair's hands on it in
between: "Start" when the speaker reaches the rostrum, pause, resume, and time added.
"""

from dataclasses import dataclass
from typing import TypedDict

from .errors import Refused
from .procedure import Command, Directory, NoFacts
from .roles import PRESIDING
from .state import RoomState
from .timer import Phase

MAX_ADDED_S = 3600


def _require_phase(state: RoomState, phase: Phase, message: str) -> None:
    if state.timer.phase is not phase:
        raise Refused("timer_" + state.timer.phase.value, message)


class TimerStarted(TypedDict):
    limit_s: int


@dataclass(frozen=True)
class TimerStart(Command[TimerStarted]):
    action = "timer_start"
    may = PRESIDING

    def decide(self, state: RoomState, now: float, directory: Directory) -> TimerStarted:
        if state.timer.phase is Phase.READY:
            return {"limit_s": state.timer.limit_s}  # the limit given on the call, with any time added since
        _require_phase(state, Phase.IDLE, f"The timer is already {state.timer.phase.value}.")
        limit = state.current.time_limit_s if state.current else state.rules.statement_s
        return {"limit_s": limit}

    @classmethod
    def apply(cls, state: RoomState, facts: TimerStarted, at: float) -> None:
        if state.current is not None and state.timer.phase is Phase.READY:
            state.current_started_at = at  # the speech begins now: the record's turn counts from here
        state.timer = state.timer.start(at, facts["limit_s"])


@dataclass(frozen=True)
class TimerPause(Command[NoFacts]):
    action = "timer_pause"
    may = PRESIDING

    def decide(self, state: RoomState, now: float, directory: Directory) -> NoFacts:
        _require_phase(state, Phase.RUNNING, "The timer is not running.")
        return {}

    @classmethod
    def apply(cls, state: RoomState, facts: NoFacts, at: float) -> None:
        state.timer = state.timer.pause(at)


@dataclass(frozen=True)
class TimerResume(Command[NoFacts]):
    action = "timer_resume"
    may = PRESIDING

    def decide(self, state: RoomState, now: float, directory: Directory) -> NoFacts:
        _require_phase(state, Phase.PAUSED, "The timer is not paused.")
        return {}

    @classmethod
    def apply(cls, state: RoomState, facts: NoFacts, at: float) -> None:
        state.timer = state.timer.resume(at)


class TimeAdded(TypedDict):
    seconds: int  # negative: time taken off


@dataclass(frozen=True)
class TimerAdd(Command[TimeAdded]):
    action = "timer_add"
    may = PRESIDING
    seconds: int

    def decide(self, state: RoomState, now: float, directory: Directory) -> TimeAdded:
        if state.timer.phase is Phase.IDLE:
            raise Refused("timer_idle", "The timer is not started; there is no time to add to.")
        if self.seconds == 0 or abs(self.seconds) > MAX_ADDED_S:
            raise Refused("invalid_field", f"Seconds to add must be between -{MAX_ADDED_S} and {MAX_ADDED_S}, not 0.")
        if state.timer.limit_s + self.seconds < 0:
            raise Refused("invalid_field", "The time limit cannot fall below zero.")
        return {"seconds": self.seconds}

    @classmethod
    def apply(cls, state: RoomState, facts: TimeAdded, at: float) -> None:
        state.timer = state.timer.add(facts["seconds"])


class StartOnCallSet(TypedDict):
    on: bool


@dataclass(frozen=True)
class StartOnCall(Command[StartOnCallSet]):
    """The chair's switch: whether calling a speaker starts the clock at once, or readies it for "Start".

    By default a round table starts it on the call and the plenary waits (`RoomRules.clock_on_call`)."""

    action = "start_on_call"
    may = PRESIDING
    on: bool

    def decide(self, state: RoomState, now: float, directory: Directory) -> StartOnCallSet:
        if state.starts_clock_on_call is self.on:
            said = "starts when a speaker is called." if self.on else "waits for Start once a speaker is called."
            raise Refused("no_change", "The clock already " + said)
        return {"on": self.on}

    @classmethod
    def apply(cls, state: RoomState, facts: StartOnCallSet, at: float) -> None:
        state.start_on_call = facts["on"]
