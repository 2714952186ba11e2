"""Driving the actions one at a time and turning the arrival stamps into figures."""

from __future__ import annotations

import asyncio
import gc
import math
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from session.bench.clients import Client, Waiter
from session.bench.plan import CYCLE
from session.bench.server import ServerGroup, ServerProcess

ACTION_TIMEOUT_S = 10.0


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def distribution_ms(seconds: list[float]) -> dict:
    values = sorted(s * 1000 for s in seconds)
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": values[-1] if values else math.nan,
        "mean": sum(values) / len(values) if values else math.nan,
        "count": len(values),
    }


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
    cpu_each_s: list[float] = field(default_factory=list)  # per server, in the order they started
    client_cpu_s: float = 0.0
    # Deliveries to clients of the worker the acting chair is on, and of the other workers: the
    # difference is the trip through the broadcast between workers.
    by_worker: dict[str, list[float]] = field(default_factory=dict)


Send = Callable[[str, int], Awaitable[str | None]]  # (room, step) -> None, or why the action failed


async def drive(
    rooms: list[str], by_room: dict[str, list[Client]], actions: int, send: Send, server: ServerProcess | ServerGroup
) -> PhaseResult:
    """Send `actions` actions one at a time, alternating rooms; wait until each reached every client."""
    result = PhaseResult()
    steps: Counter = Counter()
    gc.collect()
    gc.disable()  # the bench's own collector pauses would count as the server's delays
    try:
        await _drive(rooms, by_room, len(rooms), send, server, PhaseResult(), steps)  # warm-up, not counted
        await _drive(rooms, by_room, actions, send, server, result, steps)
    finally:
        gc.enable()
    return result


async def _drive(
    rooms: list[str],
    by_room: dict[str, list[Client]],
    actions: int,
    send: Send,
    server: ServerProcess | ServerGroup,
    result: PhaseResult,
    steps: Counter,
) -> None:
    cpu0, each0, own0, t_phase = server.cpu_s(), server.cpu_each(), _own_cpu(), time.perf_counter()
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
        acting = next((c.home for c in targets if c.spec.view == "chair"), None)
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
                result.by_worker.setdefault("acting" if c.home == acting else "other", []).append(delay)
                result.sizes.append(c.sizes[mark])
                last, first = max(last, delay), min(first, delay)
            else:
                result.missed += 1
        result.per_action_all.append(last)
        result.per_action.append(
            {
                "room": slug,
                "action": CYCLE[step % len(CYCLE)],
                "clients": len(targets),
                "answer_ms": 1000 * (answered - sent),
                "first_ms": 1000 * first,
                "last_ms": 1000 * last,
                "missed": result.missed - missed,
            }
        )
    result.wall_s = time.perf_counter() - t_phase
    result.cpu_s = server.cpu_s() - cpu0
    result.cpu_each_s = [after - before for after, before in zip(server.cpu_each(), each0, strict=True)]
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
        "server_cpu_percent_each": [
            100 * cpu / result.wall_s if result.wall_s else math.nan for cpu in result.cpu_each_s
        ],
        "latency_ms_by_worker": {name: distribution_ms(d) for name, d in sorted(result.by_worker.items())},
        "client_cpu_percent": 100 * result.client_cpu_s / result.wall_s if result.wall_s else math.nan,
    }


def group(clients: list[Client]) -> dict[str, list[Client]]:
    by_room: dict[str, list[Client]] = {}
    for c in clients:
        by_room.setdefault(c.spec.room, []).append(c)
    return by_room
