"""Helpers shared by the tests that talk to a real server: a websocket client that keeps its frames."""

import re
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from websockets.sync.client import ClientConnection, connect


def page_origin(ws_url: str) -> str:
    """The Origin a browser sends for a socket its page opened on this server: ws -> http."""
    parts = urlsplit(ws_url)
    return f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"


def open_socket(ws_url: str, cookie: str | None = None, headers: dict | None = None, **kwargs) -> "Socket":
    """A socket as the room's page opens it, Origin included; `origin=None` sends none (not a browser)."""
    headers = {**({"Cookie": cookie} if cookie else {}), **(headers or {})}
    if not any(name.lower() == "origin" for name in headers):
        kwargs.setdefault("origin", page_origin(ws_url))
    ws = connect(ws_url, additional_headers=headers, compression=None, open_timeout=5, **kwargs)
    return Socket(ws.__enter__())  # the connection is its own context; Socket.close exits it


def root_start_server(config):
    """`start_server` of tests/conftest.py, for a test that starts a server with its own settings
    (several conftest modules share the module name `conftest`, so it cannot simply be imported)."""
    root = Path(__file__).resolve().parent / "conftest.py"
    for plugin in config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) and Path(plugin.__file__).resolve() == root:
            return plugin.start_server
    raise LookupError(f"{root} is not loaded")


class Socket:
    """A real websocket client that remembers every fragment it was pushed."""

    def __init__(self, ws: ClientConnection):
        self.ws = ws
        self.frames: list[str] = []

    def send(self, message: str | bytes) -> None:
        self.ws.send(message)

    def wait_for(self, pattern: str, timeout: float = 5.0) -> str:
        """The first frame received from now on that matches `pattern` (a regex)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no frame matching {pattern!r}; last frames: {self.frames[-3:]}")
            try:
                frame = self.ws.recv(timeout=left)
            except TimeoutError:
                continue
            self.frames.append(frame)
            if re.search(pattern, frame, re.S):
                return frame

    def close(self) -> None:
        self.ws.close()


@contextmanager
def seated(live, room: str, **people: tuple):
    """Sockets open on `room`, each past its first push: name=(view, role of its code, participant)."""
    sockets = {
        name: live.socket(room, view, live.cookie(live.code(room, role, participant)) if role else None)
        for name, (view, role, participant) in people.items()
    }
    for socket in sockets.values():
        socket.wait_for(r'id="current"')  # the first push is the whole current view
    try:
        yield sockets
    finally:
        for socket in sockets.values():
            socket.close()


def seeded(room: str) -> int:
    """How many events the demo's seed writes into a room's log (its meetings, its segments and, in
    the plenary, inscription opened): a fresh room's version."""
    from session import data

    meetings = sum(1 for m in data.meetings() if m.room == room)
    segments = sum(1 for s in data.programme() if s.room == room)
    return meetings + segments + (1 if room == "plenary" else 0)
