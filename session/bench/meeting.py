"""The session server's phase: `session serve` as an operator starts it, the clients joined with
their codes, the chairs' actions timed to every phone, then the plenary delegates' burst."""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from session.bench.clients import (
    Client,
    Waiter,
    close_all,
    connect_measured,
    join_cookies,
)
from session.bench.measure import (
    ACTION_TIMEOUT_S,
    distribution_ms,
    drive,
    group,
    summarise,
)
from session.bench.memory import ENV as TRACE_ENV
from session.bench.memory import memory_profile, trace_file
from session.bench.plan import CYCLE, Plan, secret_file
from session.bench.server import ServerGroup, ServerProcess

if TYPE_CHECKING:
    from websockets.typing import BytesLike

BURST_WINDOW_S = 0.1
BENCH_ACTIONS_PER_CODE_PER_10_S = 10_000
# Each press is timed within the first 80 ms: the client loop's own lateness must not spread them
# beyond the 100 ms the burst is about.
BURST_JITTER_S = 0.08
BURST_TIMEOUT_S = 60.0

QUEUE_COUNT = re.compile(rb'<section id="queue".*?<span class="count">\((\d+)\)', re.DOTALL)
FLASH_CODE = re.compile(rb'data-code="([^"]*)"')


def server_env(clients: int) -> dict[str, str]:
    """Every bench client connects from 127.0.0.1, as a hall behind one NAT would: the operator of
    such a hall raises the per-address cap to fit, through its setting. A worker holding more
    sockets than the concurrency limit's default (4,000) would answer HTTP with 503: its operator
    raises that limit too, with room for the pages and the API beside the sockets. A bench chair
    taps an action as soon as the last one reached everyone, dozens within ten seconds, far past
    what the flood limit on one code lets through (30): the bench measures the fan-out, not that
    limit (tests/attacks do), so its server lets the chairs' codes through."""
    return {
        "SESSION_MAX_SOCKETS_PER_ADDRESS": str(max(clients, 1) + 10),
        "SESSION_LIMIT_CONCURRENCY": str(max(clients + 1000, 4000)),
        "SESSION_ACTIONS_PER_CODE_PER_10_S": str(BENCH_ACTIONS_PER_CODE_PER_10_S),
    }


async def room_state(base_url: str, slug: str) -> dict:
    def read() -> dict:
        with urllib.request.urlopen(f"{base_url}/api/rooms/{slug}/state", timeout=30) as response:
            return json.load(response)

    return await asyncio.to_thread(read)


async def chair_command(base_url: str, slug: str, code: str, command: dict) -> None:
    """A chair's command through the JSON API, before the clients connect; one refused as changing
    nothing ("no_change") is as good as done."""

    def post() -> None:
        request = urllib.request.Request(
            f"{base_url}/api/rooms/{slug}/commands",
            data=json.dumps(command).encode(),
            headers={"Authorization": f"Bearer {code}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30):
                return
        except urllib.error.HTTPError as error:
            if json.load(error)["error"]["code"] != "no_change":
                raise

    await asyncio.to_thread(post)


def _log_errors(server: ServerProcess) -> list[str]:
    """Tracebacks and errors the server logged: a benchmark that hides them would lie."""
    try:
        lines = server.log_path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    return [line for line in lines if "Traceback" in line or line.startswith("ERROR")][:20]


async def session_phase(
    plan: Plan,
    actions: int,
    workdir: Path,
    rng: random.Random,
    log,
    *,
    burst: bool = True,
    memory: bool = True,
    servers: int = 1,
    broadcast_url: str | None = None,
) -> tuple[dict, dict]:
    """`servers` processes of `session serve` on the plan's database (and `broadcast_url`), the
    clients dealt out among them in turn; memory is traced only with one."""
    options = ["--database-url", plan.database_url, *(["--broadcast-url", broadcast_url] if broadcast_url else [])]
    env = server_env(len(plan.specs)) | {
        TRACE_ENV: str(trace_file(workdir)),
        "SESSION_SECRET_FILE": str(secret_file(workdir)),
    }
    started: list[ServerProcess] = []
    clients: list[Client] = []
    try:
        for i in range(servers):
            name = "session-server.log" if servers == 1 else f"session-server-{i + 1}.log"
            started.append(
                await asyncio.to_thread(ServerProcess.serve, *options, log_path=workdir / name, env=env, cwd=workdir)
            )
        server = started[0]
        whole = ServerGroup(started)
        base, ports = server.base_url, [s.port for s in started]
        log(f"session up (pids {[s.pid for s in started]}); joining {sum(1 for s in plan.specs if s.code)} codes")
        cookies = await join_cookies(base, plan.specs)
        clients = [Client(s, cookies.get(i)) for i, s in enumerate(plan.specs)]
        for i, client in enumerate(clients):
            client.home = i % servers
        for slug in plan.rooms:
            await room_state(base, slug)
            # The cycle times the same taps in every room: the plenary's clock, which waits for the
            # speaker to reach the rostrum, is set to start on the call as the round tables' does.
            await chair_command(base, slug, plan.chair_codes[slug], {"action": "start_on_call", "on": True})

        def url_for(c: Client) -> str:
            return f"ws://127.0.0.1:{ports[c.home]}/rooms/{c.spec.room}/ws?view={c.spec.view}"

        rss_before, rss_after, not_ready = await connect_measured("session", clients, url_for, whole, log)

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
        result = await drive(plan.rooms, by_room, actions, send, whole)
        summary = summarise(result, clients, rss_before, rss_after) | {"without_first_view": not_ready}
        log(f"session: {result.actions} actions, p99 {summary['latency_ms']['p99']:.1f} ms")

        pressed = await delegates_burst(base, by_room["plenary"], rng) if burst and "plenary" in by_room else {}
        if memory and servers == 1:
            summary["memory"] = await memory_profile(server, clients, url_for, trace_file(workdir), log)
        summary["server_log_errors"] = [line for s in started for line in _log_errors(s)]
        return summary, pressed
    finally:
        await close_all(clients)
        for s in started:
            s.stop()


async def delegates_burst(base_url: str, plenary: list[Client], rng: random.Random) -> dict:
    """Every plenary delegate presses "Request the floor" within the same 100 ms."""
    delegates = [c for c in plenary if c.spec.view == "delegate" and c.alive]
    chairs = [c for c in plenary if c.spec.view == "chair" and c.alive]
    if not delegates:
        return {}
    before = await room_state(base_url, "plenary")
    target = len(before["queue"]) + len(delegates)
    shown = Waiter(1)
    shown_at: float | None = None  # when the chair's list first showed every delegate's request
    max_seen = len(before["queue"])

    def watch(at: float, data: BytesLike) -> None:
        nonlocal shown_at, max_seen
        match = QUEUE_COUNT.search(data)
        if match:
            count = int(match.group(1))
            max_seen = max(max_seen, count)
            if count >= target and shown_at is None:
                shown_at = at
                shown.hit()

    chair_mark = 0
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
        assert client.conn is not None, "only connected delegates press"  # chosen alive above
        await client.conn.send(json.dumps({"action": "request_floor", "request_id": f"burst-{uuid.uuid4().hex}"}))

    await asyncio.gather(*(press(c) for c in delegates))
    try:
        await asyncio.wait_for(asyncio.gather(shown.done.wait(), acks.done.wait()), BURST_TIMEOUT_S)
    except TimeoutError:
        pass
    for c in chairs:
        c.watch = None
    after = await room_state(base_url, "plenary")
    wanted = {c.spec.participant for c in delegates}
    entries = Counter(q["participant"] for q in after["queue"] if q["participant"] in wanted)
    codes: Counter = Counter()
    ack_delays = []
    for c in delegates:
        c.flash_waiter = None
        answers = c.flashes[marks[c] :]
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
        "chair_queue_shows_all_s": (shown_at - start) if shown_at is not None else None,
        "chair_queue_max_seen": max_seen,
        "chair_queue_target": target,
        "chair_frames": len(chairs[0].updates) - chair_mark if chairs else 0,
        "chair_connected_after": chairs[0].alive if chairs else False,
        "ack_ms": distribution_ms(ack_delays),
    }
