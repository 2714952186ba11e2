"""The event's home page: the programme by day, each meeting's live status, links by code."""

import re

import httpx
import pytest

from session.domain.permissions import Role
from tests.livehelpers import open_socket

PLENARY = "plenary"


@pytest.fixture(scope="module")
def hall(module_live):
    return module_live


def sections(page: str) -> tuple[str, str]:
    """The programme of the HLD itself, and the preparatory events' part of the page."""
    main, _, preparatory = page.partition('id="preparatory-heading"')
    return main, preparatory


def test_the_home_page_is_the_programme_by_day_in_un_style(hall):
    page = httpx.get(f"{hall.base_url}/").text
    main, preparatory = sections(page)
    assert main.index("Thursday, 3 October 2013") < main.index("Friday, 4 October 2013")
    thursday = main[main.index("Thursday, 3 October 2013") : main.index("Friday, 4 October 2013")]
    # Both plenary meetings of the day and the round tables beside them, each with its hours.
    assert "25th plenary meeting" in thursday and "26th plenary meeting" in thursday
    assert "Round table 1" in thursday and "Round table 2" in thursday and "Round table 3" not in thursday
    assert thursday.count("10 a.m.\u20131 p.m.") == 2 and thursday.count("3 p.m.\u20136 p.m.") == 2
    assert "Preparatory events" in preparatory and "Tuesday, 25 June 2013" in preparatory
    assert "Informal interactive hearing" in preparatory and "Monday, 15 July 2013" in preparatory
    assert "June 2013" not in main and "July 2013" not in main


def test_every_meeting_says_how_it_stands(hall):
    page = httpx.get(f"{hall.base_url}/").text
    assert re.search(r'id="status-plenary-25"[^>]*>not yet started<', page)
    assert re.search(r'id="status-rt4-1"[^>]*>not yet started<', page)


def test_the_public_page_draws_no_balance_and_no_warning(hall):
    page = httpx.get(f"{hall.base_url}/").text
    assert "Balance of voices" not in page and "Not balanced" not in page and "<svg" not in page


def test_a_gallery_visitor_gets_the_public_pages_and_no_chair_link(hall):
    page = httpx.get(f"{hall.base_url}/").text
    assert 'href="/rooms/rt1/observe"' in page and 'href="/rooms/plenary/speakers"' in page
    for view in ("chair", "log", "delegate", "panel"):
        assert f'/{view}"' not in page, view


def test_a_chair_gets_the_chairs_link_for_the_chairs_room_only(hall):
    with httpx.Client(base_url=hall.base_url) as client:
        hall.join(client, hall.code("rt2", Role.CHAIR))
        page = client.get("/").text
    assert 'href="/rooms/rt2/chair"' in page and 'href="/rooms/rt2/panel"' in page
    assert 'href="/rooms/rt1/chair"' not in page and 'href="/rooms/rt1/log"' not in page


def test_a_rapporteur_gets_the_rapporteurs_desk(hall):
    with httpx.Client(base_url=hall.base_url) as client:
        hall.join(client, hall.code("rt3", Role.RAPPORTEUR))
        page = client.get("/").text
    assert 'href="/rooms/rt3/log"' in page and 'href="/rooms/rt3/chair"' not in page


def test_the_secretariat_gets_every_rooms_desks(hall):
    with httpx.Client(base_url=hall.base_url) as client:
        hall.join(client, hall.code(None, Role.ORGANISER))
        page = client.get("/").text
    for slug in ("plenary", "rt4", "hearing"):
        assert f'href="/rooms/{slug}/chair"' in page and f'href="/rooms/{slug}/log"' in page


def test_the_home_page_in_french(hall):
    page = httpx.get(f"{hall.base_url}/?lang=fr").text
    assert "jeudi 3 octobre 2013" in page and "2013-10-03" not in page
    assert "Siège de l’Organisation des Nations Unies, New York, 3–4 octobre 2013" in page


def test_under_the_title_the_events_venue_and_days(hall):
    page = httpx.get(f"{hall.base_url}/").text
    assert '<p class="sub">United Nations Headquarters, New York, 3–4 October 2013</p>' in page


def test_a_call_in_the_plenary_reaches_the_home_page_live(live):
    socket = open_socket(f"{live.ws_base}/ws")
    try:
        socket.wait_for(r'id="status-plenary-25"[^>]*>not yet started<')
        chair = live.code(PLENARY, Role.CHAIR)
        assert live.api(PLENARY, chair, action="open_meeting", number=25).status_code == 200
        socket.wait_for(r'id="status-plenary-25"[^>]*>in progress<')
        live.api(PLENARY, chair, action="request_floor", participant="NGA")
        assert live.api(PLENARY, chair, action="call_next").status_code == 200
        frame = socket.wait_for(r"now speaking: Nigeria")
        assert "status-rt1-1" not in frame  # a push carries only the rooms that changed
    finally:
        socket.close()


def test_a_round_table_under_way_without_a_formal_opening_is_in_progress(live):
    socket = open_socket(f"{live.ws_base}/ws")
    try:
        chair = live.code("rt1", Role.CHAIR)
        live.api("rt1", chair, action="request_floor", participant="MEX")
        live.api("rt1", chair, action="call_next")
        socket.wait_for(r'id="status-rt1-1"[^>]*>in progress — now speaking: Mexico<')
    finally:
        socket.close()


def test_a_meeting_scheduled_or_moved_reaches_the_home_page_live(live):
    socket = open_socket(f"{live.ws_base}/ws")
    try:
        socket.wait_for(r'id="status-rt4-1"')
        chair = live.code("rt4", Role.CHAIR)
        moved = live.api(
            "rt4",
            chair,
            action="schedule_meeting",
            number=1,
            starts_at="2013-10-03T10:00-04:00",
            ends_at="2013-10-03T13:00-04:00",
        )
        assert moved.status_code == 200, moved.text
        frame = socket.wait_for(r'id="programme"')
        thursday = frame[frame.index("Thursday, 3 October 2013") : frame.index("Friday, 4 October 2013")]
        assert "Round table 4" in thursday and thursday.count("10 a.m.\u20131 p.m.") == 3
        added = live.api(
            "rt4",
            chair,
            action="schedule_meeting",
            number=2,
            starts_at="2013-10-04T15:00-04:00",
            ends_at="2013-10-04T18:00-04:00",
        )
        assert added.status_code == 200, added.text
        frame = socket.wait_for(r'id="programme"')
        friday = frame[frame.index("Friday, 4 October 2013") :]
        assert "Round table 4" in friday and "Meeting 2" in friday
        # the new meeting's status comes in the same push, after the days that hold its place
        assert re.search(r'id="programme".*id="status-rt4-2"[^>]*>not yet started<.*id="status-rt4-2"', frame, re.S)
    finally:
        socket.close()


def test_the_programme_pushed_again_keeps_a_chairs_own_links(live):
    chair = live.code("rt2", Role.CHAIR)
    socket = open_socket(f"{live.ws_base}/ws", live.cookie(chair))
    try:
        socket.wait_for(r'id="status-rt2-1"')
        moved = live.api(
            "rt2",
            chair,
            action="schedule_meeting",
            number=1,
            starts_at="2013-10-03T16:00-04:00",
            ends_at="2013-10-03T18:00-04:00",
        )
        assert moved.status_code == 200, moved.text
        frame = socket.wait_for(r'id="programme".*4 p\.m\.\u20136 p\.m\.')
    finally:
        socket.close()
    assert 'href="/rooms/rt2/chair"' in frame and 'href="/rooms/rt1/chair"' not in frame


def test_the_programmes_socket_takes_no_commands(live):
    socket = open_socket(f"{live.ws_base}/ws")
    try:
        socket.send('{"action": "call_next"}')
        socket.wait_for(r'id="flash".*takes no commands')
    finally:
        socket.close()
    assert live.state(PLENARY)["current"] is None
