"""A delegation's phone (390×844) in the plenary: when it will speak, in the clock time of the day;
told to go to the rostrum when it is next; its own clock first when it has the floor; its own row
marked on the list; a pinned card that leaves the list room to read; no page wider than the phone.

The server's clock stands on the morning of Thursday 3 October 2013, before the 25th plenary
meeting opens at 10 a.m. New York time; statements are five minutes.
"""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from test_accessibility import fill

from session.domain.permissions import Role
from session.web.i18n import translator

ROOM = "plenary"
MORNING = datetime(2013, 10, 3, 12, 0, tzinfo=UTC).timestamp()  # 8 a.m. in New York
PHONE = {"width": 390, "height": 844}
AROUND = re.compile(r"around \d{1,2}(:\d\d)? [ap]\.m\.")
DURATION_WAIT = re.compile(r"about \d+:\d\d")


@pytest.fixture
def hall(clocked, clock):
    clock.now = MORNING
    chair = clocked.code(ROOM, Role.CHAIR)
    for participant in ("PHL", "SEN"):
        clocked.api(ROOM, chair, action="inscribe", participant=participant)
    return clocked


@pytest.fixture
def phone(hall, pages_on):
    with pages_on(hall) as open_page:
        page = open_page(hall.code(ROOM, Role.DELEGATE, "MEX"), "phone")
        page.get_by_label("Speaker's name").fill("H.E. Mr. José Antonio Meade Kuribreña")
        page.get_by_label("Level requested").select_option("minister")
        page.get_by_role("button", name="Inscribe", exact=True).click()
        expect(page.get_by_text("You are number 3 in the queue")).to_be_visible()
        yield page


def chair_does(hall, action: str, **fields) -> None:
    answer = hall.api(ROOM, hall.code(ROOM, Role.CHAIR), action=action, **fields)
    assert answer.status_code == 200, answer.text


def test_the_waiting_card_says_when_in_the_time_of_day_and_leaves_the_list_room(phone):
    card = phone.locator(".mine")
    expect(card).to_contain_text("expected around 10:10 a.m.")  # behind two five-minute statements
    assert AROUND.search(card.inner_text())
    assert not DURATION_WAIT.search(phone.locator("body").inner_text())
    # Nothing more to ask for a statement already inscribed: no second blue button.
    expect(phone.get_by_role("button", name="Inscribe", exact=True)).to_have_count(0)
    # Its own row, and only its own, is marked on the list every phone shares.
    mine = phone.locator("#queue .entry.is-mine")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Mexico")
    expect(phone.locator("#queue .entry:not(.is-mine)")).to_have_count(2)
    # Scrolled down to the list, the pinned card covers at most a fifth of the screen.
    phone.locator("#queue").scroll_into_view_if_needed()
    phone.mouse.wheel(0, 600)
    box = card.bounding_box()
    assert box is not None and box["height"] <= 0.2 * PHONE["height"], box


def test_next_then_the_floor_with_its_own_clock_first(hall, phone):
    phone.evaluate("() => { window.buzzes = []; navigator.vibrate = (p) => { window.buzzes.push(p); return true; }; }")
    chair_does(hall, "open_meeting")
    chair_does(hall, "call_next")  # the Philippines
    expect(phone.get_by_text("You are number 2 in the queue")).to_be_visible()
    expect(phone.get_by_text("You are next")).to_have_count(0)
    chair_does(hall, "end_intervention")
    chair_does(hall, "call_next")  # Senegal
    expect(phone.get_by_text("You are next — please proceed to the rostrum")).to_be_visible()
    expect(phone.get_by_text("You are number 1 in the queue")).to_be_visible()
    assert phone.evaluate("() => window.buzzes.length") == 1
    chair_does(hall, "timer_add", seconds=10)  # another push while still next: no second buzz
    expect(phone.locator("#current .limit")).to_contain_text("5:10")
    assert phone.evaluate("() => window.buzzes.length") == 1

    chair_does(hall, "end_intervention")
    chair_does(hall, "call_next")  # Mexico
    expect(phone.get_by_text("You have the floor.")).to_be_visible()
    own = phone.locator(".own-clock")
    expect(own).to_have_text(re.compile(r"^\s*[45]:\d\d\s*$"))
    first = phone.evaluate("""() => {
        const own = document.querySelector('.own-clock').getBoundingClientRect();
        const others = [...document.querySelectorAll('main section, #ask, #my-details')]
            .filter(e => !e.contains(document.querySelector('.own-clock')) && e.offsetParent !== null);
        return own.top < 200 && others.every(e => e.getBoundingClientRect().top > own.top);
    }""")
    assert first, "its own countdown is the first thing on its phone"
    expect(phone.locator("#ask")).to_be_hidden()  # nothing to ask for while it speaks
    expect(phone.get_by_role("button", name="Request the floor")).to_have_count(0)


def test_the_level_picker_starts_at_the_entrys_verified_level(hall, phone):
    entry = next(q["entry"] for q in hall.state(ROOM)["queue"] if q["participant"] == "MEX")
    chair_does(hall, "verify_level", entry=entry, level="vice_minister")  # declared Minister; verified otherwise
    chair_does(hall, "open_meeting")
    chair_does(hall, "call", entry=entry)
    chair_does(hall, "end_intervention")
    chair_does(hall, "allow_second_statement", participant="MEX")
    expect(phone.get_by_role("button", name="Inscribe", exact=True)).to_be_visible()
    expect(phone.get_by_label("Level requested")).to_have_value("vice_minister")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_phone_waiting_while_another_speaks_in_english_and_arabic(hall, pages_on, artifacts, lang):
    """Mexico second on the list of the 25th plenary meeting while the Philippines has the floor:
    the README's pictures of a delegation's phone."""
    chair_does(hall, "inscribe", participant="MEX", speaker="H.E. Mr. José Antonio Meade Kuribreña")
    for participant in ("BRA", "DEU", "CHN", "FRA", "JPN"):
        chair_does(hall, "inscribe", participant=participant)
    for action in ("open_meeting", "call_next", "timer_start"):
        chair_does(hall, action)
    with pages_on(hall) as open_page:
        page = open_page(hall.code(ROOM, Role.DELEGATE, "MEX"), "phone", locale=lang)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        _ = translator(lang)
        expect(page.get_by_text(_("You are number %(n)s in the queue", n=2))).to_be_visible()
        expect(page.locator(".mine")).to_contain_text(_("expected around %(time)s", time="").rstrip())
        expect(page.locator("#queue .entry.is-mine")).to_have_count(1)
        page.screenshot(path=str(artifacts / ("delegate-plenary.png" if lang == "en" else "delegate-plenary-ar.png")))


PAGES = [  # (role's code, room, path)
    (None, None, "/"),
    (None, None, "/join"),
    (None, None, "/rooms/rt1/observe"),
    (None, None, "/rooms/plenary/observe"),
    ((Role.DELEGATE, "MEX"), "rt1", "/rooms/rt1/delegate"),
    ((Role.DELEGATE, "MEX"), "plenary", "/rooms/plenary/delegate"),
    (None, None, "/rooms/plenary/speakers"),
    (None, None, "/rooms/rt1/speakers"),
    (None, None, "/panels"),
]


@pytest.fixture(scope="module")
def busy_hall(module_live):
    """A busy room and plenary, and a record with every kind of turn, as the gallery reads them."""
    fill(module_live)
    chair = module_live.code("rt1", Role.CHAIR)
    for participant, kind in (("PHL", "right_of_reply"), ("MEX", "point_of_order"), ("IOM", "statement")):
        module_live.api("rt1", chair, action="end_intervention")
        module_live.api("rt1", chair, action="request_floor", participant=participant, type=kind)
        module_live.api("rt1", chair, action="call_next")
    return module_live


@pytest.mark.parametrize("who, room, path", PAGES, ids=[p[2] for p in PAGES])
def test_no_page_is_wider_than_the_phone(busy_hall, pages_on, who, room, path):
    with pages_on(busy_hall) as open_page:
        page = open_page(busy_hall.code(room, *who) if who else None, "phone", path=None if who else path)
        if who:
            page.goto(f"{busy_hall.base_url}{path}")
            page.wait_for_load_state("networkidle")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide"
