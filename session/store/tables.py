"""The tables. The event log is the truth; everything a room shows is a fold of it."""

from typing import cast

from sqlalchemy import Column, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class RoomRow(SQLModel, table=True):
    __tablename__ = "room"
    slug: str = Field(primary_key=True, max_length=40)
    name: str
    theme: str = ""
    policy: str
    default_limit_s: int
    date: str = ""
    ordinal: int = 0  # order on the event's home page
    co_chairs: str = Field(default="", sa_column_kwargs={"server_default": ""})  # participant ids, by spaces
    # The round tables judged together for representation share a number (the event file's
    # [[panel_groups]], in order); 0: a room judged alone.
    panel_group: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"
    id: str = Field(primary_key=True, max_length=20)
    name: str
    name_fr: str = ""
    category: str
    regional_group: str | None = None
    note: str = ""


class EventRow(SQLModel, table=True):
    """One committed event. `seq` orders a room's log; `request_id` makes a retried command land once."""

    __tablename__ = "event"
    __table_args__ = (
        UniqueConstraint("room", "seq", name="uq_event_room_seq"),
        UniqueConstraint("room", "request_id", name="uq_event_room_request"),
    )
    id: int | None = Field(default=None, primary_key=True)
    room: str = Field(foreign_key="room.slug", max_length=40, index=True)
    seq: int
    action: str = Field(max_length=40)
    data: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    at: float  # server time, seconds since the epoch
    actor: str = Field(default="", max_length=80)
    request_id: str | None = Field(default=None, max_length=80)
    command: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # JSON as received


class AccessCodeRow(SQLModel, table=True):
    """A code someone types or scans to act in a room. Only its keyed hash is kept (store/keys.py)."""

    __tablename__ = "access_code"
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    # "hmac-sha256" for every code minted now; "sha256" marks a row from before the secret file,
    # which start-up re-keys. The server default says "sha256" so a row written without it is re-keyed.
    hash_kind: str = Field(default="hmac-sha256", max_length=20, sa_column_kwargs={"server_default": "sha256"})
    room: str | None = Field(default=None, foreign_key="room.slug", max_length=40)
    role: str = Field(max_length=20)
    participant: str | None = Field(default=None, foreign_key="participant.id", max_length=20)
    label: str = ""
    created_at: float
    revoked_at: float | None = None


class AccessCodeRoomRow(SQLModel, table=True):
    """A room opened by a code for several rooms (a chair of two round tables). A code with no room
    of its own and none here opens every room of the event (the organiser's, a delegation's)."""

    __tablename__ = "access_code_room"
    code_id: int = Field(foreign_key="access_code.id", primary_key=True)
    room: str = Field(foreign_key="room.slug", primary_key=True, max_length=40)


class SettingRow(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=40)
    value: str


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core table, for the queries that go through SQLAlchemy Core. SQLModel's
    metaclass gives every `table=True` class its `__table__` but does not declare it."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]
