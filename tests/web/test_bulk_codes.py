"""Codes for every delegation at once: issued together, shown once, as a sheet of badges (PDF, one
page per eight, QR codes that decode back to the join URLs) and a mail-merge CSV whose codes join."""

import base64
import csv
import html
import io
import re
import shutil
import subprocess

import httpx
import pytest
from sqlmodel import Session, select

from session.domain.permissions import Role
from session.domain.seats import NO_SEAT
from session.store import access
from session.store.database import make_engine
from session.store.tables import AccessCodeRow
from session.web.badges import PER_PAGE, Badge, badges_pdf
from session.web.bulk_codes import MAIL_MERGE_COLUMNS

TOOLS = ("pdftoppm", "pdftotext", "zbarimg")  # Debian's poppler-utils and zbar-tools (scripts/install-system-deps)
ELEVEN = ["Mexico", "PHL", "Senegal", "Germany", "IOM", "European Union", "Brazil", "China", "Philippines (no)", "USA"]
DATA_LINK = re.compile(r'href="(data:[^"]+)" download="([^"]+)"')


@pytest.fixture(scope="module", autouse=True)
def tools():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the badge tests read PDFs with {', '.join(missing)}: run scripts/install-system-deps")


@pytest.fixture
def desk(live):
    with httpx.Client(base_url=live.base_url, timeout=120) as client:  # a QR code per delegation takes a while
        assert live.join(client, _organiser(live)).status_code == 303
        yield client


def _organiser(live) -> str:
    engine = make_engine(live.database_url)
    try:
        return access.mint(engine, role=Role.ORGANISER, room=None, label="Secretariat")
    finally:
        engine.dispose()


def bulk(desk: httpx.Client, files=None, **form) -> httpx.Response:
    token = re.search(r'name="csrf_token" value="([^"]+)"', desk.get("/organiser/codes/bulk").text).group(1)
    return desk.post("/organiser/codes/bulk", data={"csrf_token": token, **form}, files=files)


def downloads(page: httpx.Response) -> dict[str, bytes]:
    assert page.status_code == 200, html.unescape(page.text)[:2000]
    found = {}
    for url, name in DATA_LINK.findall(page.text):
        found[name] = base64.b64decode(html.unescape(url).split(",", 1)[1])
    assert set(found) == {"badges.pdf", "codes.csv"}
    return found


def mail_merge(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows and tuple(rows[0]) == MAIL_MERGE_COLUMNS
    return rows


def qr_codes_by_page(pdf: bytes, tmp_path) -> list[set[str]]:
    """Each page rendered as a printer would (150 dpi), and the QR codes zbar reads on it."""
    (tmp_path / "badges.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(tmp_path / "badges.pdf"), str(tmp_path / "page")], check=True)
    pages = []
    for image in sorted(tmp_path.glob("page-*.png")):
        read = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
        pages.append(set(read.stdout.split()))
    return pages


def test_a_csv_of_names_and_e_mails_becomes_badges_and_a_mail_merge_whose_codes_join(live, desk, tmp_path):
    lines = ["name,e-mail"] + [f"{name},mission{n}@example.org" for n, name in enumerate(ELEVEN) if "(no)" not in name]
    lines += ["Saint Lucia,stlucia@example.org", "Holy See,vatican@example.org"]
    page = bulk(desk, who="csv", files={"file": ("list.csv", "\n".join(lines).encode(), "text/csv")})
    files = downloads(page)
    rows = mail_merge(files["codes.csv"])
    assert [r["participant"] for r in rows] == [
        "MEX",
        "PHL",
        "SEN",
        "DEU",
        "IOM",
        "EU",
        "BRA",
        "CHN",
        "USA",
        "LCA",
        "VAT",
    ]
    assert rows[0]["name"] == "Mexico" and rows[0]["email"] == "mission0@example.org"
    for row in rows:
        assert row["join_url"] == f"{live.base_url}/join/{row['code']}"
        assert row["code"] in page.text  # shown once, on this page
    pages = qr_codes_by_page(files["badges.pdf"], tmp_path)
    assert [len(p) for p in pages] == [PER_PAGE, len(rows) - PER_PAGE]  # one page per eight badges
    assert set().union(*pages) == {row["join_url"] for row in rows}
    assert page.headers["cache-control"] == "no-store"
    for row in rows[:3]:  # each code joins, as its holder
        with httpx.Client(base_url=live.base_url) as phone:
            assert live.join(phone, row["code"]).status_code == 303
    engine = make_engine(live.database_url)
    try:
        for row in rows:
            grant = access.redeem(engine, row["code"])
            assert grant is not None and grant.every_room and grant.actor.participant == row["participant"]
        with Session(engine) as session:  # only fingerprints are kept
            stored = " ".join(str(v) for r in session.exec(select(AccessCodeRow)) for v in r.model_dump().values())
        assert not any(row["code"] in stored for row in rows)
    finally:
        engine.dispose()


def test_a_code_of_the_bulk_issue_speaks_in_two_rooms_and_not_where_its_delegation_has_no_seat(live, desk):
    assert live.api("rt3", live.code("rt3", Role.CHAIR), action="set_seat_cap", seats=1).status_code == 200
    (row,) = mail_merge(downloads(bulk(desk, who="csv", text="Mexico,mex@example.org"))["codes.csv"])
    for room in ("plenary", "rt1"):
        assert live.api(room, row["code"], action="request_floor", participant="MEX").status_code == 200
        assert [e["participant"] for e in live.state(room)["queue"]] == ["MEX"]
    refused = live.api("rt3", row["code"], action="request_floor", participant="MEX")
    assert refused.status_code == 409 and refused.json()["error"]["message"] == NO_SEAT


def test_every_delegation_of_a_category_and_the_rooms_chosen(live, desk):
    rows = mail_merge(downloads(bulk(desk, who="intergovernmental", rooms=["rt1", "rt2"]))["codes.csv"])
    engine = make_engine(live.database_url)
    try:
        grants = [access.redeem(engine, row["code"]) for row in rows]
    finally:
        engine.dispose()
    assert "EU" in {g.actor.participant for g in grants}
    assert {(g.actor.role, g.rooms) for g in grants} == {(Role.DELEGATE, frozenset({"rt1", "rt2"}))}
    everyone = mail_merge(downloads(bulk(desk, who="all"))["codes.csv"])
    assert len(everyone) > 193 and len({r["participant"] for r in everyone}) == len(everyone)


def test_a_wrong_line_issues_no_code_and_every_wrong_line_is_named(live, desk):
    engine = make_engine(live.database_url)
    before = len(access.list_codes(engine))
    text = "Mexico,mex@example.org\nAtlantis,king@example.org\nMexico,again@example.org\nPHL,not an address"
    refused = bulk(desk, who="csv", text=text)
    assert refused.status_code == 400
    said = html.unescape(refused.text)
    assert "Line 2: 'Atlantis' is not on the list of participants." in said
    assert "Line 3: Mexico appears twice." in said
    assert "Line 4: 'not an address' is not an e-mail address." in said
    assert "data:application/pdf" not in refused.text
    assert bulk(desk, who="all", rooms=["nowhere"]).status_code == 400
    assert len(access.list_codes(engine)) == before
    engine.dispose()


def test_only_the_secretariat_issues_in_bulk(live):
    with httpx.Client(base_url=live.base_url) as chair:
        live.join(chair, live.code("rt1", Role.CHAIR))
        assert chair.get("/organiser/codes/bulk").status_code == 403
        assert chair.post("/organiser/codes/bulk", data={"who": "all"}).status_code == 403
    with httpx.Client(base_url=live.base_url) as forged:
        live.join(forged, _organiser(live))
        assert forged.post("/organiser/codes/bulk", data={"who": "all", "csrf_token": "forged"}).status_code == 403


def test_the_badges_carry_both_names_with_their_accents(tmp_path):
    badge = Badge("Côte d'Ivoire", "Côte d’Ivoire", "ab3D-x9Kq", "http://127.0.0.1:8000/join/ab3D-x9Kq")
    (tmp_path / "one.pdf").write_bytes(badges_pdf([badge]))
    text = subprocess.run(["pdftotext", str(tmp_path / "one.pdf"), "-"], capture_output=True, text=True, check=True)
    assert "Côte d'Ivoire" in text.stdout and "Côte d’Ivoire" in text.stdout and "ab3D-x9Kq" in text.stdout
    assert qr_codes_by_page(badges_pdf([badge]), tmp_path) == [{badge.url}]
