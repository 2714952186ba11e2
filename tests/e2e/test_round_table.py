"""A whole round table in real browsers: a chair's tablet, four phones, the gallery and the big screen.

Controls are found only by role and accessible name (docs/design.md §6), as a screen reader finds them.
"""

import re

import pytest
from playwright.sync_api import expect

from session.domain.permissions import Role

ROOM = "rt2"
DELEGATIONS = {
    "MEX": "Mexico",
    "PHL": "Philippines",
    "IOM": "International Organization for Migration",
    "MFA": "Migrant Forum in Asia",
}
CLOCK = re.compile(r"^\+?\d+:\d\d$")


@pytest.fixture
def hall(live, open_page):
    chair = open_page(live.code(ROOM, Role.CHAIR), "tablet")
    phones = {pid: open_page(live.code(ROOM, Role.DELEGATE, pid), "phone") for pid in DELEGATIONS}
    gallery = open_page(path=f"/rooms/{ROOM}/observe", device="phone")
    screen = open_page(path=f"/rooms/{ROOM}/screen", device="screen")
    return chair, phones, gallery, screen


def seconds(face: str) -> int:
    minutes, secs = face.lstrip("+").split(":")
    return int(minutes) * 60 + int(secs)


def test_a_round_table_from_first_request_to_the_record(live, hall, artifacts):
    chair, phones, gallery, screen = hall
    for pid in DELEGATIONS:
        phones[pid].get_by_role("button", name="Request the floor").click()
        expect(phones[pid].get_by_text(re.compile(r"You are number \d in the queue"))).to_be_visible()
    expect(phones["MFA"].get_by_text("You are number 4 in the queue")).to_be_visible()
    expect(chair.get_by_role("listitem").filter(has_text="Migrant Forum in Asia")).to_be_visible()

    # Mexico withdraws; everyone behind moves up on their own phone.
    phones["MEX"].get_by_role("button", name="Withdraw request").click()
    expect(phones["MEX"].get_by_text("You have not asked for the floor.")).to_be_visible()
    expect(phones["MFA"].get_by_text("You are number 3 in the queue")).to_be_visible()

    # The chair calls the next speaker: every screen shows the Philippines and a running clock.
    chair.get_by_role("button", name="Call next speaker").click()
    for page in (chair, gallery, screen, phones["IOM"]):
        expect(page.get_by_role("region", name="Current speaker")).to_contain_text("Philippines")
    expect(phones["PHL"].get_by_text("You have the floor.")).to_be_visible()
    first = screen.get_by_role("timer").inner_text()
    expect(screen.get_by_role("timer")).not_to_have_text(first, timeout=3000)  # it runs down, locally
    # Each face is read with the moment it was read (one machine, one clock for every page), and
    # brought to the first reading's moment: read one after the other, they may be a second apart.
    pages = (chair, gallery, screen, phones["MFA"])
    read = [p.get_by_role("timer").evaluate("el => [el.textContent, Date.now()]") for p in pages]
    faces = [face for face, _ in read]
    assert all(CLOCK.match(f) for f in faces), faces
    at_first = [seconds(face) + (at - read[0][1]) / 1000 for face, at in read]
    assert max(at_first) - min(at_first) <= 1.5, read
    assert 170 <= seconds(faces[0]) <= 180  # three minutes in a round table

    # A point of order jumps the queue at once. Points of order are for Member States (PROCEDURE.md §2):
    # an NGO's phone does not offer one.
    expect(phones["MFA"].get_by_label("Type").locator("option[value=point_of_order]")).to_have_count(0)
    phones["MEX"].get_by_label("Type").select_option("point_of_order")
    phones["MEX"].get_by_role("button", name="Request the floor").click()
    expect(phones["MEX"].get_by_text("You are number 1 in the queue")).to_be_visible()
    expect(chair.get_by_role("listitem").first).to_contain_text("Point of order")
    for name, page in (("chair", chair), ("delegate", phones["IOM"]), ("observer", gallery), ("screen", screen)):
        page.screenshot(path=str(artifacts / f"{name}.png"))  # the best go in the README

    # The chair pauses, resumes, reorders, closes the list.
    chair.get_by_role("button", name="Pause timer").click()
    expect(screen.get_by_text("Paused")).to_be_visible()
    chair.get_by_role("button", name="Resume timer").click()
    expect(screen.get_by_text("Paused")).to_be_hidden()
    chair.get_by_role("button", name="Move down").first.click()
    expect(chair.get_by_role("listitem").first).to_contain_text("International Organization for Migration")
    chair.get_by_role("button", name="Close the list of speakers").click()
    expect(gallery.get_by_text("The list of speakers is closed.")).to_be_visible()
    phones["MEX"].get_by_label("Type").select_option("statement")
    phones["MEX"].get_by_role("button", name="Request the floor").click()
    expect(phones["MEX"].get_by_role("alert")).to_contain_text("The list of speakers is closed.")

    chair.get_by_role("button", name="End intervention").click()
    expect(screen.get_by_role("region", name="Current speaker")).to_contain_text("No one has the floor")

    state = live.state(ROOM)
    assert [i["participant"] for i in state["interventions"]] == ["PHL"]
    assert [q["participant"] for q in state["queue"]] == ["IOM", "MEX", "MFA"]
    assert state["list_closed"] is True


def test_the_rapporteur_downloads_the_record_from_the_browser(live, open_page, tmp_path):
    import csv

    chair = live.code(ROOM, Role.CHAIR)
    for participant in ("MEX", "CIV"):
        live.api(ROOM, chair, action="request_floor", participant=participant)
        live.api(ROOM, chair, action="call_next")
        live.api(ROOM, chair, action="end_intervention")
    desk = open_page(live.code(ROOM, Role.RAPPORTEUR), "tablet")
    desk.get_by_label("Notes").first.fill('Asked for safe, orderly, regular migration, with "commas", and more')
    for _ in range(50):  # saved as typed, after a short pause
        if live.state(ROOM, chair)["interventions"][1]["notes"]:  # the notes are not the gallery's
            break
        desk.wait_for_timeout(100)
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Spreadsheet (CSV)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "hld2013-rt2-interventions.csv"
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["participant"] for r in rows] == ["Mexico", "Côte d'Ivoire"]
    assert rows[1]["notes"] == 'Asked for safe, orderly, regular migration, with "commas", and more'
