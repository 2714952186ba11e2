"""The chair's safety net in real browsers, in the plenary: calling a speaker readies the clock, "Start
timer" starts it at the rostrum, and an accidental "End intervention" is undone — the speaker is back
and the clock resumes where it stopped, on every screen. Controls are found by role and accessible
name, as a screen reader finds them.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from session.domain.permissions import Role

ROOM = "plenary"
STOPPED_S = 4  # how long the slip stands before the chair undoes it


@pytest.fixture
def hall(live, open_page):
    chair = open_page(live.code(ROOM, Role.CHAIR), "tablet")
    mexico = open_page(live.code(ROOM, Role.DELEGATE, "MEX"), "phone")
    screen = open_page(path=f"/rooms/{ROOM}/screen", device="screen")
    return chair, mexico, screen


def seconds(face: str) -> int:
    minutes, secs = face.lstrip("+").split(":")
    return int(minutes) * 60 + int(secs)


def test_the_chair_undoes_an_accidental_end_of_intervention_and_the_clock_resumes_where_it_was(live, hall):
    chair, mexico, screen = hall
    mexico.get_by_label("Speaker's name").fill("H.E. Mr. José Antonio Meade Kuribreña")
    mexico.get_by_label("Speaker's title").fill("Secretary of Foreign Affairs")
    mexico.get_by_role("button", name="Inscribe", exact=True).click()
    expect(mexico.get_by_text(re.compile(r"Inscribed: reference \d+, 25th plenary meeting"))).to_be_visible()
    chair.get_by_role("button", name="Open the 25th plenary meeting").click()
    expect(chair.get_by_text("In progress: 25th plenary meeting")).to_be_visible()

    # Called, Mexico walks to the rostrum: the clock shows the whole five minutes and waits.
    chair.get_by_role("button", name="Call next speaker").click()
    current = screen.get_by_role("region", name="Current speaker")
    expect(current).to_contain_text("Mexico")
    timer = screen.get_by_role("timer")
    expect(timer).to_have_text("5:00")
    expect(current).to_contain_text("Ready to start")
    time.sleep(1.5)
    expect(timer).to_have_text("5:00")
    expect(chair.get_by_role("button", name="Start the clock on the call")).to_have_attribute("aria-pressed", "false")

    # At the rostrum: the chair starts the clock, and it runs down on every screen.
    chair.get_by_role("button", name="Start timer").click()
    expect(timer).not_to_have_text("5:00", timeout=3000)
    expect(current).not_to_contain_text("Ready to start")
    time.sleep(1)

    # The slip: "End intervention" while Mexico is still speaking.
    before = seconds(timer.inner_text())
    chair.get_by_role("button", name="End intervention").click()
    expect(current).to_contain_text("No one has the floor")
    assert len(live.state(ROOM)["interventions"]) == 1
    time.sleep(STOPPED_S)

    chair.get_by_role("button", name="Undo: End intervention").click()
    expect(current).to_contain_text("Mexico")
    expect(mexico.get_by_text("You have the floor.")).to_be_visible()
    after = seconds(timer.inner_text())
    # Where it stopped: the seconds Mexico stood stopped are not counted (they would be STOPPED_S or more).
    assert abs(after - before) <= 1, (before, after)
    expect(timer).not_to_have_text(timer.inner_text(), timeout=3000)  # and it runs on
    assert seconds(chair.get_by_role("timer").inner_text()) in range(after - 3, after + 1)

    state = live.state(ROOM)
    assert state["interventions"] == [] and state["current"]["participant"] == "MEX"
    expect(chair.get_by_role("button", name=re.compile("^Undo"))).to_have_count(0)  # an undo is not undone

    chair.get_by_role("button", name="End intervention").click()
    expect(current).to_contain_text("No one has the floor")
    [heard] = live.state(ROOM)["interventions"]
    assert heard["participant"] == "MEX"


def test_clearing_the_list_asks_once_and_can_be_undone(live, open_page):
    chair = open_page(live.code("rt3", Role.CHAIR), "tablet")
    phone = open_page(live.code("rt3", Role.DELEGATE, "PHL"), "phone")
    phone.get_by_role("button", name="Request the floor").click()
    expect(phone.get_by_text("You are number 1 in the queue")).to_be_visible()
    waiting = chair.get_by_role("listitem").filter(has_text="Philippines")
    expect(waiting).to_be_visible()

    questions = []

    def answer(agree: bool):
        def handle(dialog):
            questions.append(dialog.message)
            if agree:
                dialog.accept()
            else:
                dialog.dismiss()

        return handle

    chair.once("dialog", answer(False))
    chair.get_by_role("button", name="Clear the list").click()
    expect(waiting).to_be_visible()
    assert questions and "No one waiting will be heard" in questions[0]
    assert [q["participant"] for q in live.state("rt3")["queue"]] == ["PHL"]  # nothing was sent

    chair.once("dialog", answer(True))
    chair.get_by_role("button", name="Clear the list").click()
    expect(chair.get_by_text("No one is waiting to speak.")).to_be_visible()
    expect(phone.get_by_text("You have not asked for the floor.")).to_be_visible()

    chair.get_by_role("button", name="Undo: Clear the list").click()
    expect(waiting).to_be_visible()
    expect(phone.get_by_text("You are number 1 in the queue")).to_be_visible()
