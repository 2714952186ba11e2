"""Engines and schema. SQLite by default, PostgreSQL by URL; the code above never asks which."""

import os
import weakref
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import delete, event, inspect, select, update
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from .keys import Keys, load, secret_path
from .tables import AccessCodeRow, SettingRow, table_of

LEGACY_COOKIE_KEY = "secret_key"  # the `setting` row that held the cookie key before the secret file
_secret_files: "weakref.WeakKeyDictionary[Engine, Path]" = weakref.WeakKeyDictionary()
_keys: "weakref.WeakKeyDictionary[Engine, Keys]" = weakref.WeakKeyDictionary()


def make_engine(url: str, secret_file: str = "") -> Engine:
    """An engine for `url`, and where its keys live: `secret_file` (SESSION_SECRET_FILE when not
    given), else beside a SQLite file, else `session.secret` in the working directory."""
    path = secret_path(url, secret_file or os.environ.get("SESSION_SECRET_FILE", ""))
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # the maintained driver, psycopg 3
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    _secret_files[engine] = path
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers run beside the writer; synchronous=FULL syncs the WAL on every commit,
    # so an acknowledged action survives an OS crash or power loss, not just a process kill.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (the same scripts on SQLite and PostgreSQL), then
    bring the data to the secret file: the cookie key out of the database, every code keyed."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("session.store") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    _move_to_secret_file(engine)


def keys(engine: Engine) -> Keys:
    """This database's keys, read once per engine from its secret file (made if missing)."""
    found = _keys.get(engine)
    if found is None:
        path = _secret_files.get(engine) or secret_path(engine.url.render_as_string(hide_password=False))
        found = _keys[engine] = load(path, None if path.exists() else _legacy_cookie_key(engine))
    return found


def secret_key(engine: Engine) -> str:
    """The key that signs session cookies: in the secret file, so restarts keep people signed in
    and a copy of the database cannot forge a cookie."""
    return keys(engine).cookie


def _legacy_cookie_key(engine: Engine) -> str | None:
    if not inspect(engine).has_table(SettingRow.__tablename__):
        return None
    settings = table_of(SettingRow).c
    with engine.connect() as db:
        return db.execute(select(settings.value).where(settings.key == LEGACY_COOKIE_KEY)).scalar()


def _move_to_secret_file(engine: Engine) -> None:
    """The start-up step after a schema upgrade. Rows from before the secret file hold SHA-256(code):
    each is wrapped in place as HMAC(key, that digest), which is what a code now hashes to, so no
    code needs to be known or re-issued. Each row is marked, so nothing is wrapped twice, even by
    two processes starting together."""
    found = keys(engine)  # made from the old cookie key first, if the database had one
    settings, codes = table_of(SettingRow), table_of(AccessCodeRow).c
    with engine.begin() as db:
        db.execute(delete(settings).where(settings.c.key == LEGACY_COOKIE_KEY))
        legacy = db.execute(select(codes.id, codes.code_hash).where(codes.hash_kind == "sha256")).all()
        for code_id, digest in legacy:
            db.execute(
                update(table_of(AccessCodeRow))
                .where(codes.id == code_id, codes.hash_kind == "sha256")
                .values(code_hash=found.wrap(digest), hash_kind="hmac-sha256")
            )
