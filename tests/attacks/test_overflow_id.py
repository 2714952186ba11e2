"""A code number past the database's 64-bit integers is "no such code", never a 500; and a 500,
should one happen, carries the same security headers as any page."""

import asyncio
import re

import httpx
import pytest
from starlette.routing import Route

from session.cli import main
from session.domain.permissions import Role
from session.settings import Settings
from session.store import access
from session.store.database import make_engine
from session.web.app import create_app

HUGE = [99999999999999999999, 2**63, -(2**63) - 1]
SECURITY_HEADERS = [
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "permissions-policy",
]


@pytest.fixture
def desk(live):
    """The secretariat's browser on its desk (the organiser's code redeemed through the join form)."""
    with httpx.Client(base_url=live.base_url) as client:
        code = live.code(None, Role.ORGANISER)
        page = client.get("/join").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert client.post("/join", data={"code": code, "csrf_token": token}).status_code in (200, 303)
        assert client.get("/organiser").status_code == 200
        yield client


def desk_token(desk: httpx.Client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', desk.get("/organiser").text).group(1)


@pytest.mark.parametrize("number", [str(n) for n in HUGE if n > 0] + ["9" * 400])
def test_revoking_a_code_number_past_64_bits_is_no_such_code(live, desk, number):
    kept = live.code("rt1", Role.CHAIR)
    response = desk.post(f"/organiser/codes/{number}/revoke", data={"csrf_token": desk_token(desk)})
    assert response.status_code == 404, (response.status_code, response.text[:300])
    assert "does not exist" in response.text
    assert "content-security-policy" in response.headers
    engine = make_engine(live.database_url)
    try:
        assert access.redeem(engine, kept) is not None  # nothing was revoked
    finally:
        engine.dispose()


@pytest.mark.parametrize("number", HUGE)
def test_the_store_treats_an_id_past_64_bits_as_no_such_code(database_url, number):
    engine = make_engine(database_url)
    try:
        code = access.mint(engine, role=Role.CHAIR, room="rt1")
        real = access.redeem(engine, code).code_id
        assert access.revoke(engine, number) is False
        assert access.grant_by_id(engine, number) is None
        with engine.connect() as db:
            assert access.revoked_among(db, {number, real}) == {number}
        assert access.redeem(engine, code) is not None
    finally:
        engine.dispose()


def test_the_cli_says_no_such_code_for_an_id_past_64_bits(database_url, capsys):
    assert main(["access", "revoke", "99999999999999999999", "--database-url", database_url]) == 1
    assert "no active code 99999999999999999999" in capsys.readouterr().err


def test_a_500_carries_the_security_headers(database_url):
    async def broken(request):
        raise RuntimeError("a bug in a page")

    async def fetch() -> tuple[httpx.Response, httpx.Response]:
        app = create_app(Settings(database_url=database_url), migrate_schema=False)
        app.router.routes.insert(0, Route("/broken", broken))
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get("/broken"), await client.get("/no-such-page")

    crash, missing = asyncio.run(fetch())
    assert crash.status_code == 500 and missing.status_code == 404
    for header in SECURITY_HEADERS:
        assert header in crash.headers, (header, dict(crash.headers))
        assert crash.headers[header] == missing.headers[header]
