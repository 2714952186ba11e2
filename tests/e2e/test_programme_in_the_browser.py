"""The event's home in a browser: the programme follows the meetings without a reload."""

import pytest
from playwright.sync_api import expect

from session.domain.permissions import Role


@pytest.mark.parametrize("device", ["phone", "tablet", "screen"])
def test_the_programme_fits_the_width_of_every_screen(open_page, device):
    page = open_page(device=device)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_call_in_the_plenary_shows_on_the_home_page_without_a_reload(live, open_page):
    page = open_page(device="tablet")
    status = page.locator("#status-plenary-25")
    expect(status).to_have_text("not yet started")
    page.evaluate("window.loadedOnce = true")  # gone if the page were loaded again
    chair = live.code("plenary", Role.CHAIR)
    live.api("plenary", chair, action="open_meeting", number=25)
    live.api("plenary", chair, action="request_floor", participant="NGA")
    live.api("plenary", chair, action="call_next")
    expect(status).to_have_text("in progress — now speaking: Nigeria")
    assert page.evaluate("window.loadedOnce") is True
    expect(page.get_by_role("link", name="Chair")).to_have_count(0)
