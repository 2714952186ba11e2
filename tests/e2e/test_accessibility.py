"""Accessibility as the people at the table meet it: axe-core on every page, the keyboard, the thumb."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from session.domain.permissions import Role

ROOM = "rt1"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES = [  # (role's code, path, device)
    (None, "/", "tablet"),
    (None, "/join", "phone"),
    (None, f"/rooms/{ROOM}/observe", "phone"),
    (None, f"/rooms/{ROOM}/screen", "screen"),
    ((Role.CHAIR, None), f"/rooms/{ROOM}/chair", "tablet"),
    ((Role.DELEGATE, "MEX"), f"/rooms/{ROOM}/delegate", "phone"),
    ((Role.PANELLIST, "ILO"), f"/rooms/{ROOM}/panel", "tablet"),
    ((Role.RAPPORTEUR, None), f"/rooms/{ROOM}/log", "tablet"),
    ((Role.ORGANISER, None), "/organiser", "tablet"),
    (None, "/panels", "phone"),
    ((Role.ORGANISER, None), "/organiser/panels", "tablet"),
    ((Role.CHAIR, None), "/rooms/panel0625/chair", "tablet"),
    # The plenary's list as the Secretariat keeps it: meetings, inscriptions, a level to verify.
    ((Role.CHAIR, None), "/rooms/plenary/chair", "tablet"),
    ((Role.DELEGATE, "MEX"), "/rooms/plenary/delegate", "phone"),
    (None, "/rooms/plenary/speakers", "phone"),
    ((Role.ORGANISER, None), "/organiser/speakers", "tablet"),
]


def fill(live):
    """A room with people waiting, someone speaking, a record and a panel, so every part is drawn."""
    chair = live.code(ROOM, Role.CHAIR)
    for participant in ("PHL", "SEN", "MFA"):
        live.api(ROOM, chair, action="request_floor", participant=participant)
    live.api(ROOM, chair, action="seat_panellist", participant="ILO")
    live.api(ROOM, chair, action="call_next")
    live.api(ROOM, chair, action="end_intervention")
    live.api(ROOM, chair, action="call_next")
    plenary = live.code("plenary", Role.CHAIR)
    live.api("plenary", plenary, action="inscribe", participant="PHL", speaker="H.E. Mr. Albert del Rosario")
    live.api("plenary", plenary, action="inscribe", participant="SEN", on_behalf_of="the African Group", meeting=26)
    mexico = live.code("plenary", Role.DELEGATE, "MEX")
    live.api("plenary", mexico, action="inscribe", speaker="H.E. Mr. José Antonio Meade", level="minister")
    live.api("plenary", plenary, action="open_meeting")
    live.api("plenary", plenary, action="call_next")
    # The Holy See's point of order waits, flagged for the chair (PROCEDURE.md §2).
    live.api("plenary", plenary, action="request_floor", participant="VAT", type="point_of_order")
    return live


@pytest.fixture
def busy_room(live):
    return fill(live)


@pytest.fixture(scope="module")
def busy_hall(module_live):
    """The busy room once for the module: looking at a page in a language changes nothing in it."""
    return fill(module_live)


@pytest.fixture
def open_hall_page(pages_on, busy_hall):
    with pages_on(busy_hall) as open_page:
        yield open_page


def serious_violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make tests/e2e/vendor/axe.min.js` fetches axe-core from the npm registry")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("who, path, device", PAGES, ids=[p[1] for p in PAGES])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_serious_or_critical_axe_violation(busy_hall, open_hall_page, who, path, device, lang):
    room = path.split("/")[2] if path.startswith("/rooms/") else None  # the organiser's code is for every room
    code = busy_hall.code(room, *who) if who else None
    page = open_hall_page(code, device, bypass_csp=True)  # axe is injected as a script: let it past our CSP
    page.goto(f"{busy_hall.base_url}{path}?lang={lang}")
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


def test_every_chair_control_works_from_the_keyboard(busy_room, open_page):
    tablet = open_page(busy_room.code(ROOM, Role.CHAIR), "tablet")
    reached = set()
    for _ in range(80):  # Tab through the page, as a chair without a pointer would
        tablet.keyboard.press("Tab")
        name = tablet.evaluate("() => document.activeElement.textContent.trim()")
        reached.add(name)
        outline = tablet.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"no visible focus on {name!r}"
        if name == "Pause timer":
            break
    assert {"Call next speaker", "Pause timer"} <= reached  # "Start timer" is disabled while it runs
    tablet.keyboard.press("Enter")
    expect(tablet.get_by_role("button", name="Resume timer")).to_be_enabled()
    tablet.get_by_role("button", name="Resume timer").focus()
    tablet.keyboard.press("Space")
    expect(tablet.get_by_role("button", name="Pause timer")).to_be_enabled()
    tablet.get_by_role("button", name="Move down").first.focus()
    tablet.keyboard.press("Enter")
    expect(tablet.get_by_role("listitem").first).to_contain_text("Migrant Forum in Asia")


def test_touch_targets_on_the_phone_are_at_least_44_px(busy_room, open_page):
    phone = open_page(busy_room.code(ROOM, Role.DELEGATE, "MEX"), "phone")
    phone.get_by_role("button", name="Request the floor").click()
    expect(phone.get_by_role("button", name="Withdraw request")).to_be_visible()
    small = phone.evaluate("""() => [...document.querySelectorAll('button, select, input:not([type=hidden]), a')]
        .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > 0)  // not the parked skip link
        .map(e => [e.textContent.trim() || e.name, e.getBoundingClientRect()])
        .filter(([_, r]) => r.width < 44 || r.height < 44)
        .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    assert small == []


def test_the_queue_position_and_the_speaker_are_announced(busy_room, open_page):
    phone = open_page(busy_room.code(ROOM, Role.DELEGATE, "MEX"), "phone")
    phone.get_by_role("button", name="Request the floor").click()
    position = phone.get_by_text("You are number 2 in the queue")
    expect(position).to_be_visible()
    assert position.evaluate("e => e.closest('[aria-live]').getAttribute('aria-live')") == "polite"
    speaker = phone.get_by_role("region", name="Current speaker").locator(".speaker")
    assert speaker.get_attribute("aria-live") == "polite"


def test_the_timers_warning_and_overrun_are_written_not_only_coloured(busy_room, open_page):
    chair_code = busy_room.code(ROOM, Role.CHAIR)
    screen = open_page(path=f"/rooms/{ROOM}/screen", device="screen")
    busy_room.api(ROOM, chair_code, action="timer_add", seconds=-160)  # 20 s left of 3 minutes
    expect(screen.get_by_text("30 seconds left")).to_be_visible()
    busy_room.api(ROOM, chair_code, action="timer_add", seconds=-20)
    expect(screen.get_by_text("Over time")).to_be_visible()
    expect(screen.get_by_role("timer")).to_have_text(re.compile(r"^\+\d:\d\d$"))
