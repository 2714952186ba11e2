"""The list of speakers received by e-mail, imported on the secretariat's desk as one CSV.

Columns, named on line 1: `participant,speaker,title,level,on_behalf_of,meeting` (only
`participant` is required; any order). A participant is its id (PHL) or its exact name; a level
its value (`minister`) or its English label (`Minister`), empty for the category's default (head
of delegation for a State); a meeting a number, empty for the first with room. Commas,
semicolons (Excel in French locales) or tabs (cells pasted from a spreadsheet) separate the cells.

Every row is read here first and every bad one named by its line in the file; when some are bad,
the others are tried on a copy of the list (`try_rows`) so that the rules' refusals are named too,
and the officer corrects the whole file at once. A file without a bad row goes through the command
path together (`rooms.execute_together`): all of its rows, or none.
"""

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from session.domain.commands import parse_command
from session.domain.errors import Refused
from session.domain.inscription import NAME_MAX
from session.domain.participants import Level, Participant
from session.domain.permissions import Actor, authorize
from session.domain.room import apply, decide
from session.domain.state import Event, RoomState
from session.labels import LEVEL_LABELS

from .security import NotAForm, read_bounded_form

# A list of speakers for a high-level debate is a few hundred lines of well under 200 bytes:
# 256 KiB holds 500 long rows, and no more than that is ever held in memory.
MAX_IMPORT_BYTES = 256 * 1024
MAX_ROWS = 500
COLUMNS = ("participant", "speaker", "title", "level", "on_behalf_of", "meeting")
_TEXT_COLUMNS = ("speaker", "title", "on_behalf_of")
_DELIMITERS = ",;\t"
_SHOWN = 40  # of a value quoted back in a refusal


class Unreadable(Exception):
    """The whole file cannot be read (not UTF-8, not CSV, no header, too many rows): one sentence."""


@dataclass(frozen=True)
class Row:
    line: int  # in the file; the header is line 1
    message: dict  # the `inscribe` command


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str  # in the officer's language


async def read_upload(request: Request) -> FormData | None:
    """The posted form with at most one file, or None when the body is larger than the import's
    cap (say 413); raises Unreadable for a body that is not such a form."""
    try:
        return await read_bounded_form(request, limit=MAX_IMPORT_BYTES, max_files=1, max_fields=5)
    except NotAForm:
        raise Unreadable from None


async def posted_text(form: FormData, _: Callable[..., str]) -> str:
    """The CSV: the chosen file if there is one, else the pasted text."""
    upload = form.get("file")
    if isinstance(upload, UploadFile):
        raw = await upload.read()
        if raw.strip():
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise Unreadable(_("The file is not UTF-8 text: in Excel, save it as “CSV UTF-8”.")) from None
    text = form.get("text")
    return text.removeprefix("\ufeff") if isinstance(text, str) else ""


def read_list(
    text: str, directory: Mapping[str, Participant], _: Callable[..., str]
) -> tuple[list[Row], list[Problem]]:
    """The rows as `inscribe` commands, in the file's order, and every row's problems by line."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count) if any(d in first for d in _DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter, strict=True)
    known = participants(directory)
    rows: list[Row] = []
    problems: list[Problem] = []
    try:
        header = [cell.strip().lower().replace(" ", "_") for cell in next(reader, [])]
        wrong = _header_problems(header, _)
        if wrong:
            return [], [Problem(1, wrong)]
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1  # a quoted cell may span lines: the row's first
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, or a spreadsheet's empty row of separators
            if len(rows) + len(problems) >= MAX_ROWS:
                raise Unreadable(
                    _("The file has more than %(n)s rows: split it and import each part.", n=MAX_ROWS)
                ) from None
            message, reasons = _row(header, cells, known, _)
            if reasons:
                problems.append(Problem(start, "; ".join(reasons)))
            else:
                rows.append(Row(start, message))
    except csv.Error as error:
        raise Unreadable(_("Line %(line)s is not valid CSV: %(reason)s.", line=reader.line_num, reason=error)) from None
    if not rows and not problems:
        raise Unreadable(_("The file has no rows under its header: nothing to inscribe."))
    return rows, problems


def _header_problems(header: list[str], _: Callable[..., str]) -> str:
    columns = ", ".join(COLUMNS)
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        return _("unknown column “%(name)s” (the columns are %(columns)s)", name=unknown[0][:_SHOWN], columns=columns)
    if "participant" not in header:
        return _("line 1 must name the columns, “participant” among them (%(columns)s)", columns=columns)
    repeated = next((c for c in header if c and header.count(c) > 1), None)
    if repeated:
        return _("the column “%(name)s” is named twice", name=repeated)
    return ""


def _row(header: list[str], cells: list[str], known: dict[str, str], _: Callable[..., str]) -> tuple[dict, list[str]]:
    reasons: list[str] = []
    if any(cell.strip() for cell in cells[len(header) :]):
        reasons.append(_("too many columns: %(n)s where line 1 names %(k)s", n=len(cells), k=len(header)))
    values = {name: cell.strip() for name, cell in zip(header, cells) if name}
    message: dict = {"action": "inscribe"}
    given = values.get("participant", "")
    participant = find_participant(given, known)
    if not given:
        reasons.append(_("no participant"))
    elif participant is None:
        reasons.append(_("unknown participant “%(value)s”", value=given[:_SHOWN]))
    message["participant"] = participant
    level = values.get("level", "")
    if level:
        found = _level(level)
        if found is None:
            reasons.append(_("unknown level “%(value)s”", value=level[:_SHOWN]))
        message["level"] = found.value if found else None
    meeting = values.get("meeting", "")
    if meeting:
        # ASCII digits only ("²" is a digit to Python, not to int), few enough for int to read
        number = meeting.isascii() and meeting.isdigit() and len(meeting) <= 9
        if not number:
            reasons.append(_("the meeting “%(value)s” is not a number", value=meeting[:_SHOWN]))
        message["meeting"] = int(meeting) if number else None
    for name in _TEXT_COLUMNS:
        text = values.get(name, "")
        if len(text) > NAME_MAX:
            reasons.append(_("the %(column)s is longer than %(max)s characters", column=name, max=NAME_MAX))
        message[name] = text
    return message, reasons


def find_participant(given: str, known: dict[str, str]) -> str | None:
    return known.get(given.upper()) or known.get(given.casefold()) if given else None


def participants(directory: Mapping[str, Participant]) -> dict[str, str]:
    """Id (as typed in any case) or name (English or French, any case) → the participant's id."""
    found: dict[str, str] = {}
    for participant in directory.values():
        for name in (participant.name, participant.name_fr):
            if name:
                found.setdefault(name.casefold(), participant.id)
    found.update({p.upper(): p for p in directory})
    return found


def _level(text: str) -> Level | None:
    wanted = text.casefold().replace("-", " ").replace("_", " ")
    for level in Level:
        if wanted in (level.value.replace("_", " "), LEVEL_LABELS[level].casefold().replace("-", " ")):
            return level
    return None


def try_rows(
    state: RoomState, rows: list[Row], actor: Actor, directory: Mapping[str, Participant], now: float
) -> list[tuple[int, str]]:
    """What the rules would say of these rows, decided one after the other on a copy of the list;
    nothing is sent. Only for a file already refused: the command path decides the one applied."""
    trial = state.snapshot()
    refused: list[tuple[int, str]] = []
    for row in rows:
        try:
            command = authorize(actor, parse_command(row.message))
            facts = decide(trial, command, now=now, directory=directory)
        except Refused as error:
            refused.append((row.line, error.message))
            continue
        apply(trial, Event(seq=trial.version + 1, action=command.action, data=facts, at=now))
    return refused
