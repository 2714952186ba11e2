"""The bench's clients: thousands of websockets in one asyncio process, each frame stamped on
arrival, and the phones' way in (the join link's confirmation, then its one POST)."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from session.bench.plan import Spec

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection
    from websockets.typing import BytesLike

    from session.bench.server import ServerGroup, ServerProcess

CONNECT_CONCURRENCY = 64
JOIN_CONCURRENCY = 16
CONNECT_TIMEOUT_S = 20.0
READY_TIMEOUT_S = 60.0
SETTLE_S = 2.0

FLASH = b'<div id="flash"'
CLOCK = b'<div id="server-clock"'
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


class Waiter:
    """Counts down the clients still owed a frame; set when none is left."""

    __slots__ = ("done", "remaining")

    def __init__(self, count: int):
        self.remaining = count
        self.done = asyncio.Event()
        if count <= 0:
            self.done.set()

    def hit(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.done.set()


class Client:
    """One websocket client that stamps every frame on arrival (time.perf_counter, in this process)."""

    __slots__ = (
        "clocks",
        "conn",
        "cookie",
        "error",
        "flash_waiter",
        "flashes",
        "home",
        "sizes",
        "spec",
        "updates",
        "waiter",
        "watch",
    )

    def __init__(self, spec: Spec, cookie: str | None = None):
        self.spec = spec
        self.cookie = cookie
        self.home = 0  # which of the run's servers it connects to
        self.conn: ClientConnection | None = None
        self.error: str | None = None
        self.updates: list[float] = []  # arrival of each view frame
        self.sizes: list[int] = []
        self.flashes: list[tuple[float, bytes]] = []  # answers to this client's own commands
        self.clocks = 0  # server-clock frames (first frame, heartbeats): not updates
        self.waiter: Waiter | None = None
        self.flash_waiter: Waiter | None = None
        self.watch: Callable[[float, BytesLike], None] | None = None

    @property
    def alive(self) -> bool:
        from websockets.protocol import State

        return self.conn is not None and self.conn.protocol.state is State.OPEN

    @property
    def closed_by(self) -> str | None:
        """Why the server closed this connection, if it did."""
        if self.conn is None or self.alive:
            return None
        close = self.conn.protocol.close_rcvd
        return f"{close.code} {close.reason}".strip() if close is not None else "dropped without a close frame"

    def on_message(self, at: float, data: BytesLike) -> None:
        head = bytes(data[:24])
        if head.startswith(FLASH):
            self.flashes.append((at, bytes(data[:300])))
            waiter, self.flash_waiter = self.flash_waiter, None
            if waiter is not None:
                waiter.hit()
            return
        if head.startswith(CLOCK):
            self.clocks += 1
            return
        self.updates.append(at)
        self.sizes.append(len(data))
        waiter, self.waiter = self.waiter, None
        if waiter is not None:
            waiter.hit()
        if self.watch is not None:
            self.watch(at, data)


def _recorder_class():
    """A websockets client connection that hands each complete message to its Client as it is parsed,
    stamped with the time its bytes were read, instead of queueing it for recv(): nothing to await
    per message, so 2,000 clients in one process cost little and their timestamps stay honest."""
    from websockets.asyncio.client import ClientConnection
    from websockets.frames import Frame, Opcode

    class Recorder(ClientConnection):
        def __init__(self, client: Client, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._client = client
            self._stamp = 0.0
            self._parts: list[bytes] | None = None

        def data_received(self, data: bytes) -> None:
            self._stamp = time.perf_counter()
            super().data_received(data)

        def process_event(self, event) -> None:
            if self.response is None or not isinstance(event, Frame):
                return super().process_event(event)  # the handshake
            opcode = event.opcode
            if opcode is Opcode.TEXT or opcode is Opcode.BINARY:
                if event.fin:
                    self._client.on_message(self._stamp, event.data)
                else:
                    self._parts = [bytes(event.data)]
            elif opcode is Opcode.CONT and self._parts is not None:
                self._parts.append(bytes(event.data))
                if event.fin:
                    message, self._parts = b"".join(self._parts), None
                    self._client.on_message(self._stamp, message)
            else:
                super().process_event(event)  # ping, pong, close

    return Recorder


async def connect_all(clients: list[Client], url_for: Callable[[Client], str]) -> None:
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    recorder = _recorder_class()
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(client: Client) -> None:
        headers = {"Cookie": client.cookie} if client.cookie else None
        url = url_for(client)
        origin = Origin("http://" + urlsplit(url).netloc)  # a browser's page sends its Origin with every socket
        async with gate:
            for attempt in range(3):
                try:
                    client.conn = await connect(
                        url,
                        origin=origin,
                        additional_headers=headers,
                        compression=None,
                        ping_interval=None,
                        max_size=None,
                        open_timeout=CONNECT_TIMEOUT_S,
                        close_timeout=2,
                        # Typed as a class, called as a factory: this one binds the connection's Client.
                        create_connection=lambda *a, **k: recorder(client, *a, **k),  # type: ignore[arg-type]
                    )
                    client.error = None
                    return
                except Exception as error:  # noqa: BLE001 - counted and reported, then retried
                    client.error = f"{type(error).__name__}: {error}"
                    await asyncio.sleep(0.2 * (attempt + 1))

    await asyncio.gather(*(one(c) for c in clients))


async def wait_ready(clients: list[Client], timeout: float) -> int:
    """Until every connected client has its first full view (or was closed); how many never got it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(c.conn is not None and not c.updates and c.alive for c in clients):
            break
        await asyncio.sleep(0.05)
    return sum(1 for c in clients if c.conn is not None and not c.updates)


async def connect_measured(
    name: str, clients: list[Client], url_for: Callable[[Client], str], server: ServerProcess | ServerGroup, log
) -> tuple[int, int, int]:
    """Connect every client to a settled server: its RSS before, its RSS once all are connected
    and idle, and how many never got their first view."""
    await asyncio.sleep(SETTLE_S / 2)
    rss_before = server.rss_kib()
    started = time.perf_counter()
    await connect_all(clients, url_for)
    not_ready = await wait_ready(clients, READY_TIMEOUT_S)
    log(
        f"{name}: {sum(c.conn is not None for c in clients)}/{len(clients)} clients connected "
        f"in {time.perf_counter() - started:.1f} s"
    )
    await asyncio.sleep(SETTLE_S)
    return rss_before, server.rss_kib(), not_ready


async def close_all(clients: list[Client]) -> None:
    async def one(client: Client) -> None:
        if client.conn is None:
            return
        with contextlib.suppress(Exception):  # the server may be gone already
            await asyncio.wait_for(client.conn.close(), 5)
        transport = getattr(client.conn, "transport", None)
        if transport is not None and not transport.is_closing():
            transport.abort()

    await asyncio.gather(*(one(c) for c in clients))


def _session_cookie(response: http.client.HTTPResponse) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or ():
        cookie = SimpleCookie()
        cookie.load(header)
        if "session" in cookie:
            return f"session={cookie['session'].value}"
    return None


def join(base_url: str, spec: Spec) -> str:
    """A phone scanning its QR code: the link's confirmation page (GET /join/<code>), then its one
    tap on "Join" (POST /join with the page's CSRF token); the session cookie it ends with."""
    address = urlsplit(base_url)
    if address.hostname is None:
        raise ValueError(f"no host in the server's URL {base_url!r}")
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request("GET", f"/join/{spec.code}")
        page = connection.getresponse()
        text = page.read().decode("utf-8", "replace")
        response, cookie = page, _session_cookie(page)
        token = CSRF_FIELD.search(text)
        if token is not None:
            form = urlencode({"code": spec.code, "csrf_token": token.group(1)})
            connection.request(
                "POST",
                "/join",
                body=form,
                headers={"Content-Type": "application/x-www-form-urlencoded", **({"Cookie": cookie} if cookie else {})},
            )
            response = connection.getresponse()
            response.read()
            cookie = _session_cookie(response) or cookie  # a cookie not set again is the one held
        if response.status != 303 or cookie is None:
            raise RuntimeError(f"joining with a {spec.view} code failed: HTTP {response.status}")
        return cookie
    finally:
        connection.close()


async def join_cookies(base_url: str, specs: list[Spec]) -> dict[int, str]:
    """The session cookie of every code-holding client, by its index in `specs` (each phone its own)."""
    todo = [(i, s) for i, s in enumerate(specs) if s.code]
    if not todo:
        return {}

    def join_all() -> dict[int, str]:
        # Joining happens before anything is timed: plain blocking HTTP in a few threads is enough.
        with ThreadPoolExecutor(max_workers=min(JOIN_CONCURRENCY, len(todo))) as pool:
            return dict(zip((i for i, _ in todo), pool.map(lambda item: join(base_url, item[1]), todo)))

    return await asyncio.to_thread(join_all)
