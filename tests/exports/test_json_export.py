"""JSON read back with `json`: a format name, a version, and rows keyed by the design's columns."""

import json
from datetime import datetime

from export_meeting import EXPECTED

from session.exports import FORMATS, EventName
from session.exports.records import COLUMNS


def test_a_room_document_has_version_room_and_the_rows(round_table):
    body = FORMATS["json"].room(round_table)
    document = json.loads(body.decode("utf-8"))
    assert document["format"] == "session.interventions"
    assert document["version"] == 1
    assert document["room"] == "rt2" and document["name"] == "Round table 2"
    assert document["exported_at"] == "2013-10-03T15:00:00Z"
    datetime.fromisoformat(document["exported_at"])
    rows = document["interventions"]
    assert [tuple(r) for r in rows] == [COLUMNS] * len(EXPECTED)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [tuple(r[k] for k in COLUMNS[2:14]) for r in rows] == EXPECTED
    assert document["meetings"] == [] and document["absences"] == [] and document["swaps"] == []


def test_text_is_written_as_utf8_not_escaped(round_table):
    body = FORMATS["json"].room(round_table)
    assert "الإمارات العربية المتحدة".encode() in body
    assert "Côte d'Ivoire".encode() in body


def test_numbers_are_numbers_and_missing_groups_are_null(round_table):
    rows = json.loads(FORMATS["json"].room(round_table))["interventions"]
    assert all(isinstance(r["duration_s"], float) and isinstance(r["time_limit_s"], int) for r in rows)
    assert rows[3]["regional_group"] is None and rows[0]["regional_group"] == "african"


def test_the_event_document_has_a_part_per_room(round_table, plenary):
    document = json.loads(FORMATS["json"].event([plenary, round_table], EventName("The event", "Event 2027")))
    assert (document["event"], document["title"]) == ("event2027", "The event")
    assert document["version"] == 1 and document["format"] == "session.interventions"
    assert [part["room"] for part in document["rooms"]] == ["plenary", "rt2"]
    assert [r["participant"] for r in document["rooms"][0]["interventions"]] == ["中国"]
    assert len(document["rooms"][1]["interventions"]) == len(EXPECTED)
