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
system time over the action phase. Where that memory goes is then traced in the session server
itself (`tracemalloc`, started and read by signal while the same clients join again): the Python
memory per connection, by allocation site. Everything runs in one asyncio process on the client side
(with uvloop if it is installed); every phase has a timeout and the subprocesses are always
stopped.

    session bench [--clients 2000] [--actions 30] [--rooms 5] [--json out.json]

The package, one concept a module: `plan` (who connects where), `server` (a server in its own
process: started, waited for, stopped — the tests start theirs with it too), `clients` (the
websocket clients and the phones' joining), `measure` (driving the actions, the figures),
`meeting` (the session server's phase and the delegates' burst), `memory` (what a connection holds),
`baseline` (the bare broadcast), `breakdown` (where an action's time goes), `report` (the table,
the targets, the JSON). Runtime dependencies only: an ordinary install runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from session.bench.plan import Plan

DEFAULT_CLIENTS = 2000
DEFAULT_ACTIONS = 30
QUICK_CLIENTS = 200
QUICK_ACTIONS = 10


def raise_open_files(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        new = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))


async def run(plan: Plan, args: argparse.Namespace, workdir: Path, log, broadcast_url: str | None = None) -> dict:
    from session.bench.baseline import baseline_phase
    from session.bench.meeting import session_phase

    rng = random.Random(args.seed)
    session, burst = await session_phase(
        plan, args.actions, workdir, rng, log, servers=args.workers, broadcast_url=broadcast_url
    )
    frame = session["frame_bytes_mean"]
    frame_bytes = round(frame) if not math.isnan(frame) else 2048
    baseline = await baseline_phase(plan, args.actions, frame_bytes, workdir, log, servers=args.workers)
    return {"session": session, "baseline": baseline, "burst": burst}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="session bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients", type=int, help=f"websocket clients (default {DEFAULT_CLIENTS}; --quick {QUICK_CLIENTS})"
    )
    parser.add_argument(
        "--actions", type=int, help=f"chair actions to time (default {DEFAULT_ACTIONS}; --quick {QUICK_ACTIONS})"
    )
    parser.add_argument(
        "--rooms", type=int, default=5, choices=range(1, 6), metavar="1-5", help="rooms used, plenary first (default 5)"
    )
    parser.add_argument(
        "--delegates",
        type=int,
        help="delegates in the plenary (default: all 193 Member States if the plenary is big enough)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE as JSON")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a small run ({QUICK_CLIENTS} clients, {QUICK_ACTIONS} actions) for smoke tests",
    )
    parser.add_argument("--seed", type=int, default=2013, help="seed of the burst's jitter")
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a target is missed")
    parser.add_argument(
        "--workdir",
        type=Path,
        metavar="DIR",
        help="keep the database and the servers' logs in DIR (new or empty) instead of a temporary directory",
    )
    parser.add_argument(
        "--long-day",
        action="store_true",
        help="instead: the plenary's same actions early and after 600 statements with 193 inscribed, and their ratios",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="session servers (and bare ones) to split the clients across; more than one runs on a PostgreSQL "
        "and a Redis the bench starts on loopback",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the table")
    args = parser.parse_args(argv)
    args.clients = args.clients or (QUICK_CLIENTS if args.quick else DEFAULT_CLIENTS)
    args.actions = args.actions or (QUICK_ACTIONS if args.quick else DEFAULT_ACTIONS)
    if args.clients < args.rooms * 2:
        parser.error("--clients must be at least twice --rooms")
    return args


def long_day_main(args: argparse.Namespace, workdir: Path, log, started: float) -> int:
    """`session bench --long-day`: the table, the JSON, and --check against the ratios."""
    from session.bench.longday import format_table, long_day, within_target
    from session.bench.report import clean

    try:
        result = _run_loop(long_day(args.clients, args.actions, args.delegates, workdir, args.seed, log))
    except RuntimeError as error:
        print(f"session bench: {error}", file=sys.stderr)
        return 2
    result["run_s"] = time.perf_counter() - started
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()}
    print(format_table(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(clean(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if args.check and not within_target(result) else 0


def _run_loop(coroutine):
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main(argv: list[str] | None = None) -> int:
    # Imported here, not above: `python -m session.bench.baseline` imports this package first.
    from session.bench.breakdown import where_the_time_goes
    from session.bench.meeting import BURST_WINDOW_S
    from session.bench.plan import CYCLE, prepare
    from session.bench.report import clean, format_table, ratios, targets, versions

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
        if args.long_day:
            return long_day_main(args, workdir, log, started)
        services = None
        try:
            if args.workers > 1:
                from session.bench.services import Services

                services = Services(workdir)
                log(f"PostgreSQL and Redis up on loopback for {args.workers} workers")
            plan = prepare(
                workdir, args.clients, args.rooms, args.delegates, services.database_url if services else None
            )
            log(f"database ready in {workdir}; {len(plan.specs)} clients planned")
            measured = _run_loop(run(plan, args, workdir, log, services.broadcast_url if services else None))
        except RuntimeError as error:
            print(f"session bench: {error}", file=sys.stderr)
            return 2
        finally:
            if services is not None:
                services.stop()
    report = {
        "config": {
            "clients": args.clients,
            "actions": args.actions,
            "rooms": plan.rooms,
            "clients_per_room": {r: plan.count(r) for r in plan.rooms},
            "delegates_per_room": {r: plan.count(r, "delegate") for r in plan.rooms},
            "cycle": list(CYCLE),
            "burst_window_ms": BURST_WINDOW_S * 1000,
            "seed": args.seed,
            "workers": args.workers,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "event_loop": "uvloop" if "uvloop" in sys.modules else "asyncio",
            "versions": versions(),
        },
        **measured,
    }
    report["ratio"] = ratios(report["session"], report["baseline"])
    report["targets"] = targets(report)
    report["where_the_time_goes"] = where_the_time_goes(report)
    report["run_s"] = time.perf_counter() - started
    print(format_table(report), flush=True)
    if args.json:
        args.json.write_text(json.dumps(clean(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if args.check and not all(report["targets"].values()) else 0
