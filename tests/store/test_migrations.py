"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from session.store import tables  # noqa: F401  (registers the tables)
from session.store.database import make_engine, migrate


def test_migrating_an_empty_database_matches_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_migrating_twice_is_harmless(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    migrate(engine)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0004"
    engine.dispose()


def test_a_database_from_before_keeps_its_four_round_tables_judged_together(tmp_path):
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    config = Config()
    config.set_main_option("script_location", str(resources.files("session.store") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        for slug, policy in (
            ("plenary", "plenary"),
            ("rt1", "round_table"),
            ("rt4", "round_table"),
            ("side", "round_table"),
        ):
            connection.execute(
                text(
                    "insert into room (slug, name, theme, policy, default_limit_s, date, ordinal)"
                    " values (:s, :s, '', :p, 180, '', 0)"
                ),
                {"s": slug, "p": policy},
            )
    migrate(engine)
    with engine.connect() as connection:
        groups = dict(connection.execute(text("select slug, panel_group from room")).all())
    engine.dispose()
    assert groups == {"plenary": 0, "rt1": 1, "rt4": 1, "side": 0}
