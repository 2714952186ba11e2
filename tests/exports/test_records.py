"""The rows every export is written from: one per intervention heard, in order, as the meeting went."""

from export_meeting import DIRECTORY, EXPECTED, hold_round_table

from session.exports.records import COLUMNS, EventName, filename, inscription_rows, intervention_rows


def test_the_columns_are_those_of_the_design():
    assert COLUMNS == (
        "room",
        "seq",
        "participant",
        "category",
        "regional_group",
        "speaker_level",
        "type",
        "requested_at",
        "started_at",
        "ended_at",
        "duration_s",
        "time_limit_s",
        "overrun_s",
        "notes",
    )  # exactly the design's (docs/design.md §6): what the plenary's list adds is `inscription_rows`


def test_one_row_per_intervention_with_names_times_and_the_rapporteurs_notes():
    rows = intervention_rows(hold_round_table(), DIRECTORY)
    assert [tuple(r.keys()) for r in rows] == [COLUMNS] * len(EXPECTED)
    assert [r["room"] for r in rows] == ["rt2"] * len(EXPECTED)
    assert [r["seq"] for r in rows] == list(range(1, len(EXPECTED) + 1))
    assert [tuple(r[k] for k in COLUMNS[2:14]) for r in rows] == EXPECTED
    # a round table held outside any meeting, nobody inscribed by name
    inscribed = inscription_rows(hold_round_table())
    assert [r["seq"] for r in inscribed] == [r["seq"] for r in rows]
    assert {(r["meeting"], r["speaker"], r["title"], r["on_behalf_of"]) for r in inscribed} == {(None, "", "", "")}


def test_a_room_where_no_one_has_spoken_has_no_rows():
    from session.domain.room import new_room
    from session.domain.state import Policy, RoomRules

    assert intervention_rows(new_room("rt4", RoomRules(Policy.ROUND_TABLE, 180)), DIRECTORY) == []


def test_file_names_name_the_event_and_the_room():
    hld = EventName("High-level Dialogue on International Migration and Development", "HLD 2013")
    assert filename(hld.key, "csv", "rt2") == "hld2013-rt2-interventions.csv"
    assert filename(hld.key, "docx") == "hld2013-interventions.docx"
    assert filename(hld.key, "csv", "plenary", 25) == "hld2013-plenary-meeting25-interventions.csv"
    # Another event's own short name, whatever it is written with; one with no Latin letter is "event".
    assert filename(EventName("…", "Migration Review 2027").key, "md") == "migrationreview2027-interventions.md"
    assert EventName("…", "移民对话").key == "event"
