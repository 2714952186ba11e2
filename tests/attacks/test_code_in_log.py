"""Codes never reach a log: opening a join link puts the code in the request line, which the
server's access log would keep in clear for anyone who reads the logs — the secretariat's too."""

import logging
import re

import httpx
import pytest

from session.bench.server import ServerProcess
from session.domain.permissions import Role
from session.store import access
from session.store.database import make_engine

ROOM = "rt2"


@pytest.fixture
def served(tmp_path, database_url):
    """`session serve` as an operator starts it, its whole output (access log included) in a file."""
    server = ServerProcess.serve("--database-url", database_url, log_path=tmp_path / "serve.log", cwd=tmp_path)
    yield server.base_url, server.log_path, server.process
    server.stop()


def mint(database_url: str, role: Role, room: str | None, participant: str | None = None) -> str:
    engine = make_engine(database_url)
    try:
        return access.mint(engine, role=role, room=room, participant=participant, label="test")
    finally:
        engine.dispose()


def test_joining_by_link_leaves_no_code_in_the_log(served, database_url):
    base_url, log, process = served
    codes = [
        mint(database_url, Role.ORGANISER, None),
        mint(database_url, Role.CHAIR, ROOM),
        mint(database_url, Role.DELEGATE, ROOM, "MEX"),
    ]
    guesses = ["zzzz-zzzz", "abcd-efgh"]  # wrong codes are someone's attempt: not logged either
    with httpx.Client(base_url=base_url) as phone:
        for code in codes + guesses:
            for path in (f"/join/{code}", f"/join/{code}?lang=fr", f"/join/{code.replace('-', '%2D')}"):
                assert phone.get(path, follow_redirects=False).status_code < 500
            phone.post("/join", data={"code": code}, follow_redirects=False)
    process.terminate()  # stopped, the server has written out everything it logged
    process.wait(15)
    text = log.read_text()
    assert re.search(r'"GET /join/\S+ HTTP/1.1" \d{3}', text), f"no access log line for a join:\n{text}"
    for code in codes + guesses:
        for form in (code, code.replace("-", ""), code.replace("-", "%2D")):
            assert form not in text, f"{form} is in the log:\n{text}"


def test_an_app_made_by_create_app_redacts_the_access_log_it_is_served_with(database_url):
    """Any server of the app (a test server, another ASGI server's uvicorn.access) gets the filter."""
    from session.settings import Settings
    from session.web.app import create_app

    create_app(Settings(database_url=database_url), migrate_schema=False)
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/join/kbFT-Easv?lang=fr", "1.1", 200),
        None,
    )
    assert logging.getLogger("uvicorn.access").filter(record)
    assert "kbFT-Easv" not in record.getMessage()
    assert "/join/" in record.getMessage() and "lang=fr" in record.getMessage()
