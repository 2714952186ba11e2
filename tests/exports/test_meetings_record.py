"""The record of a debate over two plenary meetings, in every format: grouped by meeting with each
meeting's statistics, then the whole debate's; speakers absent when called and a swap; the speaker's
name, title and group; times in New York as UN documents write them; one meeting on its own."""

import csv
import io
import json
from dataclasses import replace

import docx
import pytest
from export_meeting import ASEAN, ROSARIO, ROSARIO_TITLE, Meeting, hold_plenary, plenary_log, when

from session.domain import commands as c
from session.domain.balance import balance
from session.domain.room import new_room
from session.domain.state import Policy, RoomRules
from session.exports import FORMATS
from session.exports.meetings import cut, meeting_number, only
from session.exports.records import COLUMNS

H25 = "25th plenary meeting — Thursday, 3 October 2013, 10 a.m.–1 p.m."
H26 = "26th plenary meeting — Thursday, 3 October 2013, 3 p.m.–6 p.m."
MEXICO_ABSENT = "Mexico was not in the room when called; moved to the end of the list."
SWAP = "Côte d'Ivoire and 中国 swapped places on the list, both consenting."
IVORY_DROPPED = "Côte d'Ivoire was not in the room when called; dropped from the list."


@pytest.fixture(scope="module")
def log():
    return plenary_log(hold_plenary())


def markdown(log) -> str:
    return FORMATS["md"].room(log).decode("utf-8")


def between(lines: list[str], start: str, end: str | None) -> list[str]:
    return lines[lines.index(start) + 1 : lines.index(end) if end else None]


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip("|").split(" | ")]


def test_markdown_groups_the_interventions_under_each_meetings_heading(log):
    lines = markdown(log).split("\n")
    assert [line for line in lines if line.startswith("## ")] == [
        "## " + H25,
        "## " + H26,
        "## Statistics of the whole debate",
    ]
    first = [cells(line) for line in between(lines, "## " + H25, "## " + H26) if line.startswith("| ")]
    second = [cells(line) for line in between(lines, "## " + H26, "## Statistics of the whole debate")]
    second = [row for row in second if row[0].isdigit()]
    assert [(r[0], r[1]) for r in first[1:]] == [("1", "Philippines"), ("2", "Germany"), ("3", "Mexico")]
    assert [(r[0], r[1]) for r in second] == [("4", "中国")]
    # the Philippines from 14:02 UTC to 14:07:20 UTC: 10:02 a.m. to 10:07 a.m. in New York
    assert first[1][8:10] == ["10:02 a.m.", "10:07 a.m."]
    assert first[1][2] == f"{ROSARIO}, {ROSARIO_TITLE}, on behalf of {ASEAN}"
    assert second[0][8:10] == ["3:02 p.m.", "3:05 p.m."]


def test_markdown_gives_each_meetings_statistics_then_the_whole_debates(log):
    lines = markdown(log).split("\n")
    first = between(lines, "### Statistics: 25th plenary meeting", "## " + H26)
    second = between(lines, "### Statistics: 26th plenary meeting", "## Statistics of the whole debate")
    whole = between(lines, "## Statistics of the whole debate", None)
    assert "- Interventions heard: 3, of which points of order: 0" in first
    assert "- Speaking time: 12:40 (points of order: 0:00)" in first  # 5:20 + 4:10 + 3:10
    assert "- Over the time limit: 1 of 3; mean overrun 6.7 s, maximum 20.0 s" in first
    assert "- Interventions heard: 1, of which points of order: 0" in second
    assert "- Over the time limit: 0 of 1; mean overrun 0.0 s, maximum 0.0 s" in second
    assert "- Asked for the floor and not yet heard: 1" in second  # Senegal's point of order waits
    assert "- Interventions heard: 4, of which points of order: 0" in whole
    assert "- Speaking time: 15:40 (points of order: 0:00)" in whole
    assert "- Over the time limit: 1 of 4; mean overrun 5.0 s, maximum 20.0 s" in whole


def test_a_meetings_statistics_are_the_rooms_balance_of_that_meeting_alone(log):
    assert balance(cut(log.state, 25), log.directory).max_overrun_s == 20.0
    assert balance(cut(log.state, 26), log.directory).max_overrun_s == 0.0
    assert [i.number for i in cut(log.state, 26).interventions] == [4]
    assert [q.participant for q in cut(log.state, 26).queue] == ["SEN"]  # the 26th is in progress
    assert cut(log.state, 25).queue == []


def test_markdown_records_who_was_absent_and_who_swapped_in_order(log):
    lines = markdown(log).split("\n")
    assert between(lines, "## " + H25, "## " + H26).count(f"- 10:07 a.m.: {MEXICO_ABSENT}") == 1
    second = between(lines, "## " + H26, "## Statistics of the whole debate")
    changes = [line for line in second if line.startswith("- ") and " p.m.: " in line]
    assert changes == [f"- 3:01 p.m.: {SWAP}", f"- 3:05 p.m.: {IVORY_DROPPED}"]


def test_the_docx_tells_each_meeting_in_order_with_its_statistics(log):
    document = docx.Document(io.BytesIO(FORMATS["docx"].room(log)))
    paragraphs = [p.text for p in document.paragraphs]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"][:2] == [H25, H26]
    assert "Times are New York time (America/New_York)." in paragraphs
    first = between(paragraphs, H25, "Statistics: 25th plenary meeting")
    assert first == [
        f"1. Philippines ({ROSARIO}, {ROSARIO_TITLE}), on behalf of {ASEAN} — Statement, "
        "10:02 a.m.–10:07 a.m., 5:20 (limit 5:00, over by 0:20)",
        f"10:07 a.m.: {MEXICO_ABSENT}",
        "2. Germany — Statement, 10:07 a.m.–10:11 a.m., 4:10",
        "3. Mexico — Statement, 10:11 a.m.–10:15 a.m., 3:10",
    ]
    second = between(paragraphs, H26, "Statistics: 26th plenary meeting")
    assert second == [
        f"3:01 p.m.: {SWAP}",
        "4. 中国 — Statement, 3:02 p.m.–3:05 p.m., 3:00",
        f"3:05 p.m.: {IVORY_DROPPED}",
    ]
    limits = [p for p in paragraphs if p.startswith("Mean overrun")]
    assert limits == [
        "Mean overrun: 6.7 s; maximum overrun: 20.0 s; interventions over the limit: 1 of 3.",
        "Mean overrun: 0.0 s; maximum overrun: 0.0 s; interventions over the limit: 0 of 1.",
        "Mean overrun: 5.0 s; maximum overrun: 20.0 s; interventions over the limit: 1 of 4.",
    ]
    assert paragraphs.index("Statistics: 26th plenary meeting") < paragraphs.index("Statistics of the whole debate")
    by_group = [[c.text for c in row.cells] for t in document.tables[::3] for row in t.rows if row.cells[0].text]
    asia = [row for row in by_group if row[0] == "Asia-Pacific Group"]
    assert asia == [["Asia-Pacific Group", "1", "5:20", "0"], ["Asia-Pacific Group", "1", "3:00", "0"]] + [
        ["Asia-Pacific Group", "2", "8:20", "0"]
    ]


def test_the_csv_keeps_the_designs_columns_and_the_json_carries_each_turns_meeting_and_speaker(log):
    text = FORMATS["csv"].room(log).decode("utf-8-sig")
    assert text.startswith(",".join(COLUMNS) + "\r\n")  # the contract's header, exactly
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["started_at"] == "2013-10-03T14:02:00Z", "machine columns stay ISO 8601 UTC"

    document = json.loads(FORMATS["json"].room(log))
    assert [tuple(r) for r in document["interventions"]] == [COLUMNS] * 4
    inscribed = document["inscriptions"]
    assert [(r["seq"], r["meeting"]) for r in inscribed] == [(1, 25), (2, 25), (3, 25), (4, 26)]
    assert (inscribed[0]["speaker"], inscribed[0]["title"], inscribed[0]["on_behalf_of"]) == (
        ROSARIO,
        ROSARIO_TITLE,
        ASEAN,
    )
    assert [(m["number"], m["status"], m["starts_at"]) for m in document["meetings"]] == [
        (25, "closed", "2013-10-03T14:00:00Z"),
        (26, "open", "2013-10-03T19:00:00Z"),
    ]
    assert document["absences"] == [
        {"at": "2013-10-03T14:07:25Z", "meeting": 25, "entry": 2, "participant": "Mexico", "speaker": "", "to": "end"},
        {
            "at": "2013-10-03T19:05:20Z",
            "meeting": 26,
            "entry": 4,
            "participant": "Côte d'Ivoire",
            "speaker": "",
            "to": "drop",
        },
    ]
    assert document["swaps"] == [
        {
            "at": "2013-10-03T19:01:00Z",
            "meeting": 26,
            "entry": 4,
            "participant": "Côte d'Ivoire",
            "speaker": "",
            "with_entry": 5,
            "with_participant": "中国",
            "with_speaker": "",
        }
    ]


def test_one_meeting_on_its_own(log):
    second = only(log, 26)
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"].room(second).decode("utf-8-sig"), newline="")))
    assert [(r["seq"], r["participant"]) for r in rows] == [("4", "中国")]
    document = json.loads(FORMATS["json"].room(second))
    assert document["meeting"] == 26 and [m["number"] for m in document["meetings"]] == [26]
    assert [a["to"] for a in document["absences"]] == ["drop"] and len(document["swaps"]) == 1
    text = markdown(second)
    assert "## " + H26 in text and "25th plenary meeting" not in text and "Mexico" not in text
    assert "## Statistics\n" in text and "whole debate" not in text


def test_an_unknown_meeting_says_which_there_are(log):
    assert meeting_number(log.state, log.name, " 26 ") == 26
    for wanted in ("29", "twenty", "", "-25", "9" * 40):
        with pytest.raises(LookupError) as unknown:
            meeting_number(log.state, log.name, wanted)
        assert "its meetings are 25, 26." in str(unknown.value)
    assert str(unknown.value).startswith("Plenary meeting has no meeting '")


def test_a_meeting_not_yet_held_on_its_own_says_so(log):
    state = new_room("plenary", RoomRules(policy=Policy.PLENARY, statement_s=300))
    Meeting(state)(c.ScheduleMeeting(27, "2013-10-04T10:00-04:00", "2013-10-04T13:00-04:00"), when(0))
    text = markdown(only(replace(log, state=state), 27))
    assert "## 27th plenary meeting — Friday, 4 October 2013, 10 a.m.–1 p.m." in text
    assert "No interventions have been recorded." in text


def test_a_swap_names_both_delegations_though_one_speaks_in_another_meeting():
    act = Meeting(new_room("plenary", RoomRules(policy=Policy.PLENARY, statement_s=300)))
    act(c.ScheduleMeeting(25, "2013-10-03T10:00-04:00", "2013-10-03T13:00-04:00"), when(-3600))
    act(c.ScheduleMeeting(26, "2013-10-03T15:00-04:00", "2013-10-03T18:00-04:00"), when(-3600))
    philippines = act(c.Inscribe("PHL", meeting=25), when(-600))["entry"]
    mexico = act(c.Inscribe("MEX", meeting=26), when(-500))["entry"]
    act(c.OpenMeeting(25), when(0))
    act(c.SwapPlaces(philippines, mexico), when(60))  # Mexico takes the 25th's place, the Philippines the 26th's
    act(c.CallNext(), when(120))
    act(c.EndIntervention(), when(300))
    act(c.CloseMeeting(25), when(400))
    act(c.OpenMeeting(26), when(5 * 3600))
    act(c.CallNext(), when(5 * 3600 + 60))
    act(c.EndIntervention(), when(5 * 3600 + 240))
    first = only(plenary_log(act.state), 25)
    swaps = json.loads(FORMATS["json"].room(first))["swaps"]
    assert [(s["participant"], s["with_participant"]) for s in swaps] == [("Philippines", "Mexico")]
    assert "- 10:01 a.m.: Philippines and Mexico swapped places on the list, both consenting." in markdown(first)
    assert [i.request.participant for i in first.state.interventions] == ["MEX"]
