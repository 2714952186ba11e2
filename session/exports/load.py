"""Building `RoomLog`s: from a live room (the web) or straight from the database (the CLI)."""

import time
from collections.abc import Mapping

from sqlalchemy.engine import Engine

from session.domain.participants import Participant
from session.domain.permissions import Role
from session.domain.room import known
from session.domain.state import RoomState
from session.store import access, eventlog
from session.store.tables import RoomRow
from session.times import UTC_ZONE

from .records import RoomLog


def chair_labels(engine: Engine, slug: str) -> tuple[str, ...]:
    """Who holds the room's active chair codes, as the secretariat labelled them."""
    labels = [
        c.label
        for c in access.list_codes(engine, slug)
        if c.role == Role.CHAIR.value and c.revoked_at is None and c.label
    ]
    return tuple(dict.fromkeys(labels))


def room_log(
    meta: RoomRow,
    state: RoomState,
    directory: Mapping[str, Participant],
    chairs: tuple[str, ...] = (),
    exported_at: float | None = None,
    zone: str = UTC_ZONE,
) -> RoomLog:
    return RoomLog(
        slug=meta.slug,
        name=meta.name,
        theme=meta.theme,
        date=meta.date,
        state=state,
        directory=known(state, directory),
        chairs=chairs,  # with the room's walk-ins
        exported_at=time.time() if exported_at is None else exported_at,
        zone=zone,
    )


def load_logs(engine: Engine, slugs: list[str] | None = None, exported_at: float | None = None) -> list[RoomLog]:
    """The rooms' logs as folded from the event log (all rooms, in programme order, if `slugs` is None)."""
    directory = eventlog.load_directory(engine)
    zone = eventlog.load_time_zone(engine)
    rooms = [r for r in eventlog.load_rooms(engine) if slugs is None or r.slug in slugs]
    return [
        room_log(r, eventlog.load_state(engine, r), directory, chair_labels(engine, r.slug), exported_at, zone)
        for r in rooms
    ]
