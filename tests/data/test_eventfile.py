"""The event file: every field read, every problem named with its file and line, all at once."""

from datetime import date

import pytest

from session.data import eventfile
from session.data.eventfile import EventFileError, bundled, bundled_text, dumps, parse

GOOD = """\
[event]
title = "Regional Review"
dates = [2031-05-06]
time_zone = "Europe/Vienna"
languages = ["en", "fr"]
venue = "Vienna International Centre"

[[rooms]]
slug = "debate"
name = "General debate"
theme = "Review of progress"
policy = "plenary"
default_limit_s = 240
date = 2031-05-06
switches = { groups_first = false, allow_interposed_questions = true }

[[rooms.meetings]]
number = 1
date = 2031-05-06
start = "09:30"
end = "12:30"

[[rooms.segments]]
title = "Opening"
limit_s = 600

[[participants]]
id = "CSO1"
name = "A Civil Society Network"
name_fr = "Un réseau"
category = "ngo"
note = "Accredited"

[[participants]]
id = "MEX"
name = "United Mexican States"
category = "member_state"
regional_group = "grulac"
"""


def test_every_field_is_read():
    event = parse(GOOD, file="good.toml")
    assert (event.title, event.dates, event.time_zone, event.languages, event.venue) == (
        "Regional Review",
        (date(2031, 5, 6),),
        "Europe/Vienna",
        ("en", "fr"),
        "Vienna International Centre",
    )
    (room,) = event.rooms
    assert (room.slug, room.name, room.theme, room.policy, room.default_limit_s, room.date) == (
        "debate",
        "General debate",
        "Review of progress",
        "plenary",
        240,
        date(2031, 5, 6),
    )
    assert room.switches == {"groups_first": False, "allow_interposed_questions": True}
    (meeting,) = room.meetings
    assert (meeting.number, meeting.date, meeting.start, meeting.end) == (1, date(2031, 5, 6), "09:30", "12:30")
    assert meeting.moments("Europe/Vienna") == ("2031-05-06T09:30+02:00", "2031-05-06T12:30+02:00")
    assert [(s.title, s.limit_s) for s in room.segments] == [("Opening", 600)]
    everyone = {p.id: p for p in event.everyone()}
    assert everyone["CSO1"].category == "ngo" and everyone["CSO1"].name_fr == "Un réseau"
    assert everyone["MEX"].name == "United Mexican States"  # a change to the reference list
    assert len([p for p in everyone.values() if p.category == "member_state"]) == 193
    again = parse(dumps(event), file="again.toml")
    assert again.rooms == event.rooms and again.everyone() == event.everyone()


def test_the_short_title_names_the_event_in_the_header_bar_and_defaults_to_the_title():
    plain = parse(GOOD, file="good.toml")
    assert (plain.short_title, plain.bar_name) == ("", "Regional Review")
    named = parse(GOOD.replace("dates =", 'short_title = "Review 2031"\ndates =', 1), file="good.toml")
    assert (named.short_title, named.bar_name) == ("Review 2031", "Review 2031")
    assert 'title = "Regional Review"\nshort_title = "Review 2031"\ndates' in dumps(named)
    assert parse(dumps(named), file="again.toml").short_title == "Review 2031"
    assert "short_title" not in dumps(plain)
    for value, expected in (
        ('""', "bad.toml:3: 'short_title' is empty"),
        ('"' + "x" * 41 + '"', "bad.toml:3: 'short_title' is longer than 40 characters"),
        ("2031", "bad.toml:3: 'short_title' must be text in quotes"),
    ):
        found = problems(GOOD.replace("dates =", f"short_title = {value}\ndates =", 1))
        assert any(p.startswith(expected) for p in found), found


def test_the_bundled_examples_name_their_header_bar():
    assert bundled("hld-2013").bar_name == "HLD 2013"
    assert bundled("one-day-conference").bar_name == "Migration Review 2027"


def test_the_reference_list_has_all_193_member_states_and_no_ngo():
    people = parse(GOOD, file="good.toml").everyone()
    assert sum(p.category == "member_state" for p in people) == 193
    without = parse(GOOD.replace('venue = "', 'reference_participants = false\nvenue = "'), file="x.toml")
    assert [p.id for p in without.everyone()] == ["CSO1", "MEX"]


def problems(text: str, **kwargs) -> list[str]:
    with pytest.raises(EventFileError) as refused:
        parse(text, file="bad.toml", **kwargs)
    return [str(p) for p in refused.value.problems]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ('title = "Regional Review"', 'title = ""', "bad.toml:2: 'title' is empty"),
        ("dates = [2031-05-06]", 'dates = ["May"]', "bad.toml:3: 'dates' must be a date"),
        ('"Europe/Vienna"', '"Europe/Atlantis"', "bad.toml:4: 'time_zone' must be an IANA time zone"),
        ('["en", "fr"]', '["en", "de"]', "bad.toml:5: 'languages' must list some of"),
        ('slug = "debate"', 'slug = "General Debate"', "bad.toml:9: 'slug' must be lower-case"),
        ('policy = "plenary"', 'policy = "roundtable"', "bad.toml:12: 'policy' must be one of plenary, round_table"),
        ("default_limit_s = 240", "default_limit_s = 5", "bad.toml:13: 'default_limit_s' must be a whole number"),
        ("date = 2031-05-06\nswitches", 'date = "soon"\nswitches', "bad.toml:14: 'date' must be a date"),
        ("groups_first = false", "groups_first = 1", "bad.toml:15: switch 'groups_first' must be true or false"),
        ("groups_first = false", "group_first = false", "bad.toml:15: rooms.switches: unknown key 'group_first'"),
        ("number = 1", "number = 0", "bad.toml:18: 'number' must be a whole number from 1 to 9999"),
        ('start = "09:30"', 'start = "9.30"', "bad.toml:20: 'start' must be a time of day"),
        ('end = "12:30"', 'end = "08:00"', "bad.toml:21: the meeting ends (08:00) before it starts (09:30)"),
        ("limit_s = 600", "limit_s = 6000", "bad.toml:25: 'limit_s' must be a whole number from 30 to 3600"),
        ('id = "CSO1"', 'id = "cso 1"', "bad.toml:28: 'id' must be capitals and digits"),
        ('category = "ngo"', 'category = "charity"', "bad.toml:31: 'category' must be one of member_state"),
        ('regional_group = "grulac"', 'regional_group = "americas"', "bad.toml:38: 'regional_group' must be one of"),
        ('venue = "', 'organiser = "UN"\nvenue = "', "bad.toml:6: event: unknown key 'organiser'"),
    ],
)
def test_every_problem_names_the_file_and_the_line(old, new, expected):
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once():
    text = GOOD.replace('policy = "plenary"', 'policy = "x"').replace('start = "09:30"', 'start = "late"')
    text = text.replace('category = "ngo"', 'category = "club"')
    found = problems(text)
    assert [p.split(":")[1] for p in found] == ["12", "20", "31"], found


def test_missing_keys_duplicates_and_syntax():
    assert problems("[event]\ntitle = 'x'\n") == [
        "bad.toml:1: the file: 'rooms' is missing",
        "bad.toml:1: event: 'dates' is missing",
        "bad.toml:1: event: 'time_zone' is missing",
        "bad.toml:1: the event needs at least one [[rooms]]",
    ]
    twice = GOOD + '\n[[rooms]]\nslug = "debate"\nname = "Again"\npolicy = "round_table"\n'
    assert problems(twice) == ["bad.toml:40: room 'debate' is given twice"]
    assert problems('[event]\ntitle = "x\n')[0].startswith("bad.toml:2: not TOML")


def test_participants_from_a_csv_beside_the_file(tmp_path):
    (tmp_path / "ngos.csv").write_text(
        "id,name,category,note\nNGO1,First Network,ngo,\nCO1,A Company,private_sector,Sponsor\n", encoding="utf-8"
    )
    text = GOOD.replace('venue = "', 'participants_csv = "ngos.csv"\nvenue = "')
    event = parse(text, file="good.toml", folder=tmp_path)
    assert [p.id for p in event.participants] == ["CSO1", "MEX", "NGO1", "CO1"]
    (tmp_path / "ngos.csv").write_text("id,name,category\nNGO1,First,charity\nCSO1,Again,ngo\n", encoding="utf-8")
    found = problems(text, folder=tmp_path)
    csv_path = str(tmp_path / "ngos.csv")
    assert any(p.startswith(f"{csv_path}:2: 'category' must be one of") for p in found), found
    assert any(p.startswith(f"{csv_path}:3: participant 'CSO1' is given twice") for p in found), found
    assert problems(text, folder=tmp_path / "nowhere")[0].startswith("bad.toml:6: 'participants_csv': cannot read")


@pytest.mark.parametrize("name", eventfile.EXAMPLES)
def test_the_bundled_examples_are_written_as_the_writer_writes(name):
    assert dumps(bundled(name)) == bundled_text(name)


def test_the_hld_example_has_the_panel_of_25_june_and_the_hearing_of_15_july():
    rooms = {r.slug: r for r in bundled("hld-2013").rooms}
    assert list(rooms) == ["plenary", "rt1", "rt2", "rt3", "rt4", "panel0625", "hearing"]
    assert rooms["panel0625"].date == date(2013, 6, 25) and len(rooms["panel0625"].segments) == 3
    assert rooms["hearing"].date == date(2013, 7, 15)
    assert [m.number for m in rooms["plenary"].meetings] == [25, 26, 27, 28]


@pytest.mark.parametrize("name", eventfile.EXAMPLES)
def test_the_repositorys_examples_are_the_packages(name):
    from pathlib import Path

    top = Path(__file__).resolve().parents[2] / "examples" / f"{name}.toml"
    assert top.read_text(encoding="utf-8") == bundled_text(name)


ROUND_TABLES = """
[[rooms]]
slug = "rt-a"
name = "Round table A"
policy = "round_table"
co_chairs = ["KEN", "CSO1"]

[[rooms]]
slug = "rt-b"
name = "Round table B"
policy = "round_table"
co_chairs = []

[[panel_groups]]
rooms = ["rt-b", "rt-a"]
"""


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_the_round_tables_judged_together_and_their_co_chairs_are_read_and_written_back():
    event = parse(GOOD + ROUND_TABLES, file="good.toml")
    assert event.panel_groups == (("rt-a", "rt-b"),)  # in the event's order of rooms
    assert [r.co_chairs for r in event.rooms] == [(), ("KEN", "CSO1"), ()]
    written = dumps(event)
    assert 'co_chairs = ["KEN", "CSO1"]' in written
    assert "# Two co-chairs (ministers), as participant ids; their delegations are not yet in the data." in written
    assert '[[panel_groups]]\nrooms = ["rt-a", "rt-b"]' in written
    again = parse(written, file="again.toml")
    assert (again.rooms, again.panel_groups) == (event.rooms, event.panel_groups) and dumps(again) == written


@pytest.mark.parametrize(
    "old, new, at, expected",
    [
        (
            '"KEN", "CSO1"',
            '"KEN", "XYZ"',
            "co_chairs = [",
            "room rt-a: co-chair 'XYZ' is not a participant of the event",
        ),
        ('"KEN", "CSO1"', '"KEN", "KEN"', "co_chairs = [", "co-chair 'KEN' is given twice"),
        ('"KEN", "CSO1"', "1", "co_chairs = [", "'co_chairs' must list participant ids in quotes"),
        ('["rt-b", "rt-a"]', '["rt-b", "rt-c"]', "rooms = [", "panel group: no room 'rt-c' in the file"),
        ('["rt-b", "rt-a"]', '["rt-b", "debate"]', "rooms = [", "panel group: room 'debate' is not a round table"),
        ('["rt-b", "rt-a"]', '["rt-b", "rt-a", "rt-b"]', "rooms = [", "panel group: room 'rt-b' is in group 1"),
        ('rooms = ["rt-b", "rt-a"]', 'room = "rt-a"', "room = ", "panel_groups: unknown key 'room'"),
    ],
)
def test_every_problem_of_the_round_tables_names_the_line(old, new, at, expected):
    text = GOOD + ROUND_TABLES.replace(old, new, 1)
    found = problems(text)
    assert any(p.startswith(f"bad.toml:{line_of(text, at)}: {expected}") for p in found), found


def test_a_plenary_has_no_co_chairs():
    text = GOOD.replace("date = 2031-05-06\nswitches", 'co_chairs = ["KEN"]\ndate = 2031-05-06\nswitches', 1)
    assert problems(text) == [
        f"bad.toml:{line_of(text, 'co_chairs')}: only a round table has co-chairs (a plenary has its President)"
    ]


def test_the_one_day_conference_judges_its_three_round_tables_together_with_their_co_chairs():
    event = bundled("one-day-conference")
    everyone = {p.id for p in event.everyone()}
    assert event.panel_groups == (("labour", "inclusion", "data"),)
    for room in event.rooms[1:]:
        assert len(room.co_chairs) == 2 and set(room.co_chairs) <= everyone
