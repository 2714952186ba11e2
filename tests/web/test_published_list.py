"""The published rolling list of speakers (PROCEDURE.md §1, "Rolling list"): a public page printed
like a Journal page, and the same list as CSV and JSON, on a real server whose clock stands on
the morning of 3 October 2013, before the 25th plenary meeting (10 a.m. New York time).

Inscriptions go through the JSON API as the secretariat's would; statements are 5 minutes.
"""

import csv
import io
from datetime import UTC, datetime

import httpx
import pytest
from livehelpers import open_socket

from session.domain.permissions import Role

ROOM = "plenary"
ROSARIO = {"speaker": "H.E. Mr. Albert del Rosario", "title": "Secretary of Foreign Affairs"}
FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def plenary(serve, clock):
    clock.now = datetime(2013, 10, 3, 13, 0, tzinfo=UTC).timestamp()  # 9 a.m. in New York
    return serve(clock=clock)


@pytest.fixture
def secretariat(plenary):
    return plenary.code(None, Role.ORGANISER)


def inscribe(server, code: str, participant: str, **fields) -> dict:
    response = server.api(ROOM, code, action="inscribe", participant=participant, **fields)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def debate(plenary, secretariat):
    """Three speakers: two in the 25th meeting, one who asked for the 26th."""
    inscribe(plenary, secretariat, "PHL", level="minister", **ROSARIO)
    inscribe(
        plenary,
        secretariat,
        "FJI",
        level="minister",
        speaker="H.E. Mr. Ratu Inoke Kubuabola",
        title="Minister for Foreign Affairs",
        on_behalf_of="the Group of 77 and China",
    )
    inscribe(
        plenary, secretariat, "MEX", meeting=26, speaker="H.E. Mr. Juan Manuel Gómez Robledo", title="Deputy Minister"
    )
    return plenary


def page(server, lang: str = "en") -> str:
    response = httpx.get(f"{server.base_url}/rooms/{ROOM}/speakers", params={"lang": lang})
    assert response.status_code == 200
    return response.text


def download(server, fmt: str) -> httpx.Response:
    response = httpx.get(f"{server.base_url}/rooms/{ROOM}/speakers.{fmt}")
    assert response.status_code == 200, response.text
    return response


def csv_rows(server) -> list[dict]:
    return list(csv.DictReader(io.StringIO(download(server, "csv").content.decode("utf-8-sig"))))


def test_the_page_lists_each_meeting_with_its_day_and_hours_and_each_speakers_expected_time(debate):
    text = page(debate)
    assert "<h1>Plenary meeting</h1>" in text
    morning = text.index("25th plenary meeting — Thursday, 3 October 2013, 10 a.m.–1 p.m.")
    afternoon = text.index("26th plenary meeting — Thursday, 3 October 2013, 3 p.m.–6 p.m.")
    assert morning < text.index("H.E. Mr. Albert del Rosario") < afternoon
    assert "27th plenary meeting" not in text  # a meeting no one is expected in is left out
    # Groups speak first at their level: Fiji for the Group of 77 opens the list, the Philippines follow.
    fiji, philippines = text.index(">Fiji<"), text.index(">Philippines<")
    assert morning < fiji < philippines
    assert "the Group of 77 and China" in text[fiji:philippines]
    assert "around 10 a.m." in text[fiji:philippines] and "around 10:05 a.m." in text[philippines:afternoon]
    mexico = text.index(">Mexico<")
    assert afternoon < mexico and "around 3 p.m." in text[mexico:] and "Deputy Minister" in text[mexico:]
    assert "Secretary of Foreign Affairs" in text[philippines:afternoon]


def test_the_files_say_what_the_page_says(debate):
    rows = csv_rows(debate)
    assert [(r["position"], r["meeting"], r["participant"], r["name"]) for r in rows] == [
        ("1", "25", "FJI", "Fiji"),
        ("2", "25", "PHL", "Philippines"),
        ("3", "26", "MEX", "Mexico"),
    ]
    fiji, philippines, mexico = rows
    assert fiji["on_behalf_of"] == "the Group of 77 and China" and fiji["level"] == "minister"
    assert (philippines["speaker"], philippines["title"]) == (ROSARIO["speaker"], ROSARIO["title"])
    assert [r["expected_at"] for r in rows] == [
        "2013-10-03T10:00:00-04:00",
        "2013-10-03T10:05:00-04:00",
        "2013-10-03T15:00:00-04:00",
    ]
    assert all(r["inscribed_at"] == "2013-10-03T13:00:00Z" for r in rows)
    assert mexico["speaker"] == "H.E. Mr. Juan Manuel Gómez Robledo"  # UTF-8 survives

    document = download(debate, "json").json()
    assert document["room"] == ROOM and document["time_zone"] == "America/New_York"
    assert document["version"] == httpx.get(f"{debate.base_url}/api/rooms/{ROOM}/state").json()["version"]
    assert [m["number"] for m in document["meetings"]] == [25, 26, 27, 28]
    assert document["meetings"][0]["starts_at"] == "2013-10-03T10:00:00-04:00"
    as_csv = [{k: v or None for k, v in r.items()} for r in rows]
    as_json = [{k: None if v in ("", None) else str(v) for k, v in s.items()} for s in document["speakers"]]
    assert as_json == as_csv


def test_the_csv_downloads_as_a_named_file(debate):
    response = download(debate, "csv")
    assert response.headers["content-disposition"] == 'attachment; filename="plenary-speakers.csv"'
    assert response.headers["content-type"].startswith("text/csv")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header == "position,meeting,participant,name,speaker,title,on_behalf_of,level,expected_at,inscribed_at"


def test_a_level_protocol_has_not_verified_is_not_published(plenary):
    mexico = plenary.code(ROOM, Role.DELEGATE, "MEX")
    inscribe(plenary, mexico, "MEX", level="head_of_state", speaker="H.E. Mr. Enrique Peña Nieto")
    assert plenary.state(ROOM)["queue"][0]["requested_level"] == "head_of_state"  # the secretariat's view has it
    document = download(plenary, "json")
    assert "head_of_state" not in document.text and "requested_level" not in document.text
    assert document.json()["speakers"][0]["level"] == "head_of_delegation"  # where the list stands until verified
    assert "head_of_state" not in download(plenary, "csv").text
    assert "Head of State" not in page(plenary)


def test_a_speaker_name_that_looks_like_a_formula_is_text_in_the_csv(plenary, secretariat):
    inscribe(plenary, secretariat, "PHL", speaker=FORMULA, title="@SUM(A1:A9)", on_behalf_of="+1")
    (row,) = csv_rows(plenary)
    assert (row["speaker"], row["title"], row["on_behalf_of"]) == ("'" + FORMULA, "'@SUM(A1:A9)", "'+1")
    assert download(plenary, "json").json()["speakers"][0]["speaker"] == FORMULA  # JSON is no spreadsheet
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;click&#34;)" in page(plenary)


def test_the_page_follows_the_list_live(plenary, secretariat):
    socket = open_socket(f"{plenary.ws_base}/rooms/{ROOM}/ws?view=speakers")
    try:
        first = socket.wait_for(r'id="speakers"')
        assert "No one is waiting to speak." in first
        inscribe(plenary, secretariat, "PHL", level="minister", **ROSARIO)
        pushed = socket.wait_for(r"Albert del Rosario")
        assert 'id="speakers" hx-swap-oob="true"' in pushed
        assert "25th plenary meeting — Thursday, 3 October 2013, 10 a.m.–1 p.m." in pushed
        assert "around 10 a.m." in pushed
        chair = plenary.code(ROOM, Role.CHAIR)
        assert plenary.api(ROOM, chair, action="call_next").status_code == 200
        called = socket.wait_for(r"Now speaking:\s*</span>\s*<strong><bdi>Philippines</bdi></strong>")
        assert "No one is waiting to speak." in called
    finally:
        socket.close()


@pytest.mark.parametrize(
    "lang, heading, meeting, day",
    [
        ("en", "List of speakers", "25th plenary meeting", "Thursday, 3 October 2013"),
        ("fr", "Liste des orateurs", "25e séance plénière", "jeudi 3 octobre 2013"),
        ("es", "Lista de oradores", "25.ª sesión plenaria", "jueves, 3 de octubre de 2013"),
        ("ru", "Список ораторов", "25-е пленарное заседание", "четверг, 3 октября 2013"),
        ("zh", "发言名单", "第25次全体会议", "2013年10月3日星期四"),
        ("ar", "قائمة المتكلمين", "الجلسة العامة 25", "الخميس، 3 أكتوبر 2013"),
    ],
)
def test_the_page_reads_in_each_official_language(plenary, secretariat, lang, heading, meeting, day):
    inscribe(plenary, secretariat, "PHL", level="minister", **ROSARIO)
    text = page(plenary, lang)
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in text
    assert f'<h2 id="speakers-heading">{heading}</h2>' in text
    assert f"{meeting} — {day}" in text
    if lang != "en":
        assert "List of speakers" not in text and "Expected time" not in text  # nothing left in English


def test_the_list_is_linked_from_the_home_page_and_the_gallery(plenary):
    assert f'href="/rooms/{ROOM}/speakers"' in httpx.get(f"{plenary.base_url}/").text
    assert f'href="/rooms/{ROOM}/speakers"' in httpx.get(f"{plenary.base_url}/rooms/{ROOM}/observe").text
    text = page(plenary)
    assert f'href="/rooms/{ROOM}/speakers.csv"' in text and f'href="/rooms/{ROOM}/speakers.json"' in text


@pytest.mark.parametrize("path", ["speakers", "speakers.csv", "speakers.json"])
def test_an_unknown_room_has_no_list(plenary, path):
    response = httpx.get(f"{plenary.base_url}/rooms/rt9/{path}")
    assert response.status_code == 404
    if path != "speakers":
        assert response.json()["error"] == {"code": "unknown_room", "message": "There is no such room."}
