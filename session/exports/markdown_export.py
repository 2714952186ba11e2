"""Markdown: a title, the room's theme and date, and one table of the interventions.

Cells are escaped for GitHub-flavoured tables: a backslash before `\\ | * _ ` [ ] < >`
(so names and notes never break the table or turn into markup or HTML), and line breaks as
`<br>` — the only raw HTML the file holds. The whole event is one file, a section per room.
"""

from session.labels import category_label, group_label, level_label, type_label
from session.times import long_date

from .records import RoomLog, intervention_rows, segment_title

HEADERS = (
    "No.",
    "Participant",
    "Category",
    "Regional group",
    "Level",
    "Type",
    "Requested (UTC)",
    "Started (UTC)",
    "Ended (UTC)",
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


def _cells(row: dict) -> list:
    return [
        row["seq"],
        row["participant"],
        category_label(row["category"], plural=False),
        group_label(row["regional_group"]),
        level_label(row["speaker_level"]),
        type_label(row["type"]),
        row["requested_at"],
        row["started_at"],
        row["ended_at"],
        row["duration_s"],
        row["time_limit_s"],
        row["overrun_s"],
        row["notes"],
    ]


def _section(log: RoomLog, level: str) -> list[str]:
    rows = intervention_rows(log.state, log.directory)
    lines = [f"{level} {escape(log.name)} — interventions", ""]
    if log.theme:
        lines += [escape(log.theme), ""]
    if log.date:
        lines += [f"Date: {escape(long_date(log.date))}", ""]
    if not rows:
        return lines + ["No interventions have been recorded.", ""]
    table_head = [_line(HEADERS), "|" + "|".join("---" for _ in HEADERS) + "|"]
    segment = object()
    for row, intervention in zip(rows, log.state.interventions, strict=True):
        if intervention.request.segment != segment:  # grouped by segment, a table each
            segment = intervention.request.segment
            if segment is not None:
                lines += ["", f"{level}# {escape(segment_title(log.state, segment))}", ""]
            lines += table_head
        lines.append(_line(_cells(row)))
    return lines + [""]


def room(log: RoomLog) -> bytes:
    return "\n".join(_section(log, "#")).encode("utf-8")


def event(logs: list[RoomLog]) -> bytes:
    lines = ["# High-level Dialogue on International Migration and Development — interventions", ""]
    for log in logs:
        lines += _section(log, "##")
    return "\n".join(lines).encode("utf-8")
