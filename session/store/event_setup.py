"""An event file into a database, and back (`session init`, `session event export`, the seed).

What the rooms' logs hold goes in as the secretariat's commands — meetings (`schedule_meeting`),
segments (`add_segment`), the switches, the seat cap (`set_seat_cap`) and the time budgets
(`set_budgets`), inscription opened in a new plenary — decided by the rules
like any other and committed as events; what are rows (the event's settings, the rooms, the
participants; which round tables are judged together and their co-chairs, on the rooms' rows) is
inserted or updated. All of it in one transaction, or nothing: a refusal (a
meeting already held, a room's policy changed) is reported with the file's line and writes nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, Engine

from session.data import reference_participants
from session.data.eventfile import (
    SWITCHES,
    EventFileError,
    EventSpec,
    MeetingSpec,
    ParticipantSpec,
    Problem,
    RoomSpec,
    SegmentSpec,
    caps,
)
from session.data.eventfile.switches import current as current_switches
from session.data.eventfile.switches import defaults as default_switches
from session.domain.commands import AddSegment, Command, OpenInscription, ScheduleMeeting
from session.domain.errors import Refused
from session.domain.room import apply, decide, new_room, replay
from session.domain.state import Event, Policy, RoomRules, RoomState

from . import eventlog
from .tables import ParticipantRow, RoomRow, SettingRow, table_of

ROOMS, PARTICIPANTS, SETTINGS = table_of(RoomRow), table_of(ParticipantRow), table_of(SettingRow)
# The event's own settings, beside those the pages read (eventlog: the time zone, names, venue, days).
TITLE, SHORT_TITLE = eventlog.TITLE_SETTING, eventlog.SHORT_TITLE_SETTING
DATES, LANGUAGES, VENUE = eventlog.DATES_SETTING, "event_languages", eventlog.VENUE_SETTING
_ROOM_FIELDS = ("name", "theme", "policy", "default_limit_s", "date", "ordinal", "co_chairs", "panel_group")
_PARTICIPANT_FIELDS = ("name", "name_fr", "category", "regional_group", "note")


@dataclass
class Plan:
    """What setting up the event changes: said in words, and the writes that do it."""

    changes: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    new_rooms: list[dict[str, Any]] = field(default_factory=list)
    room_updates: list[dict[str, Any]] = field(default_factory=list)
    new_participants: list[dict[str, Any]] = field(default_factory=list)
    participant_updates: list[dict[str, Any]] = field(default_factory=list)
    events: dict[str, list[tuple[Event, str | None, str]]] = field(default_factory=dict)


def set_up(engine: Engine, event: EventSpec, *, dry_run: bool = False, now: float | None = None) -> list[str]:
    """Create or update the event in the database; the changes, in words (none: it was already so).
    A dry run decides everything and writes nothing. Raises EventFileError, having written nothing."""
    now = time.time() if now is None else now
    with engine.begin() as db:
        plan = _plan(db, event, now)
        if not dry_run:
            _write(db, plan)
    return plan.changes


def _plan(db: Connection, event: EventSpec, now: float) -> Plan:
    plan, problems = Plan(), []
    settings = dict(db.execute(sa_select(SETTINGS.c.key, SETTINGS.c.value)).all())
    wanted = {
        eventlog.TIME_ZONE_SETTING: event.time_zone,
        TITLE: event.title,
        SHORT_TITLE: event.short_title,
        DATES: ",".join(d.isoformat() for d in event.dates),
        LANGUAGES: ",".join(event.languages),
        VENUE: event.venue,
    }
    for key, value in wanted.items():
        if settings.get(key) != value:
            plan.settings[key] = value
            plan.changes.append(f"event: {key.removeprefix('event_')} {value!r}")
    rooms = {row.slug: row for row in db.execute(sa_select(ROOMS)).all()}
    group_of = {slug: number for number, group in enumerate(event.panel_groups, start=1) for slug in group}
    for ordinal, room in enumerate(event.rooms):
        values = {
            "slug": room.slug,
            "name": room.name,
            "theme": room.theme,
            "policy": room.policy,
            "default_limit_s": room.default_limit_s,
            "date": room.date.isoformat() if room.date else "",
            "ordinal": ordinal,
            "co_chairs": " ".join(room.co_chairs),
            "panel_group": group_of.get(room.slug, 0),
        }
        known = rooms.get(room.slug)
        if known is None:
            plan.new_rooms.append(values)
            plan.changes.append(f"room {room.slug}: added ({room.name})")
            plan.changes += [f"room {room.slug}: {_chairs(room.co_chairs)}"] if room.co_chairs else []
            plan.changes += [f"room {room.slug}: {_group(event, room.slug)}"] if values["panel_group"] else []
            state = new_room(room.slug, RoomRules(Policy(room.policy), room.default_limit_s))
        else:
            if known.policy != room.policy:
                problems.append(room.where.problem(f"room {room.slug}: its policy is {known.policy}; it cannot change"))
                continue
            changed = [f for f in _ROOM_FIELDS if getattr(known, f) != values[f]]
            if changed:
                plan.room_updates.append(values)
                plan.changes += [f"room {room.slug}: {f} {values[f]!r}" for f in changed if f in _ROOM_FIELDS[:5]]
                plan.changes += [f"room {room.slug}: moved to place {ordinal + 1}"] if "ordinal" in changed else []
                plan.changes += [f"room {room.slug}: {_chairs(room.co_chairs)}"] if "co_chairs" in changed else []
                plan.changes += [f"room {room.slug}: {_group(event, room.slug)}"] if "panel_group" in changed else []
            rules = RoomRules(Policy(room.policy), room.default_limit_s)
            state = replay(new_room(room.slug, rules), eventlog.events_after(db, room.slug, 0))
        problems += _room_events(plan, room, state, event.time_zone, now, new=known is None)
    plan.changes += [
        f"room {slug}: kept (not in the file)" for slug in rooms if slug not in {r.slug for r in event.rooms}
    ]
    people = {row.id: row for row in db.execute(sa_select(PARTICIPANTS)).all()}
    for p in event.everyone():
        values = {"id": p.id, **{f: getattr(p, f) for f in _PARTICIPANT_FIELDS}}
        known = people.get(p.id)
        if known is None:
            plan.new_participants.append(values)
        elif any(getattr(known, f) != values[f] for f in _PARTICIPANT_FIELDS):
            plan.participant_updates.append(values)
            plan.changes.append(f"participant {p.id}: now {p.name!r} ({p.category})")
    if plan.new_participants:
        added = ", ".join(v["id"] for v in plan.new_participants[:8])
        more = len(plan.new_participants) - 8
        plan.changes.append(
            f"participants: {len(plan.new_participants)} added ({added}{f', … {more} more' if more > 0 else ''})"
        )
    if problems:
        raise EventFileError(problems)
    return plan


def _chairs(co_chairs: tuple[str, ...]) -> str:
    return f"co-chairs {', '.join(co_chairs)}" if co_chairs else "no co-chairs"


def _group(event: EventSpec, slug: str) -> str:
    group = next((g for g in event.panel_groups if slug in g), None)
    others = [s for s in group or () if s != slug]
    return f"panel judged together with {', '.join(others)}" if group else "panel judged alone"


def _room_events(plan: Plan, room: RoomSpec, state: RoomState, zone: str, now: float, *, new: bool) -> list[Problem]:
    """The commands that bring the room's log to the file, decided on its state in order."""
    commands: list[tuple[Command[Any], str, Any]] = []
    for meeting in room.meetings:
        starts, ends = meeting.moments(zone)
        known = state.find_meeting(meeting.number)
        if known is None or (known.starts_at, known.ends_at) != (_epoch(starts), _epoch(ends)):
            said = "scheduled" if known is None else "hours changed"
            what = f"room {room.slug}: meeting {meeting.number} {said}, {meeting.date} {meeting.start}–{meeting.end}"
            commands.append((ScheduleMeeting(meeting.number, starts, ends), what, meeting.where))
    held = [(s.title, s.limit_s) for s in state.segments]
    wanted = [(s.title, s.limit_s or room.default_limit_s) for s in room.segments]
    if wanted[: len(held)] != held:
        where = room.segments[0].where if room.segments else room.where
        titles = "; ".join(title for title, _ in held)
        return [where.problem(f"room {room.slug}: segments are added, never changed or removed (it has: {titles})")]
    for segment in room.segments[len(held) :]:
        commands.append(
            (
                AddSegment(segment.title, segment.limit_s),
                f"room {room.slug}: segment {segment.title!r} added",
                segment.where,
            )
        )
    switches = current_switches(state)
    for name, on in sorted(room.switches.items()):
        if switches[name] != on:
            what = f"room {room.slug}: {SWITCHES[name].what}: {'yes' if on else 'no'}"
            commands.append((SWITCHES[name].command(on), what, room.where))
    for command, what in caps.commands(room.slug, room.seat_cap, room.budgets, state):
        commands.append((command, what, room.where))
    if new and room.policy == Policy.PLENARY.value:
        commands.append((OpenInscription(), f"room {room.slug}: inscription open", room.where))
    problems = []
    for command, what, where in commands:
        try:
            facts = decide(state, command, now=now, directory={})
        except Refused as refusal:
            problems.append(where.problem(f"room {room.slug}: {refusal.message}"))
            continue
        event = Event(seq=state.version + 1, action=command.action, data=facts, at=now, actor="organiser")
        apply(state, event)
        sent = json.dumps({"action": command.action, **vars(command)})
        plan.events.setdefault(room.slug, []).append((event, None, sent))
        plan.changes.append(what)
    return problems


def _epoch(moment: str) -> float:
    return datetime.fromisoformat(moment).timestamp()


def _write(db: Connection, plan: Plan) -> None:
    for key, value in plan.settings.items():
        if db.execute(update(SETTINGS).where(SETTINGS.c.key == key).values(value=value)).rowcount == 0:
            db.execute(insert(SETTINGS).values(key=key, value=value))
    if plan.new_rooms:
        db.execute(insert(ROOMS), plan.new_rooms)
    for values in plan.room_updates:
        db.execute(update(ROOMS).where(ROOMS.c.slug == values["slug"]).values(**values))
    if plan.new_participants:
        db.execute(insert(PARTICIPANTS), plan.new_participants)
    for values in plan.participant_updates:
        db.execute(update(PARTICIPANTS).where(PARTICIPANTS.c.id == values["id"]).values(**values))
    for slug, events in plan.events.items():
        eventlog.append_many(db, slug, events)


def export(engine: Engine) -> EventSpec:
    """The event as the database holds it now, for `session event export`."""
    with engine.connect() as db:
        settings = dict(db.execute(sa_select(SETTINGS.c.key, SETTINGS.c.value)).all())
        rooms = db.execute(sa_select(ROOMS).order_by(ROOMS.c.ordinal)).all()
        people = db.execute(sa_select(PARTICIPANTS)).all()
        logs = {room.slug: eventlog.events_after(db, room.slug, 0) for room in rooms}
    zone = settings.get(eventlog.TIME_ZONE_SETTING, "UTC")
    specs = []
    for room in rooms:
        state = replay(new_room(room.slug, RoomRules(Policy(room.policy), room.default_limit_s)), logs[room.slug])
        fresh = default_switches(room.policy, room.default_limit_s)
        seat_cap, budgets = caps.current(state)
        specs.append(
            RoomSpec(
                slug=room.slug,
                name=room.name,
                policy=room.policy,
                default_limit_s=room.default_limit_s,
                theme=room.theme,
                date=date.fromisoformat(room.date) if room.date else None,
                switches={n: on for n, on in current_switches(state).items() if on != fresh[n]},
                meetings=tuple(_meeting(m.number, m.starts_at, m.ends_at, zone) for m in state.meetings),
                segments=tuple(
                    SegmentSpec(s.title, None if s.limit_s == room.default_limit_s else s.limit_s)
                    for s in state.segments
                ),
                co_chairs=tuple(room.co_chairs.split()),
                seat_cap=seat_cap,
                budgets=budgets,
            )
        )
    groups: dict[int, list[str]] = {}
    for room in rooms:
        if room.panel_group:
            groups.setdefault(room.panel_group, []).append(room.slug)
    reference = {p.id: p for p in reference_participants()}
    held = {row.id: row for row in people}
    whole = all(pid in held for pid in reference)
    participants = [
        ParticipantSpec(row.id, row.name, row.category, row.name_fr, row.regional_group, row.note)
        for row in people
        if not whole
        or row.id not in reference
        or any(getattr(reference[row.id], f) != getattr(row, f) for f in _PARTICIPANT_FIELDS)
    ]
    return EventSpec(
        title=settings.get(TITLE, "") or "Event",
        dates=tuple(date.fromisoformat(d) for d in settings.get(DATES, "").split(",") if d),
        time_zone=zone,
        rooms=tuple(specs),
        languages=tuple(lang for lang in settings.get(LANGUAGES, "en,fr,es,ru,zh,ar").split(",") if lang),
        venue=settings.get(VENUE, ""),
        short_title=settings.get(SHORT_TITLE, ""),
        reference_participants=whole,
        participants=tuple(participants),
        panel_groups=tuple(tuple(groups[n]) for n in sorted(groups)),
    )


def _meeting(number: int, starts_at: float, ends_at: float, zone: str) -> MeetingSpec:
    tz = ZoneInfo(zone)
    starts, ends = datetime.fromtimestamp(starts_at, tz), datetime.fromtimestamp(ends_at, tz)
    return MeetingSpec(number, starts.date(), starts.strftime("%H:%M"), ends.strftime("%H:%M"))
