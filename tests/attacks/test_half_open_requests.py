"""Connections that hold the server without a request: half-sent headers are cut after the header
timeout (slowloris), and past the concurrency limit the server answers 503 at once."""

import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest
from livehelpers import root_start_server

from session.cli import server_options
from session.settings import Settings
from session.web.httpguard import HEADER_TIMEOUT_S, HeaderTimeoutProtocol

PARTIAL = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"  # no blank line: headers never end


class QuickHeaders(HeaderTimeoutProtocol):
    """The server's protocol with a one-second header timeout, so a test waits one second, not ten."""

    header_timeout_s = 1.0


@pytest.fixture
def quick(request, database_url):
    server = root_start_server(request.config)(database_url, server_options={"http": QuickHeaders})
    yield server
    server.stop()


def connect(server) -> socket.socket:
    address = urlsplit(server.base_url)
    return socket.create_connection((address.hostname, address.port), timeout=10)


def closed_by_server(raw: socket.socket, limit_s: float) -> bool:
    """True if the server closes the connection within `limit_s` (reading whatever it sends)."""
    raw.settimeout(limit_s)
    try:
        while raw.recv(4096):
            pass
        return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_serve_uses_the_guarded_protocol_with_a_ten_second_header_timeout():
    options = server_options(Settings(limit_concurrency=1234))
    assert options["http"] == "session.web.httpguard:HeaderTimeoutProtocol"
    assert HeaderTimeoutProtocol.header_timeout_s == HEADER_TIMEOUT_S == 10
    assert options["limit_concurrency"] == 1234


def test_half_sent_headers_are_closed_after_the_header_timeout(quick):
    slow = [connect(quick) for _ in range(20)]
    for raw in slow:
        raw.sendall(PARTIAL)
    assert httpx.get(f"{quick.base_url}/").status_code == 200  # everyone else is answered meanwhile
    for raw in slow:
        assert closed_by_server(raw, 6.0), "a half-sent request was still open"
        raw.close()


def test_a_connection_that_sends_nothing_is_closed(quick):
    with connect(quick) as silent:
        assert closed_by_server(silent, 6.0)


def test_trickling_bytes_does_not_reset_the_timeout(quick):
    with connect(quick) as raw:
        started = time.monotonic()
        for byte in PARTIAL:
            try:
                raw.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break  # closed while trickling: the point of the test
            time.sleep(0.1)
            if time.monotonic() - started > 6:
                pytest.fail("a trickled request was still open after 6 s")
        else:
            assert closed_by_server(raw, 6.0)


def test_a_second_request_on_a_kept_alive_connection_is_timed_too(quick):
    with connect(quick) as raw:
        raw.sendall(b"GET /join HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while b"</html>" not in answer:
            answer += raw.recv(65536)
        assert answer.startswith(b"HTTP/1.1 200")
        raw.sendall(PARTIAL)
        assert closed_by_server(raw, 6.0)


def test_a_whole_request_sent_slowly_within_the_timeout_is_answered(quick):
    with connect(quick) as raw:
        raw.sendall(PARTIAL)
        time.sleep(0.3)
        raw.sendall(b"\r\n\r\n")
        assert raw.recv(65536).startswith(b"HTTP/1.1 200")


def test_past_the_concurrency_limit_the_server_answers_503(serve):
    server = serve(limit_concurrency=4)
    held = []
    try:
        for _ in range(4):
            held.append(connect(server))
            held[-1].sendall(b"GET / HTTP/1.1\r\n")  # accepted by the server, the request not finished
        deadline = time.monotonic() + 5
        status = None
        while time.monotonic() < deadline:  # the server accepts the held connections in its own time
            status = httpx.get(f"{server.base_url}/", headers={"Connection": "close"}).status_code
            if status == 503:
                break
        assert status == 503
    finally:
        for raw in held:
            raw.close()
    deadline = time.monotonic() + 5
    while httpx.get(f"{server.base_url}/").status_code != 200:  # freed, it answers again
        assert time.monotonic() < deadline, "the server did not answer again once the connections closed"
    server.stop()
