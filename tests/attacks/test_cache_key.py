"""An unbounded render cache: the raw `?second=` of a screen's socket used to become a cache key,
kept for ever, so random values grew the server by megabytes per thousand sockets. Every key is
now one of a few known values (a room, a view, one of the six languages or none), and every
cache of the renderer is bounded besides."""

import asyncio
import secrets

import httpx
from livehelpers import open_socket
from websockets.asyncio.client import connect

from session.domain.permissions import Role

ROOM = "rt1"
SOCKETS = 2000
AT_ONCE = 50  # well under the per-address cap: this is about the cache, not the connections


def renderer(live):
    return live.server.config.app.state.renderer


async def screens_with_random_second_languages(live, count: int) -> None:
    gate = asyncio.Semaphore(AT_ONCE)
    origin = live.base_url

    async def one() -> None:
        url = f"{live.ws_base}/rooms/{ROOM}/ws?view=screen&second={secrets.token_hex(8)}"
        async with gate, connect(url, origin=origin, compression=None, open_timeout=10) as ws:
            while 'id="current"' not in await ws.recv():  # the first render, which fills the cache
                pass

    await asyncio.gather(*(one() for _ in range(count)))


def test_random_second_languages_leave_the_cache_at_a_handful_of_entries(live, attack):
    watcher = attack.gallery(ROOM)
    before = renderer(live).cached_renders()["shared"]
    asyncio.run(screens_with_random_second_languages(live, SOCKETS))
    held = renderer(live).cached_renders()
    assert held["shared"] - before <= 1, f"{SOCKETS} random ?second= values made {held} cache entries"
    assert all(entries <= 10 for entries in held.values()), held
    attack.still_served(ROOM, watcher)


def test_a_known_second_language_is_still_drawn_on_the_big_screen(live):
    chair = live.code(ROOM, Role.CHAIR)
    assert live.api(ROOM, chair, action="request_floor", participant="MEX").status_code == 200
    assert live.api(ROOM, chair, action="call_next").status_code == 200
    screen = open_socket(f"{live.ws_base}/rooms/{ROOM}/ws?view=screen&second=fr")
    try:
        assert 'class="speaker-second" lang="fr">Mexique<' in screen.wait_for("Mexique")
    finally:
        screen.close()


def test_a_page_with_an_unknown_second_language_shows_none(live):
    for second in ("xx", "FR", "en", "fr%00", "../fr", "fr&second=es"):
        page = httpx.get(f"{live.base_url}/rooms/{ROOM}/screen", params={"second": second, "lang": "en"})
        assert page.status_code == 200
        assert "second=" not in page.text and "speaker-second" not in page.text, second
    page = httpx.get(f"{live.base_url}/rooms/{ROOM}/screen", params={"second": "fr", "lang": "en"})
    assert "second=fr" in page.text


def test_every_cache_of_the_renderer_is_bounded(live):
    """However many distinct keys reach it (here: made up by hand, as no door can any more)."""
    drawing = renderer(live)
    for owner, name in (
        *((drawing, name) for name in ("_cache", "_participants", "_choices", "_expected")),
        *((drawing.own, name) for name in ("_personal", "_asks", "_queue_places", "_standings")),
    ):
        cache = getattr(owner, name)
        for i in range(cache.limit + 100):
            cache[("made up", i)] = ("entry", i)
        assert len(cache) == cache.limit, name
        assert ("made up", cache.limit + 99) in cache and ("made up", 0) not in cache, "the oldest go first"
