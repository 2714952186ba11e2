"""A phone on conference Wi-Fi: it drops, it says so, it comes back to the current truth without a reload."""

import re

from playwright.sync_api import expect

from session.domain.permissions import Role

ROOM = "rt2"


def test_a_phone_that_goes_offline_shows_reconnecting_then_the_current_truth(live, open_page):
    phone = open_page(live.code(ROOM, Role.DELEGATE, "MEX"))
    phone.get_by_role("button", name="Request the floor").click()
    expect(phone.get_by_text("You are number 1 in the queue")).to_be_visible()
    marker = phone.evaluate("() => (window.__marker = Math.random())")  # gone if the page reloads

    phone.context.set_offline(True)
    expect(phone.get_by_text("Reconnecting…")).to_be_visible()
    chair = live.code(ROOM, Role.CHAIR)
    live.api(ROOM, chair, action="request_floor", participant="PHL", type="point_of_order")
    live.api(ROOM, chair, action="call_next")

    phone.context.set_offline(False)
    expect(phone.get_by_text("Reconnecting…")).to_be_hidden()
    expect(phone.get_by_text("You are number 1 in the queue")).to_be_visible()
    expect(phone.get_by_role("region", name="Current speaker")).to_contain_text("Philippines")
    expect(phone.get_by_role("timer")).to_have_text(re.compile(r"^[01]:\d\d$"))
    assert phone.evaluate("() => window.__marker") == marker


def test_a_request_tapped_twice_is_applied_once(live, open_page):
    phone = open_page(live.code(ROOM, Role.DELEGATE, "SEN"))
    button = phone.get_by_role("button", name="Request the floor")
    button.dblclick()
    expect(phone.get_by_text("You are number 1 in the queue")).to_be_visible()
    state = live.state(ROOM)
    assert [q["participant"] for q in state["queue"]] == ["SEN"]
