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
