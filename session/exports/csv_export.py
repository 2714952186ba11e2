"""CSV that opens cleanly in Excel and LibreOffice: UTF-8 with a BOM, one header row of
`COLUMNS`, CRLF line ends, every cell quoted as the `csv` module needs (commas, quotes and
newlines inside notes survive a round trip).

Formula injection: a spreadsheet runs a text cell that starts with `=`, `+`, `-` or `@` (and
some also after a tab or carriage return), so such a cell gets a leading `'` — a name like
`=HYPERLINK(...)` shows as text. Numbers are written as numbers and never prefixed.
"""

import csv
import io

from .records import COLUMNS, EventName, RoomLog, intervention_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _write(rows: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: guard(row[k]) for k in COLUMNS})
    return buffer.getvalue().encode("utf-8-sig")


def room(log: RoomLog) -> bytes:
    return _write(intervention_rows(log.state, log.directory))


def event(logs: list[RoomLog], name: EventName) -> bytes:
    """All rooms in one table; the `room` column tells them apart (a table has no place for the
    event's title)."""
    return _write([row for log in logs for row in intervention_rows(log.state, log.directory)])
