"""Browser-facing hardening: security headers on every response, CSRF tokens on HTTP forms."""

import hmac
import logging
import math
import secrets
from collections import OrderedDict, deque
from collections.abc import Callable

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)
# Set on the scope by whatever door refuses a throttled client (the API's JSON refusal has no
# headers of its own); the headers middleware turns it into Retry-After on the 429.
RETRY_AFTER = "session.retry_after"

# No inline script anywhere: htmx is told not to inject its indicator styles, and every
# behaviour lives in static files.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp, https_only: bool = False):
        self.app = app
        self.headers = [
            (b"content-security-policy", CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),  # join URLs carry codes; never leak them onwards
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]
        if https_only:
            self.headers.append((b"strict-transport-security", b"max-age=31536000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers
                wait = scope.get(RETRY_AFTER)
                if (
                    message["status"] == 429
                    and wait
                    and not any(k.lower() == b"retry-after" for k, _ in message["headers"])
                ):
                    message["headers"].append((b"retry-after", str(wait).encode()))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_token(request: Request) -> str:
    """The session's anti-forgery token, made on first use; every HTTP form carries it back."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, submitted: object) -> bool:
    expected = request.session.get("csrf")
    return isinstance(expected, str) and isinstance(submitted, str) and hmac.compare_digest(expected, submitted)


# Every HTTP form here is a handful of short fields: a code, a room, a label, a date.
MAX_FORM_BYTES = 4096
MAX_FORM_FIELDS = 20


class NotAForm(Exception):
    """A body within the limit that is not a form this door takes: a file, or too many fields."""


async def read_bounded_form(request: Request, *, limit: int, max_files: int, max_fields: int) -> FormData | None:
    """The posted form, or None when it is too large (say 413); raises NotAForm for a body that
    is not such a form. The bytes are counted as they arrive — a chunked body has no
    Content-Length to trust — and reading stops at the limit, so no more than `limit` bytes are
    ever held; the parser then refuses more files and fields than the door takes."""
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return {"type": "http.disconnect"}
        replayed = True
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    try:
        return await Request(request.scope, replay).form(
            max_files=max_files, max_fields=max_fields, max_part_size=limit
        )
    except (HTTPException, MultiPartException):
        raise NotAForm from None


async def read_form(request: Request, limit: int = MAX_FORM_BYTES) -> FormData | None:
    """The posted form of a handful of short fields and no file, or None when it is too large or
    not a form of ours (say 413)."""
    try:
        return await read_bounded_form(request, limit=limit, max_files=0, max_fields=MAX_FORM_FIELDS)
    except NotAForm:
        return None


class Throttle:
    """Wrong access codes per client address: after `limit` failures within `window_s` seconds the
    address is refused (429) until the oldest of them is a window old. Bounded: at most `limit`
    times per address and `max_addresses` addresses, the least recently seen forgotten first —
    a flood of spoofed or rotating addresses costs memory once, never more."""

    def __init__(
        self, clock: Callable[[], float], limit: int = 10, window_s: float = 60.0, max_addresses: int = 10_000
    ):
        self.clock, self.limit, self.window_s, self.max_addresses = clock, limit, window_s, max_addresses
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, address: str) -> deque[float]:
        now = self.clock()
        times = self._failures.get(address)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[address]
        return times

    def retry_after(self, address: str) -> int:
        """Seconds this address must wait before its next try; 0: it may try now."""
        times = self._recent(address)
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(times[0] + self.window_s - self.clock()))

    def failed(self, address: str) -> int:
        """Count one wrong code; how many this address has sent within the window."""
        times = self._recent(address)
        times.append(self.clock())
        while len(times) > self.limit:
            times.popleft()
        self._failures[address] = times
        self._failures.move_to_end(address)
        while len(self._failures) > self.max_addresses:
            self._failures.popitem(last=False)
        return len(times)


def code_throttle(conn: HTTPConnection) -> Throttle:
    """The worker's one throttle, made on first use on the app's clock (so tests can move time)."""
    state = conn.app.state
    if not hasattr(state, "code_throttle"):
        state.code_throttle = Throttle(state.clock)
    return state.code_throttle


def client_address(conn: HTTPConnection) -> str:
    """The peer as uvicorn reports it (the proxy's X-Forwarded-For when it trusts the proxy)."""
    return conn.client.host if conn.client else "unknown"


def throttled(conn: HTTPConnection) -> int:
    """Seconds to wait before this client may try another code (0: now), marked on the scope so
    the answer carries Retry-After. The code is not even looked at while the client waits: a right
    guess must look the same as a wrong one."""
    address = client_address(conn)
    wait = code_throttle(conn).retry_after(address)
    if wait:
        conn.scope[RETRY_AFTER] = wait
    return wait


def wrong_code(conn: HTTPConnection) -> None:
    """Count and log a wrong code — its sender's address, never the code."""
    address = client_address(conn)
    throttle = code_throttle(conn)
    count = throttle.failed(address)
    logger.warning("wrong access code from %s (%d within %ds)", address, count, int(throttle.window_s))
    if count == throttle.limit:  # its next tries are refused unread, and not logged one by one
        logger.warning("refusing access codes from %s for up to %ds", address, int(throttle.window_s))
