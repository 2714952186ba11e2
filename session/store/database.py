"""Engines and schema. SQLite by default, PostgreSQL by URL; the code above never asks which."""

import secrets
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine, select

from .tables import SettingRow


def make_engine(url: str) -> Engine:
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # the maintained driver, psycopg 3
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


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
    """Bring the schema to the newest migration (the same scripts on SQLite and PostgreSQL)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("session.store") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def secret_key(engine: Engine) -> str:
    """The key that signs session cookies, made once per database so restarts keep people signed in."""
    with Session(engine) as session:
        row = session.exec(select(SettingRow).where(SettingRow.key == "secret_key")).first()
        if row is None:
            row = SettingRow(key="secret_key", value=secrets.token_urlsafe(32))
            session.add(row)
            session.commit()
        return row.value
