"""The plenary across two meetings in real browsers: delegations inscribe their speakers from their
phones, the chair verifies a level, opens the 25th plenary meeting, gives the floor with the
sentence to read out, closes the meeting with a speaker not reached, and hears that speaker first
in the 26th. Controls are found by role and accessible name, as a screen reader finds them.
"""

import re

import pytest
from playwright.sync_api import expect

from session.domain.permissions import Role

ROOM = "plenary"


@pytest.fixture
def hall(live, open_page):
    chair = open_page(live.code(ROOM, Role.CHAIR), "tablet")
    phones = {pid: open_page(live.code(ROOM, Role.DELEGATE, pid), "phone") for pid in ("MEX", "PHL")}
    screen = open_page(path=f"/rooms/{ROOM}/screen", device="screen")
    return chair, phones, screen


def inscribe(phone, speaker: str, title: str, level: str) -> None:
    phone.get_by_label("Speaker's name").fill(speaker)
    phone.get_by_label("Speaker's title").fill(title)
    phone.get_by_label("Level requested").select_option(label=level)
    phone.get_by_role("button", name="Inscribe", exact=True).click()


def test_a_plenary_debate_across_two_meetings(live, hall, artifacts):
    chair, phones, screen = hall
    inscribe(
        phones["MEX"], "H.E. Mr. José Antonio Meade Kuribreña", "Secretary of Foreign Affairs", "Head of Delegation"
    )
    expect(phones["MEX"].get_by_text(re.compile(r"Inscribed: reference \d+, 25th plenary meeting"))).to_be_visible()
    inscribe(phones["PHL"], "H.E. Mr. Albert del Rosario", "Secretary of Foreign Affairs", "Minister")
    philippines = phones["PHL"]
    expect(philippines.get_by_text(re.compile(r"Inscribed: reference \d+, 25th plenary meeting"))).to_be_visible()
    expect(philippines.get_by_text(re.compile(r"awaiting verification by Protocol"))).to_be_visible()
    expect(philippines.get_by_text("You are number 2 in the queue")).to_be_visible()  # declared, not verified
    expect(philippines.get_by_text(re.compile(r"expected around \d"))).to_be_visible()

    # The chair verifies the Philippines' level: a minister goes before a head of delegation.
    row = chair.get_by_role("listitem").filter(has_text="Philippines")
    expect(row).to_contain_text("Level not verified: requested Minister")
    row.get_by_role("button", name="Verify").click()
    expect(philippines.get_by_text("You are number 1 in the queue")).to_be_visible()

    chair.get_by_role("button", name="Open the 25th plenary meeting").click()
    expect(chair.get_by_text("In progress: 25th plenary meeting")).to_be_visible()
    chair.get_by_role("button", name="Call next speaker").click()
    current = screen.get_by_role("region", name="Current speaker")
    expect(current).to_contain_text("Philippines")
    expect(current).to_contain_text("H.E. Mr. Albert del Rosario, Secretary of Foreign Affairs")
    expect(
        chair.get_by_text(
            re.compile(
                r"I now give the floor to His Excellency Mr\. Albert del Rosario, "
                r"Secretary of Foreign Affairs of the Philippines\."
            )
        )
    ).to_be_visible()
    expect(philippines.get_by_text("You have the floor.")).to_be_visible()
    chair.get_by_role("button", name="End intervention").click()
    expect(current).to_contain_text("No one has the floor")

    # Mexico is not reached: the meeting closes and Mexico is carried to the 26th, first.
    # Closing a meeting asks once; the chair agrees.
    chair.once("dialog", lambda dialog: dialog.accept())
    chair.get_by_role("button", name="Close the 25th plenary meeting").click()
    expect(chair.get_by_text("No meeting is in progress.")).to_be_visible()
    expect(phones["MEX"].get_by_text(re.compile(r"Inscribed: reference \d+, 26th plenary meeting"))).to_be_visible()
    chair.get_by_role("button", name="Open the 26th plenary meeting").click()
    chair.get_by_role("button", name="Call next speaker").click()
    expect(current).to_contain_text("Mexico")
    expect(phones["MEX"].get_by_text("You have the floor.")).to_be_visible()
    chair.screenshot(path=str(artifacts / "plenary-chair.png"), full_page=True)
    chair.get_by_role("button", name="End intervention").click()
    expect(current).to_contain_text("No one has the floor")

    heard = live.state(ROOM)["interventions"]
    assert [(i["participant"], i["meeting"], i["speaker"]) for i in heard] == [
        ("PHL", 25, "H.E. Mr. Albert del Rosario"),
        ("MEX", 26, "H.E. Mr. José Antonio Meade Kuribreña"),
    ]
