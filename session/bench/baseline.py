"""The baseline: a bare `websockets` server that only calls `websockets.broadcast`, driven with the
same clients and the same number of actions as the session server — Python's own fan-out limit.

Run by the bench as `python -m session.bench.baseline PORT FRAME_BYTES`.
"""

from __future__ import annotations

import asyncio
import sys
from http import HTTPStatus
from pathlib import Path

from session.bench.clients import Client, close_all, connect_measured
from session.bench.measure import ACTION_TIMEOUT_S, drive, group, summarise
from session.bench.plan import Plan
from session.bench.server import ServerGroup, ServerProcess, free_port


def payload(size: int) -> str:
    """A stand-in fragment of exactly `size` bytes (ASCII)."""
    head, tail = '<section id="queue" hx-swap-oob="true">', "</section>"
    return head + "x" * max(0, size - len(head) - len(tail)) + tail


async def serve_baseline(port: int, initial_size: int) -> None:
    from websockets.asyncio.server import broadcast, serve

    rooms: dict[str, set] = {}

    def health(connection, request):
        # A plain GET (no upgrade) is the bench asking whether the server is up, as it asks session's.
        if "Upgrade" not in request.headers:
            return connection.respond(HTTPStatus.OK, "ok\n")
        return None

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

    async with serve(
        handler, "127.0.0.1", port, compression=None, max_size=16 * 1024, backlog=4096, process_request=health
    ) as server:
        await server.serve_forever()


async def baseline_phase(plan: Plan, actions: int, frame_bytes: int, workdir: Path, log, servers: int = 1) -> dict:
    """`servers` bare servers, the clients dealt out among them as among the session servers; an
    action is one broadcast on each."""
    from websockets.asyncio.client import connect

    started: list[ServerProcess] = []
    for i in range(servers):
        port = free_port()
        started.append(
            ServerProcess(
                [sys.executable, "-m", "session.bench.baseline", str(port), str(frame_bytes)],
                port=port,
                log_path=workdir / ("baseline-server.log" if servers == 1 else f"baseline-server-{i + 1}.log"),
                cwd=workdir,
                name="the baseline server",
            )
        )
    clients = [Client(s) for s in plan.specs]
    for i, client in enumerate(clients):
        client.home = i % servers
    controls: list = []
    try:
        for server in started:
            await asyncio.to_thread(server.wait_until_up)
            controls.append(
                await connect(
                    f"{server.base_url.replace('http', 'ws')}/control",
                    compression=None,
                    ping_interval=None,
                    open_timeout=2,
                )
            )
        whole = ServerGroup(started)
        rss_before, rss_after, not_ready = await connect_measured(
            "baseline", clients, lambda c: f"ws://127.0.0.1:{started[c.home].port}/rooms/{c.spec.room}", whole, log
        )

        async def one(control, slug: str) -> str | None:
            await control.send(f"{slug} {frame_bytes}")
            answer = await asyncio.wait_for(control.recv(), ACTION_TIMEOUT_S)
            return None if answer == "ok" else f"control answered {answer!r}"

        async def send(slug: str, step: int) -> str | None:
            answers = await asyncio.gather(*(one(c, slug) for c in controls))
            return next((a for a in answers if a is not None), None)

        result = await drive(plan.rooms, group(clients), actions, send, whole)
        return summarise(result, clients, rss_before, rss_after) | {"without_first_view": not_ready}
    finally:
        for control in controls:
            await control.close()
        await close_all(clients)
        for server in started:
            server.stop()


def main(argv: list[str]) -> None:
    port, initial_size = (int(arg) for arg in argv)
    try:
        asyncio.run(serve_baseline(port, initial_size))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
