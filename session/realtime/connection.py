"""One websocket's way out: a writer task that always sends the latest render.

Starlette's send waits until that one socket is writable, so each connection writes from its
own task: a slow phone delays only itself. Being told "a newer version exists" just marks the
connection stale; the writer renders (from the shared cache) when it is free, so versions
coalesce instead of piling up, and a client that cannot take a frame in time is closed with
a reason and reconnects to the current render.

The common case takes a shorter way: when the server can write an encoded frame at once (see
`frames`) and this socket has nothing of its own waiting, a push is written from the room's
fan-out loop itself, with no task switch and no trip down the middleware stack.
"""

import asyncio
import logging
from collections.abc import Callable, Hashable

from starlette.websockets import WebSocket

from .frames import FRAME_WRITER, EncodedFrames, FrameSink, encode_text, unsent

SEND_TIMEOUT_S = 10.0
MAX_DIRECT = 64  # answers to this client's own commands waiting to go out: more than a socket may send
HEARTBEAT_S = 25.0  # a quiet room still speaks this often, so a phone can tell a dead socket
TRY_AGAIN_LATER = 1013  # htmx's websocket extension reconnects on this code
INTERNAL_ERROR = 1011  # ... and on this one
POLICY_VIOLATION = 1008  # ... but not on this one: a revoked code must not come back
REVOKED = "This access code has been revoked."
log = logging.getLogger(__name__)


class Connection:
    """One socket's pushes. Idle, it holds no task: a writer task exists only while something of
    this socket's own waits to go out (an answer, a render its buffer could not take at once), and
    the heartbeat is a timer. A hall of idle phones is thousands of these."""

    __slots__ = (
        "_direct",
        "_heartbeat",
        "_heartbeat_timer",
        "_needs_render",
        "_render",
        "_sending",
        "_sent",
        "_sink",
        "_writer",
        "code_id",
        "finished",
        "render_key",
        "revoked",
        "too_slow",
        "view",
        "websocket",
    )

    def __init__(
        self,
        websocket: WebSocket,
        view: str,
        render: Callable[[], tuple[str, ...]],
        heartbeat: Callable[[], str] | None = None,
        code_id: int | None = None,
        render_key: Hashable | None = None,
    ):
        self.websocket = websocket
        self.view = view
        self.render_key = render_key  # sockets with the same key show the same render; None if personal
        self.code_id = code_id  # the access code it acts with, if any: revoking it closes the socket
        self._render = render
        self._heartbeat = heartbeat
        self._needs_render = False
        self._direct: list[str] = []  # a list, not a deque: an empty deque weighs 600 bytes
        self._sent: tuple[str, ...] = ()  # the view's parts as this client has them
        self._sending = False
        self._writer: asyncio.Task | None = None
        self._heartbeat_timer: asyncio.TimerHandle | None = None
        self._sink: FrameSink | None = websocket.scope.get("extensions", {}).get(FRAME_WRITER)
        self.too_slow = False
        self.revoked = False  # its code was revoked: closed once, however many workers say so
        self.finished = False  # closed by this side (too slow, a view that cannot be drawn)

    def start(self) -> None:
        """The first frames (the server's clock, the whole view), and the heartbeat from now on."""
        if self._heartbeat is not None:
            self.send_direct(self._heartbeat())
            self._heartbeat_timer = asyncio.get_running_loop().call_later(HEARTBEAT_S, self._beat)
        self.mark_stale()

    async def stop(self) -> None:
        """The socket is gone: no more heartbeats, and a writer still at work is cancelled."""
        if self._heartbeat_timer is not None:
            self._heartbeat_timer.cancel()
        writer = self._writer
        if writer is not None:
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)

    def _beat(self) -> None:
        if self.finished or self._heartbeat is None:
            return
        self.send_direct(self._heartbeat())
        self._heartbeat_timer = asyncio.get_running_loop().call_later(HEARTBEAT_S, self._beat)

    def _wake(self) -> None:
        if self._writer is None and not self.finished:
            self._writer = asyncio.get_running_loop().create_task(self._write())

    def mark_stale(self) -> None:
        self._needs_render = True
        self._wake()

    def push(self, frames: EncodedFrames, renders: dict[Hashable, tuple[str, ...]]) -> None:
        """A newer version exists: write it now if the way is clear, else leave it to the writer.

        The way is clear when nothing of this socket's own waits (an answer, a render in
        progress) and the server takes the frame at once; order on the wire stays as sent.
        `renders` holds this push's render for each render key, asked for once.
        """
        if self._sink is None or self._writer is not None or self.too_slow:
            self.mark_stale()
            return
        try:
            parts = renders.get(self.render_key) if self.render_key is not None else None
            if parts is None:
                parts = self._render()
                if self.render_key is not None:
                    renders[self.render_key] = parts
        except Exception:  # the writer logs it and closes the socket with a reason
            self.mark_stale()
            return
        frame = frames.between(self._sent, parts)
        if frame is None:
            return
        if self._sink.write_frame(frame):
            self._sent = parts
        else:
            self.mark_stale()

    def send_direct(self, text: str) -> None:
        """An answer for this client alone (an error, a clock reading), sent before the next render.

        Written at once when nothing of this socket's own waits: a chair's "accepted" must not
        wait for a task of its own, which would run only after the push its action started (the
        193 delegates' boxes of a plenary, tens of milliseconds)."""
        if self._sink is not None and self._writer is None and not self.too_slow:
            if self._sink.write_frame(encode_text(text)):
                return
        if len(self._direct) >= MAX_DIRECT:
            self.too_slow = True
        self._direct.append(text)
        self._wake()

    async def _write(self) -> None:
        """Send what waits, then end: the next thing to send starts a new writer."""
        try:
            while not self.too_slow and (self._direct or self._needs_render):
                while self._direct and not self.too_slow:
                    await self._send(self._direct.pop(0))
                if self._needs_render and not self.too_slow:
                    self._needs_render = False
                    try:
                        parts = self._render()
                    except Exception:
                        log.exception("could not render the %s view", self.view)
                        self.finished = True
                        await self._close(INTERNAL_ERROR, "The view could not be drawn; reconnecting.")
                        return
                    changed = unsent(self._sent, parts)
                    if changed:  # e.g. a rapporteur's note changes no one else's view
                        self._sent = parts
                        await self._send("".join(changed))
            if self.too_slow:
                self.finished = True
                await self._close(TRY_AGAIN_LATER, "Too far behind; reconnect for the current view.")
        finally:
            self._writer = None

    async def revoke(self) -> None:
        if self.revoked:
            return
        self.revoked = True
        await self._close(POLICY_VIOLATION, REVOKED)

    async def _send(self, frame: str) -> None:
        self._sending = True
        try:
            async with asyncio.timeout(SEND_TIMEOUT_S):
                await self.websocket.send_text(frame)
        except TimeoutError:
            self.too_slow = True
        finally:
            self._sending = False

    async def _close(self, code: int, reason: str) -> None:
        try:
            await asyncio.wait_for(self.websocket.close(code, reason), 1)
        except TimeoutError:  # its buffer is full: the close frame can only queue up behind it
            if self._sink is not None:
                self._sink.abandon(code, reason)
        except Exception:  # noqa: BLE001 - the socket may already be gone; nothing more to say to it
            pass
