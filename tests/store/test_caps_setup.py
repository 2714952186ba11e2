"""A room's reserved seats and time budgets from the event file into the room's record, as the
chair's commands, and back out by `session event export`."""

import pytest

from session import cli
from session.data.eventfile import bundled_text, parse
from session.store import event_setup
from session.store.database import make_engine
from session.store.eventlog import load_rooms, load_state, read_events

CAPS = """\
seat_cap = 45
budgets = { group_s = 1800, category_s = 1200 }
"""


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'event.db'}"


def with_caps(caps: str) -> str:
    """The one-day conference with its first round table capped and budgeted."""
    text = bundled_text("one-day-conference")
    at = text.index("co_chairs = ", text.index('policy = "round_table"'))  # written after the caps
    return text[:at] + caps + text[at:]


def first_round_table(url: str):
    engine = make_engine(url)
    try:
        room = next(r for r in load_rooms(engine) if r.policy == "round_table")
        return room.slug, load_state(engine, room), [e.action for e in read_events(engine, room.slug)]
    finally:
        engine.dispose()


def test_the_caps_go_in_as_the_chairs_commands_and_come_back_out(url, tmp_path, capsys):
    source = tmp_path / "event.toml"
    source.write_text(with_caps(CAPS), encoding="utf-8")
    assert cli.main(["init", str(source), "--database-url", url]) == 0
    said = capsys.readouterr().out
    slug, state, actions = first_round_table(url)
    assert f"room {slug}: reserved seats: 45" in said
    assert f"room {slug}: time budgets: 1800 s per regional group, 1200 s per stakeholder category" in said
    assert state.seat_cap == 45 and (state.budgets.group_s, state.budgets.category_s) == (1800, 1200)
    assert {"set_seat_cap", "set_budgets"} <= set(actions)  # in the room's record
    out = tmp_path / "out.toml"
    assert cli.main(["event", "export", "--database-url", url, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert cli.main(["init", str(source), "--database-url", url]) == 0
    assert capsys.readouterr().out.strip().endswith("nothing to change")


def test_a_cap_lifted_and_budgets_switched_off_by_the_file(url, tmp_path, capsys):
    source = tmp_path / "event.toml"
    source.write_text(with_caps(CAPS), encoding="utf-8")
    cli.main(["init", str(source), "--database-url", url])
    source.write_text(with_caps("seat_cap = 0\nbudgets = { group_s = 0 }\n"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["init", str(source), "--database-url", url]) == 0
    said = capsys.readouterr().out
    slug, state, _ = first_round_table(url)
    assert f"room {slug}: reserved seats: no cap" in said and f"room {slug}: time budgets: off" in said
    assert state.seat_cap is None and state.budgets is None
    engine = make_engine(url)
    try:
        room = next(r for r in event_setup.export(engine).rooms if r.slug == slug)
    finally:
        engine.dispose()
    assert (room.seat_cap, room.budgets) == (None, None)


def test_a_file_that_says_nothing_of_them_keeps_what_the_chair_set(url, tmp_path):
    source = tmp_path / "event.toml"
    source.write_text(with_caps(CAPS), encoding="utf-8")
    cli.main(["init", str(source), "--database-url", url])
    engine = make_engine(url)
    try:
        assert event_setup.set_up(engine, parse(bundled_text("one-day-conference"), file="plain.toml")) == []
    finally:
        engine.dispose()
    _, state, _ = first_round_table(url)
    assert state.seat_cap == 45 and state.budgets is not None
