"""The DOCX summary read back with python-docx: the heading matter, the interventions in order
with the rapporteur's notes, and the statistics tables' numbers."""

import io
from dataclasses import replace

import docx
from export_meeting import CHAIRS, EXPECTED, PANEL, WAITING, Meeting, hold_round_table, room_log, when

from session.domain import commands as c
from session.domain.room import new_room
from session.domain.state import Policy, RoomRules
from session.exports import FORMATS, EventName

CONFERENCE = "Regional Review Conference on Migration (a fictional example)"  # one-day-conference.toml's


def open_docx(body: bytes):
    assert body[:2] == b"PK", "a DOCX is a zip package"
    return docx.Document(io.BytesIO(body))


def texts(document, style: str | None = None) -> list[str]:
    return [p.text for p in document.paragraphs if style is None or p.style.name == style]


def between(document, start: str, end: str) -> list[str]:
    """The paragraphs after the heading `start` and before the heading `end`."""
    paragraphs = [p.text for p in document.paragraphs]
    return paragraphs[paragraphs.index(start) + 1 : paragraphs.index(end)]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_heading_matter_of_a_round_table(round_table):
    document = open_docx(FORMATS["docx"].room(round_table))
    assert texts(document, "Title") == ["Summary of the round table"]
    assert texts(document, "Subtitle") == [
        "Round table 2: Human rights of all migrants; regular, orderly and safe migration"
    ]
    assert "Date: 3 October 2013" in texts(document)
    assert "Co-chairs: " + "; ".join(CHAIRS) in texts(document)
    assert between(document, "Panel", "Key interventions") == PANEL
    assert document.core_properties.title == "Summary of the round table — Round table 2"


def test_every_intervention_in_order_with_its_notes(round_table):
    document = open_docx(FORMATS["docx"].room(round_table))
    body = between(document, "Interventions", "Statistics")
    headings = [t for t in body if t[:2] in {f"{n}." for n in range(1, 10)}]
    assert len(headings) == len(EXPECTED)
    # The started and ended columns of EXPECTED, in New York (UTC-4), as UN documents write them.
    spans = [
        "10:01 a.m.–10:04 a.m.",
        "10:04 a.m.–10:05 a.m.",
        "10:05 a.m.–10:08 a.m.",
        "10:09 a.m.–10:10 a.m.",
        "10:10 a.m.",  # 14:10:05–14:10:35 UTC: one minute's reading
        "10:11 a.m.",
    ]
    for number, (heading, expected, span) in enumerate(zip(headings, EXPECTED, spans), start=1):
        assert heading.startswith(f"{number}. {expected[0]}")
        assert f", {span}, " in heading and "UTC" not in heading
        notes = body[body.index(heading) + 1] if expected[-1] else None
        if notes is not None:
            assert notes == expected[-1]  # notes, key points and ruling, line breaks kept
    assert headings[0] == (
        "1. Côte d'Ivoire, Minister — Statement, 10:01 a.m.–10:04 a.m., 3:15 (limit 3:00, over by 0:15)"
    )
    assert headings[2].endswith("3:40 (limit 3:30, over by 0:10)")  # the chair added 30 s
    assert body[-1] == headings[-1], "the last speaker has no notes"


def test_interventions_marked_for_the_summary_are_the_key_interventions(round_table):
    document = open_docx(FORMATS["docx"].room(round_table))
    key = between(document, "Key interventions", "Interventions")
    assert key == [
        "Côte d'Ivoire, Minister (Statement): Portability of pensions; recognition of skills",
        'Société "Les Amis", Genève (Question to the panel): Asked the panel | what "regular" means, '
        "with *emphasis* and <b>tags</b>",
    ]
    bold = [r.text for p in document.paragraphs if p.style.name == "List Bullet" for r in p.runs if r.bold]
    assert "Côte d'Ivoire, Minister" in bold


def test_the_statistics_tables(round_table):
    document = open_docx(FORMATS["docx"].room(round_table))
    by_group, by_category, by_type = (rows(t) for t in document.tables)
    assert by_group == [
        ["Regional group", "Turns", "Speaking time", "Waiting"],
        ["African Group", "1", "3:15", "1"],  # Côte d'Ivoire spoke 195.3 s and has asked again
        ["Asia-Pacific Group", "1", "3:40", "1"],  # the Emirates spoke; the Philippines wait
        ["Eastern European Group", "0", "0:00", "0"],
        ["Latin American and Caribbean Group (GRULAC)", "0", "0:00", "0"],  # a point of order is no voice
        ["Western European and Others Group (WEOG)", "0", "0:00", "1"],
    ]
    assert by_category[1] == ["Member States", "2", "6:55", "3"]
    assert by_category[5] == ["NGOs and civil society", "2", "1:30", "0"]
    assert by_category[6] == ["Private sector", "1", "0:46", "0"]
    assert by_type[:3] == [
        ["Type of request", "Turns", "Speaking time", "Waiting"],
        ["Statement", "4", "8:11", "3"],
        ["Right of reply", "0", "0:00", "0"],
    ]
    assert ["Question to the panel", "1", "1:00", "0"] in by_type
    assert "Points of order (procedure, not counted above): 1, 0:45." in texts(document)


def test_who_waits_unheard_and_the_overruns(round_table):
    document = open_docx(FORMATS["docx"].room(round_table))
    waiting = between(document, "Asked for the floor and not yet heard", "Time limits")
    assert [w.split(" (")[0] for w in waiting] == WAITING
    assert waiting[0] == "Philippines (Statement, requested 10:11 a.m.)"  # 14:11:20 UTC
    # overruns 15.3 and 10.0 over six interventions: mean 4.2 s
    assert texts(document)[-1] == (
        "Mean overrun: 4.2 s; maximum overrun: 15.3 s; interventions over the limit: 2 of 6."
    )


def test_the_plenary_summary_has_no_panel(plenary):
    document = open_docx(FORMATS["docx"].room(plenary))
    assert texts(document, "Title") == ["Summary of the plenary meeting"]
    assert "Panel" not in texts(document)
    assert "Chair: President of the General Assembly" in texts(document)
    assert texts(document)[texts(document).index("Interventions") + 1].startswith("1. 中国, Head of State — Statement")


def test_control_characters_in_notes_do_not_break_the_document():
    state = hold_round_table()
    Meeting(state)(c.Annotate(1, notes="Bell\x07 and\x0b tab\tend\r\nnext"), when(900))
    document = open_docx(FORMATS["docx"].room(room_log(state)))
    assert "Bell and tab\tend\nnext\nKey points: Portability of pensions; recognition of skills" in texts(document)


def test_no_chair_code_and_no_interventions_say_so(round_table):
    from session.domain.room import new_room

    empty = replace(round_table, chairs=(), state=new_room("rt4", round_table.state.rules))
    document = open_docx(FORMATS["docx"].room(empty))
    assert "Chair: not recorded" in texts(document)
    assert "No panellists were seated." in texts(document)
    assert "No interventions have been recorded." in texts(document)
    assert "Everyone who asked for the floor has been heard." in texts(document)


def test_the_event_document_has_each_rooms_summary(round_table, plenary):
    document = open_docx(FORMATS["docx"].event([plenary, round_table], EventName(CONFERENCE, "Migration Review 2027")))
    assert texts(document, "Title") == [CONFERENCE]
    assert document.core_properties.title == f"Summary — {CONFERENCE}"
    assert texts(document, "Heading 1") == ["Summary of the plenary meeting", "Summary of the round table"]
    assert len(document.tables) == 6
    assert rows(document.tables[3])[1] == ["African Group", "1", "3:15", "1"]
    assert any(t.startswith("6. Fondation du Lac\nLakeside Foundation") for t in texts(document))


def test_time_budgets_and_segments_are_in_the_summary():
    meeting = Meeting(new_room("rt2", RoomRules(policy=Policy.ROUND_TABLE, statement_s=180)))
    meeting(c.SetBudgets(group_s=600, category_s=300), when(0))
    meeting(c.AddSegment(title="Drivers and impacts"), when(0))
    meeting(c.OpenSegment(1), when(1))
    meeting(c.RequestFloor("CIV"), when(2))
    meeting(c.CallNext(), when(3))
    meeting(c.EndIntervention(), when(123))
    document = open_docx(FORMATS["docx"].room(room_log(meeting.state)))
    assert "Segment 1: Drivers and impacts" in texts(document)
    budgets = next(t for t in document.tables if rows(t)[0][0] == "Group or category")
    african = next(r for r in rows(budgets) if r[0] == "African Group")
    assert african[1:] == ["10:00", "2:00", "8:00"]  # Côte d'Ivoire spoke two minutes
