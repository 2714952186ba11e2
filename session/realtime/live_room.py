"""A room as this worker holds it: its state, who is watching, and what waits to be committed."""

import asyncio
from dataclasses import dataclass, field

from session.domain.state import RoomState
from session.store.tables import RoomRow

from .connection import Connection


@dataclass
class LiveRoom:
    meta: RoomRow
    state: RoomState
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    connections: set[Connection] = field(default_factory=set)
    next_push_at: float = 0.0  # loop time before which a new version waits for the next push
    notify_scheduled: bool = False
    notified_version: int = 0  # the newest version a push was started or scheduled for here
    inbox: list = field(default_factory=list)  # Pending commands, in arrival order
    committing: bool = False
    slug: str = field(init=False)

    def __post_init__(self) -> None:
        self.slug = self.meta.slug  # a plain attribute: the ORM's is read once per socket per push
