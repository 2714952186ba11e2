"""A tiny publish/subscribe interface, shaped like encode/broadcaster, chosen by URL scheme.

Messages say only "room R is at version N"; the database holds the truth, so a lost
message is healed by the next one or by the rooms' periodic version check. `memory://`
serves one process; `redis://` (redis-py's asyncio pub/sub) and `postgresql://` (asyncpg's
LISTEN/NOTIFY) connect several workers. Both deliver at most once, and nothing to a
listener that was away: that is what the version check is for.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol


class Broadcast(Protocol):
    async def connect(self) -> None: ...
    async def disconnect(self) -> None: ...
    async def publish(self, channel: str, message: str) -> None: ...
    def subscribe(self, channel: str) -> "AbstractAsyncContextManager[asyncio.Queue[str]]": ...


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


def make_broadcast(url: str) -> Broadcast:
    scheme = url.split(":", 1)[0].lower()
    if url in ("", "memory://") or scheme == "memory":
        return MemoryBroadcast()
    if scheme in ("redis", "rediss"):
        from .broadcast_redis import RedisBroadcast

        return RedisBroadcast(url)
    if scheme.startswith("postgres"):
        from .broadcast_postgres import PostgresBroadcast

        return PostgresBroadcast(url)
    raise ValueError(f"Unsupported broadcast URL '{url}': use memory://, redis://… or postgresql://…")
