"""Who connects where: a fresh database, the codes minted for it, and one `Spec` per client to be."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PLENARY_SHARE = 0.6  # the plenary holds the hall; the round tables share the rest
ROUND_TABLE_DELEGATES = 6

# Chair actions, in the order a chair would tap them; each changes every view of its room.
CYCLE = ("request_floor", "call_next", "timer_pause", "timer_resume", "timer_add", "end_intervention")


@dataclass(frozen=True)
class Spec:
    """One client to be: which room, which view, and the code it joins with (if its view needs one)."""

    room: str
    view: str
    participant: str | None = None
    code: str | None = None


@dataclass
class Plan:
    database_url: str
    rooms: list[str]
    specs: list[Spec]
    chair_codes: dict[str, str]
    on_behalf: list[str]  # participants a chair inscribes during the action phase (never a delegate here)

    def count(self, room: str, view: str | None = None) -> int:
        return sum(1 for s in self.specs if s.room == room and (view is None or s.view == view))


def secret_file(workdir: Path) -> Path:
    """The keys every server of the run signs cookies and hashes codes with (passed, not looked for)."""
    return workdir / "bench.db.secret"


def room_sizes(clients: int, n_rooms: int) -> list[int]:
    if n_rooms == 1:
        return [clients]
    plenary = round(clients * PLENARY_SHARE)
    each = (clients - plenary) // (n_rooms - 1)
    return [clients - each * (n_rooms - 1)] + [each] * (n_rooms - 1)


def plenary_delegates(size: int, member_states: int) -> int:
    return max(0, min(member_states, (size - 2) // 2))


def prepare(workdir: Path, clients: int, n_rooms: int, delegates: int | None, database_url: str | None = None) -> Plan:
    """Migrate and seed a fresh database (SQLite in `workdir`, or the empty one at `database_url`),
    mint the codes, and lay out who connects where."""
    from session import data
    from session.domain.permissions import Role
    from session.store import access
    from session.store.database import make_engine, migrate
    from session.store.seed import seed_reference_data

    url = database_url or f"sqlite:///{workdir / 'bench.db'}"
    engine = make_engine(url, str(secret_file(workdir)))
    try:
        migrate(engine)
        seed_reference_data(engine)
        people = data.participants()
        member_states = [p.id for p in people if p.category == "member_state"]
        others = [p.id for p in people if p.category != "member_state"]
        slugs = [r.slug for r in data.rooms()][:n_rooms]
        specs: list[Spec] = []
        chair_codes: dict[str, str] = {}
        for slug, size in zip(slugs, room_sizes(clients, n_rooms)):
            chair = access.mint(engine, role=Role.CHAIR, room=slug, label=f"bench chair {slug}")
            chair_codes[slug] = chair
            room: list[Spec] = [Spec(slug, "chair", code=chair), Spec(slug, "screen")][:size]
            if slug == "plenary":
                n = (
                    plenary_delegates(size, len(member_states))
                    if delegates is None
                    else min(delegates, len(member_states), max(0, size - 2))
                )
                chosen = member_states[:n]
            else:
                chosen = member_states[::17][: min(ROUND_TABLE_DELEGATES, max(0, (size - 2) // 3))]
            for pid in chosen:
                code = access.mint(engine, role=Role.DELEGATE, room=slug, participant=pid, label=f"bench {pid}")
                room.append(Spec(slug, "delegate", participant=pid, code=code))
            room += [Spec(slug, "observe")] * max(0, size - len(room))
            specs += room
    finally:
        engine.dispose()
    return Plan(database_url=url, rooms=slugs, specs=specs, chair_codes=chair_codes, on_behalf=others)
