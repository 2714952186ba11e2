"""A copy of the database alone yields no code: codes are kept as an HMAC whose key lives in a
secret file outside the database (with the session cookies' key), not as a bare SHA-256 that
anyone can test 46-bit guesses against offline. Old databases are re-keyed at start-up."""

import hashlib
import sqlite3
import stat
import time
from importlib import resources
from pathlib import Path

import httpx
from alembic import command
from alembic.config import Config
from livehelpers import root_start_server
from sqlmodel import Session, select

from session.cli import prepare_database
from session.domain.permissions import Role
from session.settings import Settings
from session.store import access
from session.store.database import make_engine, secret_key
from session.store.tables import AccessCodeRow


def sqlite_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def stored_hashes(url: str) -> list[str]:
    with sqlite3.connect(sqlite_file(url)) as db:
        hashes = [h for (h,) in db.execute("SELECT code_hash FROM access_code ORDER BY id")]
    db.close()
    return hashes


def test_the_stored_hash_is_not_the_codes_sha256(database_url):
    engine = make_engine(database_url)
    try:
        codes = [access.mint(engine, role=Role.CHAIR, room="rt1"), access.mint(engine, role=Role.ORGANISER, room=None)]
    finally:
        engine.dispose()
    hashes = stored_hashes(database_url)
    for code, stored in zip(codes, hashes):
        assert stored != hashlib.sha256(code.encode()).hexdigest()
        assert stored != hashlib.sha256(code.replace("-", "").encode()).hexdigest()
        assert code not in stored


def test_the_secret_file_is_beside_the_database_and_readable_only_by_its_owner(database_url):
    secret = sqlite_file(database_url).with_name("session.db.secret")
    assert secret.is_file(), f"no secret file beside the database: {sorted(secret.parent.iterdir())}"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    with sqlite3.connect(sqlite_file(database_url)) as db:
        keys = db.execute("SELECT key FROM setting").fetchall()
    db.close()
    assert ("secret_key",) not in keys  # the cookie key is not in the database either


def test_without_the_secret_file_the_codes_cannot_be_checked(database_url, tmp_path):
    engine = make_engine(database_url)
    code = access.mint(engine, role=Role.CHAIR, room="rt1")
    assert access.redeem(engine, code) is not None
    engine.dispose()
    copy = tmp_path / "copy"  # what a thief has: the database file and not the secret beside it
    copy.mkdir()
    (copy / "session.db").write_bytes(sqlite_file(database_url).read_bytes())
    stolen = make_engine(f"sqlite:///{copy / 'session.db'}")
    try:
        assert access.redeem(stolen, code) is None
    finally:
        stolen.dispose()


def old_database(url: str) -> tuple[list[str], str]:
    """A database as the previous version left it: schema 0001, codes as bare SHA-256, the cookie
    key in its `setting` table, no secret file."""
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(resources.files("session.store") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    codes = ["Ab3d-Ef4h", "wxyz-2345", "QRST-uvw9"]
    with sqlite3.connect(sqlite_file(url)) as db:
        db.execute(  # a room as schema 0001 kept it (today's seed writes columns it did not have)
            "INSERT INTO room (slug, name, theme, policy, default_limit_s, date, ordinal) "
            "VALUES ('rt1', 'Round table 1', 'A theme', 'round_table', 180, '2013-10-03', 1)"
        )
        for code, (room, role) in zip(codes, [("rt1", "chair"), ("rt1", "observer"), (None, "organiser")]):
            db.execute(
                "INSERT INTO access_code (code_hash, room, role, participant, label, created_at) "
                "VALUES (?, ?, ?, NULL, 'old', ?)",
                (hashlib.sha256(code.encode()).hexdigest(), room, role, time.time()),
            )
        db.execute("INSERT INTO setting (key, value) VALUES ('secret_key', 'the-old-cookie-key')")
    db.close()
    return codes, "the-old-cookie-key"


def test_an_old_database_is_re_keyed_and_its_codes_and_cookies_still_work(tmp_path, request):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    codes, cookie_key = old_database(url)
    assert not (tmp_path / "old.db.secret").exists()
    prepare_database(Settings(database_url=url)).dispose()  # what `session serve` does first

    hashes = stored_hashes(url)
    assert len(hashes) == 3
    assert not {hashlib.sha256(code.encode()).hexdigest() for code in codes} & set(hashes)
    engine = make_engine(url)
    try:
        assert [access.redeem(engine, code).actor.role.value for code in codes] == ["chair", "observer", "organiser"]
        assert secret_key(engine) == cookie_key  # moved, so nobody signed in is signed out
        with Session(engine) as session:
            assert all(row.code_hash in hashes for row in session.exec(select(AccessCodeRow)))
    finally:
        engine.dispose()
    with sqlite3.connect(sqlite_file(url)) as db:
        assert db.execute("SELECT count(*) FROM setting WHERE key = 'secret_key'").fetchone() == (0,)
    db.close()
    assert stat.S_IMODE((tmp_path / "old.db.secret").stat().st_mode) == 0o600

    prepare_database(Settings(database_url=url)).dispose()  # a second start-up wraps nothing twice
    assert stored_hashes(url) == hashes

    server = root_start_server(request.config)(url)
    try:
        with httpx.Client(base_url=server.base_url) as phone:
            page = phone.get("/join").text
            token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            joined = phone.post("/join", data={"code": codes[0], "csrf_token": token}, follow_redirects=False)
            assert joined.status_code == 303 and joined.headers["location"].startswith("/rooms/rt1/")
    finally:
        server.stop()


def test_several_processes_find_the_same_secret_file(tmp_path, monkeypatch):
    """The CLI, the server and its workers each open the database: they must agree on the key."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    prepare_database(Settings(database_url=url)).dispose()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # another working directory: the file is found beside the database
    first, second = make_engine(url), make_engine(url)
    try:
        code = access.mint(first, role=Role.CHAIR, room="rt2")
        assert access.redeem(second, code) is not None
    finally:
        first.dispose()
        second.dispose()
    assert not any(elsewhere.iterdir())
    chosen = tmp_path / "keys" / "session.secret"
    chosen.parent.mkdir()
    monkeypatch.setenv("SESSION_SECRET_FILE", str(chosen))
    engine = make_engine(url)
    try:
        assert access.redeem(engine, code) is None  # another key: SESSION_SECRET_FILE is the one read
        assert chosen.is_file() and stat.S_IMODE(chosen.stat().st_mode) == 0o600
    finally:
        engine.dispose()
