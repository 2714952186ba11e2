"""Helpers shared by the tests that talk to a real server: a websocket client that keeps its frames."""

import re
import time
from contextlib import contextmanager

from websockets.sync.client import ClientConnection, connect


def open_socket(ws_url: str, cookie: str | None = None, headers: dict | None = None, **kwargs) -> "Socket":
    headers = {**({"Cookie": cookie} if cookie else {}), **(headers or {})}
    ws = connect(ws_url, additional_headers=headers, compression=None, open_timeout=5, **kwargs)
    return Socket(ws.__enter__())  # the connection is its own context; Socket.close exits it


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
    sockets = {name: live.socket(room, view, live.cookie(live.code(room, role, participant)) if role else None)
               for name, (view, role, participant) in people.items()}
    for socket in sockets.values():
        socket.wait_for(r'id="current"')  # the first push is the whole current view
    try:
        yield sockets
    finally:
        for socket in sockets.values():
            socket.close()
