"""Exports of the intervention log: CSV, JSON, Markdown and the DOCX summary, per room and for
the whole event. `FORMATS` maps each format's name (the file extension) to its writer; `meetings`
cuts a room's record by meeting (its parts, its statistics, `only` one meeting) and says its times
as a person reads them."""

from collections.abc import Callable
from dataclasses import dataclass

from . import csv_export, docx_export, json_export, markdown_export
from .records import COLUMNS, EventName, RoomLog, filename, intervention_rows


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    room: Callable[[RoomLog], bytes]
    event: Callable[[list[RoomLog], EventName], bytes]  # every room's log, and the event's names
    text: bool  # may go to a terminal


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("csv", "text/csv; charset=utf-8", csv_export.room, csv_export.event, True),
        Format("json", "application/json", json_export.room, json_export.event, True),
        Format("md", "text/markdown; charset=utf-8", markdown_export.room, markdown_export.event, True),
        Format(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            docx_export.room,
            docx_export.event,
            False,
        ),
    )
}

__all__ = ["COLUMNS", "FORMATS", "EventName", "Format", "RoomLog", "filename", "intervention_rows"]
