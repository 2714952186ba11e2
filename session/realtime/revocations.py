"""A revoked code stops every open socket of it, on every worker, whoever revoked it.

Two ways reach them. A revocation is published on the broadcast channel (by the secretariat's desk,
and by `session access revoke` when a broadcast URL is configured): every worker closes its sockets
of that code at once. And, as the safety net for a lost message or a single process that no other
process can reach (memory://), each worker asks the database every few seconds which codes were
revoked since its last look: that periodic sweep is the "re-check at each heartbeat" for sockets
that sit idle and would otherwise go on receiving pushes until they send something.
"""

import asyncio
import logging
import time

from .broadcast import make_broadcast

CHANNEL = "revocations"
# revoked_at is written by the clock of whichever machine revoked; a look back this far forgives
# clocks that disagree by as much, and closing a code's sockets twice does nothing the second time.
CLOCK_SLACK_S = 60.0
log = logging.getLogger(__name__)


def message(code_id: int) -> str:
    return str(code_id)


def code_of(message: str) -> int | None:
    return int(message) if message.isdigit() else None


class Sweep:
    """When this worker last asked the database for revoked codes, and what to ask next."""

    def __init__(self, clock=time.time):
        self.clock = clock  # the wall clock: revoked_at is one, whatever clock the rooms decide by
        self._looked_at = self._pending = clock()

    def begin(self) -> float:
        """The `since` of the next question; `done` moves it on once the answer was acted on."""
        self._pending = self.clock()
        return self._looked_at - CLOCK_SLACK_S

    def done(self) -> None:
        self._looked_at = self._pending


async def announce(broadcast_url: str, code_id: int) -> bool:
    """Tell every worker listening on `broadcast_url` (from another process: the command line)."""
    broadcast = make_broadcast(broadcast_url)
    try:
        await broadcast.connect()
        try:
            await broadcast.publish(CHANNEL, message(code_id))
        finally:
            await broadcast.disconnect()
    except Exception:  # the revocation is committed; the workers' sweep will find it
        log.warning("could not publish the revocation of code %s", code_id, exc_info=True)
        return False
    return True


def announce_now(broadcast_url: str, code_id: int) -> bool:
    return asyncio.run(announce(broadcast_url, code_id))
