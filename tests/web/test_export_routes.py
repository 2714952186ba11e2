"""Downloads of the intervention log through a real server: who may have them, their headers,
and files that read back (csv, json, python-docx) to the room's state as the API shows it."""

import csv
import io
import json

import docx
import httpx
import pytest
from sqlmodel import Session

from session.domain.permissions import Role
from session.exports.records import COLUMNS
from session.store import access
from session.store.database import make_engine
from session.store.tables import ParticipantRow

ROOM = "rt2"
ODD = [  # id, name, category, regional group
    ("XAE", "الإمارات العربية المتحدة", "member_state", "asia_pacific"),
    ("XCN", "中国", "member_state", "asia_pacific"),
    ("XSLA", 'Société "Les Amis", Genève', "ngo", None),
    ("XLAC", "Fondation du Lac\nLakeside Foundation", "private_sector", None),
    ("XEVL", '=HYPERLINK("http://evil.example/","x")', "ngo", None),
]
NOTES = 'Stressed "safe, orderly" migration,\nand data.'
RULING = "Well taken; the speaker will conclude."


@pytest.fixture
def database_url(database_url):
    """The seeded event, plus participants whose names break careless exports."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        for pid, name, category, group in ODD:
            session.add(ParticipantRow(id=pid, name=name, category=category, regional_group=group))
        session.commit()
    engine.dispose()
    return database_url


def mint(live, role: Role, room: str | None = ROOM, participant: str | None = None, label: str = "") -> str:
    engine = make_engine(live.database_url)
    try:
        return access.mint(engine, role=role, room=room, participant=participant, label=label or role.value)
    finally:
        engine.dispose()


def command(live, code: str, **body) -> None:
    response = live.api(ROOM, code, **body)
    assert response.status_code == 200, response.text


@pytest.fixture
def meeting(live):
    """A short round table held through the API: its chair, rapporteur and organiser codes."""
    chair = mint(live, Role.CHAIR, label="H.E. Ms. Ana Pérez")
    mint(live, Role.CHAIR, label="M. Jean-Luc Dupont")
    rapporteur = mint(live, Role.RAPPORTEUR)
    command(live, chair, action="seat_panellist", participant="XCN")
    command(live, chair, action="seat_panellist", participant="XSLA")
    for pid in ("CIV", "XAE", "XSLA", "XEVL", "XLAC"):
        command(live, chair, action="request_floor", participant=pid)
    command(live, chair, action="call_next")
    command(live, chair, action="request_floor", participant="MEX", type="point_of_order")
    command(live, chair, action="end_intervention")
    command(live, rapporteur, action="annotate", entry=1, notes=NOTES, key_points="Pensions", summary=True)
    command(live, chair, action="call_next")
    command(live, chair, action="end_intervention")
    command(live, chair, action="rule_point_of_order", entry=6, ruling=RULING)
    for _ in range(4):
        command(live, chair, action="call_next")
    command(live, chair, action="end_intervention")
    command(live, chair, action="request_floor", participant="PHL")
    return {"chair": chair, "rapporteur": rapporteur, "organiser": mint(live, Role.ORGANISER, room=None)}


def get(live, path: str, code: str | None = None, cookie: str | None = None) -> httpx.Response:
    headers = {}
    if code:
        headers["Authorization"] = f"Bearer {code}"
    if cookie:
        headers["Cookie"] = cookie
    return httpx.get(live.base_url + path, headers=headers)


def read_csv(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


def test_the_rapporteur_downloads_the_csv_with_the_cookie_of_its_code(live, meeting):
    response = get(live, f"/rooms/{ROOM}/export.csv", cookie=live.cookie(meeting["rapporteur"]))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="hld2013-rt2-interventions.csv"'
    assert response.headers["cache-control"] == "no-store"
    rows = read_csv(response.content)
    heard = live.state(ROOM)["interventions"]
    assert [r["participant"] for r in rows] == [
        "'" + i["name"] if i["name"].startswith("=") else i["name"] for i in heard
    ]
    assert [r["participant"] for r in rows] == [
        "Côte d'Ivoire",
        "Mexico",
        "الإمارات العربية المتحدة",
        'Société "Les Amis", Genève',
        "'" + ODD[4][1],
        "Fondation du Lac\nLakeside Foundation",
    ]
    assert [r["type"] for r in rows] == [i["type"] for i in heard]
    assert [r["started_at"] for r in rows] == [i["started_at"] for i in heard]
    assert [float(r["duration_s"]) for r in rows] == [round(i["duration_s"], 1) for i in heard]
    assert rows[0]["notes"] == NOTES + "\nKey points: Pensions"
    assert rows[1]["notes"] == "Ruling: " + RULING


def test_the_chair_gets_json_with_a_bearer_code(live, meeting):
    response = get(live, f"/rooms/{ROOM}/export.json", code=meeting["chair"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"] == 'attachment; filename="hld2013-rt2-interventions.json"'
    document = response.json()
    assert document["version"] == 1 and document["room"] == ROOM
    heard = live.state(ROOM)["interventions"]
    assert [tuple(r) for r in document["interventions"]] == [COLUMNS] * len(heard) == [COLUMNS] * 6
    assert [r["participant"] for r in document["interventions"]] == [i["name"] for i in heard]
    assert [r["ended_at"] for r in document["interventions"]] == [i["ended_at"] for i in heard]


def test_the_summary_docx_names_the_chairs_panel_and_speakers(live, meeting):
    response = get(live, f"/rooms/{ROOM}/export.docx", code=meeting["rapporteur"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.headers["content-disposition"] == 'attachment; filename="hld2013-rt2-interventions.docx"'
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Summary of the round table"
    assert paragraphs[1].startswith("Round table 2: Human rights of all migrants")
    assert "Date: 3 October 2013" in paragraphs
    assert "Co-chairs: H.E. Ms. Ana Pérez; M. Jean-Luc Dupont" in paragraphs
    panel = paragraphs.index("Panel")
    assert paragraphs[panel + 1 : panel + 3] == ["中国", 'Société "Les Amis", Genève']
    speakers = [p for p in paragraphs if p[:3] in {f"{n}. " for n in range(1, 7)}]
    assert [s.split(" — ")[0] for s in speakers] == [
        "1. Côte d'Ivoire",
        "2. Mexico",
        "3. الإمارات العربية المتحدة",
        '4. Société "Les Amis", Genève',
        "5. " + ODD[4][1],
        "6. Fondation du Lac\nLakeside Foundation",
    ]
    assert paragraphs[paragraphs.index(speakers[0]) + 1] == NOTES + "\nKey points: Pensions"
    group_table = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert group_table[1][:2] == ["African Group", "1"] and group_table[2][:2] == ["Asia-Pacific Group", "1"]
    waiting = paragraphs[paragraphs.index("Asked for the floor and not yet heard") + 1]
    assert waiting.startswith("Philippines (Statement")


def test_markdown_for_the_organiser_by_cookie(live, meeting):
    response = get(live, f"/rooms/{ROOM}/export.md", cookie=live.cookie(meeting["organiser"]))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    lines = response.text.split("\n")
    assert lines[0] == "# Round table 2 — interventions"
    assert sum(1 for line in lines if line.startswith("| ")) == 1 + 6
    assert any("Fondation du Lac<br>Lakeside Foundation" in line for line in lines)


def test_no_credentials_is_401_and_says_how(live):
    response = get(live, f"/rooms/{ROOM}/export.csv")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "access code" in response.json()["error"]["message"]
    assert get(live, f"/rooms/{ROOM}/export.csv", code="nope-nope").status_code == 401


def test_a_delegate_or_another_rooms_rapporteur_is_refused(live):
    delegate = live.code(ROOM, Role.DELEGATE, "MEX")
    for response in (
        get(live, f"/rooms/{ROOM}/export.csv", code=delegate),
        get(live, f"/rooms/{ROOM}/export.docx", cookie=live.cookie(delegate)),
        get(live, f"/rooms/{ROOM}/export.json", code=live.code("rt1", Role.RAPPORTEUR)),
        get(live, f"/rooms/{ROOM}/export.md", cookie=live.cookie(live.code("rt1", Role.CHAIR))),
        get(live, f"/rooms/{ROOM}/export.json", code=live.code(ROOM, Role.OBSERVER)),
    ):
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"
        assert "rapporteur" in response.json()["error"]["message"]


def test_a_revoked_code_no_longer_downloads(live):
    code = live.code(ROOM, Role.RAPPORTEUR)
    cookie = live.cookie(code)
    assert get(live, f"/rooms/{ROOM}/export.csv", cookie=cookie).status_code == 200
    engine = make_engine(live.database_url)
    access.revoke(engine, access.redeem(engine, code).code_id)
    engine.dispose()
    assert get(live, f"/rooms/{ROOM}/export.csv", cookie=cookie).status_code == 401
    assert get(live, f"/rooms/{ROOM}/export.csv", code=code).status_code == 401


def test_unknown_rooms_and_formats_are_404(live):
    code = live.code(ROOM, Role.RAPPORTEUR)
    assert get(live, "/rooms/rt9/export.csv", code=code).status_code == 404
    response = get(live, f"/rooms/{ROOM}/export.pdf", code=code)
    assert response.status_code == 404
    assert "csv, json, md, docx" in response.json()["error"]["message"]
    assert get(live, "/export.xlsx", code=mint(live, Role.ORGANISER, room=None)).status_code == 404


def test_the_whole_event_is_for_the_organiser(live, meeting):
    response = get(live, "/export.csv", code=meeting["organiser"])
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="hld2013-interventions.csv"'
    rows = read_csv(response.content)
    assert {r["room"] for r in rows} == {ROOM} and len(rows) == 6

    document = json.loads(get(live, "/export.json", cookie=live.cookie(meeting["organiser"])).content)
    assert [part["room"] for part in document["rooms"]] == [
        "plenary",
        "rt1",
        "rt2",
        "rt3",
        "rt4",
        "panel0625",
        "hearing",
    ]

    summary = docx.Document(io.BytesIO(get(live, "/export.docx", code=meeting["organiser"]).content))
    headings = [p.text for p in summary.paragraphs if p.style.name == "Heading 1"]
    assert headings == (
        ["Summary of the plenary meeting"]
        + ["Summary of the round table"] * 4
        + ["Summary: Panel discussion, 25 June 2013", "Summary: Informal interactive hearing"]
    )

    assert get(live, "/export.csv").status_code == 401
    for code in (meeting["rapporteur"], meeting["chair"]):
        assert get(live, "/export.csv", code=code).status_code == 403
    refused = get(live, "/export.csv", cookie=live.cookie(meeting["rapporteur"]))
    assert refused.status_code == 403 and "organiser" in refused.json()["error"]["message"]


def test_a_browser_holding_a_delegate_and_the_organiser_code_may_export(live):
    with httpx.Client(base_url=live.base_url) as browser:
        for code in (live.code(ROOM, Role.DELEGATE, "MEX"), mint(live, Role.ORGANISER, room=None)):
            assert live.join(browser, code).status_code == 303
        assert browser.get(f"/rooms/{ROOM}/export.csv").status_code == 200
        assert browser.get("/export.md").status_code == 200
