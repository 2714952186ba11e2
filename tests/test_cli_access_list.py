"""`session access list`: when each code was issued and revoked, in the event's time zone as the
secretariat reads it, never the code itself."""

from datetime import UTC, datetime

from sqlmodel import Session

from session.cli import main
from session.domain.permissions import Role
from session.store import access
from session.store.database import make_engine
from session.store.tables import AccessCodeRow

ISSUED = datetime(2013, 10, 3, 13, 30, tzinfo=UTC).timestamp()  # 9:30 a.m. in New York
REVOKED = datetime(2013, 10, 3, 16, 0, tzinfo=UTC).timestamp()  # noon in New York


def test_issued_and_revoked_times_read_in_new_york(database_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SESSION_SECRET_FILE", str(tmp_path / "secret.key"))
    assert main(["access", "create", "--role", "rapporteur", "--room", "rt2", "--database-url", database_url]) == 0
    engine = make_engine(database_url, str(tmp_path / "secret.key"))
    try:
        (code,) = access.list_codes(engine, "rt2")
        with Session(engine) as session:  # as if issued and revoked on the day of the meeting
            row = session.get(AccessCodeRow, code.id)
            assert row is not None and row.role == Role.RAPPORTEUR.value
            row.created_at, row.revoked_at = ISSUED, REVOKED
            session.add(row)
            session.commit()
    finally:
        engine.dispose()
    capsys.readouterr()

    assert main(["access", "list", "--room", "rt2", "--database-url", database_url]) == 0
    header, line = capsys.readouterr().out.strip().split("\n")
    assert header == "Times are New York time (America/New_York)."
    assert line.endswith("issued Thursday, 3 October 2013, 9:30 a.m.; revoked Thursday, 3 October 2013, 12 noon")
    assert "UTC" not in line and "2013-10-03" not in line


def test_a_code_for_the_whole_event_or_for_several_rooms(database_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SESSION_SECRET_FILE", str(tmp_path / "secret.key"))
    common = ["--database-url", database_url]
    assert main(["access", "create", "--role", "delegate", "--participant", "MEX", *common]) == 0
    assert main(["access", "create", "--role", "delegate", "--participant", "PHL", "--room", "*", *common]) == 0
    assert main(["access", "create", "--role", "chair", "--room", "rt1,rt2", "--room", "rt3", *common]) == 0
    printed = [line.split()[:2] for line in capsys.readouterr().out.strip().split("\n")]
    assert printed == [["*", "delegate"], ["*", "delegate"], ["rt1,rt2,rt3", "chair"]]
    engine = make_engine(database_url, str(tmp_path / "secret.key"))
    try:
        rooms = {c.label: c.where for c in access.list_codes(engine)}
        assert rooms == {"Mexico (MEX)": "*", "Philippines (PHL)": "*", "Chair": "rt1,rt2,rt3"}
        assert [c.role for c in access.list_codes(engine, "rt2")] == ["chair"]
    finally:
        engine.dispose()
    assert main(["access", "create", "--role", "chair", "--room", "rt1,nowhere", *common]) == 2
    assert "not nowhere" in capsys.readouterr().err


def test_list_names_the_rooms_of_each_code(database_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SESSION_SECRET_FILE", str(tmp_path / "secret.key"))
    assert (
        main(
            ["access", "create", "--role", "panellist", "--participant", "ILO", "--room", "rt1,rt4"]
            + ["--database-url", database_url]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["access", "list", "--database-url", database_url]) == 0
    (line,) = capsys.readouterr().out.strip().split("\n")[1:]
    assert line.split()[1:3] == ["rt1,rt4", "panellist"]
