"""Seeding the HLD 2013 event: rooms, participants and the meetings' segments from session/data."""

import json
import time

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from session import data
from session.domain.commands import AddSegment
from session.domain.room import apply, decide

from . import eventlog
from .tables import ParticipantRow, RoomRow


def is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.exec(select(RoomRow)).first() is None


def seed_reference_data(engine: Engine) -> None:
    with Session(engine) as session:
        for ordinal, room in enumerate(data.rooms()):
            session.add(
                RoomRow(
                    slug=room.slug,
                    name=room.name,
                    theme=room.theme,
                    policy=room.policy,
                    default_limit_s=room.default_limit_s,
                    date=room.date,
                    ordinal=ordinal,
                )
            )
        for p in data.participants():
            session.add(
                ParticipantRow(
                    id=p.id,
                    name=p.name,
                    name_fr=p.name_fr,
                    category=p.category,
                    regional_group=p.regional_group,
                    note=p.note,
                )
            )
        session.commit()
    seed_programme(engine)


def seed_programme(engine: Engine) -> None:
    """The segments, added as the organiser would add them: events in each meeting's log."""
    now = time.time()
    for room in eventlog.load_rooms(engine):
        state = eventlog.load_state(engine, room)
        for segment in (s for s in data.programme() if s.room == room.slug):
            command = AddSegment(title=segment.title, limit_s=segment.limit_s)
            event = eventlog.append(
                engine,
                room=room.slug,
                seq=state.version + 1,
                action=command.action,
                data=decide(state, command, now=now, directory={}),
                at=now,
                actor="organiser",
                request_id=None,
                command=json.dumps({"action": command.action, "title": segment.title}),
            )
            apply(state, event)
