"""A tiny publish/subscribe interface, shaped like encode/broadcaster, chosen by URL scheme.

Messages say only "room R is at version N"; the database holds the truth, so a lost
message is healed by the next one. The in-memory backend serves a single process.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class MemoryBroadcast:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[str]]] = {}

    async def connect(self) -> None:
        pass

    async def disconnect(self) -> None:
        pass

    async def publish(self, channel: str, message: str) -> None:
        for queue in self._subscribers.get(channel, ()):
            queue.put_nowait(message)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator["asyncio.Queue[str]"]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._subscribers.setdefault(channel, set()).add(queue)
        try:
            yield queue
        finally:
            self._subscribers[channel].discard(queue)


def make_broadcast(url: str) -> MemoryBroadcast:
    if url in ("", "memory://"):
        return MemoryBroadcast()
    raise ValueError(f"Unsupported broadcast URL '{url}': only memory:// is available.")
