"""Seeding the HLD 2013 event: rooms, participants, the event's time zone, and each room's meetings,
segments and (in the plenary) open inscription, from session/data."""

import json
import time

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from session import data
from session.domain.commands import AddSegment, Command, OpenInscription, ScheduleMeeting
from session.domain.room import apply, decide
from session.domain.state import Event, Policy

from . import eventlog
from .tables import ParticipantRow, RoomRow, SettingRow


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
        session.add(SettingRow(key=eventlog.TIME_ZONE_SETTING, value=data.TIME_ZONE))
        session.commit()
    seed_programme(engine)


def seed_programme(engine: Engine) -> None:
    """The meetings and segments, and the plenary's inscription opened, as the secretariat would do
    it: events in each room's log, all written in one transaction (one wait for the disk, not one
    per event: every test's database is seeded so)."""
    now = time.time()
    entries: dict[str, list[tuple[Event, str | None, str]]] = {}
    for room in eventlog.load_rooms(engine):
        state = eventlog.load_state(engine, room)
        commands: list[Command] = [
            ScheduleMeeting(m.number, m.starts_at, m.ends_at) for m in data.meetings() if m.room == room.slug
        ]
        commands += [AddSegment(title=s.title, limit_s=s.limit_s) for s in data.programme() if s.room == room.slug]
        if state.rules.policy is Policy.PLENARY:
            commands.append(OpenInscription())
        for command in commands:
            facts = decide(state, command, now=now, directory={})
            event = Event(seq=state.version + 1, action=command.action, data=facts, at=now, actor="organiser")
            apply(state, event)
            sent = json.dumps({"action": command.action, **vars(command)})
            entries.setdefault(room.slug, []).append((event, None, sent))
    with engine.begin() as db:
        for slug, events in entries.items():
            eventlog.append_many(db, slug, events)
