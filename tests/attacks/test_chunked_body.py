"""Oversize forms: a body sent in chunks has no Content-Length to check, and a form parser left to
its defaults buffers a thousand fields of a megabyte or spools files to disk. Every HTTP form —
joining, leaving, the secretariat's desks — is counted as it streams, refused with 413 past 4 KiB,
and parsed with few fields and no files."""

import re
import tracemalloc

import httpx
import pytest

from session.domain.permissions import Role

ROOM = "rt1"
MIB = 1024 * 1024
CHUNK = 16 * 1024


def chunks(total: int = MIB, piece: bytes = b"a"):
    """A urlencoded body in chunks, made as it is sent (the client never holds it whole):
    `code=aaaa…`; httpx sends a generator with Transfer-Encoding: chunked."""
    yield b"code="
    for _ in range(total // CHUNK):
        yield piece * CHUNK


def token(client: httpx.Client, path: str = "/join") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def post_chunked(client: httpx.Client, path: str, body) -> httpx.Response:
    return client.post(path, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_chunked_megabytes_on_join_are_refused_and_not_held(live, attack):
    with httpx.Client(base_url=live.base_url) as client:
        token(client)
        tracemalloc.start()  # the server runs in this process: its allocations are traced too
        try:
            tracemalloc.reset_peak()
            response = post_chunked(client, "/join", chunks(4 * MIB))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert response.status_code == 413 and "That form is too large." in response.text
        # what the server and client allocate anyway is under 1 MiB (the same for 16 KiB or 16 MiB);
        # a server that held the body would peak above its 4 MiB
        assert peak < 1.5 * MIB, f"{peak} bytes allocated at once while refusing 4 MiB"
        assert "grants" not in attack.session_of(client)
    with httpx.Client(base_url=live.base_url) as phone:  # and the server still serves
        assert live.join(phone, live.code(ROOM, Role.OBSERVER)).status_code == 303


def test_a_chunked_body_is_counted_not_its_content_length(live):
    with httpx.Client(base_url=live.base_url) as client:
        csrf = token(client)
        body = f"csrf_token={csrf}&code=".encode() + b"a" * 8000
        request = client.build_request(
            "POST", "/join", content=iter([body]), headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert request.headers.get("transfer-encoding") == "chunked" and "content-length" not in request.headers
        assert client.send(request).status_code == 413


def test_many_small_fields_are_refused(live):
    with httpx.Client(base_url=live.base_url) as client:
        csrf = token(client)
        body = f"csrf_token={csrf}&".encode() + b"&".join(b"f%d=" % n for n in range(600))  # under 4 KiB
        assert len(body) < 4096
        response = post_chunked(client, "/join", iter([body]))
        assert response.status_code == 413 and "That form is too large." in response.text


def test_a_file_in_a_form_is_refused(live):
    with httpx.Client(base_url=live.base_url) as client:
        csrf = token(client)
        response = client.post(
            "/join",
            data={"csrf_token": csrf, "code": "abcd-efgh"},
            files={"upload": ("notes.txt", b"x" * 100, "text/plain")},
        )
        assert response.status_code == 413


@pytest.fixture
def desk(live):
    with httpx.Client(base_url=live.base_url) as client:
        assert live.join(client, live.code(None, Role.ORGANISER)).headers["location"] == "/organiser"
        yield client


@pytest.mark.parametrize(
    "path, page",
    [
        ("/organiser/codes", "/organiser"),
        ("/organiser/panels/rt1/deadline", "/organiser/panels"),
        ("/organiser/panels/rt1/publish", "/organiser/panels"),
        ("/leave", "/organiser"),
        ("/logout", "/organiser"),
    ],
)
def test_every_desk_form_is_counted_as_it_streams(live, desk, attack, path, page):
    before = live.state(ROOM)
    codes = desk.get("/organiser").text.count("<tr")
    csrf = token(desk, page)
    body = iter(
        [
            f"csrf_token={csrf}&room=rt1&role=chair&deadline=2013-10-03T10:00&participant=MEX&label=".encode(),
            *chunks(MIB),
        ]
    )
    response = post_chunked(desk, path, body)
    assert response.status_code == 413, (path, response.status_code)
    assert desk.get("/organiser").status_code == 200  # still signed in: nothing acted on
    assert desk.get("/organiser").text.count("<tr") == codes
    assert live.state(ROOM)["version"] == before["version"]
    assert set(attack.session_of(desk)["grants"]) == {"*"}
