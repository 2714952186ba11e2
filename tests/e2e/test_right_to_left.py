"""Right to left: a clock face and a name keep their own direction inside Arabic text."""

import re

from playwright.sync_api import expect

from session.domain.permissions import Role

ROOM = "rt2"


def test_the_arabic_chairs_overrun_reads_plus_then_the_time_and_names_are_isolated(clocked, clock, pages_on):
    chair = clocked.code(ROOM, Role.CHAIR)
    for participant in ("PHL", "MFA"):
        clocked.api(ROOM, chair, action="request_floor", participant=participant, request_id=participant)
    clocked.api(ROOM, chair, action="call_next", request_id="call")
    clocked.api(ROOM, chair, action="timer_start", request_id="start")
    clock.advance(180 + 142)  # 2:22 over the round table's three minutes
    with pages_on(clocked) as open_page:
        page = open_page(chair, "tablet", locale="ar")
        assert page.locator("html").get_attribute("dir") == "rtl"
        timer = page.locator("#current [role=timer]")
        expect(timer).to_have_text(re.compile(r"^\+2:2\d$"))
        assert timer.get_attribute("dir") == "ltr"
        # Drawn left to right: the "+" stands left of the minutes, the seconds at the right end.
        plus, last = timer.evaluate(
            """el => {
                const text = el.firstChild, range = document.createRange();
                const x = i => {
                    range.setStart(text, i);
                    range.setEnd(text, i + 1);
                    return range.getBoundingClientRect().left;
                };
                return [x(0), x(text.length - 1)];
            }"""
        )
        assert plus < last
        # A name written left to right in the Arabic list sits in its own <bdi>.
        expect(page.locator(".queue .who bdi", has_text="Migrant Forum in Asia")).to_have_count(1)
        expect(page.locator("#current .speaker-name bdi")).to_have_text("الفلبين")
