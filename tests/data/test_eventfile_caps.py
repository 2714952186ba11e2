"""A room's reserved seats and time budgets in the event file: read, checked with the line of each
problem, and written back as they were read."""

import pytest

from session.data.eventfile import EventFileError, dumps, parse

EVENT = """\
[event]
title = "Regional Review"
dates = [2031-05-06]
time_zone = "Europe/Vienna"

[[rooms]]
slug = "debate"
name = "General debate"
policy = "plenary"
budgets = { group_s = 1800, category_s = 1200 }

[[rooms]]
slug = "labour"
name = "Round table on labour mobility"
policy = "round_table"
seat_cap = 45
budgets = { group_s = 900 }
"""


def problems(text: str) -> list[str]:
    with pytest.raises(EventFileError) as refused:
        parse(text, file="bad.toml")
    return [str(p) for p in refused.value.problems]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_seat_caps_and_budgets_are_read_and_written_back():
    event = parse(EVENT, file="caps.toml")
    debate, labour = event.rooms
    assert (debate.seat_cap, debate.budgets) == (None, (1800, 1200))
    assert (labour.seat_cap, labour.budgets) == (45, (900, 900))  # the category's, the group's when not given
    written = dumps(event)
    assert "budgets = { group_s = 1800, category_s = 1200 }" in written
    assert "seat_cap = 45\nbudgets = { group_s = 900 }" in written
    again = parse(written, file="again.toml")
    assert again.rooms == event.rooms and dumps(again) == written


def test_a_cap_lifted_and_budgets_switched_off_are_said_so():
    text = EVENT.replace("seat_cap = 45", "seat_cap = 0").replace("{ group_s = 900 }", "{ group_s = 0 }")
    (_, labour) = parse(text, file="off.toml").rooms
    assert (labour.seat_cap, labour.budgets) == (0, (0, 0))
    assert "seat_cap = 0\nbudgets = { group_s = 0 }" in dumps(parse(text, file="off.toml"))


def test_a_room_that_says_nothing_keeps_what_its_chair_set():
    text = EVENT.replace("seat_cap = 45\n", "").replace("budgets = { group_s = 900 }\n", "")
    (_, labour) = parse(text, file="quiet.toml").rooms
    assert (labour.seat_cap, labour.budgets) == (None, None)
    assert "seat_cap" not in dumps(parse(text, file="quiet.toml")).split("labour")[1]


@pytest.mark.parametrize(
    "old, new, at, expected",
    [
        ("seat_cap = 45", "seat_cap = 400", "seat_cap", "'seat_cap' must be a whole number from 0 (no cap) to 300"),
        ("seat_cap = 45", 'seat_cap = "45"', "seat_cap", "'seat_cap' must be a whole number"),
        ("seat_cap = 45", "seat_cap = true", "seat_cap", "'seat_cap' must be a whole number"),
        (
            'policy = "plenary"\n',
            'policy = "plenary"\nseat_cap = 40\n',
            "seat_cap = 40",
            "only a round table has reserved seats",
        ),
        ("{ group_s = 900 }", "{ group_s = 30 }", "{ group_s = 30 }", "budgets: 'group_s' must be 0 (no budgets)"),
        (
            "category_s = 1200",
            "category_s = 99999",
            "budgets = { group_s = 1800",
            "budgets: 'category_s' must be 0 (no budgets) or a whole number of seconds from 60 to 36000",
        ),
        ("{ group_s = 900 }", "{ category_s = 900 }", "{ category_s", "budgets: 'group_s' is missing"),
        ("{ group_s = 900 }", "{ group_s = 900, groups = 1 }", "groups = 1", "budgets: unknown key 'groups'"),
        ("{ group_s = 900 }", "{ group_s = 0, category_s = 600 }", "category_s = 600", "budgets: 'group_s' and"),
        ("{ group_s = 900 }", "900", "budgets = 900", "'budgets' must be a table"),
    ],
)
def test_every_problem_of_the_caps_names_the_line(old, new, at, expected):
    assert old in EVENT
    text = EVENT.replace(old, new, 1)
    found = problems(text)
    assert any(p.startswith(f"bad.toml:{line_of(text, at)}: {expected}") for p in found), found
