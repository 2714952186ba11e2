"""What the server's memory holds per connection, measured from inside: `tracemalloc` on signal.

Off unless `SESSION_TRACEMALLOC` names a file (`{pid}` in it: the worker's process id). Then the
first SIGUSR1 starts tracing and takes a snapshot, and the next one takes another, writes the
difference to that file as JSON (the allocation sites that grew most, with their bytes and
blocks) and stops tracing. `session bench`
sends both signals around connecting its clients, and divides by their number. Nothing is
listened on and nothing is traced until an operator (or the bench) asks: tracing slows
allocation, so it runs only between the two signals.
"""

import asyncio
import gc
import json
import os
import signal
import tracemalloc
from pathlib import Path

ENV = "SESSION_TRACEMALLOC"
SIGNAL = signal.SIGUSR1
TOP_SITES = 30
FRAMES = 1  # the allocating line; deeper tracebacks make tracing markedly slower


class MemoryTrace:
    def __init__(self, out: Path):
        self.out = out
        self.before: tracemalloc.Snapshot | None = None

    def toggle(self) -> None:
        gc.collect()
        if self.before is None:
            tracemalloc.start(FRAMES)
            self.before = tracemalloc.take_snapshot()
            return
        after = tracemalloc.take_snapshot()
        before, self.before = self.before, None
        tracemalloc.stop()
        write_atomically(self.out, json.dumps(difference(before, after), indent=1))


def difference(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot) -> dict:
    """The growth from `before` to `after`, whole and by allocation site (largest first)."""
    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
    ]
    stats = after.filter_traces(ignore).compare_to(before.filter_traces(ignore), "lineno")
    grown = [s for s in stats if s.size_diff > 0]
    return {
        "bytes": sum(s.size_diff for s in stats),
        "blocks": sum(s.count_diff for s in stats),
        "sites": [
            {
                "site": f"{_short(s.traceback[0].filename)}:{s.traceback[0].lineno}",
                "bytes": s.size_diff,
                "blocks": s.count_diff,
            }
            for s in grown[:TOP_SITES]
        ],
    }


def _short(filename: str) -> str:
    """A path from its package on (`uvicorn/protocols/...`), not from this machine's root."""
    for marker in ("site-packages/", "/lib/python3", "/session/"):
        if marker in filename:
            head, _, tail = filename.rpartition(marker)
            return ("session/" if marker == "/session/" else "") + (
                tail.split("/", 1)[-1] if marker == "/lib/python3" else tail
            )
    return filename


def write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def install() -> None:
    """Listen for the signal if SESSION_TRACEMALLOC names a file (run in the server's event loop)."""
    out = os.environ.get(ENV, "")
    if not out:
        return
    trace = MemoryTrace(Path(out.replace("{pid}", str(os.getpid()))))  # one file per worker
    asyncio.get_running_loop().add_signal_handler(SIGNAL, trace.toggle)
