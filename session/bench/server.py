"""A server in its own process on a loopback port: started, waited for until it answers, stopped.

The one way the bench and the tests run `session serve` (or the bench's bare baseline) as an
operator would: a real process, its whole output in a file, stopped with a signal and killed if it
does not go. Standard library only, so that `session bench` runs from an ordinary install.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

START_TIMEOUT_S = 30.0  # a cold interpreter importing Starlette, SQLAlchemy and Alembic
STOP_TIMEOUT_S = 15.0


def free_port() -> int:
    """A loopback port nobody listens on now (the kernel's choice; free until someone binds it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_serve(port: int, *options: str) -> list[str]:
    """`session serve` on `port` with `options`, run by this interpreter (so by this environment)."""
    return [sys.executable, "-m", "session", "serve", "--port", str(port), *options]


def clean_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without its SESSION_* settings, plus `extra`: the server's
    settings are the ones a caller passes, not whatever the shell that ran it happened to hold."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("SESSION_")}, **(extra or {})}


class ServerProcess:
    """`command` serving HTTP on 127.0.0.1:`port` in its own process, its output appended to `log_path`,
    run in `cwd` (None: this process's; it matters where a database's secret file is looked for).

    `wait_until_up()` returns once GET `ready_path` answers 200, and raises with the log's tail if the
    process exits or does not answer in time. `stop()` sends `sig` (SIGTERM: uvicorn's graceful
    shutdown), then kills a process that is still there after `timeout`."""

    def __init__(
        self,
        command: list[str],
        *,
        port: int,
        log_path: Path,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        ready_path: str = "/",
        name: str | None = None,
    ):
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.ready_path = ready_path
        self.name = name or " ".join(Path(part).name for part in command[:4])
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop(); appended: a restart keeps the first run's lines
        self.process = subprocess.Popen(
            command,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=clean_environment(env),
        )

    @classmethod
    def serve(
        cls,
        *options: str,
        log_path: Path,
        port: int | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> ServerProcess:
        """`session serve` with `options` on `port` (a free one if None), started and answering."""
        port = free_port() if port is None else port
        server = cls(
            session_serve(port, *options), port=port, log_path=log_path, env=env, cwd=cwd, name="session serve"
        )
        try:
            server.wait_until_up()
        except BaseException:
            server.stop()
            raise
        return server

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def answers(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
        try:
            connection.request("GET", self.ready_path)
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def wait_until_up(self, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while not self.answers():
            if not self.running():
                raise RuntimeError(f"{self.name} exited with code {self.process.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.05)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def rss_kib(self) -> int:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def cpu_each(self) -> list[float]:
        return [self.cpu_s()]

    def cpu_s(self) -> float:
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Stop the process; True if it went on `sig` (or had already gone), False if it had to be killed."""
        stopped = True
        if self.running():
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                stopped = False
                self.process.kill()
                self.process.wait(5)
        else:
            self.process.wait()
        self._log.close()
        return stopped


class ServerGroup:
    """Several servers measured as one (`session bench --workers N`): RSS and CPU summed."""

    def __init__(self, servers: list[ServerProcess]):
        self.servers = servers

    def rss_kib(self) -> int:
        return sum(s.rss_kib() for s in self.servers)

    def cpu_s(self) -> float:
        return sum(s.cpu_s() for s in self.servers)

    def cpu_each(self) -> list[float]:
        return [s.cpu_s() for s in self.servers]
