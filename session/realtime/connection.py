"""One websocket's way out: a writer task that always sends the latest render.

Starlette's send waits until that one socket is writable, so each connection writes from its
own task: a slow phone delays only itself. Being told "a newer version exists" just marks the
connection stale; the writer renders (from the shared cache) when it is free, so versions
coalesce instead of piling up, and a client that cannot take a frame in time is closed with
a reason and reconnects to the current render.
"""

import asyncio
import logging
from collections import deque
from collections.abc import Callable

from starlette.websockets import WebSocket

SEND_TIMEOUT_S = 10.0
MAX_DIRECT = 64  # answers to this client's own commands waiting to go out: more than a socket may send
HEARTBEAT_S = 25.0  # a quiet room still speaks this often, so a phone can tell a dead socket
TRY_AGAIN_LATER = 1013  # htmx's websocket extension reconnects on this code
INTERNAL_ERROR = 1011  # ... and on this one
POLICY_VIOLATION = 1008  # ... but not on this one: a revoked code must not come back
log = logging.getLogger(__name__)


class Connection:
    def __init__(self, websocket: WebSocket, view: str, render: Callable[[], str],
                 heartbeat: Callable[[], str] | None = None, code_id: int | None = None):
        self.websocket = websocket
        self.view = view
        self.code_id = code_id  # the access code it acts with, if any: revoking it closes the socket
        self._render = render
        self._heartbeat = heartbeat
        self._wake = asyncio.Event()
        self._needs_render = False
        self._direct: deque[str] = deque()
        self._last_render = ""
        self.too_slow = False

    def mark_stale(self) -> None:
        self._needs_render = True
        self._wake.set()

    def send_direct(self, text: str) -> None:
        """An answer for this client alone (an error, a clock reading), sent before the next render."""
        if len(self._direct) >= MAX_DIRECT:
            self.too_slow = True
        self._direct.append(text)
        self._wake.set()

    async def write_forever(self) -> None:
        while not self.too_slow:
            try:
                # asyncio.timeout, not wait_for: no extra task per wake (it showed in the profile)
                async with asyncio.timeout(HEARTBEAT_S):
                    await self._wake.wait()
            except TimeoutError:
                if self._heartbeat is not None:
                    self._direct.append(self._heartbeat())
            self._wake.clear()
            while self._direct and not self.too_slow:
                await self._send(self._direct.popleft())
            if self._needs_render and not self.too_slow:
                self._needs_render = False
                try:
                    frame = self._render()
                except Exception:
                    log.exception("could not render the %s view", self.view)
                    await self._close(INTERNAL_ERROR, "The view could not be drawn; reconnecting.")
                    return
                if frame != self._last_render:  # e.g. a rapporteur's note changes no one else's view
                    self._last_render = frame
                    await self._send(frame)
        await self._close(TRY_AGAIN_LATER, "Too far behind; reconnect for the current view.")

    async def revoke(self) -> None:
        await self._close(POLICY_VIOLATION, "This access code has been revoked.")

    async def _send(self, frame: str) -> None:
        try:
            async with asyncio.timeout(SEND_TIMEOUT_S):
                await self.websocket.send_text(frame)
        except TimeoutError:
            self.too_slow = True

    async def _close(self, code: int, reason: str) -> None:
        try:
            await asyncio.wait_for(self.websocket.close(code, reason), 1)
        except Exception:  # noqa: BLE001 - the socket may already be gone; nothing more to say to it
            pass
