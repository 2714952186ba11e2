"""The plenary's record per meeting through a real server on 3 October 2013: the debate held through
the API (inscriptions by name, the 25th and 26th plenary meetings, an absence, a swap), then its
exports whole and `?meeting=N`, the rapporteur's log page in New York time, and the panels'
deadline typed in New York time."""

import csv
import html
import io
import re
from datetime import UTC, datetime

import docx
import httpx
import pytest

from session.domain.permissions import Role
from session.store import eventlog
from session.store.database import make_engine

T0 = datetime(2013, 10, 3, 14, 0, tzinfo=UTC).timestamp()  # 10 a.m. in New York: the 25th opens
ROSARIO = "H.E. Mr. Albert del Rosario"
H25 = "25th plenary meeting — Thursday, 3 October 2013, 10 a.m.–1 p.m."
H26 = "26th plenary meeting — Thursday, 3 October 2013, 3 p.m.–6 p.m."


@pytest.fixture
def debate(serve, clock):
    """The 25th: the Philippines (for ASEAN) 10:02–10:07 a.m., Mexico absent when called and moved to
    the end, Germany, Mexico; closed. The 26th: Senegal and Kenya swap, Kenya speaks; in progress."""
    clock.now = T0 - 3600
    live = serve(clock=clock)
    chair = live.code("plenary", Role.CHAIR)

    def do(at: float, **command) -> None:
        clock.now = T0 + at
        response = live.api("plenary", chair, **command)
        assert response.status_code == 200, response.text
        if command["action"] == "call_next" and live.state("plenary")["timer"]["phase"] != "running":
            do(at, action="timer_start")  # where the call does not start the clock, the chair does at once

    philippines = {"speaker": ROSARIO, "title": "Secretary of Foreign Affairs", "on_behalf_of": "ASEAN"}
    do(-3600, action="inscribe", participant="PHL", meeting=25, **philippines)
    for offset, pid, meeting in ((-3500, "MEX", 25), (-3400, "DEU", 25), (-3300, "SEN", 26), (-3200, "KEN", 26)):
        do(offset, action="inscribe", participant=pid, meeting=meeting)
    do(0, action="open_meeting")
    do(120, action="call_next")  # 14:02 UTC
    do(440, action="end_intervention")
    do(440, action="call_next")
    do(445, action="mark_absent", to="end")
    do(450, action="call_next")
    do(700, action="end_intervention")
    do(710, action="call_next")
    do(900, action="end_intervention")
    do(1000, action="close_meeting")
    do(5 * 3600, action="open_meeting")
    senegal, kenya = (q["entry"] for q in live.state("plenary")["queue"])
    do(5 * 3600 + 60, action="swap", entry=senegal, with_entry=kenya)
    do(5 * 3600 + 120, action="call_next")
    do(5 * 3600 + 300, action="end_intervention")
    live.rapporteur = live.code("plenary", Role.RAPPORTEUR)
    return live


def get(live, path: str, code: str) -> httpx.Response:
    return httpx.get(live.base_url + path, headers={"Authorization": f"Bearer {code}"})


def rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_whole_debates_record_is_grouped_by_meeting(debate):
    text = get(debate, "/rooms/plenary/export.md", debate.rapporteur).text
    lines = text.split("\n")
    assert [line for line in lines if line.startswith("## ")] == [
        "## " + H25,
        "## " + H26,
        "## Statistics of the whole debate",
    ]
    philippines = next(line for line in lines if line.startswith("| 1 | Philippines"))
    assert f"| {ROSARIO}, Secretary of Foreign Affairs, on behalf of ASEAN |" in philippines
    assert "| 10:02 a.m. | 10:07 a.m. |" in philippines  # started 14:02, ended 14:07:20 UTC
    assert "- 10:07 a.m.: Mexico was not in the room when called; moved to the end of the list." in lines
    assert "- 3:01 p.m.: Senegal and Kenya swapped places on the list, both consenting." in lines
    assert lines.index("### Statistics: 25th plenary meeting") < lines.index("## " + H26)
    assert "- Interventions heard: 3, of which points of order: 0" in lines
    assert "- Interventions heard: 4, of which points of order: 0" in lines  # the whole debate

    summary = docx.Document(io.BytesIO(get(debate, "/rooms/plenary/export.docx", debate.rapporteur).content))
    paragraphs = [p.text for p in summary.paragraphs]
    assert [p.text for p in summary.paragraphs if p.style.name == "Heading 2"][:2] == [H25, H26]
    assert paragraphs[paragraphs.index(H26) + 2] == "4. Kenya — Statement, 3:02 p.m.–3:05 p.m., 3:00"
    assert "Times are New York time (America/New_York)." in paragraphs

    csv_rows = rows(get(debate, "/rooms/plenary/export.csv", debate.rapporteur).content)
    assert [r["participant"] for r in csv_rows] == ["Philippines", "Germany", "Mexico", "Kenya"]
    assert csv_rows[0]["started_at"] == "2013-10-03T14:02:00Z"
    document = get(debate, "/rooms/plenary/export.json", debate.rapporteur).json()
    assert [r["meeting"] for r in document["inscriptions"]] == [25, 25, 25, 26]


def test_one_meeting_by_its_number(debate):
    response = get(debate, "/rooms/plenary/export.csv?meeting=25", debate.rapporteur)
    assert response.status_code == 200, response.text
    assert (
        response.headers["content-disposition"] == 'attachment; filename="hld2013-plenary-meeting25-interventions.csv"'
    )
    assert [r["participant"] for r in rows(response.content)] == ["Philippines", "Germany", "Mexico"]

    document = get(debate, "/rooms/plenary/export.json?meeting=26", debate.rapporteur).json()
    assert document["meeting"] == 26
    assert [r["participant"] for r in document["interventions"]] == ["Kenya"]
    assert document["absences"] == []
    assert [(s["participant"], s["with_participant"]) for s in document["swaps"]] == [("Senegal", "Kenya")]

    text = get(debate, "/rooms/plenary/export.md?meeting=26", debate.rapporteur).text
    assert H26 in text and "25th plenary meeting" not in text and "Philippines" not in text


@pytest.mark.parametrize("wanted", ["29", "abc", ""])
def test_a_meeting_the_room_does_not_have_is_404_naming_those_it_has(debate, wanted):
    response = get(debate, f"/rooms/plenary/export.docx?meeting={wanted}", debate.rapporteur)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "unknown_meeting"
    assert error["message"] == f"Plenary meeting has no meeting '{wanted}': its meetings are 25, 26, 27, 28."


def test_the_rapporteurs_log_reads_in_new_york_time_meeting_by_meeting(debate):
    with httpx.Client(base_url=debate.base_url) as browser:
        assert debate.join(browser, debate.rapporteur).status_code == 303
        page = browser.get("/rooms/plenary/log").text
    log = html.unescape(re.search(r'<section id="log".*</section>', page, re.S).group(0))
    assert H26 in log and H25 in log
    assert log.index(H26) < log.index(H25), "the latest meeting first, as the latest turn is"
    assert '<time datetime="2013-10-03T14:02:00Z" title="Thursday, 3 October 2013">10:02 a.m.</time>' in log
    assert "Z</time>" not in log
    assert "Interventions: 3; speaking time: 12:40; over the time limit: 1." in log  # the 25th
    assert "Interventions: 1; speaking time: 3:00; over the time limit: 0." in log  # the 26th
    assert "The whole debate: Interventions: 4; speaking time: 15:40; over the time limit: 1." in log
    assert f"{ROSARIO}, Secretary of Foreign Affairs" in log and "On behalf of ASEAN" in log
    for number in (25, 26):  # each meeting's record on its own, from the same page
        assert f'href="/rooms/plenary/export.docx?meeting={number}"' in page
    assert 'aria-label="26th plenary meeting: Spreadsheet (CSV)"' in page


def test_the_panels_deadline_is_typed_and_read_in_new_york_time(live, desk):
    page = desk.get("/organiser/panels").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert "Deadline (New York time)" in page
    form = {"csrf_token": token, "deadline": "2013-09-06T14:00"}  # 2 p.m. in New York: 18:00 UTC
    assert desk.post("/organiser/panels/rt1/deadline", data=form).status_code == 303

    engine = make_engine(live.database_url)
    try:
        events = eventlog.read_events(engine, "rt1")
    finally:
        engine.dispose()
    deadline = next(e for e in reversed(events) if e.action == "set_interest_deadline").data["deadline"]
    assert deadline == datetime(2013, 9, 6, 18, 0, tzinfo=UTC).timestamp()

    page = html.unescape(desk.get("/organiser/panels").text)
    rt1 = re.search(r'<section id="panels-rt1".*?</section>', page, re.S).group(0)
    assert 'value="2013-09-06T14:00"' in rt1, "the field shows what was typed, not the UTC time"
    assert "Closed since Friday, 6 September 2013, 2 p.m. (New York time)." in rt1
