"""DNS rebinding: a page reached under another host name (an attacker's name pointed at the
meeting's intranet address) is refused, never served, and gets no websocket upgrade."""

import base64
import os
import socket
from urllib.parse import urlsplit

import httpx
import pytest

ROOM = "rt3"
OTHER_HOSTS = ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil.example", "[::2]"]


def get(live, path: str, host: str) -> httpx.Response:
    return httpx.get(f"{live.base_url}{path}", headers={"Host": host}, follow_redirects=False)


def upgrade_status(live, host: str) -> bytes:
    """The status line a websocket handshake under `host` gets (b"HTTP/1.1 101 ..." if upgraded)."""
    address = urlsplit(live.base_url)
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((address.hostname, address.port), timeout=5) as raw:
        raw.sendall(
            f"GET /rooms/{ROOM}/ws?view=observe HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://{host}\r\n\r\n".encode()
        )
        answer = b""
        while b"\r\n" not in answer:
            chunk = raw.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


@pytest.mark.parametrize("host", OTHER_HOSTS)
@pytest.mark.parametrize("path", ["/", f"/rooms/{ROOM}/observe", "/join", f"/api/rooms/{ROOM}/state"])
def test_a_page_or_the_api_under_another_host_is_refused(live, host, path):
    response = get(live, path, host)
    assert response.status_code == 400, (response.status_code, response.text[:200])
    assert "Invalid host header" in response.text
    assert "content-security-policy" in response.headers  # a refusal is still a page of ours
    assert get(live, path, urlsplit(live.base_url).netloc).status_code == 200  # the real name is served


@pytest.mark.parametrize("host", OTHER_HOSTS)
def test_a_websocket_upgrade_under_another_host_is_refused(live, host):
    assert upgrade_status(live, host).startswith(b"HTTP/1.1 400"), upgrade_status(live, host)
    assert upgrade_status(live, urlsplit(live.base_url).netloc).startswith(b"HTTP/1.1 101")


def test_the_configured_names_are_served_and_no_other(serve):
    server = serve(allowed_hosts="meeting.example, 127.0.0.1")
    try:
        port = urlsplit(server.base_url).port
        for host in ("meeting.example", f"meeting.example:{port}", f"127.0.0.1:{port}", "MEETING.example"):
            assert get(server, "/", host).status_code == 200, host
        assert upgrade_status(server, f"meeting.example:{port}").startswith(b"HTTP/1.1 101")
        for host in ("localhost", f"localhost:{port}", "evil.example"):  # configured: only those names
            assert get(server, "/", host).status_code == 400, host
        assert upgrade_status(server, f"localhost:{port}").startswith(b"HTTP/1.1 400")
    finally:
        server.stop()
