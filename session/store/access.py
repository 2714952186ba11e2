"""Access codes: random, shown once, stored only as a keyed hash, revocable."""

import secrets
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, or_
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from session.domain.permissions import Actor, Role

from .database import keys
from .tables import AccessCodeRoomRow, AccessCodeRow, table_of

# No 0/O, 1/l/I: codes are read aloud and typed on phones.
ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
# Ids are the database's 64-bit integers: a larger number (a typed or forged URL) is no code at
# all, and must not reach the driver, which would refuse it with an overflow error.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Grant:
    """What a valid code lets its holder do."""

    code_id: int
    room: str | None  # the one room it opens; None: the rooms below, or every room
    actor: Actor
    label: str
    rooms: frozenset[str] = frozenset()  # a code for several rooms (a chair of two round tables)

    def opens(self, slug: str) -> bool:
        """Whether the code acts in this room. A delegation's code for the whole event opens every
        room; where its delegation may not speak (a round table's reserved seats) the room's rules
        refuse the request itself, saying why, as they would with a code for that room alone."""
        if self.room is not None:
            return slug == self.room
        return not self.rooms or slug in self.rooms

    @property
    def every_room(self) -> bool:
        return self.room is None and not self.rooms


def new_code() -> str:
    chars = [secrets.choice(ALPHABET) for _ in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def code_hash(engine: Engine, code: str) -> str:
    # 46 bits of randomness make a fast hash safe with a key the database does not hold; a slow one
    # would only slow every join.
    return keys(engine).code_hash(code)


def _valid_id(code_id: object) -> bool:
    return isinstance(code_id, int) and not isinstance(code_id, bool) and 0 < code_id <= MAX_ID


def _stored_id(row: AccessCodeRow) -> int:
    """The id of a row read from the database: None only on one not yet added to it."""
    assert row.id is not None, "a stored access code has an id"
    return row.id


@dataclass(frozen=True)
class CodeOrder:
    """One code to issue: for one room, several rooms, or (no room) every room of the event."""

    role: Role
    rooms: tuple[str, ...] = ()
    participant: str | None = None
    label: str = ""


def mint(
    engine: Engine,
    *,
    role: Role,
    room: str | None,
    participant: str | None = None,
    label: str = "",
    rooms: Collection[str] = (),
) -> str:
    """Issue one code: for `room`, or for several `rooms`, or (neither) for every room."""
    wanted = tuple(rooms) if rooms else ((room,) if room else ())
    return mint_many(engine, [CodeOrder(role, wanted, participant, label)])[0]


def mint_many(engine: Engine, orders: Sequence[CodeOrder]) -> list[str]:
    """Issue the codes together, in one transaction: all of them or none (a bulk issue at the desk)."""
    codes = [new_code() for _ in orders]
    with Session(engine) as session:
        rows = []
        for order, code in zip(orders, codes, strict=True):
            rooms = sorted(set(order.rooms))
            row = AccessCodeRow(
                code_hash=code_hash(engine, code),
                room=rooms[0] if len(rooms) == 1 else None,
                role=order.role.value,
                participant=order.participant,
                label=order.label,
                created_at=time.time(),
            )
            session.add(row)
            rows.append((row, rooms))
        session.flush()
        for row, rooms in rows:
            if len(rooms) > 1:
                session.add_all(AccessCodeRoomRow(code_id=_stored_id(row), room=slug) for slug in rooms)
        session.commit()
    return codes


@dataclass(frozen=True)
class CodeRecord:
    """What the secretariat sees of a code: never the code itself, which was shown once."""

    id: int
    room: str | None
    role: str
    participant: str | None
    label: str
    created_at: float
    revoked_at: float | None
    rooms: tuple[str, ...] = ()  # a code for several rooms: which

    @property
    def where(self) -> str:
        """The rooms column of a listing: a slug, slugs joined by commas, or `*` for every room."""
        return self.room or ",".join(self.rooms) or "*"


def list_codes(engine: Engine, room: str | None = None) -> list[CodeRecord]:
    """Every code, or those opening `room` by name (alone or among several)."""
    with Session(engine) as session:
        several: dict[int, list[str]] = {}
        for link in session.exec(select(AccessCodeRoomRow).order_by(AccessCodeRoomRow.room)):
            several.setdefault(link.code_id, []).append(link.room)
        query = select(AccessCodeRow).order_by(AccessCodeRow.room, AccessCodeRow.role, col(AccessCodeRow.id))
        if room is not None:
            named = [code_id for code_id, slugs in several.items() if room in slugs]
            query = query.where(or_(col(AccessCodeRow.room) == room, col(AccessCodeRow.id).in_(named)))
        return [
            CodeRecord(
                id=_stored_id(r),
                room=r.room,
                role=r.role,
                participant=r.participant,
                label=r.label,
                created_at=r.created_at,
                revoked_at=r.revoked_at,
                rooms=tuple(several.get(_stored_id(r), ())),
            )
            for r in session.exec(query)
        ]


def revoke(engine: Engine, code_id: int) -> bool:
    """Revoke one code; False if there is no such code or it was revoked already."""
    if not _valid_id(code_id):
        return False
    with Session(engine) as session:
        row = session.get(AccessCodeRow, code_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = time.time()
        session.add(row)
        session.commit()
        return True


def revoke_all(engine: Engine) -> int:
    with Session(engine) as session:
        rows = session.exec(select(AccessCodeRow).where(col(AccessCodeRow.revoked_at).is_(None))).all()
        for row in rows:
            row.revoked_at = time.time()
            session.add(row)
        session.commit()
        return len(rows)


def _grant(session: Session, row: AccessCodeRow | None) -> Grant | None:
    if row is None or row.revoked_at is not None:
        return None
    rooms: frozenset[str] = frozenset()
    if row.room is None:
        links = select(AccessCodeRoomRow.room).where(AccessCodeRoomRow.code_id == _stored_id(row))
        rooms = frozenset(session.exec(links))
    actor = Actor(Role(row.role), row.participant)
    return Grant(code_id=_stored_id(row), room=row.room, actor=actor, label=row.label, rooms=rooms)


def redeem(engine: Engine, code: str) -> Grant | None:
    if not code or len(code) > 40:
        return None
    with Session(engine) as session:
        hashed = code_hash(engine, code)
        return _grant(session, session.exec(select(AccessCodeRow).where(AccessCodeRow.code_hash == hashed)).first())


# Built once: asked of every command sent on a socket (see eventlog's statements, built alike).
_CODES = table_of(AccessCodeRow).c
_VALID_AMONG = sa_select(_CODES.id).where(
    _CODES.id.in_(bindparam("code_ids", expanding=True)), _CODES.revoked_at.is_(None)
)


def revoked_among(db: Connection, code_ids: set[int]) -> set[int]:
    """Those of these codes that no longer open anything (revoked, or gone). Core, on the caller's
    connection: it is asked in the transaction of every command sent on a socket."""
    asked = {code_id for code_id in code_ids if _valid_id(code_id)}
    if not asked:
        return set(code_ids)
    valid = db.execute(_VALID_AMONG, {"code_ids": list(asked)})
    return code_ids - set(valid.scalars())


def grant_by_id(engine: Engine, code_id: int) -> Grant | None:
    """Re-checked on every request and connection, so a revoked code stops working at once."""
    if not _valid_id(code_id):
        return None
    with Session(engine) as session:
        return _grant(session, session.get(AccessCodeRow, code_id))


def revoked_since(engine: Engine, since: float) -> set[int]:
    """The codes revoked at `since` or later, whoever revoked them (a desk on another worker,
    `session access revoke` in another process): each worker asks every few seconds and closes its
    open sockets of them. A scan of a small table (a meeting issues hundreds of codes, not millions)."""
    codes = table_of(AccessCodeRow).c
    with engine.connect() as db:
        return set(db.execute(sa_select(codes.id).where(codes.revoked_at >= since)).scalars())
