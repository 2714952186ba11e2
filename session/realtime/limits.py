"""Flood limits: a sliding window of recent actions per key (a delegation, a connection)."""

import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    def __init__(self, limit: int, per_s: float, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.per_s = per_s
        self.clock = clock
        self._hits: dict[object, deque[float]] = {}

    def allow(self, key: object) -> bool:
        now = self.clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.per_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        return True

    def forget(self, key: object) -> None:
        self._hits.pop(key, None)
