"""The chair's timekeeping: starting, pausing and resuming the speaker's clock, and adding time.

The clock itself is `timer.Timer`; calling a speaker starts it and ending a turn stops it
(`floor`). These are the chair's hands on it in between.
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
        _require_phase(state, Phase.IDLE, f"The timer is already {state.timer.phase.value}.")
        limit = state.current.time_limit_s if state.current else state.rules.statement_s
        return {"limit_s": limit}

    @classmethod
    def apply(cls, state: RoomState, facts: TimerStarted, at: float) -> None:
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
