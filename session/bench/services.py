"""PostgreSQL and Redis for `session bench --workers N`, started by the bench on loopback ports.

As the multi-worker tests start theirs (tests/workers/conftest.py): Debian's binaries (PostgreSQL's
under /usr/lib/postgresql/*/bin, `redis-server` on the PATH), a throwaway data directory in the
bench's working directory, and both stopped however the run ends. PostgreSQL keeps its default
durability (fsync on): a commit costs what it would cost a meeting.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from session.bench.server import free_port

START_TIMEOUT_S = 30.0


def _as_postgres(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _wait(ready, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {START_TIMEOUT_S:.0f} s")
        time.sleep(0.1)


class Services:
    """A PostgreSQL server with one database (`database_url`) and a Redis (`broadcast_url`)."""

    def __init__(self, workdir: Path, max_connections: int = 200):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        redis = shutil.which("redis-server")
        if not binaries or redis is None:
            raise RuntimeError("--workers needs PostgreSQL and Redis installed (scripts/install-system-deps)")
        bin_dir = Path(binaries[-1])
        self.processes: list[subprocess.Popen] = []
        # Its own directory, readable by the postgres user (the bench's working directory may not be).
        root = self.root = Path(tempfile.mkdtemp(prefix="session-bench-pg-"))
        root.chmod(0o755)
        data = root / "data"
        data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        initdb = subprocess.run(
            _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
            capture_output=True,
            text=True,
        )
        if initdb.returncode != 0:
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError(f"initdb failed: {initdb.stderr.strip()}")
        pg_port, redis_port = free_port(), free_port()
        self._log = open(workdir / "services.log", "ab")  # noqa: SIM115 - closed in stop()
        try:
            postgres = self._start(
                _as_postgres(
                    [str(bin_dir / "postgres"), "-D", str(data), "-p", str(pg_port), "-k", str(data)]
                    + ["-c", "listen_addresses=127.0.0.1", "-c", f"max_connections={max_connections}"]
                )
            )
            server = f"postgresql://postgres@127.0.0.1:{pg_port}"
            _wait(lambda: _postgres_answers(server), "PostgreSQL", postgres)
            _create_database(server, "bench")
            self.database_url = f"{server}/bench"
            redis_process = self._start(
                [redis, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            )
            _wait(lambda: _answers(redis_port), "Redis", redis_process)
            self.broadcast_url = f"redis://127.0.0.1:{redis_port}/0"
        except BaseException:
            self.stop()
            raise

    def _start(self, command: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        self._log.close()
        shutil.rmtree(self.root, ignore_errors=True)


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _postgres_answers(server: str) -> bool:
    import psycopg

    try:
        psycopg.connect(f"{server}/postgres", connect_timeout=1).close()
        return True
    except psycopg.OperationalError:
        return False


def _create_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
