"""The big screen as the hall sees it, projected at 1920×1080 and at 1024×768: the meeting and its
day, the time of day, the speaker and a clock that fills the space, the next speakers and how many
more wait -- all of it on one screen, never scrolled, in English, with French under the speaker's
name and in Arabic; and a clock whose written note says what the clock shows.
"""

import re

import pytest
from livehelpers import root_start_server
from playwright.sync_api import expect

from session.data import participants
from session.domain.permissions import Role
from session.store.database import make_engine, migrate
from session.store.seed import seed_reference_data

ROOM = "plenary"
SIZES = {"1920x1080": "screen", "1024x768": "tablet"}  # conftest.DEVICES
# The longest names of 2013 first, where the screen has least room for them.
SPEAKING = ("GBR", "H.E. Mr. William Hague", "First Secretary of State for Foreign and Commonwealth Affairs")
LONG_NAMES = ("BOL", "VEN", "COD", "MKD", "LAO", "IRN", "FSM", "PRK", "VCT", "TZA")
INSCRIBED = 60
BUSY = {"actions_per_code_per_10_s": 1000}  # sixty inscriptions in a second from one chair's code


def fill(live) -> int:
    """The plenary's list with 60 delegations, the United Kingdom at the rostrum: how many wait."""
    chair = live.code(ROOM, Role.CHAIR)
    others = [p.id for p in participants() if p.category == "member_state" and p.id not in (SPEAKING[0], *LONG_NAMES)]
    delegation, speaker, title = SPEAKING
    assert live.api(ROOM, chair, action="inscribe", participant=delegation, speaker=speaker, title=title).is_success
    for number, participant in enumerate((*LONG_NAMES, *others)[: INSCRIBED - 1]):
        behalf = {"on_behalf_of": "the Group of 77 and China"} if number == 2 else {}
        assert live.api(ROOM, chair, action="inscribe", participant=participant, **behalf).is_success
    live.api(ROOM, chair, action="open_meeting")
    live.api(ROOM, chair, action="call", participant=SPEAKING[0])
    live.api(ROOM, chair, action="timer_start")
    return len(live.state(ROOM)["queue"])


@pytest.fixture(scope="module")
def plenary(request, tmp_path_factory):
    """One full plenary for the module's looks (looking at the screen changes nothing in it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('screen') / 'session.db'}"
    engine = make_engine(url)
    migrate(engine)
    seed_reference_data(engine)
    engine.dispose()
    live = root_start_server(request.config)(url, **BUSY)
    yield live, fill(live)
    live.stop()


@pytest.fixture
def open_screen(pages_on, plenary):
    live, _ = plenary
    with pages_on(live) as open_page:

        def open_screen(size: str, query: str = ""):
            page = open_page(path=f"/rooms/{ROOM}/screen{query}", device=SIZES[size])
            expect(page.get_by_role("timer")).to_be_visible()
            return page

        yield open_screen


def outside_the_viewport(page) -> list[str]:
    """Everything drawn on the page that is not wholly on the screen (cut, or to be scrolled to)."""
    return page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .map(e => [e, e.getBoundingClientRect()])
        .filter(([e, r]) => r.width && r.height)
        .filter(([e, r]) => r.top < -0.5 || r.left < -0.5 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5)
        .map(([e, r]) => `${e.tagName}.${e.className} ${JSON.stringify(e.textContent.trim().slice(0, 40))}: `
            + `${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`)""")


@pytest.mark.parametrize("query", ["", "?second=fr", "?lang=ar", "?lang=ar&second=fr"], ids=["en", "fr", "ar", "ar-fr"])
@pytest.mark.parametrize("size", SIZES)
def test_the_big_screen_fits_the_projector_without_scrolling(plenary, open_screen, artifacts, size, query):
    _, waiting = plenary
    screen = open_screen(size, query)
    fits = screen.evaluate("""() => ({
        height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
        innerHeight, innerWidth})""")
    assert fits["height"] <= fits["innerHeight"] and fits["width"] <= fits["innerWidth"], fits
    assert outside_the_viewport(screen) == []

    next_speakers = screen.locator("#next-speakers li")
    expect(next_speakers).to_have_count(6)
    sixth = next_speakers.nth(5).bounding_box()
    width, height = map(int, size.split("x"))
    assert sixth["y"] >= 0 and sixth["y"] + sixth["height"] <= height
    assert sixth["x"] >= 0 and sixth["x"] + sixth["width"] <= width
    if "lang=ar" not in query:
        expect(screen.get_by_text(f"and {waiting - 6} more")).to_be_visible()
        expect(screen.get_by_role("heading", name="Next speakers")).to_be_visible()

    name = "lang=ar" not in query and "United Kingdom of Great Britain and Northern Ireland"
    speaker = screen.locator("#current .speaker-name")
    if name:
        expect(speaker).to_have_text(name)
    if "second=fr" in query:
        expect(screen.locator("#current [lang=fr]")).to_have_text("Royaume-Uni de Grande-Bretagne et d'Irlande du Nord")
    expect(screen.locator("#current")).to_contain_text("H.E. Mr. William Hague")
    # The delegation is centred under the clock, not set against one side.
    box, text = screen.locator("#current").bounding_box(), speaker.locator("bdi").bounding_box()
    assert abs((box["x"] + box["width"] / 2) - (text["x"] + text["width"] / 2)) < box["width"] * 0.05
    screen.screenshot(
        path=str(artifacts / f"screen-{size}{query.replace('?', '-').replace('&', '-').replace('=', '-')}.png")
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_screen_shows_the_meeting_not_the_staff(plenary, open_screen, size):
    screen = open_screen(size)
    words = screen.locator("body").inner_text()
    for staff in ("Big screen", "HLD 2013", "The list of speakers is open.", "Leave this room"):
        assert staff not in words
    expect(screen.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"25th plenary meeting · Thursday, 3 October 2013")
    )
    expect(screen.locator("[data-time-of-day]")).to_have_text(re.compile(r"^(\d{1,2}(:\d\d)? [ap]\.m\.|12 noon)$"))
    expect(screen.get_by_text("Scheduled end: 1 p.m.")).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_a_round_tables_screen_fits_with_its_theme(plenary, pages_on, size):
    live, _ = plenary
    with pages_on(live) as open_page:
        screen = open_page(path="/rooms/rt1/screen", device=SIZES[size])
        expect(screen.get_by_role("heading", level=1)).to_have_text("Round table 1 · Thursday, 3 October 2013")
        expect(screen.get_by_text("No one has the floor")).to_be_visible()
        expect(screen.get_by_text("No one is waiting to speak.")).to_be_visible()
        assert outside_the_viewport(screen) == []
        assert screen.evaluate("() => document.documentElement.scrollHeight <= innerHeight")


def test_the_clocks_words_follow_the_clock(serve, pages_on, artifacts):
    live = serve(**BUSY)
    fill(live)
    chair = live.code(ROOM, Role.CHAIR)
    with pages_on(live) as open_page:
        screen = open_page(path=f"/rooms/{ROOM}/screen", device="screen")
        clock_and_words(live, chair, screen)
        screen.screenshot(path=str(artifacts / "screen-1920x1080-over-time.png"))


def clock_and_words(live, chair, screen) -> None:
    timer, note = screen.get_by_role("timer"), screen.locator("#current [data-note]")
    expect(timer).to_have_text(re.compile(r"^4:5\d$"))
    expect(note).to_have_text("")

    assert live.api(ROOM, chair, action="timer_add", seconds=-266).is_success  # about 33 s left of five minutes
    expect(timer).to_have_text(re.compile(r"^0:3[1-4]$"))
    expect(note).to_have_text("")
    # Across the warning's edge the note and the clock are read together, ten times a second.
    seen = screen.evaluate("""() => new Promise(done => {
        const seen = [], timer = document.querySelector('[role=timer]');
        const every = setInterval(() => {
            seen.push([timer.textContent, document.querySelector('#current [data-note]').textContent]);
            if (seen.length === 60) { clearInterval(every); done(seen); }
        }, 100);
    })""")
    faces = {face for face, _ in seen}
    assert "0:30" in faces and "0:31" in faces
    for face, words in seen:
        minutes, seconds = map(int, face.split(":"))
        assert words == ("30 seconds left" if minutes * 60 + seconds <= 30 else ""), (face, words)
    assert screen.locator("#current").evaluate("e => e.classList.contains('is-warning')")
    warning_colour = timer.evaluate("e => getComputedStyle(e).color")

    assert live.api(ROOM, chair, action="timer_add", seconds=-34).is_success  # no time left of the limit
    expect(note).to_have_text("Over time")
    expect(timer).to_have_text(re.compile(r"^\+0:\d\d$"))
    assert screen.locator("#current").evaluate("e => e.classList.contains('is-overrun')")
    assert timer.evaluate("e => getComputedStyle(e).color") != warning_colour
