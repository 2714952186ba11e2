"""The second bundled example in real browsers: a one-day conference set up by `session init` from its
file, and a meeting of one of its round tables. A delegation's one code for the whole event opens the
round table from the programme on its phone; it asks for the floor, the chair calls it from the
tablet, and the big screen and the gallery show it speaking with its clock running down. Controls are
found by role and accessible name, as a screen reader finds them.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from session import cli
from session.domain.permissions import Role
from tests.conftest import start_server

EXAMPLE = Path(__file__).resolve().parents[2] / "session" / "data" / "examples" / "one-day-conference.toml"
ROOM, ROOM_NAME = "labour", "Round table A — labour mobility and skills"
DELEGATION = "Regional Migrants' Network"  # a participant the conference's file adds to the reference list
CLOCK = re.compile(r"^\d+:\d\d$")


@pytest.fixture
def conference(tmp_path):
    url = f"sqlite:///{tmp_path / 'conference.db'}"
    assert cli.main(["init", str(EXAMPLE), "--database-url", url]) == 0
    server = start_server(url)
    yield server
    server.stop()


def seconds(face: str) -> int:
    minutes, secs = face.split(":")
    return int(minutes) * 60 + int(secs)


def test_a_delegation_asks_for_the_floor_at_a_round_table_and_the_hall_sees_it_speak(conference, pages_on):
    with pages_on(conference) as open_page:
        chair = open_page(conference.code(ROOM, Role.CHAIR), "tablet")
        phone = open_page(conference.code(None, Role.DELEGATE, "RMN"), "phone")  # the whole event: the programme
        expect(phone.get_by_text(ROOM_NAME)).to_be_visible()
        phone.locator(f'a[href="/rooms/{ROOM}/delegate"]').click()
        phone.wait_for_url(f"**/rooms/{ROOM}/delegate")
        screen = open_page(path=f"/rooms/{ROOM}/screen", device="screen")
        gallery = open_page(path=f"/rooms/{ROOM}/observe", device="phone")

        phone.get_by_role("button", name="Request the floor").click()
        expect(phone.get_by_text("You are number 1 in the queue")).to_be_visible()
        expect(chair.get_by_role("listitem").filter(has_text=DELEGATION)).to_be_visible()

        chair.get_by_role("button", name="Call next speaker").click()
        expect(phone.get_by_text("You have the floor.")).to_be_visible()
        for page in (screen, gallery):
            expect(page.get_by_role("region", name="Current speaker")).to_contain_text(DELEGATION)
            clock = page.get_by_role("timer")
            first = clock.inner_text()
            assert CLOCK.match(first) and 170 <= seconds(first) <= 180, first  # three minutes at a round table
            expect(clock).not_to_have_text(first, timeout=3000)  # running down
        expect(screen.get_by_role("heading", name=ROOM_NAME)).to_be_visible()

    state = conference.state(ROOM)
    assert state["current"]["participant"] == "RMN"
