"""The first tap on the clock starts it, in real browsers: in the plenary, a call readies the clock while
the speaker walks to the rostrum, and the chair starts it by tapping the clock face itself; the
delegation's phone and the gallery see it run. Controls are found by role and accessible name."""

import pytest
from playwright.sync_api import expect

from session.domain.permissions import Role

ROOM = "plenary"


@pytest.fixture
def hall(live, open_page):
    chair_code = live.code(ROOM, Role.CHAIR)
    assert live.api(ROOM, chair_code, action="inscribe", participant="MEX").status_code == 200
    assert live.api(ROOM, chair_code, action="open_meeting").status_code == 200
    chair = open_page(chair_code, "tablet")
    mexico = open_page(live.code(ROOM, Role.DELEGATE, "MEX"), "phone")
    gallery = open_page(path=f"/rooms/{ROOM}/observe", device="phone")
    return chair, mexico, gallery


def test_a_tap_on_the_ready_clock_face_starts_it_on_every_screen(live, hall):
    chair, mexico, gallery = hall
    face = chair.get_by_role("button", name="Start the clock", exact=True)
    expect(face).to_have_count(0)  # no one called: the clock is no button

    chair.get_by_role("button", name="Call next speaker").click()
    current = chair.get_by_role("region", name="Current speaker")
    expect(current).to_contain_text("Mexico")
    expect(current).to_contain_text("Ready to start")
    clock = chair.get_by_role("timer")
    expect(clock).to_have_text("5:00")
    expect(gallery.get_by_role("timer")).to_have_text("5:00")

    # The face itself is the button: it covers the clock, which is still read as a timer.
    expect(face).to_be_visible()
    button, timer = face.bounding_box(), clock.bounding_box()
    assert button and timer
    assert button["x"] <= timer["x"] and button["y"] <= timer["y"]
    assert button["x"] + button["width"] >= timer["x"] + timer["width"]
    assert button["y"] + button["height"] >= timer["y"] + timer["height"]
    expect(chair.get_by_role("button", name="Start timer", exact=True)).to_be_enabled()  # the button stays too

    chair.mouse.click(timer["x"] + timer["width"] / 2, timer["y"] + timer["height"] / 2)  # a tap on the digits
    expect(current).not_to_contain_text("Ready to start")
    expect(face).to_have_count(0)
    assert live.state(ROOM)["timer"]["phase"] == "running"

    for screen in (mexico, gallery, chair):
        expect(screen.get_by_role("timer")).not_to_have_text("5:00", timeout=4000)  # it runs down
    expect(mexico.get_by_text("You have the floor.")).to_be_visible()
    expect(chair.get_by_role("button", name="Pause timer")).to_be_enabled()
