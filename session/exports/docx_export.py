"""The DOCX "Summary of the round table" (for the plenary, "Summary of the plenary meeting"),
in the manner of a UN summary: title, room and theme, date, chair(s), panel, the key
interventions the rapporteur marked, every intervention in the order it was heard with the
rapporteur's notes, key points and any ruling, then the statistics of `domain.balance`.

A debate held in meetings is told meeting by meeting, under each meeting's heading: its
interventions with the speakers absent when called and the places swapped where they happened,
then the meeting's statistics; the whole debate's statistics close the summary. Times are the
event's, as UN documents write them ("10:01 a.m.–10:04 a.m.").

The whole event is one document: a title, then each room's summary on its own page.
"""

import io
import re
from datetime import UTC, datetime

from docx import Document
from docx.shared import Cm

from session.domain.balance import REGIONAL_GROUPS, Share, budget_lines
from session.domain.commands import RequestType
from session.domain.participants import Level
from session.domain.state import FloorRequest, Intervention, RoomState
from session.labels import category_label, group_label, level_label, type_label
from session.times import clock, long_date

from .meetings import (
    Clock,
    Part,
    clock_for,
    delegation,
    figures,
    grouped,
    heading,
    list_changes,
    part_title,
    parts,
    zone_note,
)
from .records import EventName, RoomLog, notes_text, segment_title

# Levels worth naming in the record ("Mexico, Minister"); below these the delegation speaks.
_NAMED_LEVELS = {
    Level.HEAD_OF_STATE,
    Level.VICE_PRESIDENT,
    Level.HEAD_OF_GOVERNMENT,
    Level.DEPUTY_PRIME_MINISTER,
    Level.MINISTER,
    Level.VICE_MINISTER,
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def title_of(log: RoomLog) -> str:
    if log.is_plenary:
        return "Summary of the plenary meeting"
    return "Summary of the round table" if log.name.startswith("Round table") else f"Summary: {log.name}"


def _text(value: str) -> str:
    """Text Word can hold: line breaks as `\\n` (python-docx makes them breaks), no control characters."""
    return _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _paragraph(doc, text: str = "", *, bold: str = "", style: str | None = None, indent: bool = False):
    paragraph = doc.add_paragraph(style=style)
    if bold:
        paragraph.add_run(_text(bold)).bold = True
    if text:
        paragraph.add_run(_text(text))
    if indent:
        paragraph.paragraph_format.left_indent = Cm(1)
    return paragraph


def _table(doc, header: tuple[str, ...], rows: list[tuple]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = _text(str(value))


def _share_rows(shares: list[Share], label) -> list[tuple]:
    return [(label(s.key), s.turns, clock(s.spoken_s), s.waiting) for s in shares]


def _speaker(log: RoomLog, request: FloorRequest) -> str:
    """`Philippines (H.E. Mr. …, Secretary of Foreign Affairs), on behalf of …`; without an
    inscribed speaker, `Mexico, Minister` for the levels worth naming."""
    if request.speaker or request.title:
        name = delegation(log, request)
    else:
        name = log.name_of(request.participant)
        if request.level in _NAMED_LEVELS:
            name = f"{name}, {level_label(request.level.value)}"
    return f"{name}, on behalf of {request.on_behalf_of}" if request.on_behalf_of else name


def _room(doc, log: RoomLog, top: int) -> None:
    state = log.state
    doc.add_heading(title_of(log), level=top)
    _paragraph(doc, f"{log.name}: {log.theme}" if log.theme else log.name, style="Subtitle")
    if log.date:
        _paragraph(doc, long_date(log.date), bold="Date: ")
    chairs = "; ".join(log.chairs) or "not recorded"
    _paragraph(doc, chairs, bold=("Co-chairs: " if len(log.chairs) > 1 else "Chair: "))
    _paragraph(doc, zone_note(log))

    if not log.is_plenary:
        doc.add_heading("Panel", level=top + 1)
        if not state.panel:
            _paragraph(doc, "No panellists were seated.")
        for pid in state.panel:
            _paragraph(doc, log.name_of(pid), style="List Bullet")

    key = [
        i
        for i in state.interventions
        if state.annotations.get(i.request.entry, None) and state.annotations[i.request.entry].summary
    ]
    if key:
        doc.add_heading("Key interventions", level=top + 1)
        for i in key:
            annotation = state.annotations[i.request.entry]
            _paragraph(
                doc,
                f" ({type_label(i.request.type.value)}): " + (annotation.key_points or annotation.notes),
                bold=_speaker(log, i.request),
                style="List Bullet",
            )

    doc.add_heading("Interventions", level=top + 1)
    found = parts(log)
    by_meeting = grouped(found)
    for part in found:
        times = clock_for(log, part, found)
        if by_meeting:
            doc.add_heading(heading(log, part), level=top + 2)
        _part(doc, log, part, times, top + 3 if by_meeting else top + 2)
        if len(found) > 1:
            _statistics(doc, log, part.state, times, f"Statistics: {part_title(log, part)}", top + 3)
    if state.current is not None:
        _paragraph(doc, f"Speaking at the time of export (not counted): {log.name_of(state.current.participant)}.")

    whole = "Statistics of the whole debate" if len(found) > 1 else "Statistics"
    _statistics(doc, log, state, clock_for(log, Part(None, state), found), whole, top + 1)


def _part(doc, log: RoomLog, part: Part, times: Clock, level: int) -> None:
    """The turns heard, and the speakers absent when called and the places swapped, in the order
    they happened; a heading where a segment begins."""
    state = part.state
    if not state.interventions:
        _paragraph(doc, "No interventions have been recorded.")
    happened: list[tuple[float, Intervention | str]] = [(i.started_at, i) for i in state.interventions]
    happened += list_changes(log, state)
    segment = None
    for at, what in sorted(happened, key=lambda h: h[0]):
        if isinstance(what, str):
            _paragraph(doc, what, bold=f"{times.at(at)}: ")
            continue
        i = what
        if i.request.segment != segment and i.request.segment is not None:
            doc.add_heading(segment_title(state, i.request.segment), level=level)  # grouped by segment
        segment = i.request.segment
        line = f" — {type_label(i.request.type.value)}, {times.span(i.started_at, i.ended_at)}, {clock(i.duration_s)}"
        if i.overrun_s > 0:
            line += f" (limit {clock(i.time_limit_s)}, over by {clock(i.overrun_s)})"
        _paragraph(doc, line, bold=f"{i.number}. {_speaker(log, i.request)}")
        notes = notes_text(state, i.request)
        if notes:
            _paragraph(doc, notes, indent=True)


def _statistics(doc, log: RoomLog, state: RoomState, times: Clock, title: str, level: int) -> None:
    f = figures(log, state)
    doc.add_heading(title, level=level)
    _paragraph(
        doc,
        "Turns and speaking time count the interventions heard, points of order apart; "
        "“waiting” counts requests still on the list of speakers.",
    )
    header = ("Turns", "Speaking time", "Waiting")
    doc.add_heading("By regional group (Member States)", level=level + 1)
    _table(doc, ("Regional group", *header), _share_rows(f.balance.by_group, group_label))
    doc.add_heading("By stakeholder category", level=level + 1)
    _table(doc, ("Category", *header), _share_rows(f.balance.by_category, category_label))
    doc.add_heading("By type of request", level=level + 1)
    by_type = [s for s in f.balance.by_type if s.key != RequestType.POINT_OF_ORDER.value]
    _table(doc, ("Type of request", *header), _share_rows(by_type, type_label))
    if f.points_of_order:
        _paragraph(
            doc,
            f"Points of order (procedure, not counted above): {f.points_of_order}, {clock(f.points_of_order_s)}.",
        )

    doc.add_heading("Asked for the floor and not yet heard", level=level + 1)
    if not f.balance.not_yet_heard:
        _paragraph(doc, "Everyone who asked for the floor has been heard.")
    for q in f.balance.not_yet_heard:
        _paragraph(
            doc,
            f" ({type_label(q.type.value)}, requested {times.at(q.requested_at)})",
            bold=log.name_of(q.participant),
            style="List Bullet",
        )

    doc.add_heading("Time limits", level=level + 1)
    _paragraph(
        doc,
        f"Mean overrun: {f.balance.mean_overrun_s:.1f} s; maximum overrun: {f.balance.max_overrun_s:.1f} s; "
        f"interventions over the limit: {f.over} of {f.heard}.",
    )

    lines = budget_lines(state, log.directory)
    if lines:
        doc.add_heading("Time budgets", level=level + 1)
        _table(
            doc,
            ("Group or category", "Budget", "Spoken", "Left"),
            [
                (
                    group_label(b.key) if b.key in REGIONAL_GROUPS else category_label(b.key),
                    clock(b.budget_s),
                    clock(b.spent_s),
                    clock(b.left_s) if b.left_s >= 0 else f"over by {clock(-b.left_s)}",
                )
                for b in lines
            ],
        )


def _document(title: str, exported_at: float):
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "session"
    stamp = datetime.fromtimestamp(exported_at, UTC)
    doc.core_properties.created = doc.core_properties.modified = stamp
    return doc


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def room(log: RoomLog) -> bytes:
    doc = _document(f"{title_of(log)} — {log.name}", log.exported_at)
    _room(doc, log, top=0)
    return _bytes(doc)


def event(logs: list[RoomLog], name: EventName) -> bytes:
    """The whole event's summary, headed by its title (the event's, as `session init` keeps it)."""
    exported_at = max((log.exported_at for log in logs), default=0.0)
    doc = _document(f"Summary — {name.title}", exported_at)
    doc.add_heading(_text(name.title), level=0)
    _paragraph(doc, "Summaries of the plenary meeting and the round tables", style="Subtitle")
    for log in logs:
        doc.add_page_break()
        _room(doc, log, top=1)
    return _bytes(doc)
