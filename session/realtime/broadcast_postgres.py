"""Pub/sub between workers through PostgreSQL's LISTEN/NOTIFY, with asyncpg."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

log = logging.getLogger(__name__)
RETRY_S = 1.0


def asyncpg_dsn(url: str) -> str:
    """asyncpg wants plain postgresql://; SQLAlchemy URLs may name a driver (postgresql+psycopg://)."""
    _scheme, rest = url.split("://", 1)
    return "postgresql://" + rest


class PostgresBroadcast:
    def __init__(self, url: str):
        self.dsn = asyncpg_dsn(url)
        self._publisher: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self) -> None:
        self._publisher = await asyncpg.connect(self.dsn)

    async def disconnect(self) -> None:
        if self._publisher is not None:
            await self._publisher.close()

    async def publish(self, channel: str, message: str) -> None:
        async with self._lock:  # one connection runs one query at a time
            try:
                if self._publisher is None or self._publisher.is_closed():
                    self._publisher = await asyncpg.connect(self.dsn)
                await self._publisher.execute("SELECT pg_notify($1, $2)", channel, message)
            except (asyncpg.PostgresError, OSError):
                log.warning("could not NOTIFY; other workers will catch up by polling")

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator["asyncio.Queue[str]"]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        listener = asyncio.create_task(self._listen(channel, queue))
        try:
            yield queue
        finally:
            listener.cancel()
            await asyncio.gather(listener, return_exceptions=True)

    async def _listen(self, channel: str, queue: "asyncio.Queue[str]") -> None:
        while True:  # reconnect for as long as the worker runs
            connection = None
            try:
                connection = await asyncpg.connect(self.dsn)
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _c, lost=lost: lost.set())
                await connection.add_listener(channel, lambda _c, _pid, _ch, payload: queue.put_nowait(payload))
                await lost.wait()
                log.warning("LISTEN connection lost; reconnecting")
            except (asyncpg.PostgresError, OSError):
                log.warning("could not LISTEN; retrying")
            finally:
                if connection is not None and not connection.is_closed():
                    await connection.close()
            await asyncio.sleep(RETRY_S)
