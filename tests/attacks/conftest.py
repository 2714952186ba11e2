"""Shared helpers for the attack tests, as one fixture: `attack`.

Every attack test checks three things: the attack is refused with a specific code and words,
the room's state is unchanged, and the server keeps serving everyone else. `attack` makes those
three checks short to write and identical across the files:

- `attack.snapshot(room)` / `attack.unchanged(room, before)`: the room's state did not move;
- `attack.socket(...)`, `attack.gallery(room)`: websockets closed at the end of the test;
- `attack.refused(socket, message, code)`, `attack.accepted(...)`, `attack.closed(socket)`;
- `attack.post(...)`, `attack.api_refused(response, status, code)` for the JSON API;
- `attack.still_served(room, gallery)`: a chair's command lands and the gallery gets its push.
"""

import contextlib
import json
import re
import time
from base64 import b64decode, b64encode
from html import unescape

import httpx
import itsdangerous
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.frames import Close

from session.domain.permissions import Role
from session.store import access
from session.store.database import make_engine, secret_key

POLICY_VIOLATION = 1008
MESSAGE_TOO_BIG = 1009
NEVER = r"(?!)"  # a pattern no frame matches: read until the server closes

_ALERT = r'id="flash"[^>]*role="alert"'
_FLASH = re.compile(r'<div id="flash"[^>]*data-code="([^"]*)"[^>]*>(.*?)</div>', re.DOTALL)
_ACCEPTED = r'id="flash"[^>]*data-code=""'


class Attack:
    POLICY_VIOLATION = POLICY_VIOLATION
    MESSAGE_TOO_BIG = MESSAGE_TOO_BIG

    def __init__(self, live):
        self.live = live
        self._opened = []

    # --- the room's state ---------------------------------------------------------------------

    def snapshot(self, room: str) -> dict:
        """What an attack must not change (the timer's `server_now` ticks, and the time a waiting
        entry is expected moves with the clock while no one speaks: both are left out)."""
        state = self.live.state(room)
        return {
            "version": state["version"],
            "current": state["current"],
            "queue": [{k: v for k, v in entry.items() if k != "expected_at"} for entry in state["queue"]],
            "list_closed": state["list_closed"],
            "interventions": state["interventions"],
            "phase": state["timer"]["phase"],
            "limit_s": state["timer"].get("limit_s"),
        }

    def unchanged(self, room: str, before: dict) -> None:
        after = self.snapshot(room)
        assert after == before, f"the room changed: {before} -> {after}"

    # --- websockets -----------------------------------------------------------------------------

    def socket(self, room: str, view: str, cookie: str | None = None, **kwargs):
        socket = self.live.socket(room, view, cookie, **kwargs)
        self._opened.append(socket)
        return socket

    def gallery(self, room: str):
        """An observer socket on `room`, past its first push (the whole current view)."""
        socket = self.socket(room, "observe")
        socket.wait_for('id="current"')
        return socket

    def close_all(self) -> None:
        for socket in self._opened:
            with contextlib.suppress(Exception):
                socket.close()

    @staticmethod
    def flash_of(frame: str) -> tuple[str, str]:
        """(data-code, message in plain text) of the flash box in a frame."""
        match = _FLASH.search(frame)
        assert match, f"no flash in {frame[:300]!r}"
        return match.group(1), unescape(match.group(2))

    def answer(self, socket, message: str | bytes, timeout: float = 5.0) -> tuple[str, str]:
        """Send `message`; (data-code, words) of the socket's answer ("" and "" for a success)."""
        socket.send(message)
        return self.flash_of(socket.wait_for(rf"{_ALERT}|{_ACCEPTED}", timeout=timeout))

    def refused(self, socket, message: str | bytes, code: str) -> str:
        """Send `message`; the answer must be a refusal with `code`. Returns the words."""
        got, words = self.answer(socket, message)
        assert got == code, f"expected data-code={code!r}, got {got!r}: {words}"
        assert words, "a refusal must say what is wrong"
        return words

    def accepted(self, socket, message: str | dict) -> None:
        """Send `message`; the answer must be the empty flash of a success."""
        got, words = self.answer(socket, message if isinstance(message, str) else json.dumps(message))
        assert got == "" and words == "", f"refused: {got} {words}"

    @staticmethod
    def closed(socket, timeout: float = 5.0) -> Close:
        """Read until the server closes the socket; its close frame (code and reason)."""
        with pytest.raises(ConnectionClosed) as info:
            socket.wait_for(NEVER, timeout=timeout)
        assert info.value.rcvd is not None, "the server dropped the connection without a close frame"
        return info.value.rcvd

    @staticmethod
    def try_send(socket, message: str | bytes) -> None:
        """Send, even if the server may already have closed the socket (the attack races the close)."""
        with contextlib.suppress(ConnectionClosed):
            socket.send(message)

    @staticmethod
    def burst(socket, messages: list) -> None:
        """Send many frames in one write, so they reach the server in one read, as a flooding client would."""
        ws = socket.ws
        with ws.protocol_mutex:  # the client's own lock around its sans-I/O protocol
            for message in messages:
                if isinstance(message, str):
                    ws.protocol.send_text(message.encode())
                else:
                    ws.protocol.send_binary(message)
            ws.socket.sendall(b"".join(ws.protocol.data_to_send()))  # one write, not one per frame

    def elsewhere(self, address: str = "127.0.0.3") -> httpx.Client:
        """A client on another loopback address: someone else, whom the attacker's address being
        throttled must not touch (the whole 127.0.0.0/8 reaches the server bound to 127.0.0.1)."""
        return httpx.Client(base_url=self.live.base_url, transport=httpx.HTTPTransport(local_address=address))

    def still_served(self, room: str, gallery_socket) -> None:
        """Everyone else is still served: a chair's command lands and its push reaches the gallery."""
        before = self.live.state(room)
        closing = not before["list_closed"]
        with self.elsewhere() as chair:
            response = chair.post(
                f"/api/rooms/{room}/commands",
                json={"action": "close_list" if closing else "reopen_list"},
                headers={"Authorization": f"Bearer {self.live.code(room, Role.CHAIR)}"},
            )
        assert response.status_code == 200, response.text
        assert response.json()["version"] == before["version"] + 1
        gallery_socket.wait_for("The list of speakers is closed." if closing else "The list of speakers is open.")
        assert httpx.get(f"{self.live.base_url}/api/rooms/{room}/state").status_code == 200

    def chair_still_acts(self, socket) -> None:
        """A chair's socket that was refused something is still usable: its next command lands."""
        self.accepted(socket, {"action": "close_list"})
        socket.wait_for("The list of speakers is closed.")

    # --- the JSON API -----------------------------------------------------------------------------

    def post(self, room: str, code: str | None, body: bytes | str, **headers) -> httpx.Response:
        """A raw POST of `body` to the room's command endpoint."""
        if code is not None:
            headers.setdefault("Authorization", f"Bearer {code}")
        headers.setdefault("Content-Type", "application/json")
        return httpx.post(f"{self.live.base_url}/api/rooms/{room}/commands", content=body, headers=headers)

    @staticmethod
    def api_refused(response: httpx.Response, status: int, code: str) -> str:
        """The response is the API's named refusal; returns its message."""
        assert response.status_code == status, (response.status_code, response.text[:300])
        assert response.headers["content-type"].startswith("application/json"), response.text[:300]
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
        assert body["error"]["code"] == code, body
        assert body["error"]["message"], body
        return body["error"]["message"]

    # --- access codes and cookies ---------------------------------------------------------------

    def code_id(self, code: str) -> int:
        engine = make_engine(self.live.database_url)
        try:
            grant = access.redeem(engine, code)
            assert grant is not None
            return grant.code_id
        finally:
            engine.dispose()

    def revoke(self, code: str) -> None:
        """The secretariat revokes `code` (as `session access revoke ID` does)."""
        number = self.code_id(code)
        engine = make_engine(self.live.database_url)
        try:
            assert access.revoke(engine, number)
        finally:
            engine.dispose()

    def server_key(self) -> str:
        engine = make_engine(self.live.database_url)
        try:
            return secret_key(engine)
        finally:
            engine.dispose()

    @staticmethod
    def session_of(client: httpx.Client) -> dict:
        """What the client's session cookie holds (signed, not encrypted: anyone may read it)."""
        payload = client.cookies["session"].split(".")[0]
        return json.loads(b64decode(payload + "=" * (-len(payload) % 4)))

    @staticmethod
    def signed_cookie(payload: dict, key: str) -> str:
        """A session cookie as Starlette's SessionMiddleware writes it, signed with `key` — joined
        just now, so only its grants (and not its age) decide what it opens."""
        payload = {"joined_at": time.time(), "seen_at": time.time(), **payload}
        data = b64encode(json.dumps(payload).encode())
        return "session=" + itsdangerous.TimestampSigner(key).sign(data).decode()


@pytest.fixture
def chair_code(live, request):
    """A chair's code for the test module's ROOM."""
    return live.code(request.module.ROOM, Role.CHAIR)


@pytest.fixture
def tablet(live, attack, chair_code, request):
    """The chair's tablet on the test module's ROOM, past its first push."""
    socket = attack.socket(request.module.ROOM, "chair", live.cookie(chair_code))
    socket.wait_for('id="current"')
    return socket


@pytest.fixture
def attack(live):
    helper = Attack(live)
    yield helper
    helper.close_all()
