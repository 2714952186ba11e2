"""Drawing up the round tables' panels through a real server: the organiser opens expressions of
interest, delegates express it with their own codes, the assistant proposes, the organiser
overrides and publishes, and everyone reads the list (page, CSV, Markdown) in their language."""

import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import Session, col, select

from session.domain.permissions import Role
from session.store.database import make_engine
from session.store.tables import RoomRow

RT1 = ["MEX", "NGA", "GCM", "FRA", "PHL", "BRA"]  # in order of expression of interest
RT2 = ["MEX", "DEU", "GHA"]


def token(client: httpx.Client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/organiser/panels").text).group(1)


def when(days: float) -> str:
    """A datetime-local value (UTC), `days` from now."""
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def set_deadline(client: httpx.Client, room: str, deadline: str, stakeholders: bool = False) -> httpx.Response:
    form = {"csrf_token": token(client), "deadline": deadline} | ({"stakeholders": "on"} if stakeholders else {})
    return client.post(f"/organiser/panels/{room}/deadline", data=form)


def publish(client: httpx.Client, room: str, participants: list[str], others: str = "") -> httpx.Response:
    return client.post(
        f"/organiser/panels/{room}/publish",
        data={"csrf_token": token(client), "participant": participants, "others": others},
    )


def express(live, room: str, participant: str) -> httpx.Response:
    return live.api(room, live.code(room, Role.DELEGATE, participant), action="express_interest")


def section(page: str, prefix: str, room: str) -> str:
    """One round table's part of a page, as text (entities decoded)."""
    return html.unescape(re.search(rf'<section id="{prefix}-{room}".*?</section>', page, re.S).group(0))


def checked(part: str) -> set[str]:
    return set(re.findall(r'name="participant" value="([^"]+)" checked', part))


@pytest.fixture
def interested(live, desk):
    """rt1 open to stakeholders too, rt2 to Member States only; the delegations have expressed interest."""
    assert set_deadline(desk, "rt1", when(2), stakeholders=True).status_code == 303
    assert set_deadline(desk, "rt2", when(2)).status_code == 303
    for room, participants in (("rt1", RT1), ("rt2", RT2)):
        for participant in participants:
            response = express(live, room, participant)
            assert response.status_code == 200, response.text
    return desk


def test_the_desk_shows_candidates_and_the_assistants_proposal_with_its_reasons(live, interested):
    page = interested.get("/organiser/panels")
    assert page.status_code == 200
    rt1 = section(page.text, "panels", "rt1")
    assert "Stakeholders other than Member States may apply." in rt1 and "Open until" in rt1
    for name in ("Mexico", "Nigeria", "Global Coalition on Migration", "France", "Philippines", "Brazil"):
        assert name in rt1
    assert "Latin American and Caribbean Group (GRULAC)" in rt1 and "NGO or civil society" in rt1
    # when interest was expressed: in the event's time zone, as UN documents write it
    assert re.search(r"\w+day, \d{1,2} \w+ \d{4}, (\d{1,2}(:\d\d)? [ap]\.m\.|12 noon)", rt1)
    assert "UTC" not in rt1 and "Open until" in rt1 and "(New York time)" in rt1
    assert "The non-governmental stakeholders' voice: the earliest of 1 candidates" in rt1
    assert "For the African Group (seated on 0 other panels so far): the earliest of its 1 candidates" in rt1
    assert (
        "For the Latin American and Caribbean Group (GRULAC) (seated on 0 other panels so far): "
        "the earliest of its 2 candidates" in rt1
    )  # Mexico before Brazil
    # Four seats cannot hold five groups: the panel says what it adds to the round tables, never that it
    # falls short alone.
    assert "Adds to the round tables: African Group, Asia-Pacific Group, " in rt1 and "NGOs and civil society." in rt1
    assert "No candidate could cover" not in rt1 and "Across the round tables" not in rt1
    assert checked(rt1) == {"GCM", "NGA", "PHL", "MEX"}  # preselected with the proposal
    rt2 = section(page.text, "panels", "rt2")
    assert "Only Member States may apply." in rt2
    # All round tables at once: Mexico is proposed for rt1, so not again for rt2; the African Group
    # already has a seat on rt1, so it comes after the WEOG, which has none.
    assert checked(rt2) == {"DEU", "GHA"}
    assert "For the African Group (seated on 1 other panels so far): the earliest of its 1 candidates" in rt2
    assert "Adds to the round tables: African Group, Western European and Others Group (WEOG)." in rt2
    # The whole as drawn up here: no Eastern European panellist or co-chair on any round table.
    whole = section(page.text, "panels", "whole")
    assert "Across the round tables and their co-chairs:" in whole
    assert "no panellist or co-chair from Eastern European Group." in whole
    # Member States only, there: an NGO is refused.
    refused = express(live, "rt2", "GCM")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_eligible"


def test_publishing_an_overridden_list_updates_the_public_list_and_its_exports(live, interested):
    before = httpx.get(f"{live.base_url}/panels").text
    assert section(before, "panellists", "rt1").count("To be announced.") == 1
    # The organiser drops the Philippines and adds Poland, which had not expressed interest.
    response = publish(interested, "rt1", ["GCM", "NGA", "MEX"], others="pol")
    assert response.status_code == 303 and response.headers["location"].startswith("/organiser/panels")

    page = httpx.get(f"{live.base_url}/panels")
    assert page.status_code == 200
    rt1 = section(page.text, "panellists", "rt1")
    assert "To be announced." not in rt1
    for name in ("Global Coalition on Migration", "Nigeria", "Mexico", "Poland"):
        assert name in rt1
    assert "Philippines" not in rt1
    assert "Eastern European Group" in rt1 and "Member State" in rt1
    # The public list is the list: what a panel adds to the balance is the secretariat's working note.
    assert "Adds to the round tables" not in page.text
    assert "Not balanced" not in page.text and "Across the round tables" not in page.text
    assert "To be announced." in section(page.text, "panellists", "rt2")

    desk_rt1 = section(interested.get("/organiser/panels").text, "panels", "rt1")
    assert "Published: Global Coalition on Migration, Nigeria, Mexico, Poland." in desk_rt1
    assert checked(desk_rt1) == {"GCM", "NGA", "MEX", "POL"}  # the published list, not the proposal

    exported = httpx.get(f"{live.base_url}/panels.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert exported.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == [
        "room",
        "round_table",
        "participant",
        "name",
        "category",
        "regional_group",
        "speaker",
        "title",
    ]
    assert [(r["room"], r["participant"]) for r in rows] == [("rt1", p) for p in ("GCM", "NGA", "MEX", "POL")]
    assert rows[2] == {
        "room": "rt1",
        "round_table": "Round table 1",
        "participant": "MEX",
        "name": "Mexico",
        "category": "member_state",
        "regional_group": "grulac",
        "speaker": "",
        "title": "",
    }
    assert rows[0]["category"] == "ngo" and rows[0]["regional_group"] == ""

    markdown = httpx.get(f"{live.base_url}/panels.md")
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    text = markdown.text
    assert "| Mexico | Member State | Latin American and Caribbean Group (GRULAC) |" in text
    assert "## Round table 2" in text and "To be announced." in text

    french = httpx.get(f"{live.base_url}/panels?lang=fr").text
    rt1_fr = section(french, "panellists", "rt1")
    assert "Mexique" in rt1_fr and "Pologne" in rt1_fr and "Mexico" not in rt1_fr
    assert "Table ronde 1" in rt1_fr and "Groupe des États d'Amérique latine et des Caraïbes (GRULAC)" in rt1_fr


def test_a_delegation_on_a_published_panel_cannot_be_published_on_another(live, interested):
    assert publish(interested, "rt1", ["GCM", "NGA", "MEX"]).status_code == 303
    desk_rt2 = section(interested.get("/organiser/panels").text, "panels", "rt2")
    assert "Already on the published panel of Round table 1" in desk_rt2
    assert "MEX" not in checked(desk_rt2)

    refused = publish(interested, "rt2", ["MEX", "DEU"])
    assert refused.status_code == 400
    assert (
        "Mexico is already on the published panel of Round table 1: never one delegation on two panels at once."
    ) in html.unescape(refused.text)
    assert "To be announced." in section(httpx.get(f"{live.base_url}/panels").text, "panellists", "rt2")
    # Typed in rather than ticked: refused all the same.
    assert publish(interested, "rt2", ["DEU"], others="MEX").status_code == 400
    # Its own table may publish it again, and the others what is left.
    assert publish(interested, "rt1", ["MEX", "NGA"]).status_code == 303
    assert publish(interested, "rt2", ["DEU", "GHA"]).status_code == 303
    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{live.base_url}/panels.csv").content.decode("utf-8-sig"))))
    assert [(r["room"], r["participant"]) for r in rows] == [
        ("rt1", "MEX"),
        ("rt1", "NGA"),
        ("rt2", "DEU"),
        ("rt2", "GHA"),
    ]


@pytest.mark.parametrize(
    "participants, others, words",
    [
        ([], "", "choose at least one panellist"),
        (["MEX"], "XXX", "unknown participant XXX"),
        (["MEX", "NGA", "GCM", "FRA", "PHL"], "", "A panel has 1 to 4 panellists."),
    ],
)
def test_a_wrong_list_is_refused_in_words_and_keeps_the_choice(live, interested, participants, others, words):
    response = publish(interested, "rt1", participants, others)
    assert response.status_code == 400 and words in html.unescape(response.text)
    assert checked(section(response.text, "panels", "rt1")) == set(participants)
    assert "To be announced." in section(httpx.get(f"{live.base_url}/panels").text, "panellists", "rt1")


def test_only_the_organiser_may_draw_up_panels(live, interested):
    with httpx.Client(base_url=live.base_url) as chair:
        live.join(chair, live.code("rt1", Role.CHAIR))
        assert chair.get("/organiser/panels").status_code == 403
        chair_token = re.search(r'name="csrf_token" value="([^"]+)"', chair.get("/join").text).group(1)
        forbidden = chair.post("/organiser/panels/rt1/publish", data={"csrf_token": chair_token, "participant": "MEX"})
        assert forbidden.status_code == 403
        assert (
            chair.post(
                "/organiser/panels/rt1/deadline", data={"csrf_token": chair_token, "deadline": when(-1)}
            ).status_code
            == 403
        )
    assert httpx.get(f"{live.base_url}/organiser/panels").status_code == 403
    assert "To be announced." in section(httpx.get(f"{live.base_url}/panels").text, "panellists", "rt1")
    assert "Open until" in section(interested.get("/organiser/panels").text, "panels", "rt1")


def test_a_forged_form_is_refused(live, interested):
    response = interested.post("/organiser/panels/rt1/publish", data={"csrf_token": "forged", "participant": "MEX"})
    assert response.status_code == 403 and "expired" in response.text
    response = interested.post("/organiser/panels/rt1/deadline", data={"deadline": when(-1)})
    assert response.status_code == 403
    assert "To be announced." in section(httpx.get(f"{live.base_url}/panels").text, "panellists", "rt1")
    assert "Open until" in section(interested.get("/organiser/panels").text, "panels", "rt1")


def test_after_the_deadline_interest_is_refused(live, desk):
    assert express(live, "rt3", "MEX").json()["error"]["code"] == "interest_closed"  # not opened yet
    assert set_deadline(desk, "rt3", when(-1)).status_code == 303
    assert "Closed since" in section(desk.get("/organiser/panels").text, "panels", "rt3")
    response = express(live, "rt3", "MEX")
    assert response.status_code == 409 and response.json()["error"]["code"] == "deadline_passed"
    # A deadline that is not a date is refused in words; the plenary has no panel.
    bad = set_deadline(desk, "rt3", "tomorrow")
    assert bad.status_code == 400 and "must be a date and time" in bad.text
    assert set_deadline(desk, "plenary", when(1)).status_code == 404


def test_the_csv_export_guards_against_formulas(live, desk):
    chair = live.code("rt4", Role.CHAIR)
    added = live.api(
        "rt4", chair, action="add_participant", name='=HYPERLINK("http://evil.example/")', category="ngo", id="EVIL"
    )
    assert added.status_code == 200, added.text
    assert publish(desk, "rt4", [], others="EVIL").status_code == 303
    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{live.base_url}/panels.csv").content.decode("utf-8-sig"))))
    assert rows == [
        {
            "room": "rt4",
            "round_table": "Round table 4",
            "participant": "EVIL",
            "name": '\'=HYPERLINK("http://evil.example/")',
            "category": "ngo",
            "regional_group": "",
            "speaker": "",
            "title": "",
        }
    ]
    page = httpx.get(f"{live.base_url}/panels").text
    assert "=HYPERLINK(&#34;http://evil.example/&#34;)" in page or "=HYPERLINK(&quot;" in page
    assert httpx.get(f"{live.base_url}/panels.docx").status_code == 404


def test_the_desk_judges_the_four_round_tables_together_and_the_public_list_keeps_to_the_list(live, desk):
    # Four panels of at most four, each lacking some group, together hold every group and civil society.
    spread = {"rt1": ["BGD", "SEN", "MEX", "GCM"], "rt2": ["PHL", "POL", "SWE"], "rt3": ["MAR", "ECU"], "rt4": []}
    for room, panel in spread.items():
        if panel:
            assert publish(desk, room, panel).status_code == 303
    assert publish(desk, "rt4", ["IND", "MDA"]).status_code == 303
    page = html.unescape(desk.get("/organiser/panels").text)
    assert "Across the round tables and their co-chairs, every regional group and a non-governmental voice" in page
    assert "Adds to the round tables: Asia-Pacific Group, Eastern European Group, " in section(page, "panels", "rt2")
    # Without Sweden, no Western European or Others State sits anywhere: the desk warns, naming the group.
    assert publish(desk, "rt2", ["PHL", "POL"]).status_code == 303
    page = html.unescape(desk.get("/organiser/panels").text)
    assert (
        "Across the round tables and their co-chairs: no panellist or co-chair from "
        "Western European and Others Group (WEOG)." in " ".join(re.sub(r"<[^>]+>", "", page).split())
    )
    # The public list names the panels and nothing of the secretariat's judgement of them.
    public = html.unescape(httpx.get(f"{live.base_url}/panels").text)
    assert "Bangladesh" in public and "Republic of Moldova" in public
    for note in ("Across the round tables", "Adds to the round tables", "Not balanced", "not proposed", "Not proposed"):
        assert note not in public, note


def test_the_desk_says_why_each_candidate_left_off_was_not_proposed(interested):
    page = html.unescape(interested.get("/organiser/panels").text)
    rt1, rt2 = section(page, "panels", "rt1"), section(page, "panels", "rt2")
    # Mexico is proposed for round table 1, so round table 2 says where it went.
    assert "Not proposed: Mexico went to Round table 1." in rt2
    # At round table 1 Brazil asked after Mexico for GRULAC's seat; France came after the four seats.
    assert (
        "Not proposed: the seat of the Latin American and Caribbean Group (GRULAC) went to Mexico, "
        "who expressed interest earlier." in rt1
    )
    assert "Not proposed: the seats were taken by candidates chosen before its turn." in rt1
    assert "Not proposed" not in re.search(r'<tr data-participant="MEX">.*?</tr>', rt1, re.S).group(0)


def test_every_candidates_box_is_labelled_with_its_delegation_and_described_by_the_reason(interested):
    rt1 = section(interested.get("/organiser/panels").text, "panels", "rt1")
    for participant in RT1:
        box = re.search(rf'<input type="checkbox" id="tick-rt1-{participant}"[^>]*>', rt1).group(0)
        assert f'aria-describedby="why-rt1-{participant}"' in box
        assert f'<label class="tick" for="tick-rt1-{participant}">' in rt1
        assert f'<td id="why-rt1-{participant}">' in rt1


def test_the_person_named_in_an_expression_of_interest_is_on_the_lists(live, desk):
    assert set_deadline(desk, "rt3", when(2)).status_code == 303
    mexico = live.api(
        "rt3",
        live.code("rt3", Role.DELEGATE, "MEX"),
        action="express_interest",
        speaker="Mr. Juan Manuel Gómez Robledo",
        title="Deputy Minister for Multilateral Affairs",
    )
    assert mexico.status_code == 200, mexico.text
    assert express(live, "rt3", "SEN").status_code == 200  # no person named: the lists name the delegation alone
    candidates = html.unescape(section(desk.get("/organiser/panels").text, "panels", "rt3"))
    assert "Mr. Juan Manuel Gómez Robledo" in candidates and "Deputy Minister for Multilateral Affairs" in candidates
    assert publish(desk, "rt3", ["MEX", "SEN"]).status_code == 303
    public = html.unescape(section(httpx.get(f"{live.base_url}/panels").text, "panellists", "rt3"))
    assert "Mr. Juan Manuel Gómez Robledo</bdi>, <bdi>Deputy Minister for Multilateral Affairs" in public
    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{live.base_url}/panels.csv").content.decode("utf-8-sig"))))
    assert [(r["participant"], r["speaker"], r["title"]) for r in rows] == [
        ("MEX", "Mr. Juan Manuel Gómez Robledo", "Deputy Minister for Multilateral Affairs"),
        ("SEN", "", ""),
    ]
    markdown = httpx.get(f"{live.base_url}/panels.md").text
    assert (
        "| Mexico (Mr. Juan Manuel Gómez Robledo, Deputy Minister for Multilateral Affairs) | Member State |"
        in markdown
    )


def test_the_delegations_phone_offers_to_name_the_person_and_says_who_it_named(live, desk):
    assert set_deadline(desk, "rt4", when(2)).status_code == 303
    phone = live.socket("rt4", "delegate", live.cookie(live.code("rt4", Role.DELEGATE, "PHL")))
    try:
        form = phone.wait_for(r'class="express-interest"')
        assert 'name="speaker"' in form and 'name="title"' in form
        phone.send(
            '{"action": "express_interest", "speaker": "H.E. Mr. Albert del Rosario", '
            '"title": "Secretary of Foreign Affairs", "HEADERS": {}}'
        )
        assert "Panellist: H.E. Mr. Albert del Rosario, Secretary of Foreign Affairs." in html.unescape(
            phone.wait_for(r"Panellist: ")
        )
    finally:
        phone.close()


def test_the_desk_judges_each_group_of_round_tables_on_its_own(database_url, serve):
    """An event whose round tables 1-2 and 3-4 are judged as two groups: each group's whole is drawn
    up from its own panels, and a panel adds to its own group's whole."""
    engine = make_engine(database_url)
    with Session(engine) as db:
        for row in db.exec(select(RoomRow).where(col(RoomRow.slug).in_(["rt3", "rt4"]))):
            row.panel_group = 2
            db.add(row)
        db.commit()
    engine.dispose()
    live = serve()
    with httpx.Client(base_url=live.base_url) as desk:
        live.join(desk, live.code(None, Role.ORGANISER))
        assert set_deadline(desk, "rt1", when(2), stakeholders=True).status_code == 303
        assert set_deadline(desk, "rt3", when(2)).status_code == 303
        for room, participants in (("rt1", ["GCM", "NGA", "PHL", "POL"]), ("rt3", ["DEU", "GHA"])):
            for participant in participants:
                assert express(live, room, participant).status_code == 200
        page = desk.get("/organiser/panels").text
    first, second = section(page, "panels", "whole"), section(page, "panels", "whole-2")
    assert "Round table 1, Round table 2" in first and "Round table 3, Round table 4" in second
    # Group 1 has an NGO, Nigeria, the Philippines and Poland: no GRULAC, no WEOG. Group 2 has
    # Germany and Ghana: no NGO, three groups missing. Judged together they would miss only GRULAC.
    assert "no panellist or co-chair from Latin American and Caribbean Group (GRULAC), Western European" in first
    assert "no NGO" not in first
    assert "Asia-Pacific Group" in second and "no NGO, civil-society or private-sector panellist" in second
    assert "Adds to the round tables: African Group, Western European and Others Group (WEOG)." in section(
        page, "panels", "rt3"
    )
