"""A deadline for request headers: a connection that has not finished sending them is closed.

uvicorn closes an idle kept-alive connection after its keep-alive timeout, but a connection that
has started a request and never finishes its headers (slowloris), or one that never sends a byte,
is held open for as long as the client likes: a few hundred of them use up the server's file
descriptors and its concurrency limit, and nobody else is answered. nginx's
`client_header_timeout` does this in front of a deployment; this does it for the server itself.

The deadline runs from the first byte of each request (or from the connection, for the first) to
the end of its headers; trickling bytes does not extend it. A body, a websocket once upgraded, and
a response being computed are not timed here.
"""

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_S = 10  # a phone on a congested conference network sends its headers well within this


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol (the one in use: httptools is not installed) with a header deadline."""

    header_timeout_s: float = HEADER_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm_header_deadline()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._arm_header_deadline()  # a new request begins: its headers are timed from now
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE or self.transport.get_protocol() is not self:
            self._cancel_header_deadline()  # headers complete, or the socket became a websocket

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_deadline()
        super().connection_lost(exc)

    def _arm_header_deadline(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _cancel_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()  # as nginx does: no answer is owed to a request never made
