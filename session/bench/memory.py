"""Where a connection's memory goes: the server's own `tracemalloc`, around the clients joining again.

The RSS growth says how much; this says what. After the timed phases the session server's
clients leave, and join again while the server traces its allocations (see
`session.web.memtrace`: started and read by signal). The growth, divided by the clients
connected, is the Python memory each connection holds, by allocation site. Traced apart from the
timed phases, since tracing slows every allocation.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from session.bench.clients import Client, close_all, connect_all, wait_ready
from session.bench.server import ServerProcess

ENV = "SESSION_TRACEMALLOC"  # as session.web.memtrace reads it
SIGNAL = 10  # SIGUSR1 (named by number: the signal module's name is not on every platform)
TRACE_TIMEOUT_S = 120.0
SETTLE_S = 1.0
TOP = 12


def trace_file(workdir: Path) -> Path:
    return workdir / "memtrace.json"


async def memory_profile(
    server: ServerProcess, clients: list[Client], url_for: Callable[[Client], str], out: Path, log
) -> dict:
    """Close `clients`, then connect them again (same views, same cookies) with the server tracing."""
    await close_all(clients)
    await asyncio.sleep(SETTLE_S)
    again = [Client(c.spec, c.cookie) for c in clients]
    for new, old in zip(again, clients):
        new.home = old.home
    out.unlink(missing_ok=True)
    try:
        os.kill(server.pid, SIGNAL)  # tracing starts
        await asyncio.sleep(SETTLE_S)
        await connect_all(again, url_for)
        await wait_ready(again, TRACE_TIMEOUT_S)
        await asyncio.sleep(SETTLE_S)
        connected = sum(1 for c in again if c.conn is not None)
        os.kill(server.pid, SIGNAL)  # the difference is written
        deadline = time.monotonic() + TRACE_TIMEOUT_S
        while not out.exists():
            if time.monotonic() > deadline or not server.running():
                return {"error": "the server wrote no memory trace"}
            await asyncio.sleep(0.2)
        traced = json.loads(out.read_text(encoding="utf-8"))
    finally:
        await close_all(again)
    log(f"memory traced over {connected} connections")
    return per_connection(traced, connected)


def per_connection(traced: dict, connected: int) -> dict:
    n = max(connected, 1)
    return {
        "connections": connected,
        "traced_kib_per_connection": traced["bytes"] / n / 1024,
        "blocks_per_connection": traced["blocks"] / n,
        "sites": [
            {"site": s["site"], "bytes_per_connection": s["bytes"] / n, "blocks_per_connection": s["blocks"] / n}
            for s in traced["sites"]
        ],
    }


def format_breakdown(memory: dict) -> list[str]:
    if not memory or "sites" not in memory:
        return [f"memory trace: {memory.get('error', 'not taken')}"] if memory else []
    lines = [
        "",
        f"memory per connection, traced in the server over {memory['connections']} connections: "
        f"{memory['traced_kib_per_connection']:.1f} KiB of Python objects "
        f"({memory['blocks_per_connection']:.0f} blocks); largest sites:",
    ]
    for site in memory["sites"][:TOP]:
        lines.append(
            f"  {site['bytes_per_connection']:>8.0f} B {site['blocks_per_connection']:>6.1f} blocks  {site['site']}"
        )
    return lines
