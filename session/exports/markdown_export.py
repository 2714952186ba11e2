"""Markdown: a title, the room's theme and date, the interventions, the list's changes and statistics.

A room whose debate ran in meetings has a section per meeting ("25th plenary meeting — Thursday,
3 October 2013, 10 a.m.–1 p.m."): its table of interventions, the speakers absent when called and
the places swapped, in order, and its statistics; the whole debate's statistics come last. Times
are the event's, as UN documents write them ("10:02 a.m."); the day is the heading's unless the
time says its own.

Cells are escaped for GitHub-flavoured tables: a backslash before `\\ | * _ ` [ ] < >`
(so names and notes never break the table or turn into markup or HTML), and line breaks as
`<br>` — the only raw HTML the file holds. The whole event is one file, a section per room.
"""

from session.domain.state import FloorRequest, Intervention
from session.labels import category_label, group_label, level_label, type_label
from session.times import clock, long_date

from .meetings import (
    Clock,
    Figures,
    Part,
    clock_for,
    figures,
    grouped,
    heading,
    list_changes,
    part_title,
    parts,
    zone_note,
)
from .records import EventName, RoomLog, intervention_rows, segment_title

HEADERS = (
    "No.",
    "Participant",
    "Speaker",
    "Category",
    "Regional group",
    "Level",
    "Type",
    "Requested",
    "Started",
    "Ended",
    "Duration (s)",
    "Limit (s)",
    "Overrun (s)",
    "Notes",
)
_SPECIAL = set("\\|*_`[]<>")


def escape(value: object) -> str:
    text = "" if value is None else str(value)
    text = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _line(cells) -> str:
    return "| " + " | ".join(escape(c) for c in cells) + " |"


def _speaker(request: FloorRequest) -> str:
    """`H.E. Mr. Albert del Rosario, Secretary of Foreign Affairs, on behalf of …`, as inscribed."""
    who = ", ".join(part for part in (request.speaker, request.title) if part)
    behalf = f"on behalf of {request.on_behalf_of}" if request.on_behalf_of else ""
    return ", ".join(part for part in (who, behalf) if part)


def _cells(row: dict, intervention: Intervention, times: Clock) -> list:
    return [
        row["seq"],
        row["participant"],
        _speaker(intervention.request),
        category_label(row["category"], plural=False),
        group_label(row["regional_group"]),
        level_label(row["speaker_level"]),
        type_label(row["type"]),
        times.at(intervention.request.requested_at),
        times.at(intervention.started_at),
        times.at(intervention.ended_at),
        row["duration_s"],
        row["time_limit_s"],
        row["overrun_s"],
        row["notes"],
    ]


def _interventions(log: RoomLog, part: Part, times: Clock, level: str) -> list[str]:
    state = part.state
    rows = intervention_rows(state, log.directory)
    if not rows:
        return ["No interventions have been recorded.", ""]
    lines: list[str] = []
    table_head = [_line(HEADERS), "|" + "|".join("---" for _ in HEADERS) + "|"]
    segment = object()
    for row, intervention in zip(rows, state.interventions, strict=True):
        if intervention.request.segment != segment:  # grouped by segment, a table each
            segment = intervention.request.segment
            if segment is not None:
                lines += ["", f"{level}# {escape(segment_title(state, segment))}", ""]
            lines += table_head
        lines.append(_line(_cells(row, intervention, times)))
    return lines + [""]


def _changes(log: RoomLog, part: Part, times: Clock) -> list[str]:
    changes = list_changes(log, part.state)
    if not changes:
        return []
    return (
        ["Absent when called and places swapped:", ""]
        + [f"- {escape(times.at(at))}: {escape(text)}" for at, text in changes]
        + [""]
    )


def _shares(shares, label) -> str:
    heard = [f"{label(s.key)} {s.turns} ({clock(s.spoken_s)})" for s in shares if s.turns]
    return "; ".join(heard) or "none"


def _statistics(title: str, level: str, f: Figures) -> list[str]:
    stats = f.balance
    lines = [f"{level} {escape(title)}", ""]
    lines.append(f"- Interventions heard: {f.heard}, of which points of order: {f.points_of_order}")
    lines.append(f"- Speaking time: {clock(f.spoken_s)} (points of order: {clock(f.points_of_order_s)})")
    lines.append(
        f"- Over the time limit: {f.over} of {f.heard}; mean overrun {stats.mean_overrun_s:.1f} s, "
        f"maximum {stats.max_overrun_s:.1f} s"
    )
    lines.append(f"- By regional group (Member States): {escape(_shares(stats.by_group, group_label))}")
    lines.append(f"- By stakeholder category: {escape(_shares(stats.by_category, category_label))}")
    lines.append(f"- Asked for the floor and not yet heard: {len(stats.not_yet_heard)}")
    return lines + [""]


def _section(log: RoomLog, level: str) -> list[str]:
    lines = [f"{level} {escape(log.name)} — interventions", ""]
    if log.theme:
        lines += [escape(log.theme), ""]
    if log.date:
        lines += [f"Date: {escape(long_date(log.date))}", ""]
    lines += [escape(zone_note(log)), ""]
    found = parts(log)
    by_meeting = grouped(found)
    sub = level + "#"
    for part in found:
        times = clock_for(log, part, found)
        if by_meeting:
            lines += [f"{sub} {escape(heading(log, part))}", ""]
        lines += _interventions(log, part, times, sub if by_meeting else level)
        lines += _changes(log, part, times)
        if len(found) > 1:
            lines += _statistics(f"Statistics: {part_title(log, part)}", sub + "#", figures(log, part.state))
    if log.state.interventions:
        whole = "Statistics of the whole debate" if len(found) > 1 else "Statistics"
        lines += _statistics(whole, sub, figures(log, log.state))
    return lines


def room(log: RoomLog) -> bytes:
    return "\n".join(_section(log, "#")).encode("utf-8")


def event(logs: list[RoomLog], name: EventName) -> bytes:
    lines = [f"# {escape(name.title)} — interventions", ""]
    for log in logs:
        lines += _section(log, "##")
    return "\n".join(lines).encode("utf-8")
