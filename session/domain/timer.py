"""The speaking timer, server-authoritative: elapsed time is accumulated across pauses.

A running timer stores only when it last started; clients get the deadline and tick
locally, and a restarted server recomputes the same value from the same facts.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

WARNING_S = 30  # the chair's cue that a speaker should conclude


class Phase(StrEnum):
    IDLE = "idle"
    READY = "ready"  # a speaker called, on the way to the rostrum: the whole limit shown, not counting
    RUNNING = "running"
    PAUSED = "paused"


@dataclass(frozen=True)
class Timer:
    limit_s: int = 0
    accumulated_s: float = 0.0
    started_at: float | None = None  # set while running: when it last started or resumed
    phase: Phase = Phase.IDLE

    def elapsed(self, now: float) -> float:
        if self.phase is Phase.RUNNING:
            assert self.started_at is not None
            return self.accumulated_s + max(0.0, now - self.started_at)
        return self.accumulated_s

    def remaining(self, now: float) -> float:
        """Seconds left; negative once the speaker runs over."""
        return self.limit_s - self.elapsed(now)

    def overrun(self, now: float) -> float:
        return max(0.0, -self.remaining(now))

    @property
    def deadline(self) -> float | None:
        """Server time at which the limit is reached, while running."""
        if self.phase is not Phase.RUNNING:
            return None
        assert self.started_at is not None
        return self.started_at + self.limit_s - self.accumulated_s

    def ready(self, limit_s: int) -> "Timer":
        return Timer(limit_s=limit_s, phase=Phase.READY)

    def start(self, now: float, limit_s: int) -> "Timer":
        return Timer(limit_s=limit_s, accumulated_s=0.0, started_at=now, phase=Phase.RUNNING)

    def pause(self, now: float) -> "Timer":
        return replace(self, accumulated_s=self.elapsed(now), started_at=None, phase=Phase.PAUSED)

    def resume(self, now: float) -> "Timer":
        return replace(self, started_at=now, phase=Phase.RUNNING)

    def add(self, seconds: int) -> "Timer":
        return replace(self, limit_s=self.limit_s + seconds)

    def stop(self) -> "Timer":
        return Timer()
