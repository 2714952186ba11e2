"""Seeding the HLD 2013 event: rooms and participants from session/data."""

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from session import data

from .tables import ParticipantRow, RoomRow


def is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.exec(select(RoomRow)).first() is None


def seed_reference_data(engine: Engine) -> None:
    with Session(engine) as session:
        for ordinal, room in enumerate(data.rooms()):
            session.add(RoomRow(slug=room.slug, name=room.name, theme=room.theme, policy=room.policy,
                                default_limit_s=room.default_limit_s, date=room.date, ordinal=ordinal))
        for p in data.participants():
            session.add(ParticipantRow(id=p.id, name=p.name, name_fr=p.name_fr, category=p.category,
                                       regional_group=p.regional_group, note=p.note))
        session.commit()
