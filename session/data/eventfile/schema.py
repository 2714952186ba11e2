"""An event file, read and checked: what `session init` sets up and `session event export` writes.

The round tables whose panels are judged together for equitable geographical representation
(PROCEDURE.md §3) are a `[[panel_groups]]` of the event, each naming its rooms; a round table's
`co_chairs` are participant ids of the event's list, and count in that judgement.

Every problem is collected (a file is refused whole, with all of them at once), and each names the
file, the line and what is wrong: `hld-2013.toml:42: rooms: 'policy' must be one of plenary,
round_table (not 'roundtable')`.
"""

from __future__ import annotations

import csv
import re
import tomllib
from datetime import date
from pathlib import Path as FilePath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from session.domain.state import Policy

from ..reference import CATEGORIES, REGIONAL_GROUPS, reference_participants
from .caps import read_budgets, read_seat_cap
from .locate import Locator, Path
from .reader import Reader
from .spec import (
    LANGUAGES,
    EventFileError,
    EventSpec,
    MeetingSpec,
    ParticipantSpec,
    Problem,
    RoomSpec,
    SegmentSpec,
    Where,
)
from .switches import SWITCHES, defaults

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_ID = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,19}")
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
SHORT_TITLE_LONGEST = 40  # it sits in the header bar beside the room's name, on a phone too
_PARTICIPANT_KEYS = ("id", "name", "name_fr", "category", "regional_group", "note")


def load(path: str | FilePath) -> EventSpec:
    path = FilePath(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EventFileError([Problem(str(path), 1, f"cannot be read ({error})")]) from error
    return parse(text, file=str(path), folder=path.parent)


def parse(text: str, *, file: str, folder: FilePath | None = None) -> EventSpec:
    """Read and check an event file's text; `folder` is where its CSV of participants is looked for."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise EventFileError([Problem(file, int(found.group(1)) if found else 1, f"not TOML: {error}")]) from error
    reader = _Reader(file, Locator(text))
    spec = reader.event(document, folder)
    if reader.problems:
        raise EventFileError(reader.problems)
    assert spec is not None
    return spec


class _Reader(Reader):
    def __init__(self, file: str, locator: Locator) -> None:
        super().__init__(file, locator)
        self.chairs: list[tuple[str, str, Where]] = []  # (room, co-chair, where), checked against the list

    def event(self, document: dict[str, Any], folder: FilePath | None) -> EventSpec | None:
        top = self.table(document, (), ("event", "rooms", "panel_groups", "participants"), ("event", "rooms"))
        keys: tuple[str, ...] = ("title", "short_title", "dates", "time_zone", "languages", "venue")
        keys += ("reference_participants", "participants_csv")
        head = self.table(top.get("event", {}), ("event",), keys, ("title", "dates", "time_zone"))
        path: Path = ("event",)
        title = self.text(head, path, "title", longest=200)
        if "title" in head and not title:
            self.problem(path + ("title",), "'title' is empty")
        short_title = self.text(head, path, "short_title", longest=SHORT_TITLE_LONGEST)
        if "short_title" in head and not short_title:
            self.problem(path + ("short_title",), "'short_title' is empty (leave it out: the bar then shows the title)")
        dates = self.days(head["dates"], path + ("dates",)) if "dates" in head else []
        zone = self.text(head, path, "time_zone", "UTC", longest=60)
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem(
                path + ("time_zone",), f"'time_zone' must be an IANA time zone such as America/New_York (not '{zone}')"
            )
            zone = "UTC"
        languages = head.get("languages", list(LANGUAGES))
        if not isinstance(languages, list) or not languages or any(lang not in LANGUAGES for lang in languages):
            self.problem(path + ("languages",), f"'languages' must list some of {', '.join(LANGUAGES)}")
            languages = list(LANGUAGES)
        reference = head.get("reference_participants", True)
        if not isinstance(reference, bool):
            self.problem(path + ("reference_participants",), "'reference_participants' must be true or false")
            reference = True
        rooms = self.rooms(top.get("rooms", []), zone)
        participants = self.participants(top.get("participants", []))
        csv_name = self.text(head, path, "participants_csv", longest=200)
        if csv_name:
            participants += self.participants_csv(csv_name, folder, path + ("participants_csv",))
        self.unique([p.id for p in participants], [p.where for p in participants], "participant")
        listed = {p.id for p in participants} | ({p.id for p in reference_participants()} if reference else set())
        self.co_chairs_known(listed)
        groups = self.panel_groups(top.get("panel_groups", []), rooms)
        return EventSpec(
            title=title,
            dates=tuple(dates),
            time_zone=zone,
            rooms=tuple(rooms),
            languages=tuple(languages),
            venue=self.text(head, path, "venue", longest=200),
            short_title=short_title,
            reference_participants=reference,
            participants=tuple(participants),
            participants_csv=csv_name,
            panel_groups=groups,
        )

    def days(self, value: Any, path: Path) -> list[date]:
        if not isinstance(value, list) or not value:
            self.problem(path, "'dates' must list the event's days, e.g. [2013-10-03, 2013-10-04]")
            return []
        found = [self.day(v, path, "dates") for v in value]
        return sorted(d for d in found if d is not None)

    def rooms(self, value: Any, zone: str) -> list[RoomSpec]:
        if not isinstance(value, list) or not value:
            self.problem(("rooms",), "the event needs at least one [[rooms]]")
            return []
        rooms = [room for i, item in enumerate(value) if (room := self.room(item, ("rooms", i))) is not None]
        self.unique([r.slug for r in rooms], [r.where for r in rooms], "room")
        return rooms

    def room(self, item: Any, path: Path) -> RoomSpec | None:
        keys = (
            "slug",
            "name",
            "theme",
            "policy",
            "default_limit_s",
            "date",
            "switches",
            "seat_cap",
            "budgets",
            "co_chairs",
            "meetings",
            "segments",
        )
        room = self.table(item, path, keys, ("slug", "name", "policy"))
        slug = self.text(room, path, "slug", longest=40)
        if "slug" in room and not _SLUG.fullmatch(slug):
            self.problem(path + ("slug",), f"'slug' must be lower-case letters, digits, - or _ (not '{slug}')")
        policy = self.choice(room, path, "policy", tuple(p.value for p in Policy), Policy.ROUND_TABLE.value)
        policy = policy if policy in tuple(p.value for p in Policy) else Policy.ROUND_TABLE.value
        limit = self.number(room, path, "default_limit_s", 30, 3600)
        limit = limit or (300 if policy == Policy.PLENARY.value else 180)
        switches = self.switches(room.get("switches", {}), path + ("switches",), policy, limit)
        meetings = [self.meeting(m, path + ("meetings", i)) for i, m in enumerate(self.array(room, path, "meetings"))]
        segments = [
            self.segment(s, path + ("segments", i), limit) for i, s in enumerate(self.array(room, path, "segments"))
        ]
        kept = [m for m in meetings if m is not None]
        self.unique([str(m.number) for m in kept], [m.where for m in kept], "meeting")
        return RoomSpec(
            slug=slug,
            name=self.text(room, path, "name", longest=200),
            policy=policy,
            default_limit_s=limit,
            theme=self.text(room, path, "theme"),
            date=self.day(room["date"], path + ("date",), "date") if "date" in room else None,
            switches=switches,
            meetings=tuple(sorted(kept, key=lambda m: m.number)),
            segments=tuple(s for s in segments if s is not None),
            co_chairs=self.co_chairs(room, path, policy),
            seat_cap=self.caps(read_seat_cap(room["seat_cap"], policy), path) if "seat_cap" in room else None,
            budgets=self.caps(read_budgets(room["budgets"]), path) if "budgets" in room else None,
            where=self.where(path),
        )

    def co_chairs(self, room: dict[str, Any], path: Path, policy: str) -> tuple[str, ...]:
        if "co_chairs" not in room:
            return ()
        value, path = room["co_chairs"], path + ("co_chairs",)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, '\'co_chairs\' must list participant ids in quotes, e.g. ["KEN", "SWE"]')
            return ()
        if value and policy != Policy.ROUND_TABLE.value:
            self.problem(path, "only a round table has co-chairs (a plenary has its President)")
        ids = tuple(v.strip() for v in value)
        self.chairs += [(str(room.get("slug", "")), pid, self.where(path)) for pid in ids]
        for twice in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(path, f"co-chair '{twice}' is given twice")
        return tuple(dict.fromkeys(ids))

    def co_chairs_known(self, listed: set[str]) -> None:
        """Every co-chair is a participant of the event's list, which is known once the file is read."""
        for slug, pid, where in self.chairs:
            if pid not in listed:
                self.problems.append(where.problem(f"room {slug}: co-chair '{pid}' is not a participant of the event"))

    def panel_groups(self, value: Any, rooms: list[RoomSpec]) -> tuple[tuple[str, ...], ...]:
        if not isinstance(value, list):
            self.problem(("panel_groups",), "panel groups must be written as [[panel_groups]] tables")
            return ()
        policies = {r.slug: r.policy for r in rooms}
        order = {r.slug: i for i, r in enumerate(rooms)}
        grouped: dict[str, int] = {}
        groups = []
        for i, item in enumerate(value):
            path: Path = ("panel_groups", i)
            group = self.table(item, path, ("rooms",), ("rooms",))
            slugs = group.get("rooms", [])
            if "rooms" in group and (not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs)):
                self.problem(path + ("rooms",), '\'rooms\' must list room slugs in quotes, e.g. ["rt1", "rt2"]')
                continue
            if "rooms" in group and not slugs:
                self.problem(path + ("rooms",), "'rooms' is empty")
            kept = []
            for slug in slugs:
                if slug not in policies:
                    self.problem(path + ("rooms",), f"panel group: no room '{slug}' in the file")
                elif policies[slug] != Policy.ROUND_TABLE.value:
                    self.problem(path + ("rooms",), f"panel group: room '{slug}' is not a round table")
                elif slug in grouped:
                    self.problem(path + ("rooms",), f"panel group: room '{slug}' is in group {grouped[slug]} already")
                else:
                    grouped[slug] = i + 1
                    kept.append(slug)
            if kept:
                groups.append(tuple(sorted(kept, key=order.__getitem__)))
        return tuple(groups)

    def switches(self, value: Any, path: Path, policy: str, limit: int) -> dict[str, bool]:
        table = self.table(value, path, tuple(SWITCHES))
        fresh = defaults(policy, limit)
        for name, on in table.items():
            if name in SWITCHES and not isinstance(on, bool):
                self.problem(path + (name,), f"switch '{name}' must be true or false")
        return {n: on for n, on in table.items() if n in SWITCHES and isinstance(on, bool) and on != fresh[n]}

    def meeting(self, item: Any, path: Path) -> MeetingSpec | None:
        meeting = self.table(item, path, ("number", "date", "start", "end"), ("number", "date", "start", "end"))
        number = self.number(meeting, path, "number", 1, 9999)
        day = self.day(meeting["date"], path + ("date",), "date") if "date" in meeting else None
        hours = []
        for key in ("start", "end"):
            value = meeting.get(key, "")
            if key in meeting and not (isinstance(value, str) and _CLOCK.fullmatch(value)):
                self.problem(
                    path + (key,), f"'{key}' must be a time of day in quotes, 24-hour, e.g. \"15:00\" (not {value!r})"
                )
            hours.append(value if isinstance(value, str) else "")
        if _CLOCK.fullmatch(hours[0]) and _CLOCK.fullmatch(hours[1]) and hours[1] <= hours[0]:
            self.problem(path + ("end",), f"the meeting ends ({hours[1]}) before it starts ({hours[0]})")
        if number is None or day is None or not all(_CLOCK.fullmatch(h) for h in hours):
            return None
        return MeetingSpec(number, day, hours[0], hours[1], self.where(path))

    def segment(self, item: Any, path: Path, room_limit: int) -> SegmentSpec | None:
        segment = self.table(item, path, ("title", "limit_s"), ("title",))
        title = self.text(segment, path, "title", longest=200)
        limit = self.number(segment, path, "limit_s", 30, 3600)
        return SegmentSpec(title, None if limit == room_limit else limit, self.where(path)) if title else None

    def participants(self, value: Any) -> list[ParticipantSpec]:
        if not isinstance(value, list):
            self.problem(("participants",), "participants must be written as [[participants]] tables")
            return []
        found = [self.participant(item, ("participants", i)) for i, item in enumerate(value)]
        return [p for p in found if p is not None]

    def participant(self, item: Any, path: Path, where: Where | None = None) -> ParticipantSpec | None:
        before = len(self.problems)
        person = self.table(item, path, _PARTICIPANT_KEYS, ("id", "name", "category"))
        pid = self.text(person, path, "id", longest=20)
        if "id" in person and not _ID.fullmatch(pid):
            self.problem(path + ("id",), f"'id' must be capitals and digits, at most 20 (MEX, IOM, ...) (not '{pid}')")
        category = self.choice(person, path, "category", CATEGORIES, "ngo")
        group = self.text(person, path, "regional_group") or None
        if group is not None and group not in REGIONAL_GROUPS:
            self.problem(path + ("regional_group",), f"'regional_group' must be one of {', '.join(REGIONAL_GROUPS)}")
        if group is not None and category != "member_state":
            self.problem(path + ("regional_group",), "only a Member State has a regional group")
        if group is None and category == "member_state":
            self.problem(path, "a Member State needs its 'regional_group'")
        name = self.text(person, path, "name", longest=200)
        if "name" in person and not name:
            self.problem(path + ("name",), "'name' is empty")
        if len(self.problems) > before:
            return None
        return ParticipantSpec(
            id=pid,
            name=name,
            category=category,
            name_fr=self.text(person, path, "name_fr", longest=200),
            regional_group=group,
            note=self.text(person, path, "note"),
            where=where or self.where(path),
        )

    def participants_csv(self, name: str, folder: FilePath | None, path: Path) -> list[ParticipantSpec]:
        csv_path = (folder or FilePath(".")) / name
        try:
            text = csv_path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.problem(path, f"'participants_csv': cannot read {csv_path} ({error})")
            return []
        rows = list(csv.reader(text.splitlines()))
        header = [cell.strip() for cell in rows[0]] if rows else []
        outside = [h for h in header if h not in _PARTICIPANT_KEYS]
        if not {"id", "name", "category"} <= set(header) or outside:
            self.problems.append(
                Problem(str(csv_path), 1, f"the first line must name the columns, among {', '.join(_PARTICIPANT_KEYS)}")
            )
            return []
        outer, self.locator = self.locator, Locator("")
        try:
            found = []
            for number, row in enumerate(rows[1:], start=2):
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header):
                    self.problems.append(Problem(str(csv_path), number, "more cells than the first line has columns"))
                    continue
                cells = {h: v for h, v in zip(header, row) if v.strip() or h in ("id", "name", "category")}
                file, self.file = self.file, str(csv_path)
                self.locator.lines = {(): number}
                found.append(self.participant(cells, (), Where(str(csv_path), number)))
                self.file = file
            return [p for p in found if p is not None]
        finally:
            self.locator = outer
