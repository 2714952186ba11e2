"""CSV read back with the `csv` module, as Excel or LibreOffice would open it."""

import csv
import io

from export_meeting import EXPECTED, FORMULA, Meeting, room_log

from session.exports import FORMATS, EventName
from session.exports.records import COLUMNS


def read(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read accents and scripts"
    text = body.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


def as_text(value) -> str:
    """What the cell must read, once guarded against formulas."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def test_every_intervention_reads_back_exactly_with_its_notes(round_table):
    rows = read(FORMATS["csv"].room(round_table))
    assert len(rows) == len(EXPECTED)
    for number, (row, expected) in enumerate(zip(rows, EXPECTED), start=1):
        assert row["room"] == "rt2"
        assert row["seq"] == str(number)
        assert [row[k] for k in COLUMNS[2:14]] == [as_text(v) for v in expected]
        assert list(row) == list(COLUMNS)  # exactly the design's columns


def test_names_in_any_script_with_commas_quotes_and_newlines_survive(round_table):
    names = [row["participant"] for row in read(FORMATS["csv"].room(round_table))]
    assert "Côte d'Ivoire" in names
    assert "الإمارات العربية المتحدة" in names and "中国" not in names  # China sits on the panel, silent
    assert 'Société "Les Amis", Genève' in names
    assert "Fondation du Lac\nLakeside Foundation" in names


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_text(round_table):
    rows = read(FORMATS["csv"].room(round_table))
    by_seq = {row["seq"]: row for row in rows}
    assert by_seq["5"]["participant"] == "'" + FORMULA
    assert by_seq["5"]["notes"] == "'@mention and =SUM(A1:A9)"
    assert by_seq["3"]["notes"].startswith("'- Welcomed the dialogue")
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r")
    # numbers stay numbers: nothing is prefixed that a spreadsheet should sum
    assert [float(row["duration_s"]) for row in rows] == [e[8] for e in EXPECTED]
    assert [int(row["time_limit_s"]) for row in rows] == [e[9] for e in EXPECTED]


def test_lines_end_with_crlf_outside_quoted_cells(round_table):
    body = FORMATS["csv"].room(round_table).decode("utf-8-sig")
    assert body.startswith(",".join(COLUMNS) + "\r\n")
    assert body.endswith("\r\n")


def test_an_empty_room_has_just_the_header():
    from session.domain.room import new_room
    from session.domain.state import Policy, RoomRules

    log = room_log(Meeting(new_room("rt4", RoomRules(Policy.ROUND_TABLE, 180))).state, slug="rt4")
    assert read(FORMATS["csv"].room(log)) == []


def test_the_event_file_holds_every_rooms_rows(round_table, plenary):
    rows = read(FORMATS["csv"].event([plenary, round_table], EventName("The event", "Event 2027")))
    assert [(r["room"], r["seq"]) for r in rows] == [("plenary", "1")] + [("rt2", str(i)) for i in range(1, 7)]
    assert rows[0]["participant"] == "中国" and rows[0]["speaker_level"] == "head_of_state"
    assert float(rows[0]["duration_s"]) == 240.0
    assert rows[0]["started_at"] == "2013-10-03T14:00:10Z"
