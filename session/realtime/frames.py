"""Whole websocket frames, encoded once and written straight to many sockets.

A push sends the same render to a thousand observers. Through ASGI, each socket's copy would be
re-encoded and passed down the middleware stack from its own task; here the server's websocket
protocol (uvicorn's websockets sans-I/O implementation) also offers the application a way to
write an already encoded frame to its socket at once, like `websockets.broadcast` does. A server's
frames are not masked, so one encoding serves every socket that shows the same view.

The offer is an ASGI scope extension: a server without it (a test client, another ASGI server)
simply leaves every frame to the connection's own writer. The same extension lets the application
close a socket that stopped reading, which the ASGI close cannot do while the buffer is full.
"""

import asyncio
from typing import Any, Protocol

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State

FRAME_WRITER = "session.frame_writer"  # the key in scope["extensions"]


class FrameSink(Protocol):
    """What the server offers under FRAME_WRITER."""

    def write_frame(self, frame: bytes) -> bool: ...

    def abandon(self, code: int, reason: str) -> None: ...


def encode_text(text: str) -> bytes:
    """A complete, final, unmasked text frame: what a server writes for `text`."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


def unsent(sent: tuple[str, ...], parts: tuple[str, ...]) -> tuple[str, ...]:
    """Those of a view's parts a socket that has `sent` does not have yet."""
    if len(parts) != len(sent):
        return parts
    return tuple(part for part, had in zip(parts, sent) if part is not had and part != had)


class EncodedFrames:
    """One push's frames. A socket that has `sent` and is to show `parts` needs the frame of the
    parts it lacks: worked out once for all the sockets in the same position (a gallery of
    observers had the same parts and is to show the same), and each distinct frame encoded once."""

    __slots__ = ("_moves", "_encoded")

    def __init__(self) -> None:
        # Keyed by identity, and holding both tuples so that no id is reused while the push lasts.
        self._moves: dict[tuple[int, int], tuple[tuple, tuple, bytes | None]] = {}
        self._encoded: dict[tuple[str, ...], bytes] = {}

    def between(self, sent: tuple[str, ...], parts: tuple[str, ...]) -> bytes | None:
        """The frame that brings a socket from `sent` to `parts`; None if it has them all."""
        move = self._moves.get((id(sent), id(parts)))
        if move is None:
            changed = unsent(sent, parts)
            frame = None
            if changed:
                frame = self._encoded.get(changed)
                if frame is None:
                    frame = self._encoded[changed] = encode_text("".join(changed))
            move = self._moves[id(sent), id(parts)] = (sent, parts, frame)
        return move[2]


class Inbox:
    """What uvicorn asks of its per-connection `asyncio.Queue` (put_nowait, get, empty), without
    the queue's three empty deques (2 KiB a socket): one list, and a future only while awaited."""

    __slots__ = ("_items", "_waiter")

    def __init__(self) -> None:
        self._items: list[Any] = []
        self._waiter: asyncio.Future[None] | None = None

    def put_nowait(self, item: Any) -> None:
        self._items.append(item)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def get(self) -> Any:
        while not self._items:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._items.pop(0)

    def empty(self) -> bool:
        return not self._items


class Flag:
    """What uvicorn asks of its `writable` asyncio.Event, without the event's deque of waiters
    (held empty by every idle socket): the waiters' list exists only while someone waits."""

    __slots__ = ("_set", "_waiters")

    def __init__(self) -> None:
        self._set = True
        self._waiters: list[asyncio.Future[None]] | None = None

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        self._set = True
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(None)

    def clear(self) -> None:
        self._set = False

    async def wait(self) -> None:
        if self._set:
            return
        waiter = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        try:
            await waiter
        finally:
            if self._waiters is not None and waiter in self._waiters:
                self._waiters.remove(waiter)


class FrameWritingProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets protocol, plus `write_frame` offered to the application, and lighter
    per socket: thousands of idle phones each hold one (see `Inbox`, `Flag`, and `send`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queue = Inbox()  # type: ignore[assignment]
        self.writable = Flag()  # type: ignore[assignment]

    async def send(self, message: Any) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept" and self.handshake_complete:
            # The handshake's request and response, parsed headers and all, are needed no more:
            # the application reads the scope's copy. The request's headers are emptied, not just
            # let go: the websockets parser's generator holds the request as long as the socket.
            self.request.headers.clear()
            self.request = None  # type: ignore[assignment]
            self.response = None  # type: ignore[assignment]

    def handle_connect(self, event) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)  # absent when the handshake itself was refused
        if scope is not None:
            scope["extensions"][FRAME_WRITER] = self

    def write_frame(self, frame: bytes) -> bool:
        """Write one encoded frame now if the socket is open and keeping up; False to go the slow way.

        Whole frames only, never a fragment, so these writes interleave safely with uvicorn's own
        (pings, closes, ASGI sends). A socket whose buffer is full is refused here: its writer
        waits for it, and closes it if it never drains.
        """
        if (
            not self.handshake_complete
            or self.close_sent
            or self.disconnected
            or not self.writable.is_set()
            or self.transport.is_closing()
            or self.conn.state is not State.OPEN
            or self.conn.expect_continuation_frame
        ):
            return False
        self.transport.write(frame)
        return True

    def abandon(self, code: int, reason: str) -> None:
        """Close a socket that stopped reading: the close frame, with its reason, goes after what is
        already buffered, and the connection is cut if the closing handshake is not through in time."""
        if self.close_sent or self.disconnected or self.transport.is_closing() or self.conn.state is not State.OPEN:
            return
        self.queue.put_nowait({"type": "websocket.disconnect", "code": code, "reason": reason})
        self.conn.send_close(code, reason)
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.close_sent = True
        if self.read_paused:  # the peer's answering close frame must still be read
            self.read_paused = False
            self.transport.resume_reading()
        self.close_timer = self.loop.call_later(self.close_timeout, self.transport.abort)
