"""The second bundled example, a one-day conference of another shape, set up by `session init` and
run: its general debate and its three parallel round tables open, take requests and show them."""

import html
import io
import re

import docx
import httpx
import pytest

from session import cli
from session.domain.permissions import Role
from tests.conftest import start_server


@pytest.fixture
def conference(tmp_path):
    url = f"sqlite:///{tmp_path / 'conference.db'}"
    assert cli.main(["init", "examples/one-day-conference.toml", "--database-url", url]) == 0
    server = start_server(url)
    yield server
    server.stop()


def test_the_conference_inits_and_its_rooms_open(conference):
    home = httpx.get(f"{conference.base_url}/").text
    for name in ("General debate", "Round table A", "Round table B", "Round table C"):
        assert name in home
    for slug in ("debate", "labour", "inclusion", "data"):
        chair = conference.code(slug, Role.CHAIR)
        assert conference.api(slug, chair, action="open_meeting", request_id=f"{slug}-open").status_code == 200
        asked = conference.api(
            slug, chair, action="request_floor", participant="RMN", type="statement", request_id=f"{slug}-1"
        )
        assert asked.status_code == 200, asked.text
        state = conference.state(slug)
        assert state["current_meeting"] == 1
        assert [e["participant"] for e in state["queue"]] == ["RMN"]
        assert "RMN" in httpx.get(f"{conference.base_url}/rooms/{slug}/observe").text or state["queue"]
    assert conference.state("data")["queue"][0]["participant"] == "RMN"


def test_the_conferences_round_tables_are_judged_together_with_their_co_chairs(conference):
    # Which round tables are judged together, and who co-chairs them, is the event's, read from its
    # database: the three panels hold no African State, the co-chairs (Kenya, Morocco, ...) do.
    with httpx.Client(base_url=conference.base_url) as desk:
        assert conference.join(desk, conference.code(None, Role.ORGANISER)).headers["location"] == "/organiser"
        page = desk.get("/organiser/panels").text
        assert 'id="panels-whole"' in page
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        for room, panel in (("labour", ["MEX", "DEU", "RMN"]), ("inclusion", ["PHL", "POL"]), ("data", ["IND"])):
            published = desk.post(
                f"/organiser/panels/{room}/publish", data={"csrf_token": token, "participant": panel, "others": ""}
            )
            assert published.status_code == 303, published.text
        page = html.unescape(desk.get("/organiser/panels").text)
    assert "Across the round tables and their co-chairs, every regional group and a non-governmental voice" in page


def test_the_home_page_says_where_and_when_the_conference_is(conference):
    home = html.unescape(httpx.get(f"{conference.base_url}/").text)
    assert '<p class="sub">Conference Centre, Nairobi (fictional), 18 November 2027</p>' in home
    assert "October 2013" not in home and "General Assembly" not in home
    french = html.unescape(httpx.get(f"{conference.base_url}/?lang=fr").text)
    assert "Conference Centre, Nairobi (fictional), 18 novembre 2027" in french


def test_the_whole_events_record_is_headed_by_the_conferences_title(conference):
    title = "Regional Review Conference on Migration (a fictional example)"
    organiser = {"Authorization": f"Bearer {conference.code(None, Role.ORGANISER)}"}
    markdown = httpx.get(f"{conference.base_url}/export.md", headers=organiser).text
    assert markdown.startswith(f"# {title} — interventions") and "High-level Dialogue" not in markdown
    summary = docx.Document(io.BytesIO(httpx.get(f"{conference.base_url}/export.docx", headers=organiser).content))
    assert [p.text for p in summary.paragraphs if p.style.name == "Title"] == [title]
    assert summary.core_properties.title == f"Summary — {title}"
    panels = httpx.get(f"{conference.base_url}/panels.md").text
    assert panels.startswith(f"# {title} — list of panellists")


def test_the_downloads_are_named_for_the_conference(conference):
    organiser = {"Authorization": f"Bearer {conference.code(None, Role.ORGANISER)}"}
    names = [
        httpx.get(f"{conference.base_url}{path}", headers=organiser).headers["content-disposition"]
        for path in ("/export.json", "/rooms/labour/export.csv", "/panels.csv")
    ]
    assert all('filename="migrationreview2027-' in name for name in names), names
    document = httpx.get(f"{conference.base_url}/export.json", headers=organiser).json()
    assert document["event"] == "migrationreview2027"


def test_every_page_names_the_conference_by_its_short_title(conference):
    # The header bar's name is the event's (its file's short_title), on the public pages and the desks.
    with httpx.Client(base_url=conference.base_url) as desk:
        home = desk.get("/").text
        assert "<title>Regional Review Conference on Migration (a fictional example)</title>" in home
        room = desk.get("/rooms/debate/observe").text
        panels = desk.get("/panels").text
        conference.join(desk, conference.code(None, Role.ORGANISER))
        organiser = desk.get("/organiser").text
        event = desk.get("/organiser/event").text
    for page in (room, panels, organiser, event):
        assert '<a class="home" href="/">Migration Review 2027</a>' in page
        assert "HLD 2013" not in page
    assert "<title>List of panellists · Migration Review 2027</title>" in panels
    assert "HLD 2013" not in home and "High-level Dialogue" not in home
