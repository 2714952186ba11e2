"""The append-only event log of each room, and the reference data the rules read."""

import json
from dataclasses import dataclass

from sqlalchemy import bindparam, func, insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from session.domain.other_rooms import SHAPED_BY, OtherRooms
from session.domain.participants import Category, Participant
from session.domain.room import new_room, other_rooms, replay
from session.domain.state import Event, Policy, RoomRules, RoomState

from .tables import EventRow, ParticipantRow, RoomRow, SettingRow, table_of


class VersionConflict(Exception):
    """Another writer committed this room's next event first; decide again on the new state."""


@dataclass(frozen=True)
class Duplicate:
    """A command whose request_id is already in the log: it was applied once, at `seq`."""

    seq: int
    same_command: bool


def append(
    engine: Engine,
    *,
    room: str,
    seq: int,
    action: str,
    data: dict,
    at: float,
    actor: str,
    request_id: str | None,
    command: str,
) -> Event:
    event = Event(seq=seq, action=action, data=data, at=at, actor=actor)
    with engine.begin() as db:
        append_many(db, room, [(event, request_id, command)])
    return event


# The queries of every command go through SQLAlchemy Core, on the connection of the command's
# transaction: the ORM's unit of work cost more than the insert itself (see `session bench`).
# Those of every batch are built once, with bound parameters: a statement built afresh is keyed
# for SQLAlchemy's cache on each call, which cost five times the query itself (0.2 ms, not 0.03).
_EVENTS, _ROOMS, _PARTICIPANTS = table_of(EventRow), table_of(RoomRow), table_of(ParticipantRow)
_INSERT_EVENTS = insert(_EVENTS)
_EVENTS_AFTER = (
    sa_select(_EVENTS.c.seq, _EVENTS.c.action, _EVENTS.c.data, _EVENTS.c.at, _EVENTS.c.actor)
    .where(_EVENTS.c.room == bindparam("room"), _EVENTS.c.seq > bindparam("after"))
    .order_by(_EVENTS.c.seq)
)
_REQUESTS = sa_select(_EVENTS.c.request_id, _EVENTS.c.seq, _EVENTS.c.command).where(
    _EVENTS.c.room == bindparam("room"), _EVENTS.c.request_id.in_(bindparam("request_ids", expanding=True))
)


def append_many(db: Connection, room: str, entries: list[tuple[Event, str | None, str]]) -> None:
    """Add several events of a room to `db`'s transaction: all of them, or none (VersionConflict)."""
    rows = [
        {
            "room": room,
            "seq": event.seq,
            "action": event.action,
            "at": event.at,
            "actor": event.actor,
            "data": json.dumps(event.data, ensure_ascii=False),
            "request_id": request_id,
            "command": command,
        }
        for event, request_id, command in entries
    ]
    try:
        db.execute(_INSERT_EVENTS, rows)
    except IntegrityError as error:
        raise VersionConflict(room) from error
    _rows_follow(db, room, [event for event, _request_id, _command in entries])


def _rows_follow(db: Connection, room: str, events: list[Event]) -> None:
    """The rows a live change of the set-up changes (domain.setup), in the transaction of its event:
    the room's name, a participant of the event's list (listed in every room's log, added once)."""
    for event in events:
        if event.action == "rename_room":
            theme = {} if event.data.get("theme") is None else {"theme": event.data["theme"]}
            db.execute(update(_ROOMS).where(_ROOMS.c.slug == room).values(name=event.data["name"], **theme))
        elif event.action == "list_participant":
            known = sa_select(_PARTICIPANTS.c.id).where(_PARTICIPANTS.c.id == event.data["id"])
            if db.execute(known).first() is None:
                values = {k: event.data[k] for k in ("id", "name", "category", "regional_group")}
                db.execute(insert(_PARTICIPANTS).values(**values))


def find_requests(db: Connection, room: str, requests: dict[str, str]) -> dict[str, Duplicate]:
    """Which of these request_ids (with the command each carries now) are in the log already."""
    if not requests:
        return {}
    found = db.execute(_REQUESTS, {"room": room, "request_ids": list(requests)})
    return {
        request_id: Duplicate(seq=seq, same_command=command == requests[request_id])
        for request_id, seq, command in found
    }


def find_request(engine: Engine, room: str, request_id: str, command: str) -> Duplicate | None:
    """The same question for one request_id."""
    with engine.connect() as db:
        return find_requests(db, room, {request_id: command}).get(request_id)


def events_after(db: Connection, room: str, after: int) -> list[Event]:
    """A room's events newer than `after`, on the caller's connection: asked in the transaction of
    every batch of commands (one look-up on the (room, seq) index; normally it finds nothing), so a
    worker decides on the committed truth even when a notification has not reached it yet."""
    return [
        Event(seq=seq, action=action, data=json.loads(data), at=at, actor=actor)
        for seq, action, data, at, actor in db.execute(_EVENTS_AFTER, {"room": room, "after": after})
    ]


def read_other_rooms(db: Connection, room: str) -> OtherRooms:
    """The event's other rooms as committed, for a command whose rule reads them (never one
    delegation on two panels), on the connection of the transaction that will append its event.

    Two round tables publishing on two workers at once would each read the other before it
    committed, and both be accepted: so every such decision first takes its turn on one row lock
    (the event's first room; on SQLite, the database's one writer), and reads only then."""
    first = sa_select(func.min(_ROOMS.c.slug)).scalar_subquery()
    db.execute(update(_ROOMS).where(_ROOMS.c.slug == first).values(ordinal=_ROOMS.c.ordinal))
    others = sa_select(_ROOMS.c.slug, _ROOMS.c.name).where(_ROOMS.c.slug != room)
    names: dict[str, str] = {slug: name for slug, name in db.execute(others)}
    query = (
        sa_select(_EVENTS.c.room, _EVENTS.c.seq, _EVENTS.c.action, _EVENTS.c.data, _EVENTS.c.at)
        .where(_EVENTS.c.room != room, _EVENTS.c.action.in_(sorted(SHAPED_BY)))
        .order_by(_EVENTS.c.room, _EVENTS.c.seq)
    )
    events: dict[str, list[Event]] = {slug: [] for slug in names}
    for slug, seq, action, data, at in db.execute(query):
        events[slug].append(Event(seq=seq, action=action, data=json.loads(data), at=at))
    return other_rooms(events, names)


def read_events(engine: Engine, room: str, after: int = 0) -> list[Event]:
    with engine.connect() as db:
        return events_after(db, room, after)


def latest_versions(engine: Engine) -> dict[str, int]:
    """Each room's newest event: how a worker notices what a lost notification did not tell it."""
    with Session(engine) as session:
        return dict(session.exec(select(EventRow.room, func.max(EventRow.seq)).group_by(EventRow.room)).all())


def rules_for(room: RoomRow) -> RoomRules:
    return RoomRules(policy=Policy(room.policy), statement_s=room.default_limit_s)


def load_state(engine: Engine, room: RoomRow) -> RoomState:
    return replay(new_room(room.slug, rules_for(room)), read_events(engine, room.slug))


def load_rooms(engine: Engine) -> list[RoomRow]:
    with Session(engine) as session:
        return list(session.exec(select(RoomRow).order_by(col(RoomRow.ordinal))).all())


TIME_ZONE_SETTING = "time_zone"
TITLE_SETTING, SHORT_TITLE_SETTING = "event_title", "event_short_title"
VENUE_SETTING, DATES_SETTING = "event_venue", "event_dates"


def load_time_zone(engine: Engine) -> str:
    """The event's time zone (an IANA name): what every time a person reads is in. UTC until set."""
    with Session(engine) as session:
        row = session.get(SettingRow, TIME_ZONE_SETTING)
    return row.value if row is not None else "UTC"


def load_event_names(engine: Engine) -> tuple[str, str]:
    """The event's title (the home page's) and its name in every page's header bar: its short title,
    else its title (a database set up before the short title was kept); the program's own name for a
    database set up before either."""
    with Session(engine) as session:
        title, short = (session.get(SettingRow, key) for key in (TITLE_SETTING, SHORT_TITLE_SETTING))
    title_text = title.value if title is not None and title.value else "session"
    return title_text, short.value if short is not None and short.value else title_text


def load_venue_and_dates(engine: Engine) -> tuple[str, tuple[str, ...]]:
    """Where and when the event is, for the home page: its venue and its days (ISO dates, as
    `session init` keeps them); nothing for a database set up before they were kept."""
    with Session(engine) as session:
        venue, dates = (session.get(SettingRow, key) for key in (VENUE_SETTING, DATES_SETTING))
    days = tuple(d for d in dates.value.split(",") if d) if dates is not None else ()
    return venue.value if venue is not None else "", days


def load_directory(engine: Engine) -> dict[str, Participant]:
    with Session(engine) as session:
        rows = session.exec(select(ParticipantRow)).all()
    return {
        r.id: Participant(
            id=r.id, name=r.name, category=Category(r.category), regional_group=r.regional_group, name_fr=r.name_fr
        )
        for r in rows
    }
