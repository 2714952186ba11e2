"""Real PostgreSQL and Redis servers for the multi-worker tests, started here on loopback ports.

They come from Debian's packages (.ci/run installs them); each test session starts its own
throwaway instances in a temporary directory and stops them at the end. `start_server` runs
`session serve` on them with the one runner the bench uses too (session/bench/server.py).
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import pytest

from session.bench.server import ServerProcess, free_port


def wait_until(ready, timeout: float = 20.0, what: str = "a server") -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start in {timeout} s")
        time.sleep(0.1)


def _as_postgres(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def postgres_server():
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not binaries:
        pytest.fail("PostgreSQL is not installed: `apt-get install postgresql` (.ci/run does it)")
    bin_dir = Path(binaries[-1])
    root = Path(tempfile.mkdtemp(prefix="session-pg-"))
    root.chmod(0o755)
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        _as_postgres(
            [
                str(bin_dir / "postgres"),
                "-D",
                str(data),
                "-p",
                str(port),
                "-k",
                str(data),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=200",
            ]
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"postgresql://postgres@127.0.0.1:{port}"

    def ready() -> bool:
        try:
            psycopg.connect(f"{base}/postgres", connect_timeout=1).close()
            return True
        except psycopg.OperationalError:
            return False

    try:
        wait_until(ready, what="PostgreSQL")
        yield base
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh database for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{postgres_server}/{name}"


class RedisServer:
    """`redis-server` on a loopback port, in its own process, that a test may stop."""

    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("Redis is not installed: `apt-get install redis-server` (.ci/run does it)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, what="Redis")

    def answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture(scope="session")
def redis_url():
    server = RedisServer()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def own_redis():
    """A Redis of this test's own, for a test that stops it."""
    server = RedisServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def start_server(tmp_path):
    """start(database_url, broadcast_url, workers=1) -> `session serve` in its own process, answering;
    whatever was started is stopped after the test."""
    servers: list[ServerProcess] = []

    def start(database_url: str, broadcast_url: str, workers: int = 1) -> ServerProcess:
        server = ServerProcess.serve(
            "--database-url",
            database_url,
            "--broadcast-url",
            broadcast_url,
            "--workers",
            str(workers),
            log_path=tmp_path / f"serve-{len(servers) + 1}.log",
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
