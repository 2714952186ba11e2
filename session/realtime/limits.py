"""Flood limits: a sliding window of recent actions per key, and the limits every command meets.

A socket's own limit (messages per 10 s, in `session.web.live`) does not stop a code that opens
twenty sockets, nor a delegation with two codes: these limits count per access code across all of
its sockets and API calls, and per delegation across all of its codes.
"""

import threading
import time
from collections import deque
from collections.abc import Callable

from session.domain.commands import ExpressInterest, RequestFloor, Withdraw, WithdrawInterest
from session.domain.errors import Refused
from session.domain.permissions import SPEAKING, Actor

# Every action sent with one access code, whatever its door: three a second for ten seconds is
# faster than anyone taps for that long. The busiest honest sender is the rapporteur, whose notes
# save after each 700 ms pause in typing (templates/partials/_annotate.html): at most about 14 in
# 10 s; a chair moving an entry up the list taps a dozen times in a few seconds.
COMMANDS_PER_10_S_PER_CODE = 30
# A delegation asks, withdraws and asks again a few times an hour; more than this is a stuck
# button or an attack, and would flood every screen in the hall.
FLOOR_REQUESTS_PER_MINUTE = 6
# Saying it wants to serve on the panel, or no longer, is a decision taken once or twice; each
# change is pushed to every screen of the room.
INTEREST_CHANGES_PER_MINUTE = 6


class SlidingWindow:
    """At most `limit` hits per key in any `per_s` seconds. A key with no hit in the last window
    is forgotten (swept at most once per window), so the keys held are those active lately."""

    def __init__(self, limit: int, per_s: float, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.per_s = per_s
        self.clock = clock
        self._hits: dict[object, deque[float]] = {}
        self._next_sweep = 0.0
        self._lock = threading.Lock()  # the commands of different rooms are decided in parallel threads

    def allow(self, key: object) -> bool:
        with self._lock:
            now = self.clock()
            if now >= self._next_sweep:
                self._sweep(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.per_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def __len__(self) -> int:
        return len(self._hits)

    def _sweep(self, now: float) -> None:
        stale = now - self.per_s
        for key in [key for key, hits in self._hits.items() if not hits or hits[-1] <= stale]:
            del self._hits[key]
        self._next_sweep = now + self.per_s


class CommandLimits:
    """The limits a new command meets before it is decided (a resend of an applied request_id is
    answered before this and counts for nothing). Refused with "rate_limited" and the limit named."""

    def __init__(self, per_code: int = COMMANDS_PER_10_S_PER_CODE, clock: Callable[[], float] = time.monotonic):
        self.per_code = SlidingWindow(per_code, 10.0, clock)
        self.floor_requests = SlidingWindow(FLOOR_REQUESTS_PER_MINUTE, 60.0, clock)
        self.interest_changes = SlidingWindow(INTEREST_CHANGES_PER_MINUTE, 60.0, clock)

    def check(self, room: str, actor: Actor, command: object, code_id: int | None) -> None:
        if code_id is not None and not self.per_code.allow(code_id):
            raise Refused(
                "rate_limited",
                f"Too many actions with this access code: at most "
                f"{self.per_code.limit} in 10 seconds, across all its screens; "
                "wait a moment and try again.",
            )
        if actor.role not in SPEAKING:
            return
        if isinstance(command, RequestFloor | Withdraw):
            if not self.floor_requests.allow((room, actor.participant)):
                raise Refused(
                    "rate_limited",
                    f"Too many requests for the floor from {actor.participant} "
                    "in the last minute; wait a moment and try again.",
                )
        elif isinstance(command, ExpressInterest | WithdrawInterest):
            if not self.interest_changes.allow((room, actor.participant)):
                raise Refused(
                    "rate_limited",
                    f"Too many changes of panel interest from {actor.participant} in "
                    f"the last minute (at most {INTEREST_CHANGES_PER_MINUTE}); wait a moment and try again.",
                )
