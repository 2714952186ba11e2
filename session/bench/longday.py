"""The long day: the same chair actions timed early and at 6 p.m. on day two (`session bench --long-day`).

Both times the plenary has its 193 Member States inscribed; early it has heard its first page of
statements (20: the live record is full, as from the first hour on), late 600. Each case is a
database of its own, filled straight into the room's log before its server starts -- the domain's
own rules decide each command (a further statement is allowed by the chair first, as the rules of
inscription want) and it is written as the command path writes it: set-up, not measured. Then the
server phase of `meeting` runs on it (without the delegates' burst), and the two are compared: the
chair's answer (p50, p99), delivery to each client (p99) and the bytes a push carries, each within
1.2x early's. The web tests open the pages of a room filled the same way.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass
from pathlib import Path

from session.domain.commands import parse_command
from session.domain.room import apply, decide
from session.domain.state import Event, RoomState
from session.store.database import make_engine
from session.store.eventlog import append_many, load_directory, load_rooms, load_state

INTERVENTIONS = 600
EARLY = 20  # the first page of the record: what a screen's live record holds from then on
WAITING = 193
TARGET_RATIO = 1.2
SPOKEN_S = 170.0  # each intervention's length, a little under the plenary's five minutes' notice
CHAIR = "chair:long-day"
FILL_BATCH = 500  # events per transaction


@dataclass
class Filler:
    state: RoomState
    directory: dict
    now: float
    entries: list[tuple[Event, str | None, str]]  # as the command path appends them

    def act(self, action: str, **fields: object) -> None:
        command = parse_command({"action": action, **fields})
        data = decide(self.state, command, now=self.now, directory=self.directory)
        event = Event(seq=self.state.version + 1, action=action, data=data, at=self.now, actor=CHAIR)
        apply(self.state, event)
        self.entries.append((event, None, json.dumps({"actor": CHAIR, "action": action, **fields})))

    def inscribe(self, participant: str) -> None:
        """A statement for `participant`, after the chair allows it one more when it has spoken."""
        if any(r.participant == participant for r in self.state.queue):
            raise ValueError(f"{participant} is already waiting")
        used = sum(1 for i in self.state.interventions if i.request.participant == participant)
        if used:
            self.act("allow_second_statement", participant=participant)
        self.act("request_floor", participant=participant, type="statement")


def fill(
    database_url: str,
    room: str,
    *,
    interventions: int = INTERVENTIONS,
    waiting: int = WAITING,
    start: float | None = None,
) -> int:
    """Hear `interventions` statements in `room` from `start` on (by default, so that the last ends
    a minute before now), then leave `waiting` Member States on its list; return its version."""
    if start is None:
        start = time.time() - interventions * (SPOKEN_S + 10.0) - waiting - 60.0
    engine = make_engine(database_url)
    try:
        row = next(r for r in load_rooms(engine) if r.slug == room)
        directory = load_directory(engine)
        states = sorted(p.id for p in directory.values() if p.category == "member_state")
        if waiting > len(states):
            raise ValueError(f"at most {len(states)} Member States can wait")
        filler = Filler(load_state(engine, row), directory, start, [])
        for i in range(interventions):
            filler.inscribe(states[i % len(states)])
            filler.act("call_next")
            filler.act("timer_start")  # the speaker at the rostrum: the clock runs, the time counts
            filler.now += SPOKEN_S
            filler.act("end_intervention")
            filler.now += 10.0
        for participant in states[:waiting]:
            filler.inscribe(participant)
            filler.now += 1.0
        for at in range(0, len(filler.entries), FILL_BATCH):
            with engine.begin() as db:
                append_many(db, room, filler.entries[at : at + FILL_BATCH])
        return filler.state.version
    finally:
        engine.dispose()


# Compared late against early: (label, where in a phase's summary, the figure).
FIGURES = (
    ("chair's answer, p50 (ms)", "send_ms", "p50"),
    ("chair's answer, p99 (ms)", "send_ms", "p99"),
    ("delivery to each client, p99 (ms)", "latency_ms", "p99"),
    ("push, mean (bytes)", "frame_bytes_mean", None),
)


def figure(summary: dict, where: str, key: str | None) -> float:
    value = summary[where] if key is None else summary[where][key]
    return float(value) if value is not None else math.nan


async def long_day(clients: int, actions: int, delegates: int | None, workdir: Path, seed: int, log) -> dict:
    """Early and late, each on a plenary of `clients` (a rapporteur among the gallery), and their ratios."""
    from session.bench.meeting import session_phase
    from session.bench.plan import Spec, prepare
    from session.domain.permissions import Role
    from session.store import access

    phases: dict[str, dict] = {}
    for name, heard in (("early", EARLY), ("late", INTERVENTIONS)):
        where = workdir / f"long-day-{name}"
        where.mkdir(parents=True, exist_ok=True)
        plan = prepare(where, clients, 1, delegates)
        engine = make_engine(plan.database_url)
        try:
            code = access.mint(engine, role=Role.RAPPORTEUR, room="plenary", label="bench rapporteur")
        finally:
            engine.dispose()
        gallery = [i for i, s in enumerate(plan.specs) if s.view == "observe"]
        if gallery:  # the rapporteur's desk carries the record with its notes and the balance of voices
            plan.specs[gallery[-1]] = Spec("plenary", "log", code=code)
        began = time.perf_counter()
        fill(plan.database_url, "plenary", interventions=heard)
        log(f"long day, {name}: {heard} heard and the list inscribed, in {time.perf_counter() - began:.1f} s")
        summary, _burst = await session_phase(plan, actions, where, random.Random(seed), log, burst=False, memory=False)
        phases[name] = summary | {"heard_before": heard}
    early, late = phases["early"], phases["late"]
    ratio = {
        f"{where}_{key}" if key else where: _ratio(figure(late, where, key), figure(early, where, key))
        for _label, where, key in FIGURES
    }
    return {"early": early, "late": late, "ratio": ratio, "target_ratio": TARGET_RATIO}


def _ratio(late: float, early: float) -> float:
    return late / early if early and not math.isnan(late) and not math.isnan(early) else math.nan


def within_target(result: dict) -> bool:
    """Every figure late within 1.2x early's, and every update delivered in both."""
    delivered = all(
        p["missed"] == 0 and not p["failed_actions"] and p["connected"] == p["clients"]
        for p in (result["early"], result["late"])
    )
    return delivered and all(not math.isnan(r) and r <= TARGET_RATIO for r in result["ratio"].values())


def format_table(result: dict) -> str:
    early, late, ratio = result["early"], result["late"], result["ratio"]
    lines = [
        (
            f"session bench --long-day — the plenary, {early['clients']} clients, {early['actions']} chair actions, "
            f"{WAITING} inscribed; early after {early['heard_before']} statements, late after {late['heard_before']}"
        ),
        "",
        f"{'':<40}{'early':>12}{'late':>12}{'ratio':>9}",
    ]
    for (label, where, key), r in zip(FIGURES, ratio.values()):
        a, b = figure(early, where, key), figure(late, where, key)
        cells = [f"{v:.1f}" if not math.isnan(v) else "—" for v in (a, b)]
        lines.append(f"{label:<40}{cells[0]:>12}{cells[1]:>12}{(f'{r:.2f}×' if not math.isnan(r) else ''):>9}")
    for name, p in (("early", early), ("late", late)):
        if p["missed"] or p["failed_actions"] or p["connected"] < p["clients"]:
            lines.append(
                f"{name}: missed {p['missed']}, connected {p['connected']}/{p['clients']}, "
                f"failed {p['failed_actions'][:3]}"
            )
    lines += ["", f"target: every ratio ≤ {TARGET_RATIO}× {'met' if within_target(result) else 'MISSED'}"]
    return "\n".join(lines)
