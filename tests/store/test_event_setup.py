"""`session init` and `session event export`: a file in, the same file out; a dry run and a bad
file change nothing; an update adds and changes through the rooms' commands."""

import sqlite3

import pytest

from session import cli
from session.data.eventfile import EXAMPLES, bundled_text, load, parse
from session.store import event_setup
from session.store.database import make_engine, migrate
from session.store.eventlog import load_event_names, load_rooms, load_state, load_venue_and_dates, read_events

EXAMPLE_FILES = {name: f"session/data/examples/{name}.toml" for name in EXAMPLES}


def dump(url: str) -> list:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return [
            db.execute(f"select * from {t} order by 1, 2").fetchall()
            for t in ("room", "participant", "event", "setting")
        ]


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'event.db'}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_init_then_export_gives_back_the_same_file(name, url, tmp_path, capsys):
    source = tmp_path / f"{name}.toml"
    source.write_text(bundled_text(name), encoding="utf-8")
    assert cli.main(["init", str(source), "--database-url", url]) == 0
    assert "changed:" in capsys.readouterr().out
    out = tmp_path / "out.toml"
    assert cli.main(["event", "export", "--database-url", url, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert load(out) == load(source)
    assert cli.main(["init", str(source), "--database-url", url]) == 0
    assert capsys.readouterr().out.strip().endswith("nothing to change")


def test_a_dry_run_says_what_would_change_and_changes_nothing(url, tmp_path, capsys):
    source = tmp_path / "event.toml"
    source.write_text(bundled_text("hld-2013"), encoding="utf-8")
    cli.main(["init", str(source), "--database-url", url])
    before = dump(url)
    changed = bundled_text("hld-2013").replace('name = "Round table 1"', 'name = "Round table one"')
    changed = changed.replace(
        'number = 28\ndate = 2013-10-04\nstart = "15:00"', 'number = 28\ndate = 2013-10-04\nstart = "16:00"'
    )
    source.write_text(changed + '\n[[rooms]]\nslug = "side"\nname = "Side event"\npolicy = "round_table"\n', "utf-8")
    capsys.readouterr()
    assert cli.main(["init", str(source), "--database-url", url, "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "would change (dry run, nothing written)" in said
    assert "room rt1: name 'Round table one'" in said
    assert "room plenary: meeting 28 hours changed, 2013-10-04 16:00–18:00" in said
    assert "room side: added (Side event)" in said
    assert dump(url) == before
    assert cli.main(["init", str(source), "--database-url", url]) == 0
    engine = make_engine(url)
    rooms = {r.slug: r for r in load_rooms(engine)}
    assert rooms["rt1"].name == "Round table one" and "side" in rooms
    plenary = load_state(engine, rooms["plenary"])
    assert plenary.find_meeting(28).starts_at == plenary.find_meeting(27).starts_at + 6 * 3600
    assert [e.action for e in read_events(engine, "plenary")][-1] == "schedule_meeting"  # in the room's log
    engine.dispose()


def test_a_bad_file_changes_nothing_and_names_every_problem(url, tmp_path, capsys):
    source = tmp_path / "event.toml"
    source.write_text(bundled_text("hld-2013"), encoding="utf-8")
    cli.main(["init", str(source), "--database-url", url])
    before = dump(url)
    bad = bundled_text("hld-2013").replace('policy = "plenary"', 'policy = "round_table"')  # refused by the store
    bad = bad.replace('title = "Migration and development: drivers and impacts"', 'title = "Another"')
    source.write_text(bad, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["init", str(source), "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert f"{source}:15: room plenary: its policy is plenary; it cannot change" in err
    assert "room panel0625: segments are added, never changed or removed" in err
    assert "refused; nothing was changed" in err
    source.write_text(bundled_text("hld-2013").replace('start = "10:00"', 'start = "ten"', 1), encoding="utf-8")
    assert cli.main(["init", str(source), "--database-url", url]) == 2
    assert f"{source}:26: 'start' must be a time of day" in capsys.readouterr().err
    assert dump(url) == before


def test_the_header_bar_names_the_event_by_its_short_title_else_its_title(url):
    engine = make_engine(url)
    migrate(engine)
    assert load_event_names(engine) == ("session", "session")  # nothing set up: the program's own name
    event_setup.set_up(engine, parse(bundled_text("one-day-conference"), file="conf.toml"))
    title = "Regional Review Conference on Migration (a fictional example)"
    assert load_event_names(engine) == (title, "Migration Review 2027")
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:  # as a database set up before the short title
        db.execute("delete from setting where key = 'event_short_title'")
    assert load_event_names(engine) == (title, title)
    engine.dispose()


def test_the_home_page_reads_the_events_venue_and_days_nothing_when_not_set_up(url):
    engine = make_engine(url)
    migrate(engine)
    assert load_venue_and_dates(engine) == ("", ())
    event_setup.set_up(engine, parse(bundled_text("hld-2013"), file="hld.toml"))
    assert load_venue_and_dates(engine) == ("United Nations Headquarters, New York", ("2013-10-03", "2013-10-04"))
    engine.dispose()


def test_a_meeting_already_held_keeps_its_hours(url, tmp_path):
    engine = make_engine(url)
    migrate(engine)
    event = parse(bundled_text("one-day-conference"), file="conf.toml")
    event_setup.set_up(engine, event)
    from session.domain.commands import OpenMeeting
    from session.domain.room import apply, decide
    from session.domain.state import Event
    from session.store.eventlog import append

    state = load_state(engine, next(r for r in load_rooms(engine) if r.slug == "debate"))
    facts = decide(state, OpenMeeting(1), now=0, directory={})
    append(
        engine,
        room="debate",
        seq=state.version + 1,
        action="open_meeting",
        data=facts,
        at=0,
        actor="",
        request_id=None,
        command="",
    )
    apply(state, Event(state.version + 1, "open_meeting", facts, 0))
    moved = bundled_text("one-day-conference").replace('start = "09:00"', 'start = "09:30"')
    with pytest.raises(event_setup.EventFileError) as refused:
        event_setup.set_up(engine, parse(moved, file="conf.toml"))
    assert [str(p) for p in refused.value.problems] == [
        "conf.toml:24: room debate: Meeting 1 has already been opened; its hours are the record's."
    ]
    engine.dispose()


def test_export_writes_an_added_participant_and_a_changed_name(url, tmp_path):
    engine = make_engine(url)
    migrate(engine)
    text = bundled_text("one-day-conference").replace(
        'name = "Regional Migrants\' Network"', 'name = "Regional Migrants Network"'
    )
    text += (
        '\n[[participants]]\nid = "MEX"\nname = "Mexico (host)"\ncategory = "member_state"\nregional_group = "grulac"\n'
    )
    event = parse(text, file="conf.toml")
    event_setup.set_up(engine, event)
    again = event_setup.export(engine)
    assert again.everyone() == event.everyone() and again.rooms == event.rooms
    engine.dispose()


def test_the_round_tables_judged_together_and_their_co_chairs_are_the_rooms_rows(url, tmp_path, capsys):
    source = tmp_path / "conf.toml"
    source.write_text(bundled_text("one-day-conference"), encoding="utf-8")
    assert cli.main(["init", str(source), "--database-url", url]) == 0
    said = capsys.readouterr().out
    assert "room labour: co-chairs KEN, MAR" in said
    assert "room labour: panel judged together with inclusion, data" in said
    changed = bundled_text("one-day-conference").replace('co_chairs = ["GHA", "TUN"]', 'co_chairs = ["GHA", "SWE"]')
    source.write_text(changed.replace('rooms = ["labour", "inclusion", "data"]', 'rooms = ["labour", "inclusion"]'))
    assert cli.main(["init", str(source), "--database-url", url]) == 0
    said = capsys.readouterr().out
    assert "room data: co-chairs GHA, SWE" in said and "room data: panel judged alone" in said
    engine = make_engine(url)
    rooms = {r.slug: r for r in load_rooms(engine)}
    engine.dispose()
    assert [(rooms[s].co_chairs, rooms[s].panel_group) for s in ("debate", "labour", "data")] == [
        ("", 0),
        ("KEN MAR", 1),
        ("GHA SWE", 0),
    ]
