"""The chair's tablet (1024×768) while the list changes under the chair's finger: another co-chair's
tablet or an integration moves or adds an entry while the chair holds one by its grip. The list is
not pulled from under the finger; the drop is sent with the place the chair saw, and it is either
applied or refused as stale -- "The list changed meanwhile" -- with the server's order shown then,
never a silently wrong order."""

import pytest
from playwright.sync_api import Page, expect

from session import data
from session.domain.permissions import Role

ROOM = "plenary"
WAITING = 12


@pytest.fixture
def plenary(serve):
    live = serve(actions_per_code_per_10_s=1000)
    chair = live.code(ROOM, Role.CHAIR)
    states = [p.id for p in data.participants() if p.category == "member_state"][: WAITING + 2]
    speaker = {"speaker": "H.E. Mr. Ramtane Lamamra", "title": "Minister for Foreign Affairs"}
    for n, participant in enumerate(states[: WAITING + 1]):
        details = speaker if n == 0 else {}
        assert live.api(ROOM, chair, action="inscribe", participant=participant, **details).status_code == 200
    for action in ("open_meeting", "call_next", "timer_start"):
        assert live.api(ROOM, chair, action=action).status_code == 200
    live.walk_in = states[WAITING + 1]  # a delegation not yet on the list
    live.chair = chair
    return live


@pytest.fixture
def open_page(pages_on, plenary):
    with pages_on(plenary) as open_page:
        yield open_page


def entry_at(page: Page, position: int):
    return page.locator(f'#queue li.entry[data-position="{position}"]')


def queue(live) -> list[int]:
    return [q["entry"] for q in live.state(ROOM)["queue"]]


def shown(page: Page) -> list[int]:
    return page.eval_on_selector_all("#queue li.entry", "rows => rows.map(r => Number(r.dataset.entry))")


def count_pushes(page: Page) -> None:
    page.evaluate(
        """() => { window.queuePushes = 0;
        document.addEventListener("htmx:oobBeforeSwap", e => {
          if (e.detail.target && e.detail.target.id === "queue") window.queuePushes++; }); }"""
    )


def take_hold(page: Page, grip) -> None:
    """A finger on the grip, lifted a little: the entry is held (SortableJS's drag has begun)."""
    grip.scroll_into_view_if_needed()
    box = grip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 20, steps=4)
    expect(page.locator("#queue li.entry.sortable-chosen")).to_have_count(1)


def drop_onto(page: Page, onto) -> None:
    """Carried onto the upper edge of another entry and lifted there, held while the list scrolls."""
    onto.scroll_into_view_if_needed()
    for _ in range(3):
        target = onto.bounding_box()
        page.mouse.move(target["x"] + 20, target["y"] + 8, steps=6)
        page.wait_for_timeout(150)
    page.mouse.up()


def held_while_pushed(page: Page, before: list[int]) -> None:
    """The push has come and was kept for the drop: the held entry is still in the hand and the
    list still shows the order the chair saw."""
    page.wait_for_function("() => window.queuePushes > 0")
    expect(page.locator("#queue li.entry.sortable-chosen")).to_have_count(1)
    assert sorted(shown(page)) == sorted(before)


def test_the_tablet_shows_the_speaker_the_clock_and_the_list_at_once(plenary, open_page, artifacts):
    chair = open_page(plenary.code(ROOM, Role.CHAIR), "tablet")
    current = chair.get_by_role("region", name="Current speaker")
    expect(current).to_contain_text("H.E. Mr. Ramtane Lamamra, Minister for Foreign Affairs")
    for part in (current, chair.get_by_role("timer"), entry_at(chair, 1), entry_at(chair, 3)):
        expect(part).to_be_in_viewport(ratio=1)
    chair.screenshot(path=str(artifacts / "chair-plenary-1024x768.png"))  # the README's


def test_an_entry_added_while_the_chair_holds_one_waits_for_the_drop_which_applies(plenary, open_page):
    chair = open_page(plenary.code(ROOM, Role.CHAIR), "tablet")
    before = queue(plenary)
    eighth = before[7]
    count_pushes(chair)
    take_hold(chair, entry_at(chair, 8).locator(".grip"))
    # An integration inscribes a delegation at the end: the held entry's place is unchanged.
    assert plenary.api(ROOM, plenary.chair, action="inscribe", participant=plenary.walk_in).status_code == 200
    held_while_pushed(chair, before)
    drop_onto(chair, entry_at(chair, 3))
    expected = before[:2] + [eighth] + before[2:7] + before[8:]
    chair.wait_for_function(f"() => document.querySelectorAll('#queue li.entry').length === {WAITING + 1}")
    expect(entry_at(chair, 3)).to_have_attribute("data-entry", str(eighth))
    after = queue(plenary)
    assert after[:WAITING] == expected and len(after) == WAITING + 1
    assert shown(chair) == after
    expect(chair.locator("#flash")).to_have_text("")


def test_an_entry_moved_while_the_chair_holds_one_refuses_the_drop_as_stale(plenary, open_page):
    chair = open_page(plenary.code(ROOM, Role.CHAIR), "tablet")
    before = queue(plenary)
    count_pushes(chair)
    take_hold(chair, entry_at(chair, 8).locator(".grip"))
    # The first delegation is moved to the end meanwhile: the held entry is now the 7th.
    moved = plenary.api(ROOM, plenary.chair, action="move", entry=before[0], position=WAITING, from_position=1)
    assert moved.status_code == 200
    held_while_pushed(chair, before)
    drop_onto(chair, entry_at(chair, 3))
    expect(chair.locator("#flash")).to_contain_text("The list changed meanwhile")
    expect(chair.locator("#flash")).to_have_attribute("data-code", "stale")
    after = before[1:] + before[:1]
    assert queue(plenary) == after  # the integration's move, and only it
    expect(entry_at(chair, 1)).to_have_attribute("data-entry", str(after[0]))
    assert shown(chair) == after


def test_a_co_chairs_move_the_chair_has_not_seen_yet_refuses_the_drop(plenary, open_page):
    """The push of the co-chair's move reaches the chair's tablet late (a weak signal in the hall):
    the chair drops an entry on the list as it was, the drop carries the place the chair saw and is
    refused as stale, and the list then shows the server's order."""
    chair = open_page(plenary.code(ROOM, Role.CHAIR), "tablet")
    co_chair = open_page(plenary.code(ROOM, Role.CHAIR), "tablet")
    late: list = []  # the server's frames on their way to the chair's tablet, while delayed
    delayed = {"on": False}
    link: dict = {}

    def slow_link(socket) -> None:
        link["page"] = socket
        server = socket.connect_to_server()
        server.on_message(lambda frame: late.append(frame) if delayed["on"] else socket.send(frame))

    chair.route_web_socket(lambda url: "/ws" in url, slow_link)
    chair.reload()
    chair.wait_for_load_state("networkidle")
    expect(chair.locator("#queue li.entry")).to_have_count(WAITING)
    before = queue(plenary)
    delayed["on"] = True
    entry_at(co_chair, 10).get_by_role("button", name="Move to top").click()
    expect(entry_at(co_chair, 1)).to_have_attribute("data-entry", str(before[9]))
    after = before[9:10] + before[:9] + before[10:]
    assert queue(plenary) == after
    assert shown(chair) == before  # the chair has not seen it yet
    take_hold(chair, entry_at(chair, 8).locator(".grip"))
    drop_onto(chair, entry_at(chair, 3))
    while not any('id="flash"' in str(frame) for frame in late):  # the server has answered the drop
        chair.wait_for_timeout(50)
    assert queue(plenary) == after  # the drop changed nothing
    delayed["on"] = False
    for frame in late:
        link["page"].send(frame)
    expect(chair.locator("#flash")).to_contain_text("The list changed meanwhile")
    expect(entry_at(chair, 1)).to_have_attribute("data-entry", str(before[9]))
    assert shown(chair) == after
