"""`session bench`: how fast a chair's action reaches every phone, against Python's own limit.

One run, two servers, the same clients:

1. **session** — the real server (`session serve`: uvicorn with its `websockets-sansio`
   implementation, extended to write pre-encoded frames; SQLite) in a subprocess on loopback.
   N websocket clients join the rooms with realistic roles (by default 2,000 over the five rooms:
   mostly the gallery, the 193 Member States as delegates in the plenary, a chair and a big screen
   per room). Chair actions go from each room's chair client over its websocket, as a tablet sends
   them, one at a time (one per room first, unmeasured, to warm up); for each, the delay until
   **each** client of that room has its new frame. Then the 193 delegates press "Request the
   floor" within the same 100 ms.
2. **baseline** — a bare `websockets` server that only calls `websockets.broadcast` with a
   message of the session frames' average size: the physical limit of Python fan-out here.

Both servers run without compression. Server memory is the growth of its RSS from before the
clients connect to when all are connected and idle, divided by N; CPU is the server's user +
system time over the action phase. Everything runs in one asyncio process on the client side
(with uvloop if it is installed); every phase has a timeout and the subprocesses are always
stopped.

    .venv/bin/python -m session.bench [--clients 2000] [--actions 30] [--rooms 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import platform
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_CLIENTS = 2000
DEFAULT_ACTIONS = 30
QUICK_CLIENTS = 200
QUICK_ACTIONS = 10
PLENARY_SHARE = 0.6  # the plenary holds the hall; the round tables share the rest
ROUND_TABLE_DELEGATES = 6
BURST_WINDOW_S = 0.1
# Each press is timed within the first 80 ms: the client loop's own lateness must not spread them
# beyond the 100 ms the burst is about.
BURST_JITTER_S = 0.08

# Targets from the issue.
TARGET_P99_MS = 150.0
TARGET_RATIO = 1.5
TARGET_KIB_PER_CONNECTION = 64.0

# Chair actions, in the order a chair would tap them; each changes every view of its room.
CYCLE = ("request_floor", "call_next", "timer_pause", "timer_resume", "timer_add", "end_intervention")

CONNECT_CONCURRENCY = 64
JOIN_CONCURRENCY = 16
CONNECT_TIMEOUT_S = 20.0
READY_TIMEOUT_S = 60.0
ACTION_TIMEOUT_S = 10.0
BURST_TIMEOUT_S = 60.0
SETTLE_S = 2.0
SERVER_START_TIMEOUT_S = 30.0

FLASH = b'<div id="flash"'
CLOCK = b'<div id="server-clock"'
QUEUE_COUNT = re.compile(rb'<section id="queue".*?<span class="count">\((\d+)\)', re.S)
FLASH_CODE = re.compile(rb'data-code="([^"]*)"')


# --- the plan: rooms, roles, codes ------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    """One client to be: which room, which view, and the code it joins with (if its view needs one)."""

    room: str
    view: str
    participant: str | None = None
    code: str | None = None


@dataclass
class Plan:
    database_url: str
    rooms: list[str]
    specs: list[Spec]
    chair_codes: dict[str, str]
    on_behalf: list[str]  # participants a chair inscribes during the action phase (never a delegate here)

    def count(self, room: str, view: str | None = None) -> int:
        return sum(1 for s in self.specs if s.room == room and (view is None or s.view == view))


def room_sizes(clients: int, n_rooms: int) -> list[int]:
    if n_rooms == 1:
        return [clients]
    plenary = round(clients * PLENARY_SHARE)
    each = (clients - plenary) // (n_rooms - 1)
    return [clients - each * (n_rooms - 1)] + [each] * (n_rooms - 1)


def plenary_delegates(size: int, member_states: int) -> int:
    return max(0, min(member_states, (size - 2) // 2))


def prepare(workdir: Path, clients: int, n_rooms: int, delegates: int | None) -> Plan:
    """Migrate and seed a fresh database, mint the codes, and lay out who connects where."""
    from session import data
    from session.domain.permissions import Role
    from session.store import access
    from session.store.database import make_engine, migrate
    from session.store.seed import seed_reference_data

    url = f"sqlite:///{workdir / 'bench.db'}"
    engine = make_engine(url)
    try:
        migrate(engine)
        seed_reference_data(engine)
        people = data.participants()
        member_states = [p.id for p in people if p.category == "member_state"]
        others = [p.id for p in people if p.category != "member_state"]
        slugs = [r.slug for r in data.rooms()][:n_rooms]
        specs: list[Spec] = []
        chair_codes: dict[str, str] = {}
        for slug, size in zip(slugs, room_sizes(clients, n_rooms)):
            chair = access.mint(engine, role=Role.CHAIR, room=slug, label=f"bench chair {slug}")
            chair_codes[slug] = chair
            room: list[Spec] = [Spec(slug, "chair", code=chair), Spec(slug, "screen")][:size]
            if slug == "plenary":
                n = plenary_delegates(size, len(member_states)) if delegates is None else \
                    min(delegates, len(member_states), max(0, size - 2))
                chosen = member_states[:n]
            else:
                chosen = member_states[::17][:min(ROUND_TABLE_DELEGATES, max(0, (size - 2) // 3))]
            for pid in chosen:
                code = access.mint(engine, role=Role.DELEGATE, room=slug, participant=pid,
                                   label=f"bench {pid}")
                room.append(Spec(slug, "delegate", participant=pid, code=code))
            room += [Spec(slug, "observe")] * max(0, size - len(room))
            specs += room
    finally:
        engine.dispose()
    return Plan(database_url=url, rooms=slugs, specs=specs, chair_codes=chair_codes, on_behalf=others)


# --- the clients -----------------------------------------------------------------------------

class Waiter:
    """Counts down the clients still owed a frame; set when none is left."""

    __slots__ = ("remaining", "done")

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

    __slots__ = ("spec", "cookie", "conn", "error", "updates", "sizes", "flashes", "clocks",
                 "waiter", "flash_waiter", "watch")

    def __init__(self, spec: Spec, cookie: str | None = None):
        self.spec = spec
        self.cookie = cookie
        self.conn = None
        self.error: str | None = None
        self.updates: list[float] = []  # arrival of each view frame
        self.sizes: list[int] = []
        self.flashes: list[tuple[float, bytes]] = []  # answers to this client's own commands
        self.clocks = 0  # server-clock frames (first frame, heartbeats): not updates
        self.waiter: Waiter | None = None
        self.flash_waiter: Waiter | None = None
        self.watch: Callable[[float, bytes], None] | None = None

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

    def on_message(self, at: float, data: bytes) -> None:
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


async def connect_all(clients: list[Client], url_for: Callable[[Spec], str]) -> None:
    from websockets.asyncio.client import connect
    recorder = _recorder_class()
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(client: Client) -> None:
        headers = {"Cookie": client.cookie} if client.cookie else None
        url = url_for(client.spec)
        origin = "http://" + urlsplit(url).netloc  # a browser's page sends its Origin with every socket
        async with gate:
            for attempt in range(3):
                try:
                    client.conn = await connect(
                        url, origin=origin, additional_headers=headers, compression=None,
                        ping_interval=None, max_size=None, open_timeout=CONNECT_TIMEOUT_S, close_timeout=2,
                        create_connection=lambda *a, **k: recorder(client, *a, **k))
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


async def connect_measured(name: str, clients: list[Client], url_for: Callable[[Spec], str],
                           server: "ServerProcess", log) -> tuple[int, int, int]:
    """Connect every client to a settled server: its RSS before, its RSS once all are connected
    and idle, and how many never got their first view."""
    await asyncio.sleep(SETTLE_S / 2)
    rss_before = server.rss_kib()
    started = time.perf_counter()
    await connect_all(clients, url_for)
    not_ready = await wait_ready(clients, READY_TIMEOUT_S)
    log(f"{name}: {sum(c.conn is not None for c in clients)}/{len(clients)} clients connected "
        f"in {time.perf_counter() - started:.1f} s")
    await asyncio.sleep(SETTLE_S)
    return rss_before, server.rss_kib(), not_ready


async def close_all(clients: list[Client]) -> None:
    async def one(client: Client) -> None:
        if client.conn is None:
            return
        try:
            await asyncio.wait_for(client.conn.close(), 5)
        except Exception:  # noqa: BLE001 - the server may be gone already
            pass
        transport = getattr(client.conn, "transport", None)
        if transport is not None and not transport.is_closing():
            transport.abort()

    await asyncio.gather(*(one(c) for c in clients))


async def join_cookies(base_url: str, specs: list[Spec]) -> dict[int, str]:
    """Each code-holding client joins like a phone scanning its QR code: the link's confirmation
    page (GET /join/<code>), then its one tap on "Join" (POST /join with the page's CSRF token)."""
    import httpx
    cookies: dict[int, str] = {}
    todo = [(i, s) for i, s in enumerate(specs) if s.code]
    queue: asyncio.Queue = asyncio.Queue()
    for item in todo:
        queue.put_nowait(item)

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
            while not queue.empty():
                i, spec = queue.get_nowait()
                page = await http.get(f"/join/{spec.code}", follow_redirects=False)
                token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                response = page if token is None else await http.post(
                    "/join", data={"code": spec.code, "csrf_token": token.group(1)}, follow_redirects=False)
                if response.status_code != 303 or "session" not in http.cookies:
                    raise RuntimeError(f"joining with a {spec.view} code failed: HTTP {response.status_code}")
                cookies[i] = f"session={http.cookies['session']}"
                http.cookies.clear()  # each phone has its own cookie

    await asyncio.gather(*(worker() for _ in range(min(JOIN_CONCURRENCY, len(todo)))))
    return cookies


# --- the server processes ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A server in a subprocess, its output in a file; RSS and CPU time from /proc."""

    def __init__(self, args: list[str], log_path: Path, env: dict[str, str] | None = None):
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, cwd=log_path.parent,
                                        stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def rss_kib(self) -> int:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def cpu_s(self) -> float:
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        else:
            self.process.wait()
        self._log.close()


async def wait_until(check: Callable[[], Awaitable[bool]], server: ServerProcess, what: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if not server.running():
            raise RuntimeError(f"{what} exited with code {server.process.returncode}:\n{server.log_tail()}")
        try:
            if await check():
                return
        except OSError:
            pass
        except Exception as error:  # noqa: BLE001 - e.g. httpx.ConnectError while it starts
            if not _is_connect_error(error):
                raise
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {SERVER_START_TIMEOUT_S:.0f} s:\n{server.log_tail()}")


def _is_connect_error(error: Exception) -> bool:
    import httpx
    from websockets.exceptions import InvalidHandshake
    return isinstance(error, httpx.TransportError | InvalidHandshake | ConnectionError | TimeoutError)


# --- the baseline: a bare websockets server that only broadcasts ------------------------------

def payload(size: int) -> str:
    """A stand-in fragment of exactly `size` bytes (ASCII)."""
    head, tail = '<section id="queue" hx-swap-oob="true">', "</section>"
    return head + "x" * max(0, size - len(head) - len(tail)) + tail


async def _baseline_server(port: int, initial_size: int) -> None:
    from websockets.asyncio.server import broadcast, serve

    rooms: dict[str, set] = {}

    async def handler(ws) -> None:
        path = ws.request.path
        if path == "/control":  # "<room> <size>": broadcast that many bytes to the room, answer "ok"
            async for message in ws:
                slug, size = str(message).split()
                broadcast(rooms.get(slug, ()), payload(int(size)))
                await ws.send("ok")
            return
        members = rooms.setdefault(path.rsplit("/", 1)[-1], set())
        members.add(ws)
        try:
            await ws.send(payload(initial_size))  # like the full view a session client gets first
            async for _ in ws:
                pass
        finally:
            members.discard(ws)

    async with serve(handler, "127.0.0.1", port, compression=None, max_size=16 * 1024, backlog=4096) as server:
        await server.serve_forever()


def run_baseline_server(port: int, initial_size: int) -> None:
    try:
        asyncio.run(_baseline_server(port, initial_size))
    except KeyboardInterrupt:
        pass


# --- measuring ----------------------------------------------------------------------------------

def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def distribution_ms(seconds: list[float]) -> dict:
    values = sorted(s * 1000 for s in seconds)
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "p99": percentile(values, 99),
            "max": values[-1] if values else math.nan,
            "mean": sum(values) / len(values) if values else math.nan, "count": len(values)}


@dataclass
class PhaseResult:
    delays: list[float] = field(default_factory=list)  # every (action, client) pair delivered
    by_room: dict[str, list[float]] = field(default_factory=dict)
    per_action: list[dict] = field(default_factory=list)
    per_action_all: list[float] = field(default_factory=list)  # time until the action's last client had it
    send_rtt: list[float] = field(default_factory=list)  # the chair's answer (committed) / the control ack
    sizes: list[int] = field(default_factory=list)
    missed: int = 0
    failed: list[str] = field(default_factory=list)
    actions: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    client_cpu_s: float = 0.0


async def drive(rooms: list[str], by_room: dict[str, list[Client]], actions: int,
                send: Callable[[str, int], Awaitable[str | None]], server: ServerProcess) -> PhaseResult:
    """Send `actions` actions one at a time, alternating rooms; wait until each reached every client."""
    result = PhaseResult()
    steps = Counter()
    gc.collect()
    gc.disable()  # the bench's own collector pauses would count as the server's delays
    try:
        await _drive(rooms, by_room, len(rooms), send, server, PhaseResult(), steps)  # warm-up, not counted
        await _drive(rooms, by_room, actions, send, server, result, steps)
    finally:
        gc.enable()
    return result


async def _drive(rooms, by_room, actions, send, server, result: PhaseResult, steps: Counter) -> None:
    cpu0, own0, t_phase = server.cpu_s(), _own_cpu(), time.perf_counter()
    for i in range(actions):
        slug = rooms[i % len(rooms)]
        step = steps[slug]
        steps[slug] += 1
        targets = [c for c in by_room[slug] if c.conn is not None]  # a client the server dropped counts as missed
        waiter = Waiter(len(targets))
        marks = []
        for c in targets:
            marks.append(len(c.updates))
            c.waiter = waiter
        sent = time.perf_counter()
        try:
            error = await send(slug, step)
        except Exception as exc:  # noqa: BLE001 - a failed action is reported, not fatal
            error = f"{type(exc).__name__}: {exc}"
        answered = time.perf_counter()
        if error is not None:
            for c in targets:
                c.waiter = None
            result.failed.append(f"{slug} #{step}: {error}")
            continue
        result.actions += 1
        result.send_rtt.append(answered - sent)
        try:
            await asyncio.wait_for(waiter.done.wait(), ACTION_TIMEOUT_S)
        except TimeoutError:
            pass
        last, first, missed = 0.0, math.inf, result.missed
        for c, mark in zip(targets, marks):
            c.waiter = None
            if len(c.updates) > mark:
                delay = c.updates[mark] - sent
                result.delays.append(delay)
                result.by_room.setdefault(slug, []).append(delay)
                result.sizes.append(c.sizes[mark])
                last, first = max(last, delay), min(first, delay)
            else:
                result.missed += 1
        result.per_action_all.append(last)
        result.per_action.append({"room": slug, "action": CYCLE[step % len(CYCLE)], "clients": len(targets),
                                  "answer_ms": 1000 * (answered - sent), "first_ms": 1000 * first,
                                  "last_ms": 1000 * last, "missed": result.missed - missed})
    result.wall_s = time.perf_counter() - t_phase
    result.cpu_s = server.cpu_s() - cpu0
    result.client_cpu_s = _own_cpu() - own0


def _own_cpu() -> float:
    t = os.times()
    return t.user + t.system


def summarise(result: PhaseResult, clients: list[Client], rss_before: int, rss_after: int) -> dict:
    connected = sum(1 for c in clients if c.conn is not None)
    return {
        "closed_by_server": dict(Counter(c.closed_by for c in clients if c.closed_by)),
        "clients": len(clients),
        "connected": connected,
        "connect_errors": sorted(Counter(c.error for c in clients if c.conn is None and c.error).items()),
        "actions": result.actions,
        "failed_actions": result.failed,
        "deliveries": len(result.delays),
        "missed": result.missed,
        "latency_ms": distribution_ms(result.delays),
        "latency_ms_by_room": {slug: distribution_ms(d) for slug, d in result.by_room.items()},
        "all_clients_ms": distribution_ms(result.per_action_all),
        "send_ms": distribution_ms(result.send_rtt),
        "actions_per_s": result.actions / result.wall_s if result.wall_s else math.nan,
        "phase_s": result.wall_s,
        "frame_bytes_mean": sum(result.sizes) / len(result.sizes) if result.sizes else math.nan,
        "rss_before_kib": rss_before,
        "rss_after_kib": rss_after,
        "rss_per_connection_kib": (rss_after - rss_before) / connected if connected else math.nan,
        "per_action": result.per_action,
        "server_cpu_s": result.cpu_s,
        "server_cpu_percent": 100 * result.cpu_s / result.wall_s if result.wall_s else math.nan,
        "server_cpu_ms_per_action": 1000 * result.cpu_s / result.actions if result.actions else math.nan,
        "client_cpu_percent": 100 * result.client_cpu_s / result.wall_s if result.wall_s else math.nan,
    }


def group(clients: list[Client]) -> dict[str, list[Client]]:
    by_room: dict[str, list[Client]] = {}
    for c in clients:
        by_room.setdefault(c.spec.room, []).append(c)
    return by_room


# --- phase 1: the session server ---------------------------------------------------------------

async def session_phase(plan: Plan, actions: int, workdir: Path, rng: random.Random, log) -> tuple[dict, dict]:
    import httpx

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = ServerProcess(session_server_args(port, plan.database_url), workdir / "session-server.log",
                           session_server_env(len(plan.specs)))
    clients: list[Client] = []
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            async def up() -> bool:
                return (await http.get("/api/rooms/plenary/state")).status_code == 200
            await wait_until(up, server, "the session server")
            log(f"session server up (pid {server.pid}, port {port}); joining {sum(1 for s in plan.specs if s.code)} codes")
            cookies = await join_cookies(base, plan.specs)
            clients = [Client(s, cookies.get(i)) for i, s in enumerate(plan.specs)]
            for slug in plan.rooms:
                await http.get(f"/api/rooms/{slug}/state")
            rss_before, rss_after, not_ready = await connect_measured(
                "session", clients, lambda s: f"ws://127.0.0.1:{port}/rooms/{s.room}/ws?view={s.view}", server, log)

            behalf = {slug: iter(plan.on_behalf * 10) for slug in plan.rooms}
            chairs = {c.spec.room: c for c in clients if c.spec.view == "chair"}

            async def send(slug: str, step: int) -> str | None:
                """The chair's tablet sends the action on its websocket and waits for its answer."""
                action = CYCLE[step % len(CYCLE)]
                command: dict = {"action": action, "request_id": f"bench-{uuid.uuid4().hex}"}
                if action == "request_floor":
                    command.update(participant=next(behalf[slug]), type="statement")
                elif action == "timer_add":
                    command.update(seconds=30)
                chair = chairs[slug]
                if chair.conn is None:
                    return f"{action}: the chair is not connected"
                answer, mark = Waiter(1), len(chair.flashes)
                chair.flash_waiter = answer
                await chair.conn.send(json.dumps(command))
                await asyncio.wait_for(answer.done.wait(), ACTION_TIMEOUT_S)
                refusal = FLASH_CODE.search(chair.flashes[mark][1])
                return f"{action}: refused ({refusal.group(1).decode()})" if refusal and refusal.group(1) else None

            by_room = group(clients)
            result = await drive(plan.rooms, by_room, actions, send, server)
            summary = summarise(result, clients, rss_before, rss_after) | {"without_first_view": not_ready}
            log(f"session: {result.actions} actions, p99 {summary['latency_ms']['p99']:.1f} ms")

            burst = await delegates_burst(http, by_room.get("plenary", []), rng) if "plenary" in by_room else {}
            summary["server_log_errors"] = _log_errors(server)
            return summary, burst
    finally:
        await close_all(clients)
        server.stop()


def session_server_args(port: int, database_url: str) -> list[str]:
    """`session serve`, exactly as an operator would start it."""
    return [sys.executable, "-m", "session", "serve", "--port", str(port), "--database-url", database_url]


def session_server_env(clients: int) -> dict[str, str]:
    """Every bench client connects from 127.0.0.1, as a hall behind one NAT would: the operator of
    such a hall raises the per-address cap to fit, through its setting."""
    return {"SESSION_MAX_SOCKETS_PER_ADDRESS": str(max(clients, 1) + 10)}


def _log_errors(server: ServerProcess) -> list[str]:
    """Tracebacks and errors the server logged: a benchmark that hides them would lie."""
    try:
        lines = server.log_path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    return [line for line in lines if "Traceback" in line or line.startswith("ERROR")][:20]


async def delegates_burst(http, plenary: list[Client], rng: random.Random) -> dict:
    """Every plenary delegate presses "Request the floor" within the same 100 ms."""
    delegates = [c for c in plenary if c.spec.view == "delegate" and c.alive]
    chairs = [c for c in plenary if c.spec.view == "chair" and c.alive]
    if not delegates:
        return {}
    before = (await http.get("/api/rooms/plenary/state")).json()
    target = len(before["queue"]) + len(delegates)
    shown = Waiter(1)
    seen = {"at": None, "max": len(before["queue"])}

    def watch(at: float, data: bytes) -> None:
        match = QUEUE_COUNT.search(data)
        if match:
            count = int(match.group(1))
            seen["max"] = max(seen["max"], count)
            if count >= target and seen["at"] is None:
                seen["at"] = at
                shown.hit()

    if chairs:
        chairs[0].watch = watch
        chair_mark = len(chairs[0].updates)
    else:
        shown.hit()
    acks = Waiter(len(delegates))
    marks = {}
    sent: dict[Client, float] = {}
    start = time.perf_counter()

    async def press(client: Client) -> None:
        await asyncio.sleep(rng.uniform(0, BURST_JITTER_S))
        marks[client] = len(client.flashes)
        client.flash_waiter = acks
        sent[client] = time.perf_counter()
        await client.conn.send(json.dumps({"action": "request_floor", "request_id": f"burst-{uuid.uuid4().hex}"}))

    await asyncio.gather(*(press(c) for c in delegates))
    try:
        await asyncio.wait_for(asyncio.gather(shown.done.wait(), acks.done.wait()), BURST_TIMEOUT_S)
    except TimeoutError:
        pass
    for c in chairs:
        c.watch = None
    after = (await http.get("/api/rooms/plenary/state")).json()
    wanted = {c.spec.participant for c in delegates}
    entries = Counter(q["participant"] for q in after["queue"] if q["participant"] in wanted)
    codes: Counter = Counter()
    ack_delays = []
    for c in delegates:
        c.flash_waiter = None
        answers = c.flashes[marks[c]:]
        if not answers:
            codes["(no answer)"] += 1
            continue
        at, frame = answers[0]
        ack_delays.append(at - sent[c])
        match = FLASH_CODE.search(frame)
        codes[match.group(1).decode() if match and match.group(1) else "accepted"] += 1
    return {
        "delegates": len(delegates),
        "send_window_ms": 1000 * (max(sent.values()) - min(sent.values())),
        "accepted": len(entries),
        "duplicates": sum(n - 1 for n in entries.values()),
        "lost": len(wanted - set(entries)),
        "answers": dict(codes),
        "chair_queue_shows_all_s": (seen["at"] - start) if seen["at"] is not None else None,
        "chair_queue_max_seen": seen["max"],
        "chair_queue_target": target,
        "chair_frames": len(chairs[0].updates) - chair_mark if chairs else 0,
        "chair_connected_after": chairs[0].alive if chairs else False,
        "ack_ms": distribution_ms(ack_delays),
    }


# --- phase 2: the baseline --------------------------------------------------------------------

async def baseline_phase(plan: Plan, actions: int, frame_bytes: int, workdir: Path, log) -> dict:
    from websockets.asyncio.client import connect

    port = free_port()
    code = f"import session.bench as b; b.run_baseline_server({port}, {frame_bytes})"
    server = ServerProcess([sys.executable, "-c", code], workdir / "baseline-server.log")
    clients = [Client(s) for s in plan.specs]
    control = None
    try:
        async def up() -> bool:
            nonlocal control
            control = await connect(f"ws://127.0.0.1:{port}/control", compression=None, ping_interval=None,
                                    open_timeout=2)
            return True
        await wait_until(up, server, "the baseline server")
        rss_before, rss_after, not_ready = await connect_measured(
            "baseline", clients, lambda s: f"ws://127.0.0.1:{port}/rooms/{s.room}", server, log)

        async def send(slug: str, step: int) -> str | None:
            await control.send(f"{slug} {frame_bytes}")
            answer = await asyncio.wait_for(control.recv(), ACTION_TIMEOUT_S)
            return None if answer == "ok" else f"control answered {answer!r}"

        result = await drive(plan.rooms, group(clients), actions, send, server)
        return summarise(result, clients, rss_before, rss_after) | {"without_first_view": not_ready}
    finally:
        if control is not None:
            await control.close()
        await close_all(clients)
        server.stop()


# --- the whole run ----------------------------------------------------------------------------

def raise_open_files(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        new = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))


async def run(plan: Plan, args: argparse.Namespace, workdir: Path, log) -> dict:
    rng = random.Random(args.seed)
    session, burst = await session_phase(plan, args.actions, workdir, rng, log)
    frame = session["frame_bytes_mean"]
    frame_bytes = int(round(frame)) if not math.isnan(frame) else 2048
    baseline = await baseline_phase(plan, args.actions, frame_bytes, workdir, log)
    return {"session": session, "baseline": baseline, "burst": burst}


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    found = {}
    for name in ("websockets", "uvicorn", "starlette"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def ratio_of(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else math.nan


def ratios(session: dict, baseline: dict) -> dict:
    ratio = ratio_of
    out = {k: ratio(session["latency_ms"][k], baseline["latency_ms"][k]) for k in ("p50", "p95", "p99", "max")}
    out["actions_per_s"] = ratio(session["actions_per_s"], baseline["actions_per_s"])
    out["rss_per_connection"] = ratio(session["rss_per_connection_kib"], baseline["rss_per_connection_kib"])
    return out


def targets(report: dict) -> dict:
    s, b, burst = report["session"], report["baseline"], report["burst"]
    out = {
        "p99_le_150_ms": s["latency_ms"]["p99"] <= TARGET_P99_MS,
        "p99_within_1_5x_baseline": report["ratio"]["p99"] <= TARGET_RATIO,
        "le_64_kib_per_connection": s["rss_per_connection_kib"] <= TARGET_KIB_PER_CONNECTION,
        "every_client_got_every_update": all(
            x["missed"] == 0 and not x["failed_actions"] and x["connected"] == x["clients"]
            and not x["without_first_view"] and not x["closed_by_server"] for x in (s, b)),
    }
    if burst:
        out["burst_all_accepted"] = (burst["accepted"] == burst["delegates"] and burst["lost"] == 0
                                     and burst["duplicates"] == 0)
    return out


def format_table(report: dict) -> str:
    cfg, s, b, r, burst = report["config"], report["session"], report["baseline"], report["ratio"], report["burst"]
    lines = [f"session bench — {cfg['clients']} clients in {len(cfg['rooms'])} rooms "
             f"({', '.join(f'{k} {v}' for k, v in cfg['clients_per_room'].items())}), "
             f"{cfg['actions']} chair actions; {report['machine']['cpus']} CPUs, Python {report['machine']['python']}, "
             f"websockets {report['machine']['versions'].get('websockets', '?')}, "
             f"uvicorn {report['machine']['versions'].get('uvicorn', '?')}",
             "",
             f"{'':<40}{'session':>12}{'baseline':>12}{'ratio':>9}"]

    def row(label: str, a: float, c: float, rt: float | None = None, fmt: str = "{:.1f}") -> None:
        cell = lambda v: fmt.format(v) if isinstance(v, int | float) and not math.isnan(v) else "—"  # noqa: E731
        lines.append(f"{label:<40}{cell(a):>12}{cell(c):>12}"
                     f"{(f'{rt:.2f}×' if rt is not None and not math.isnan(rt) else ''):>9}")

    for k in ("p50", "p95", "p99", "max"):
        row(f"delivery to each client, {k} (ms)", s["latency_ms"][k], b["latency_ms"][k], r[k])
    for slug, dist in s["latency_ms_by_room"].items():
        other = b["latency_ms_by_room"].get(slug, {}).get("p99", math.nan)
        row(f"  {slug} ({cfg['clients_per_room'][slug]} clients), p99 (ms)", dist["p99"], other,
            ratio_of(dist["p99"], other))
    row("until an action's last client, p50 (ms)", s["all_clients_ms"]["p50"], b["all_clients_ms"]["p50"])
    row("until an action's last client, max (ms)", s["all_clients_ms"]["max"], b["all_clients_ms"]["max"])
    row("chair's answer / broadcast trigger, p50 (ms)", s["send_ms"]["p50"], b["send_ms"]["p50"])
    row("actions per second (one at a time)", s["actions_per_s"], b["actions_per_s"], r["actions_per_s"])
    row("deliveries measured", s["deliveries"], b["deliveries"], fmt="{:.0f}")
    row("deliveries missed", s["missed"], b["missed"], fmt="{:.0f}")
    row("frame size, mean (bytes)", s["frame_bytes_mean"], b["frame_bytes_mean"], fmt="{:.0f}")
    row("server RSS growth per connection (KiB)", s["rss_per_connection_kib"], b["rss_per_connection_kib"],
        r["rss_per_connection"])
    row("server RSS idle with all clients (MiB)", s["rss_after_kib"] / 1024, b["rss_after_kib"] / 1024)
    row("server CPU over the actions (% of a core)", s["server_cpu_percent"], b["server_cpu_percent"], fmt="{:.0f}")
    row("server CPU per action (ms)", s["server_cpu_ms_per_action"], b["server_cpu_ms_per_action"],
        ratio_of(s["server_cpu_ms_per_action"], b["server_cpu_ms_per_action"]))
    row("bench clients' CPU (% of a core)", s["client_cpu_percent"], b["client_cpu_percent"], fmt="{:.0f}")
    if s["failed_actions"]:
        lines.append(f"failed actions: {'; '.join(s['failed_actions'][:5])}")
    if s["connected"] < s["clients"] or b["connected"] < b["clients"]:
        lines.append(f"connected: session {s['connected']}/{s['clients']}, baseline {b['connected']}/{b['clients']}; "
                     f"errors {s['connect_errors'][:3]} {b['connect_errors'][:3]}")
    for name, x in (("session", s), ("baseline", b)):
        if x["without_first_view"] or x["closed_by_server"]:
            lines.append(f"{name}: {x['without_first_view']} clients never got their first view; "
                         f"closed by the server: {x['closed_by_server']}")
    if s.get("server_log_errors"):
        lines.append(f"server log errors: {s['server_log_errors'][:3]}")
    if burst:
        shows = burst["chair_queue_shows_all_s"]
        lines += ["",
                  f"burst: {burst['delegates']} plenary delegates pressed \"Request the floor\" within "
                  f"{burst['send_window_ms']:.0f} ms — accepted {burst['accepted']}, duplicates {burst['duplicates']}, "
                  f"lost {burst['lost']}; answers {burst['answers']}",
                  "       the chair's queue showed all of them after "
                  + (f"{shows * 1000:.0f} ms" if shows is not None else
                     f"— (never within {BURST_TIMEOUT_S:.0f} s; max seen {burst['chair_queue_max_seen']}"
                     f"/{burst['chair_queue_target']})")
                  + f"; each delegate's own answer p50 {burst['ack_ms']['p50']:.0f} ms, max {burst['ack_ms']['max']:.0f} ms"]
    t = report["targets"]
    mark = lambda ok: "met" if ok else "MISSED"  # noqa: E731
    lines += ["", "targets: "
              f"p99 ≤ {TARGET_P99_MS:.0f} ms {mark(t['p99_le_150_ms'])}; "
              f"p99 ≤ {TARGET_RATIO}× baseline {mark(t['p99_within_1_5x_baseline'])}; "
              f"≤ {TARGET_KIB_PER_CONNECTION:.0f} KiB per connection {mark(t['le_64_kib_per_connection'])}; "
              f"every update delivered {mark(t['every_client_got_every_update'])}"
              + (f"; burst all accepted {mark(t['burst_all_accepted'])}" if "burst_all_accepted" in t else "")]
    return "\n".join(lines)


def _clean(value):
    """JSON without NaN (not valid JSON): null instead."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="session bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, help=f"websocket clients (default {DEFAULT_CLIENTS}; --quick {QUICK_CLIENTS})")
    parser.add_argument("--actions", type=int, help=f"chair actions to time (default {DEFAULT_ACTIONS}; --quick {QUICK_ACTIONS})")
    parser.add_argument("--rooms", type=int, default=5, choices=range(1, 6), metavar="1-5",
                        help="rooms used, plenary first (default 5)")
    parser.add_argument("--delegates", type=int,
                        help="delegates in the plenary (default: all 193 Member States if the plenary is big enough)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE as JSON")
    parser.add_argument("--quick", action="store_true",
                        help=f"a small run ({QUICK_CLIENTS} clients, {QUICK_ACTIONS} actions) for smoke tests")
    parser.add_argument("--seed", type=int, default=2013, help="seed of the burst's jitter")
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a target is missed")
    parser.add_argument("--workdir", type=Path, metavar="DIR",
                        help="keep the database and the servers' logs in DIR (new or empty) instead of a temporary directory")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the table")
    args = parser.parse_args(argv)
    args.clients = args.clients or (QUICK_CLIENTS if args.quick else DEFAULT_CLIENTS)
    args.actions = args.actions or (QUICK_ACTIONS if args.quick else DEFAULT_ACTIONS)
    if args.clients < args.rooms * 2:
        parser.error("--clients must be at least twice --rooms")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log = (lambda _msg: None) if args.quiet else (lambda msg: print(f"  … {msg}", file=sys.stderr, flush=True))
    raise_open_files(2 * args.clients + 256)
    started = time.perf_counter()
    if args.workdir is not None and args.workdir.exists() and any(args.workdir.iterdir()):
        print(f"session bench: --workdir {args.workdir} is not empty", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="session-bench-") as tmp:
        workdir = Path(tmp) if args.workdir is None else args.workdir.resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        plan = prepare(workdir, args.clients, args.rooms, args.delegates)
        log(f"database ready in {workdir}; {len(plan.specs)} clients planned")
        try:
            try:
                import uvloop
            except ImportError:
                measured = asyncio.run(run(plan, args, workdir, log))
            else:
                measured = uvloop.run(run(plan, args, workdir, log))
        except RuntimeError as error:
            print(f"session bench: {error}", file=sys.stderr)
            return 2
    report = {
        "config": {"clients": args.clients, "actions": args.actions, "rooms": plan.rooms,
                   "clients_per_room": {r: plan.count(r) for r in plan.rooms},
                   "delegates_per_room": {r: plan.count(r, "delegate") for r in plan.rooms},
                   "cycle": list(CYCLE), "burst_window_ms": BURST_WINDOW_S * 1000, "seed": args.seed},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "event_loop": "uvloop" if "uvloop" in sys.modules else "asyncio", "versions": _versions()},
        **measured,
    }
    report["ratio"] = ratios(report["session"], report["baseline"])
    report["targets"] = targets(report)
    report["run_s"] = time.perf_counter() - started
    print(format_table(report), flush=True)
    if args.json:
        args.json.write_text(json.dumps(_clean(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if args.check and not all(report["targets"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
