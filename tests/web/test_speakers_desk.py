"""The secretariat's desk for the plenary's list, through a real server and its database: inscription
opened and closed, meetings scheduled, speakers inscribed on a delegation's behalf, levels verified,
and the list received by e-mail imported — every row or none."""

import html
import re
from datetime import datetime

import httpx
import pytest

from session.domain.permissions import Role
from session.times import hour

PAGE = "/organiser/speakers"
HEADER = "participant,speaker,title,level,on_behalf_of,meeting"


def token(client: httpx.Client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(PAGE).text).group(1)


def post(client: httpx.Client, action: str, room: str = "plenary", **form) -> httpx.Response:
    return client.post(f"{PAGE}/{room}/{action}", data={"csrf_token": token(client), **form})


def page_text(client: httpx.Client) -> str:
    """The page as a reader sees it: entities decoded, tags kept for sections."""
    response = client.get(PAGE)
    assert response.status_code == 200, response.text[:300]
    return html.unescape(response.text)


def section(page: str, room: str) -> str:
    return re.search(rf'<section id="speakers-{room}".*?</section>', page, re.S).group(0)


def import_csv(client: httpx.Client, content: bytes, room: str = "plenary", **form) -> httpx.Response:
    return client.post(
        f"{PAGE}/{room}/import",
        data={"csrf_token": token(client), **form},
        files={"file": ("speakers.csv", content, "text/csv")},
    )


def delegate_inscribes(live, participant: str, **fields) -> httpx.Response:
    code = live.code("plenary", Role.DELEGATE, participant)
    return live.api("plenary", code, action="inscribe", **fields)


def queue(live) -> list[dict]:
    return live.state("plenary")["queue"]


def test_the_desk_needs_an_organiser_code(live):
    assert httpx.get(f"{live.base_url}{PAGE}").status_code == 403
    with httpx.Client(base_url=live.base_url) as chair:
        live.join(chair, live.code("plenary", Role.CHAIR))
        assert chair.get(PAGE).status_code == 403
        before = live.state("plenary")["version"]
        assert chair.post(f"{PAGE}/plenary/inscription/close", data={}).status_code == 403
        assert chair.post(f"{PAGE}/plenary/import", files={"file": ("a.csv", b"participant\nPHL\n")}).status_code == 403
        assert live.state("plenary")["version"] == before


def test_the_page_reads_the_plenary_first_in_the_events_time(live, desk):
    page = page_text(desk)
    plenary, rt1 = section(page, "plenary"), section(page, "rt1")
    assert page.index('id="speakers-plenary"') < page.index('id="speakers-rt1"')
    assert "Dates and times are New York time" in page
    assert "Open." in plenary  # the demo's inscription: opened, no dates announced
    assert "25th plenary meeting" in plenary and "Thursday, 3 October 2013" in plenary
    assert "10 a.m.–1 p.m." in plenary and "3 p.m.–6 p.m." in plenary and "to be held" in plenary
    order = re.search(r'<ol class="order-of-speaking">(.*?)</ol>', plenary, re.S).group(1)
    assert order.count("<li>") == 6 and "the time of inscription" in order
    assert "statements on behalf of a group are heard first" in plenary
    # A round table keeps no prepared list: its meetings only.
    assert "Meeting 1" in rt1 and "Inscription" not in rt1 and "/import" not in rt1
    # Linked from the secretariat's first page.
    assert f'href="{PAGE}"' in desk.get("/organiser").text
    # In the officer's language, the days and hours too.
    french = html.unescape(desk.get(f"{PAGE}?lang=fr").text)
    assert "25e" in french and "jeudi 3 octobre 2013" in french


def test_closing_then_announcing_inscription_is_what_delegations_meet(live, desk):
    closed = post(desk, "inscription/close")
    assert closed.status_code == 303 and closed.headers["location"].startswith(PAGE)
    assert live.state("plenary")["inscription"]["closes_at"] is not None
    refused = delegate_inscribes(live, "PHL")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "inscription_closed"
    assert "Closed since" in section(page_text(desk), "plenary")

    # Announced for later dates, typed in New York time: sent with New York's offset that day.
    announced = post(
        desk,
        "inscription/open",
        opens_date="2099-09-13",
        opens_time="09:00",
        closes_date="2099-10-02",
        closes_time="17:00",
    )
    assert announced.status_code == 303
    inscription = live.state("plenary")["inscription"]
    assert inscription == {"opens_at": "2099-09-13T09:00:00-04:00", "closes_at": "2099-10-02T17:00:00-04:00"}
    assert "Opens Sunday, 13 September 2099, 9 a.m., closes Friday, 2 October 2099, 5 p.m." in page_text(desk)
    assert delegate_inscribes(live, "PHL").json()["error"]["code"] == "inscription_not_open"

    assert post(desk, "inscription/open").status_code == 303  # now
    assert "Open since" in section(page_text(desk), "plenary")
    assert delegate_inscribes(live, "PHL").status_code == 200


def test_a_time_the_desk_cannot_read_is_refused_and_changes_nothing(live, desk):
    before = live.state("plenary")
    response = post(desk, "inscription/open", opens_date="13/09/2013", opens_time="9")
    assert response.status_code == 400 and "Give a date and a time" in html.unescape(response.text)
    later = post(desk, "inscription/open", opens_date="2099-10-02", opens_time="17:00", closes_date="2099-09-13")
    assert later.status_code == 400
    assert live.state("plenary")["version"] == before["version"]


def test_scheduling_a_meeting_and_changing_a_pending_meetings_hours(live, desk):
    added = post(desk, "meetings", number="29", date="2013-10-05", starts="10:00", ends="13:00")
    assert added.status_code == 303
    changed = post(desk, "meetings", room="rt4", number="1", date="2013-10-04", starts="15:30", ends="18:00")
    assert changed.status_code == 303
    plenary = {m["number"]: m for m in live.state("plenary")["meetings"]}
    assert plenary[29] == plenary[29] | {
        "starts_at": "2013-10-05T10:00:00-04:00",
        "ends_at": "2013-10-05T13:00:00-04:00",
    }
    assert live.state("rt4")["meetings"][0]["starts_at"] == "2013-10-04T15:30:00-04:00"
    page = page_text(desk)
    assert "29th plenary meeting" in section(page, "plenary") and "Saturday, 5 October 2013" in page
    assert "3:30 p.m.–6 p.m." in section(page, "rt4")

    before = live.state("plenary")["version"]
    wrong = post(desk, "meetings", number="30", date="2013-10-05", starts="13:00", ends="10:00")
    assert wrong.status_code == 400 and "ends after it starts" in html.unescape(wrong.text)
    assert live.state("plenary")["version"] == before


def test_the_desk_inscribes_for_a_delegation_verified_with_its_acknowledgement(live, desk):
    response = post(
        desk,
        "inscribe",
        participant="phl",
        speaker="H.E. Mr. Albert del Rosario",
        title="Secretary of Foreign Affairs",
        level="minister",
        on_behalf_of="",
        meeting="26",
    )
    assert response.status_code == 303
    [entry] = queue(live)
    assert entry["participant"] == "PHL" and entry["level"] == "minister" and entry["level_verified"]
    assert entry["speaker"] == "H.E. Mr. Albert del Rosario" and entry["inscribed_for"] == 26
    # The time the list expects it, in New York's UN style, as the state API says it too.
    around = hour(datetime.fromisoformat(entry["expected_at"]).timestamp(), "America/New_York")
    ack = (
        f"Inscribed for the Philippines: reference {entry['entry']}, 26th plenary meeting, number 1 on the list, "
        f"expected around {around}{'' if around.endswith('.') else '.'}</p>"  # "a.m." ends the sentence
    )
    assert ack in page_text(desk)
    assert "Inscribed for" not in page_text(desk)  # said once
    # The same delegation again: one statement per debate, said on the page, nothing changed.
    again = post(desk, "inscribe", participant="PHL", level="minister")
    assert again.status_code == 409 and "one statement per delegation" in html.unescape(again.text)
    assert len(queue(live)) == 1
    # A delegation typed by its name rather than picked from the list.
    assert post(desk, "inscribe", participant="mexico").status_code == 303
    assert [q["participant"] for q in queue(live)] == ["MEX", "PHL"]  # the 25th meeting, before the 26th


def test_verifying_a_declared_level_moves_the_entry(live, desk):
    assert delegate_inscribes(live, "MEX").status_code == 200
    assert delegate_inscribes(live, "PHL", level="minister").status_code == 200  # declared: not verified yet
    assert [q["participant"] for q in queue(live)] == ["MEX", "PHL"]
    philippines = queue(live)[1]
    assert not philippines["level_verified"] and philippines["requested_level"] == "minister"
    to_verify = re.search(r'<table class="codes to-verify">.*?</table>', page_text(desk), re.S).group(0)
    assert "Philippines" in to_verify and "Mexico" not in to_verify
    assert re.search(r'<option value="minister" selected>', to_verify)  # the requested level preselected

    assert post(desk, "verify", entry=str(philippines["entry"]), level="minister").status_code == 303
    assert [q["participant"] for q in queue(live)] == ["PHL", "MEX"]  # a minister before a head of delegation
    assert queue(live)[0]["level_verified"] and queue(live)[0]["level"] == "minister"
    assert "Every level on the list is verified." in page_text(desk)


GOOD = (
    f"{HEADER}\r\n"
    'PHL,"H.E. Mr. Albert del Rosario",Secretary of Foreign Affairs,minister,,\r\n'
    "Mexico,H.E. Mr. José Antonio Meade,Secretary of Foreign Affairs,Minister,,\r\n"
    "SEN,,,,the African Group,26\r\n"
    "\r\n"
    "deu,Mr. Peter Wittig,Permanent Representative,,,\r\n"
)


def test_a_good_list_is_inscribed_whole_in_the_files_order(live, desk):
    response = import_csv(desk, GOOD.encode("utf-8-sig"))  # Excel's "CSV UTF-8" starts with a BOM
    assert response.status_code == 303, html.unescape(response.text)[:2000]
    entries = queue(live)
    by_reference = sorted(entries, key=lambda q: q["entry"])
    assert [q["participant"] for q in by_reference] == ["PHL", "MEX", "SEN", "DEU"]  # inscribed in the file's order
    assert [q["participant"] for q in entries] == ["PHL", "MEX", "DEU", "SEN"]  # SEN asked for the 26th
    assert all(q["level_verified"] for q in entries)
    assert {q["participant"]: q["level"] for q in entries} == {
        "PHL": "minister",
        "MEX": "minister",
        "SEN": "head_of_delegation",
        "DEU": "head_of_delegation",
    }
    assert entries[3]["on_behalf_of"] == "the African Group" and entries[3]["inscribed_for"] == 26
    assert "Inscribed 4 speakers from the list received, in its order." in page_text(desk)


def test_semicolons_and_cells_pasted_from_a_spreadsheet_are_read_too(live, desk):
    semicolons = "participant;speaker;level\nBRA;H.E. Mr. Antonio Patriota;minister\n"
    assert import_csv(desk, semicolons.encode()).status_code == 303
    pasted = "participant\tspeaker\nFrance\tM. Laurent Fabius\n"
    response = desk.post(f"{PAGE}/plenary/import", data={"csrf_token": token(desk), "text": pasted})
    assert response.status_code == 303
    assert [(q["participant"], q["speaker"]) for q in queue(live)] == [
        ("BRA", "H.E. Mr. Antonio Patriota"),
        ("FRA", "M. Laurent Fabius"),
    ]


def test_a_list_with_bad_rows_is_refused_whole_naming_each_line(live, desk):
    before = live.state("plenary")["version"]
    bad = (
        f"{HEADER}\n"
        "PHL,H.E. Mr. Albert del Rosario,Secretary of Foreign Affairs,minister,,\n"
        "Atlantis,Mr. Nobody,,,,\n"  # line 3: unknown participant
        "MEX,,,,,\n"
        "SEN,,,emperor,,twenty\n"  # line 5: unknown level, and a meeting that is not a number
        "PHL,Ms. Someone Else,,,,\n"  # line 6: the Philippines again
    )
    response = import_csv(desk, bad.encode())
    assert response.status_code == 400
    text = html.unescape(response.text)
    problems = re.findall(r"<li>(Line \d+: .*?)</li>", text)
    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 5", "Line 6"], problems
    assert "unknown participant “Atlantis”" in problems[0]
    assert "unknown level “emperor”" in problems[1] and "“twenty” is not a number" in problems[1]
    assert "one statement per delegation" in problems[2]
    assert "Nothing was imported: 3 rows cannot be inscribed." in text
    assert live.state("plenary")["version"] == before and queue(live) == []


def test_rows_the_rules_refuse_are_named_by_line_and_nothing_is_half_imported(live, desk):
    """Every row reads well; the command path refuses two of them, together with the rest."""
    before = live.state("plenary")["version"]
    refused_by_the_rules = f"{HEADER}\nPHL,,,,,\nPHL,,,,,\nMEX,,,,,\nSEN,,,,,99\nDEU,,,,,\n"
    response = import_csv(desk, refused_by_the_rules.encode())
    assert response.status_code == 400
    problems = re.findall(r"<li>(Line \d+: .*?)</li>", html.unescape(response.text))
    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 5"], problems
    assert "one statement per delegation" in problems[0] and "Meeting 99" in problems[1]
    assert live.state("plenary")["version"] == before and queue(live) == []


@pytest.mark.parametrize(
    "content, says",
    [
        (b"speaker,level\nMr. X,minister\n", "“participant” among them"),
        (b"participant,country\nPHL,x\n", "unknown column “country”"),
        (f"{HEADER}\nPHL,a,b,minister,,,extra\n".encode(), "Line 2: too many columns"),
        (HEADER.encode() + b"\n", "no rows under its header"),
        ("participant\nPhilippines\n".encode("utf-16"), "not UTF-8"),
        (("participant\n" + "PHL\n" * 501).encode(), "more than 500 rows"),
    ],
)
def test_a_file_the_desk_cannot_read_is_refused_with_a_sentence(live, desk, content, says):
    before = live.state("plenary")["version"]
    response = import_csv(desk, content)
    assert response.status_code == 400 and says in html.unescape(response.text)
    assert live.state("plenary")["version"] == before


def test_an_oversized_list_is_refused_413_before_it_is_read(live, desk):
    before = live.state("plenary")["version"]
    huge = (f"{HEADER}\n" + "PHL,H.E. Mr. Albert del Rosario,Secretary of Foreign Affairs,minister,,\n" * 4000).encode()
    assert len(huge) > 256 * 1024
    response = import_csv(desk, huge)
    assert response.status_code == 413 and "The file is too large: at most 256 KiB" in response.text
    streamed = desk.post(
        f"{PAGE}/plenary/import",
        content=iter([f"csrf_token={token(desk)}&text=".encode(), b"a" * (300 * 1024)]),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert streamed.status_code == 413  # chunked: counted as it arrives
    assert live.state("plenary")["version"] == before


def test_a_form_without_its_csrf_token_changes_nothing(live, desk):
    before = live.state("plenary")["version"]
    for action, form in (
        ("inscription/close", {}),
        ("inscribe", {"participant": "PHL"}),
        ("meetings", {"number": "29", "date": "2013-10-05", "starts": "10:00", "ends": "13:00"}),
    ):
        response = desk.post(f"{PAGE}/plenary/{action}", data=form)
        assert response.status_code == 403 and "This form has expired" in html.unescape(response.text), action
    forged = desk.post(
        f"{PAGE}/plenary/import", data={"csrf_token": "forged"}, files={"file": ("a.csv", GOOD.encode())}
    )
    assert forged.status_code == 403
    assert live.state("plenary")["version"] == before and queue(live) == []


def test_a_round_table_keeps_no_prepared_list_on_this_desk(live, desk):
    before = live.state("rt1")["version"]
    for action in ("inscribe", "inscription/close"):
        assert post(desk, action, room="rt1", participant="PHL").status_code == 404
    assert import_csv(desk, GOOD.encode(), room="rt1").status_code == 404
    assert live.state("rt1")["version"] == before
