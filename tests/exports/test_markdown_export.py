"""Markdown read back as a GitHub-flavoured table: split on unescaped pipes, undo the escapes."""

from export_meeting import EXPECTED, FORMULA, SOCIETE, TWO_LINES

from session.exports import FORMATS, EventName

CONFERENCE = "Regional Review Conference on Migration (a fictional example)"  # one-day-conference.toml's


def cells(line: str) -> list[str]:
    """One table row's cells, reading backslash escapes and `<br>` as CommonMark and GFM do."""
    assert line.startswith("| ") and line.endswith(" |"), line
    out, cell, chars = [], "", iter(line[1:-1])
    for ch in chars:
        if ch == "\\":
            cell += next(chars)
        elif ch == "|":
            out.append(cell)
            cell = ""
        elif ch == "<":
            rest = "".join(next(chars) for _ in range(3))
            assert rest == "br>", "the only raw HTML is a line break"
            cell += "\n"
        else:
            cell += ch
    out.append(cell)
    return [c.strip(" ") for c in out]


def table(text: str) -> list[list[str]]:
    lines = [line for line in text.split("\n") if line.startswith("|")]
    assert set(lines[1]) <= set("|-"), "the second table line is the delimiter row"
    header, rows = cells(lines[0]), [cells(line) for line in lines[2:]]
    assert all(len(r) == len(header) for r in rows)
    return [header] + rows


def test_a_title_and_one_table_row_per_intervention(round_table):
    text = FORMATS["md"].room(round_table).decode("utf-8")
    assert text.startswith("# Round table 2 — interventions\n")
    assert "Date: 3 October 2013" in text
    header, *rows = table(text)
    assert header[0] == "No." and header[1] == "Participant" and header[-1] == "Notes"
    assert len(rows) == len(EXPECTED)
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [r[1] for r in rows] == [e[0] for e in EXPECTED]
    assert [r[-1] for r in rows] == [e[-1] for e in EXPECTED]
    assert [float(r[10]) for r in rows] == [e[8] for e in EXPECTED]


def test_times_are_the_events_as_un_documents_write_them(round_table):
    header, *rows = table(FORMATS["md"].room(round_table).decode("utf-8"))
    assert header[7:10] == ["Requested", "Started", "Ended"]
    # 14:00:00, 14:01:00 and 14:04:15 UTC on the room's day: New York is UTC-4 in October
    assert rows[0][7:10] == ["10 a.m.", "10:01 a.m.", "10:04 a.m."]
    assert "Times are New York time (America/New\\_York)." in FORMATS["md"].room(round_table).decode()


def test_labels_read_like_the_chairs_screen(round_table):
    header, *rows = table(FORMATS["md"].room(round_table).decode("utf-8"))
    assert rows[0][3:7] == ["Member State", "African Group", "Minister", "Statement"]
    assert rows[1][6] == "Point of order"
    assert rows[3][3:7] == ["NGO or civil society", "", "Other", "Question to the panel"]


def test_pipes_newlines_markup_and_html_are_escaped(round_table):
    text = FORMATS["md"].room(round_table).decode("utf-8")
    lines = [line for line in text.split("\n") if line.startswith("|")]
    assert len(lines) == 2 + len(EXPECTED), "a newline in a name or notes must not end the row"
    assert "Asked the panel \\| what" in text
    assert "\\<b\\>tags\\</b\\>" in text and "<b>" not in text
    assert "Fondation du Lac<br>Lakeside Foundation" in text
    names = [r[1] for r in table(text)[1:]]
    assert SOCIETE in names and TWO_LINES in names and FORMULA in names


def test_an_empty_room_says_so(plenary):
    from dataclasses import replace

    from session.domain.room import new_room

    empty = replace(plenary, state=new_room("plenary", plenary.state.rules))
    text = FORMATS["md"].room(empty).decode("utf-8")
    assert "No interventions have been recorded." in text and "|" not in text


def test_the_event_file_has_a_section_per_room(round_table, plenary):
    text = FORMATS["md"].event([plenary, round_table], EventName(CONFERENCE, "Migration Review 2027")).decode("utf-8")
    assert text.startswith(f"# {CONFERENCE} — interventions\n")
    assert text.index("## Plenary meeting — interventions") < text.index("## Round table 2 — interventions")
    assert sum(1 for line in text.split("\n") if line.startswith("| ")) == 2 + 1 + len(EXPECTED)  # headers, rows
