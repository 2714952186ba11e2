"""Seeding the demo event into an empty database: the bundled HLD 2013 example
(session/data/examples/hld-2013.toml), set up as `session init` sets up any event file — rooms,
participants and the event's settings as rows; each room's meetings, segments and (in the plenary)
open inscription as the secretariat's events — all in one transaction."""

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from session import data

from .event_setup import set_up
from .tables import RoomRow


def is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.exec(select(RoomRow)).first() is None


def seed_reference_data(engine: Engine) -> None:
    set_up(engine, data.demo_event())
