"""Shared fixtures: a seeded database, and a real uvicorn server on a loopback port."""

import re
import threading
import time
from dataclasses import dataclass, field

import httpx
import pytest
import uvicorn
from livehelpers import Socket, open_socket

from session.cli import server_options as serve_options
from session.domain.permissions import Role
from session.settings import Settings
from session.store import access
from session.store.database import make_engine, migrate
from session.store.seed import seed_reference_data
from session.web.app import create_app


def seeded_database(directory) -> str:
    url = f"sqlite:///{directory / 'session.db'}"
    engine = make_engine(url)
    migrate(engine)
    seed_reference_data(engine)
    engine.dispose()
    return url


@pytest.fixture
def database_url(tmp_path) -> str:
    return seeded_database(tmp_path)


CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def join(client: httpx.Client, code: str) -> httpx.Response:
    """A phone's way in: the link's confirmation page, then its one CSRF-protected POST."""
    page = client.get(f"/join/{code}", follow_redirects=False)
    assert page.status_code == 200, page.text[:300]
    token = CSRF_FIELD.search(page.text).group(1)
    return client.post("/join", data={"code": code, "csrf_token": token}, follow_redirects=False)


@dataclass
class LiveServer:
    base_url: str
    database_url: str
    server: uvicorn.Server
    thread: threading.Thread
    codes: dict = field(default_factory=dict)

    @property
    def ws_base(self) -> str:
        return self.base_url.replace("http://", "ws://")

    def code(self, room: str, role: Role, participant: str | None = None) -> str:
        """Mint a code directly in the database, as the secretariat would."""
        engine = make_engine(self.database_url)
        try:
            return access.mint(engine, role=role, room=room, participant=participant, label="test")
        finally:
            engine.dispose()

    def join(self, client: httpx.Client, code: str) -> httpx.Response:
        """Open the code's link, then tap "Join" on its confirmation: the POST's answer (303)."""
        return join(client, code)

    def cookie(self, code: str) -> str:
        """Join with a code like a phone scanning its QR code; return the session cookie."""
        with httpx.Client(base_url=self.base_url) as client:
            response = self.join(client, code)
            assert response.status_code == 303, response.text
            return f"session={client.cookies['session']}"

    def socket(self, room: str, view: str, cookie: str | None = None, **kwargs) -> "Socket":
        return open_socket(f"{self.ws_base}/rooms/{room}/ws?view={view}", cookie, **kwargs)

    def api(self, room: str, code: str, **command) -> httpx.Response:
        return httpx.post(
            f"{self.base_url}/api/rooms/{room}/commands", json=command, headers={"Authorization": f"Bearer {code}"}
        )

    def state(self, room: str, code: str | None = None) -> dict:
        """The room's state as the gallery sees it, or as the holder of `code` does."""
        headers = {"Authorization": f"Bearer {code}"} if code else {}
        return httpx.get(f"{self.base_url}/api/rooms/{room}/state", headers=headers).json()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def start_server(database_url: str, *, server_options: dict | None = None, clock=time.time, **settings) -> LiveServer:
    """The app on uvicorn with `session serve`'s options (protocols, concurrency limit), in a thread;
    `server_options` overrides some of them (a test's shorter header timeout); `clock` is the app's
    (a test may let a day pass)."""
    configured = Settings(database_url=database_url, **settings)
    app = create_app(configured, clock=clock)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="on",
        **{**serve_options(configured), **(server_options or {})},
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    return LiveServer(base_url=f"http://127.0.0.1:{port}", database_url=database_url, server=server, thread=thread)


@pytest.fixture
def live(database_url):
    server = start_server(database_url)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def module_live(tmp_path_factory):
    """One server for a whole module, for tests that only look (every page, every language)."""
    server = start_server(seeded_database(tmp_path_factory.mktemp("module")))
    yield server
    server.stop()


class Clock:
    """The server's clock, moved by the test: a meeting day or a week passes in no time."""

    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def serve(database_url):
    """serve(clock=..., **settings) -> a live server of its own, its app built with create_app's
    clock injection (so a test can let a day pass) and these settings; stopped after the test."""
    servers = []

    def serve(clock=time.time, **settings) -> LiveServer:
        servers.append(start_server(database_url, clock=clock, **settings))
        return servers[-1]

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture
def clocked(serve, clock) -> LiveServer:
    """A live server whose app reads `clock` instead of the time."""
    return serve(clock=clock)
