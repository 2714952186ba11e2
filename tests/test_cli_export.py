"""`session export`: the log straight from the database, to standard output or to files."""

import csv
import io
import json

import docx
import pytest
from sqlmodel import Session

from session.cli import main
from session.domain import commands as c
from session.domain.commands import RequestType
from session.domain.permissions import Role
from session.domain.room import decide
from session.domain.timer import Phase
from session.exports.records import COLUMNS
from session.store import access, eventlog
from session.store.database import make_engine
from session.store.tables import ParticipantRow

T0 = 1380808800.0  # 3 October 2013, 14:00 UTC
SOCIETE = 'Société "Les Amis", Genève'
NOTES = 'Said "yes, and no",\nthen left.'
SLUGS = ["plenary", "rt1", "rt2", "rt3", "rt4", "panel0625", "hearing"]


def act(engine, slug: str, command: c.Command, at: float) -> dict:
    """The server's command path minus the server: decide on the folded log, append the event."""
    room = next(r for r in eventlog.load_rooms(engine) if r.slug == slug)
    state = eventlog.load_state(engine, room)
    data = decide(state, command, now=at, directory=eventlog.load_directory(engine))
    eventlog.append(
        engine,
        room=slug,
        seq=state.version + 1,
        action=command.action,
        data=data,
        at=at,
        actor="chair",
        request_id=None,
        command="",
    )
    if isinstance(command, c.CallNext):
        started = eventlog.load_state(engine, room).timer.phase is Phase.RUNNING
        if not started:  # where the call does not start the clock, the chair does at once
            act(engine, slug, c.TimerStart(), at)
    return data


@pytest.fixture
def held(database_url) -> str:
    """Round table 2 has heard Côte d'Ivoire, a Geneva NGO and China; Mexico waits."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        session.add(ParticipantRow(id="XSLA", name=SOCIETE, category="ngo"))
        session.add(ParticipantRow(id="XCN", name="中国", category="member_state", regional_group="asia_pacific"))
        session.commit()
    access.mint(engine, role=Role.CHAIR, room="rt2", label="H.E. Ms. Ana Pérez")
    act(engine, "rt2", c.SeatPanellist("XSLA"), T0 - 60)
    for i, pid in enumerate(("CIV", "XSLA", "XCN")):
        kind = RequestType.QUESTION if pid == "XSLA" else RequestType.STATEMENT
        act(engine, "rt2", c.RequestFloor(pid, kind), T0 + i)
    starts = [(60, 240.5), (250, 310), (320, 500)]
    for start, end in starts:
        act(engine, "rt2", c.CallNext(), T0 + start)
        act(engine, "rt2", c.EndIntervention(), T0 + end)
    act(engine, "rt2", c.Annotate(1, notes=NOTES, summary=True), T0 + 600)
    act(engine, "rt2", c.RequestFloor("MEX"), T0 + 610)
    act(engine, "plenary", c.RequestFloor("CHN"), T0)
    act(engine, "plenary", c.CallNext(), T0 + 5)
    act(engine, "plenary", c.EndIntervention(), T0 + 65)
    engine.dispose()
    return database_url


def test_csv_to_standard_output(held, capsys):
    assert main(["export", "rt2", "--database-url", held]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff"), "the same bytes as the file, BOM included"
    rows = list(csv.DictReader(io.StringIO(out[1:], newline="")))
    assert [tuple(r) for r in rows] == [COLUMNS] * 3
    assert [r["participant"] for r in rows] == ["Côte d'Ivoire", SOCIETE, "中国"]
    assert [r["duration_s"] for r in rows] == ["180.5", "60.0", "180.0"]
    assert [r["overrun_s"] for r in rows] == ["0.5", "0.0", "0.0"]
    assert rows[0]["notes"] == NOTES and rows[0]["started_at"] == "2013-10-03T14:01:00Z"


def test_json_from_the_environments_database(held, capsys, monkeypatch):
    monkeypatch.setenv("SESSION_DATABASE_URL", held)
    assert main(["export", "plenary", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1 and document["room"] == "plenary"
    assert [(r["participant"], r["duration_s"]) for r in document["interventions"]] == [("China", 60.0)]


def test_markdown_to_standard_output(held, capsys):
    assert main(["export", "rt2", "--format", "md", "--database-url", held]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Round table 2 — interventions")
    assert sum(1 for line in out.split("\n") if line.startswith("| ")) == 1 + 3
    assert 'Said "yes, and no",<br>then left.' in out


def test_docx_to_a_file(held, tmp_path, capsys):
    target = tmp_path / "rt2.docx"
    assert main(["export", "rt2", "--format", "docx", "--output", str(target), "--database-url", held]) == 0
    assert "3 interventions of rt2 written to " + str(target) in capsys.readouterr().out
    document = docx.Document(str(target))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Summary of the round table"
    assert "Chair: H.E. Ms. Ana Pérez" in paragraphs
    assert paragraphs[paragraphs.index("Panel") + 1] == SOCIETE
    assert [p.split(" — ")[0] for p in paragraphs if p[:3] in ("1. ", "2. ", "3. ")] == [
        "1. Côte d'Ivoire",
        "2. " + SOCIETE,
        "3. 中国",
    ]
    assert NOTES in paragraphs
    by_group = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert by_group[1] == ["African Group", "1", "3:00", "0"]  # 180.5 s
    assert by_group[2] == ["Asia-Pacific Group", "1", "3:00", "0"]
    assert by_group[4] == ["Latin American and Caribbean Group (GRULAC)", "0", "0:00", "1"]  # Mexico waits


def test_docx_needs_an_output_file(held, capsys):
    assert main(["export", "rt2", "--format", "docx", "--database-url", held]) == 2
    assert "--output" in capsys.readouterr().err


def test_all_rooms_one_file_each(held, tmp_path, capsys):
    target = tmp_path / "exports"
    assert main(["export", "--all", "--format", "json", "--output", str(target), "--database-url", held]) == 0
    assert sorted(p.name for p in target.iterdir()) == sorted(f"hld2013-{s}-interventions.json" for s in SLUGS)
    counts = {
        s: len(json.loads((target / f"hld2013-{s}-interventions.json").read_text("utf-8"))["interventions"])
        for s in SLUGS
    }
    assert counts == {"plenary": 1, "rt1": 0, "rt2": 3, "rt3": 0, "rt4": 0, "panel0625": 0, "hearing": 0}
    assert len(capsys.readouterr().out.strip().split("\n")) == len(SLUGS)


def test_all_rooms_default_to_csv_in_the_current_directory(held, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--all", "--database-url", held]) == 0
    body = (tmp_path / "hld2013-rt2-interventions.csv").read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert [r["participant"] for r in rows] == ["Côte d'Ivoire", SOCIETE, "中国"]
    assert (tmp_path / "hld2013-rt4-interventions.csv").read_bytes().decode("utf-8-sig").strip() == ",".join(COLUMNS)


@pytest.mark.parametrize(
    "argv, status, message",
    [
        (["export", "rt9"], 2, "unknown room 'rt9'"),
        (["export"], 2, "--all"),
        (["export", "rt2", "--all"], 2, "--all"),
    ],
)
def test_wrong_invocations_say_what_is_wrong(held, capsys, argv, status, message):
    assert main(argv + ["--database-url", held]) == status
    assert message in capsys.readouterr().err


def test_a_missing_database_is_not_created(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'nothing.db'}"
    assert main(["export", "rt2", "--database-url", url]) == 1
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "nothing.db").exists()


@pytest.fixture
def debated(database_url) -> str:
    """The plenary's 25th meeting heard the Philippines from 10:02 a.m. New York time (14:02 UTC);
    the 26th, Mexico, from 3:01 p.m."""
    engine = make_engine(database_url)
    act(engine, "plenary", c.Inscribe("PHL", meeting=25), T0 - 3600)
    act(engine, "plenary", c.Inscribe("MEX", meeting=26), T0 - 3500)
    act(engine, "plenary", c.OpenMeeting(25), T0)
    act(engine, "plenary", c.CallNext(), T0 + 120)
    act(engine, "plenary", c.EndIntervention(), T0 + 420)
    act(engine, "plenary", c.CloseMeeting(25), T0 + 500)
    act(engine, "plenary", c.OpenMeeting(26), T0 + 5 * 3600)
    act(engine, "plenary", c.CallNext(), T0 + 5 * 3600 + 60)
    act(engine, "plenary", c.EndIntervention(), T0 + 5 * 3600 + 240)
    engine.dispose()
    return database_url


def test_one_meeting_of_the_debate(debated, capsys):
    assert main(["export", "plenary", "--meeting", "25", "--database-url", debated]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out[1:], newline="")))
    assert [(r["participant"], r["started_at"]) for r in rows] == [("Philippines", "2013-10-03T14:02:00Z")]
    assert main(["export", "plenary", "--meeting", "26", "--format", "json", "--database-url", debated]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["meeting"] == 26 and [r["participant"] for r in document["interventions"]] == ["Mexico"]
    assert [r["meeting"] for r in document["inscriptions"]] == [26]


def test_the_whole_debate_in_markdown_reads_in_the_events_time_zone(debated, capsys):
    assert main(["export", "plenary", "--format", "md", "--database-url", debated]) == 0
    lines = capsys.readouterr().out.split("\n")
    assert [line for line in lines if line.startswith("## ")] == [
        "## 25th plenary meeting — Thursday, 3 October 2013, 10 a.m.–1 p.m.",
        "## 26th plenary meeting — Thursday, 3 October 2013, 3 p.m.–6 p.m.",
        "## Statistics of the whole debate",
    ]
    assert "| 10:02 a.m. | 10:07 a.m. |" in next(line for line in lines if line.startswith("| 1 | Philippines"))


def test_a_meetings_summary_to_a_file(debated, tmp_path, capsys):
    target = tmp_path / "plenary-26.docx"
    argv = ["export", "plenary", "--meeting", "26", "--format", "docx", "--output", str(target)]
    assert main(argv + ["--database-url", debated]) == 0
    assert "1 intervention of plenary, meeting 26 written to " + str(target) in capsys.readouterr().out
    paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "26th plenary meeting — Thursday, 3 October 2013, 3 p.m.–6 p.m." in paragraphs
    assert "2. Mexico — Statement, 3:01 p.m.–3:04 p.m., 3:00"  # numbered across the debate in paragraphs
    assert not any("Philippines" in p for p in paragraphs)


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["export", "plenary", "--meeting", "29"],
            "Plenary meeting has no meeting '29': its meetings are 25, 26, 27, 28.",
        ),
        (["export", "plenary", "--meeting", "next"], "its meetings are 25, 26, 27, 28."),
        (["export", "--all", "--meeting", "25"], "--meeting names a meeting of one ROOM"),
    ],
)
def test_a_meeting_the_room_does_not_have_is_refused(debated, capsys, argv, message):
    assert main(argv + ["--database-url", debated]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
