"""Times as a person reads them, at every door: in the event's time zone (New York for the HLD), in
UN style and the reader's language; a field that asks for a time names the zone; no page a person
reads shows a UTC time ("08:34Z", "… UTC"). Machine attributes (`<time datetime>`) stay ISO 8601 UTC."""

import html
import re
from datetime import UTC, datetime

import httpx
import pytest
from sqlmodel import Session, select

from session.domain.permissions import Role
from session.store import access
from session.store.database import make_engine
from session.store.tables import AccessCodeRow

ISSUED = datetime(2013, 10, 3, 14, 2, tzinfo=UTC).timestamp()  # 10:02 a.m. in New York
REVOKED = datetime(2013, 10, 3, 20, 30, tzinfo=UTC).timestamp()  # 4:30 p.m.
UTC_TIME = re.compile(r"\d\d:\d\dZ|UTC")


def seen(page: str) -> str:
    """What a reader sees of a page: its text, and the tooltips and names of its elements."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    said = re.findall(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(re.sub(r"\s+", " ", " ".join([text, *said])))


def dated(database_url: str, label: str, created_at: float, revoked_at: float | None = None) -> None:
    engine = make_engine(database_url)
    with Session(engine) as session:
        row = session.exec(select(AccessCodeRow).where(AccessCodeRow.label == label)).one()
        row.created_at, row.revoked_at = created_at, revoked_at
        session.add(row)
        session.commit()
    engine.dispose()


def test_the_organiser_desk_dates_codes_in_french_and_new_york_time(live, desk):
    engine = make_engine(live.database_url)
    access.mint(engine, role=Role.CHAIR, room="rt1", label="Co-chair of round table 1")
    access.mint(engine, role=Role.DELEGATE, room="rt1", participant="MEX", label="Old Mexico code")
    engine.dispose()
    dated(live.database_url, "Co-chair of round table 1", ISSUED)
    dated(live.database_url, "Old Mexico code", ISSUED, REVOKED)

    french = seen(desk.get("/organiser", params={"lang": "fr"}).text)
    assert "Délivré" in french
    assert "jeudi 3 octobre 2013, 10:02" in french
    assert "Révoqué le jeudi 3 octobre 2013, 16:30" in french
    # Not UTC; the desk's own code, issued today, may show any time of day, even 14:02.
    assert "2013, 14:02" not in french and "2013, 20:30" not in french
    english = seen(desk.get("/organiser", params={"lang": "en"}).text)
    assert "Thursday, 3 October 2013, 10:02 a.m." in english
    assert "Revoked Thursday, 3 October 2013, 4:30 p.m." in english
    raw = desk.get("/organiser").text
    assert '<time datetime="2013-10-03T14:02:00Z">' in raw  # the machine's reading stays UTC


def test_the_log_page_reads_the_event_time_in_french(serve, clock):
    clock.now = ISSUED
    live = serve(clock=clock)
    chair = live.code("plenary", Role.CHAIR)
    for command in (
        {"action": "request_floor", "participant": "MEX", "type": "statement"},
        {"action": "call_next"},
        {"action": "end_intervention"},
    ):
        assert live.api("plenary", chair, **command).status_code == 200
    with httpx.Client(base_url=live.base_url) as rapporteur:
        live.join(rapporteur, live.code("plenary", Role.RAPPORTEUR))
        page = rapporteur.get("/rooms/plenary/log", params={"lang": "fr"}).text
    log = re.search(r'<section id="log".*?</section>', page, re.S).group(0)
    assert '<time datetime="2013-10-03T14:02:00Z" title="jeudi 3 octobre 2013">10:02</time>' in log
    assert "14:02" not in seen(log)


@pytest.mark.parametrize("lang, zone", [("en", "New York time"), ("fr", "heure de New York")])
def test_every_field_that_asks_for_a_time_names_the_zone(desk, lang, zone):
    for page in ("/organiser/speakers", "/organiser/panels"):
        text = html.unescape(desk.get(page, params={"lang": lang}).text)
        labels = re.findall(r"<label>([^<]*)<input type=\"(?:time|datetime-local)\"", text)
        assert labels, page
        assert all(zone in label for label in labels), (page, [label for label in labels if zone not in label])
    hint = seen(desk.get("/organiser/speakers", params={"lang": lang}).text)
    assert "America/New_York" not in hint


def test_a_date_typed_wrong_is_refused_naming_the_zone_as_a_person_does(desk):
    form = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', desk.get("/organiser/speakers").text)[1]}
    response = desk.post("/organiser/speakers/plenary/inscription/open", data={**form, "opens_date": "13/09/2013"})
    assert response.status_code == 400
    assert "(New York time)" in html.unescape(response.text) and "America/New_York" not in response.text


def test_no_page_a_person_reads_shows_a_utc_time(live):
    chair = live.code("plenary", Role.CHAIR)
    for command in (
        {"action": "request_floor", "participant": "MEX", "type": "statement"},
        {"action": "request_floor", "participant": "PHL", "type": "statement"},
        {"action": "call_next"},
        {"action": "end_intervention"},
        {"action": "call_next"},
    ):
        assert live.api("plenary", chair, **command).status_code == 200
    doors = {
        None: ["/", "/join", "/rooms/plenary/observe", "/rooms/plenary/screen", "/rooms/plenary/speakers", "/panels"],
        (Role.ORGANISER, None, None): [
            "/organiser",
            "/organiser/speakers",
            "/organiser/panels",
            "/organiser/seats",
            "/organiser/codes/bulk",
        ],
        (Role.CHAIR, "plenary", None): ["/rooms/plenary/chair"],
        (Role.RAPPORTEUR, "plenary", None): ["/rooms/plenary/log"],
        (Role.DELEGATE, "plenary", "PHL"): ["/rooms/plenary/delegate"],
        (Role.PANELLIST, "rt1", "IOM"): ["/rooms/rt1/panel"],
    }
    for holder, pages in doors.items():
        with httpx.Client(base_url=live.base_url) as browser:
            if holder is not None:
                role, room, participant = holder
                live.join(browser, live.code(room, role, participant))
            for path in pages:
                for lang in ("en", "fr", "ar"):
                    response = browser.get(path, params={"lang": lang})
                    assert response.status_code == 200, (path, response.status_code)
                    found = UTC_TIME.search(seen(response.text))
                    assert found is None, (path, lang, seen(response.text)[found.start() - 80 : found.end() + 20])
