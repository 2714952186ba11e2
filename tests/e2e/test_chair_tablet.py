"""The chair's tablet held landscape (1024×768) at a full plenary: sixty delegations inscribed, and
the chair moves the 40th to the 3rd place in a few touches -- by typing the place, or by dragging
the entry by its grip -- while the speaker and the clock stay in sight and the gallery follows."""

import re

import pytest
from playwright.sync_api import Page, expect

from session import data
from session.domain.permissions import Role

ROOM = "plenary"
WAITING = 60


@pytest.fixture
def full_plenary(serve):
    # Sixty inscriptions in a second: more than one code may send in the hall (its default limit).
    live = serve(actions_per_code_per_10_s=1000)
    chair = live.code(ROOM, Role.CHAIR)
    states = [p.id for p in data.participants() if p.category == "member_state"][: WAITING + 1]
    for participant in states:
        assert live.api(ROOM, chair, action="inscribe", participant=participant).status_code == 200
    assert live.api(ROOM, chair, action="open_meeting").status_code == 200
    assert live.api(ROOM, chair, action="call_next").status_code == 200
    assert len(live.state(ROOM)["queue"]) == WAITING
    return live


@pytest.fixture
def open_page(pages_on, full_plenary):
    with pages_on(full_plenary) as open_page:
        yield open_page


@pytest.fixture
def tablet_and_gallery(full_plenary, open_page):
    chair = open_page(full_plenary.code(ROOM, Role.CHAIR), "tablet")
    gallery = open_page(path=f"/rooms/{ROOM}/observe", device="tablet")
    return chair, gallery


def entry_at(page: Page, position: int):
    return page.locator(f'#queue li.entry[data-position="{position}"]')


def order(live) -> list[str]:
    return [q["participant"] for q in live.state(ROOM)["queue"]]


def test_the_chair_moves_the_40th_to_the_3rd_place_by_typing_it(full_plenary, tablet_and_gallery):
    chair, gallery = tablet_and_gallery
    before = order(full_plenary)
    fortieth = before[39]
    row = entry_at(chair, 40)
    row.get_by_role("spinbutton").fill("3")  # one
    row.get_by_role("button", name="Move to position").click()  # two
    expect(entry_at(chair, 3)).to_have_attribute("data-entry", str(live_entry(full_plenary, fortieth)))
    assert order(full_plenary)[2] == fortieth
    assert order(full_plenary)[3:40] == before[2:39]
    expect(gallery.locator("#queue li.entry").nth(2)).to_contain_text(name_of(fortieth))


def test_move_to_top_puts_the_entry_first(full_plenary, tablet_and_gallery):
    chair, _ = tablet_and_gallery
    tenth = order(full_plenary)[9]
    entry_at(chair, 10).get_by_role("button", name="Move to top").click()
    expect(entry_at(chair, 1)).to_contain_text(name_of(tenth))
    expect(entry_at(chair, 1).get_by_role("button", name="Move to top")).to_be_disabled()


def drag(page: Page, grip, onto) -> None:
    """A finger on the grip, carried onto the upper edge of another entry and lifted there: held
    while the list scrolls under it, as a hand would."""
    grip.scroll_into_view_if_needed()
    box = grip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 20, steps=4)
    onto.scroll_into_view_if_needed()
    for _ in range(3):
        target = onto.bounding_box()
        page.mouse.move(target["x"] + 20, target["y"] + 8, steps=6)
        page.wait_for_timeout(150)
    page.mouse.up()


def live_entry(live, participant: str) -> int:
    return next(q["entry"] for q in live.state(ROOM)["queue"] if q["participant"] == participant)


def name_of(participant: str) -> str:
    return next(p.name for p in data.participants() if p.id == participant)


def test_the_chair_drags_the_40th_to_the_3rd_place(full_plenary, tablet_and_gallery):
    chair, gallery = tablet_and_gallery
    before = order(full_plenary)
    fortieth = before[39]
    drag(chair, entry_at(chair, 40).locator(".grip"), entry_at(chair, 3))  # one gesture
    expect(entry_at(chair, 3)).to_contain_text(name_of(fortieth))
    assert order(full_plenary)[2] == fortieth
    assert order(full_plenary)[3:40] == before[2:39]
    expect(gallery.locator("#queue li.entry").nth(2)).to_contain_text(name_of(fortieth))


def test_the_speaker_and_the_clocks_stay_in_sight_while_the_list_scrolls(full_plenary, tablet_and_gallery):
    chair, _ = tablet_and_gallery
    width = chair.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width  # no horizontal scroll
    entry_at(chair, WAITING).scroll_into_view_if_needed()
    expect(entry_at(chair, WAITING)).to_be_in_viewport()
    for part in (chair.get_by_role("region", name="Current speaker"), chair.get_by_role("timer")):
        expect(part).to_be_in_viewport(ratio=1)
    # The time of day in New York and the end of the 25th plenary meeting as scheduled.
    day = chair.locator("#day-clock")
    expect(day).to_be_in_viewport(ratio=1)
    expect(day.locator("[data-time-of-day]")).to_have_text(re.compile(r"^(\d{1,2}(:\d\d)? [ap]\.m\.|12 noon)$"))
    expect(day).to_contain_text("Meeting ends 1 p.m.")
    # A plenary keeps no segments, panel or seats: no box for them; the boxes it uses are folded.
    expect(chair.get_by_role("region", name="Segments")).to_have_count(0)
    expect(chair.get_by_text("Segments", exact=True)).to_be_hidden()  # an empty place for a first one
    expect(chair.get_by_text("Panel", exact=True)).to_have_count(0)
    meetings = chair.locator("details.fold:has(#meetings)")
    expect(meetings).not_to_have_attribute("open", "")
    meetings.locator("summary").click()
    expect(chair.get_by_text("In progress: 25th plenary meeting")).to_be_visible()
