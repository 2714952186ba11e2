"""Pub/sub between workers through Redis, with redis-py's maintained asyncio client."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
RETRY_S = 1.0


class RedisBroadcast:
    def __init__(self, url: str):
        self.url = url
        self._client: redis.Redis | None = None

    async def connect(self) -> None:
        self._client = redis.from_url(self.url, decode_responses=True)
        await self._client.ping()

    async def disconnect(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    @property
    def _connected(self) -> redis.Redis:
        if self._client is None:
            raise RuntimeError("RedisBroadcast used before connect()")
        return self._client

    async def publish(self, channel: str, message: str) -> None:
        try:
            await self._connected.publish(channel, message)
        except RedisError:
            # The action is committed; other workers will see it at their next version check.
            log.warning("could not publish to Redis; other workers will catch up by polling")

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator["asyncio.Queue[str]"]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        reader = asyncio.create_task(self._read(channel, queue))
        try:
            yield queue
        finally:
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)

    async def _read(self, channel: str, queue: "asyncio.Queue[str]") -> None:
        while True:  # reconnect for as long as the worker runs
            pubsub = self._connected.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(channel)
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        queue.put_nowait(message["data"])
            except (RedisError, OSError):
                log.warning("Redis subscription lost; reconnecting")
                await asyncio.sleep(RETRY_S)
            finally:
                await pubsub.aclose()
