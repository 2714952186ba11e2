"""Codes for every delegation at once, at the secretariat's desk (/organiser/codes/bulk).

Every participant of the list, those of one category, or those a CSV names (a participant's id or
name, and an e-mail address) get a delegate's code — for every room of the event, or for the rooms
chosen — issued together in one transaction: all of them or, if a line of the CSV is wrong, none.

The codes exist in clear only in this one answer: the page lists them and carries the sheet of
badges (PDF) and the mail-merge file (CSV) as `data:` links, so nothing is held on the server to
be fetched later, any worker can answer, and reloading the page issues nothing again (the POST is
not repeated without the browser asking). Only the codes' fingerprints are stored.
"""

import base64
import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from anyio import to_thread
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from session.domain.participants import Category, Participant
from session.domain.permissions import Role
from session.exports.csv_export import guard
from session.labels import CATEGORY_LABELS
from session.store import access

from .auth import organiser_grant
from .badges import Badge, badges_pdf
from .i18n import name_in, translator
from .organiser import organiser_page
from .pages import language, render
from .qr import join_url
from .security import NotAForm, csrf_ok, read_bounded_form
from .speakers_import import MAX_IMPORT_BYTES, MAX_ROWS, Unreadable, participants, posted_text

EVERY_DELEGATION = "all"
FROM_CSV = "csv"
MAIL_MERGE_COLUMNS = ("participant", "name", "email", "code", "join_url")
_HEADER_WORDS = {"participant", "name", "delegation", "id"}
_SHOWN = 40


@dataclass(frozen=True)
class Holder:
    participant: Participant
    email: str = ""


def _page(request: Request, *, message: str = "", issued: dict | None = None, status: int = 200) -> Response:
    rooms = request.app.state.rooms
    return render(
        request,
        "organiser_bulk.html",
        {
            "view": "organiser",
            "rooms": [r.meta for r in rooms.rooms.values()],
            "categories": [c for c in Category if any(p.category is c for p in rooms.directory.values())],
            "category_labels": CATEGORY_LABELS,
            "message": message,
            "issued": issued,
        },
        status,
    )


form_page = organiser_page(_page)


async def issue(request: Request) -> Response:
    if organiser_grant(request) is None:
        return await form_page(request)  # the desk's refusal
    _ = translator(language(request))
    try:
        form = await read_bounded_form(request, limit=MAX_IMPORT_BYTES, max_files=1, max_fields=60)
    except NotAForm:
        form = None
    if form is None:
        return _page(request, message=_("That form is too large."), status=413)
    try:
        return await _issue(request, form, _)
    finally:
        await form.close()  # an uploaded file's spool


async def _issue(request: Request, form: FormData, _: Callable[..., str]) -> Response:
    if not csrf_ok(request, form.get("csrf_token")):
        return _page(request, message=_("This form has expired; please send it again."), status=403)
    rooms = request.app.state.rooms
    chosen = [str(slug) for slug in form.getlist("rooms") if str(slug)]
    if any(rooms.get(slug) is None for slug in chosen):
        return _page(request, message=_("Choose the rooms among the event's."), status=400)
    holders, problems = await _holders(form, rooms.directory, _)
    if problems:
        return _page(request, message=" ".join(problems), status=400)
    if not holders:
        return _page(request, message=_("No delegation to issue codes for."), status=400)
    orders = [access.CodeOrder(Role.DELEGATE, tuple(chosen), h.participant.id, h.participant.name) for h in holders]
    # A few seconds for 200 delegations (a QR code each): in a thread, so the rooms are not held up.
    codes = await to_thread.run_sync(access.mint_many, request.app.state.engine, orders)
    french = name_in(rooms.directory, "fr")
    base = str(request.base_url)
    issued = [(h, code, join_url(base, code), french(h.participant.id)) for h, code in zip(holders, codes)]
    badges = [Badge(h.participant.name, fr, code, url) for h, code, url, fr in issued]
    pdf = await to_thread.run_sync(badges_pdf, badges, "Access codes")
    response = _page(
        request,
        issued={
            "rows": issued,
            "rooms": [rooms.get(slug).meta.name for slug in chosen],
            "pdf": _data_url("application/pdf", pdf),
            "csv": _data_url("text/csv;charset=utf-8", mail_merge(issued)),
        },
    )
    response.headers["Cache-Control"] = "no-store"  # the codes are in it
    return response


async def _holders(
    form: FormData, directory: Mapping[str, Participant], _: Callable[..., str]
) -> tuple[list[Holder], list[str]]:
    who = str(form.get("who") or EVERY_DELEGATION)
    by_name = sorted(directory.values(), key=lambda p: p.name)
    if who == EVERY_DELEGATION:
        return [Holder(p) for p in by_name], []
    if who != FROM_CSV:
        if who not in {c.value for c in Category}:
            return [], [_("Unknown category '%(category)s'.", category=who[:_SHOWN])]
        return [Holder(p) for p in by_name if p.category.value == who], []
    try:
        text = await posted_text(form, _)
    except Unreadable as error:
        return [], [str(error)]
    return read_holders(text, directory, _)


def read_holders(
    text: str, directory: Mapping[str, Participant], _: Callable[..., str]
) -> tuple[list[Holder], list[str]]:
    """The CSV's delegations, in its order, and every wrong line named: a participant's id or name
    (English or French) in the first column, an e-mail address in the second; a header line and
    blank lines are skipped."""
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    known = participants(directory)
    holders: list[Holder] = []
    problems: list[str] = []
    seen: set[str] = set()
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return [], [_("The list is not CSV: one delegation a line, its name then its e-mail address.")]
    if len(rows) > MAX_ROWS:
        return [], [_("The list has more than %(n)s lines: split it and issue each part.", n=MAX_ROWS)]
    for line, cells in enumerate(rows, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or (line == 1 and cells[0].casefold() in _HEADER_WORDS):
            continue
        name, email = cells[0], (cells[1] if len(cells) > 1 else "")
        pid = known.get(name.upper()) or known.get(name.casefold())
        if pid is None:
            problems.append(
                _("Line %(line)s: '%(name)s' is not on the list of participants.", line=line, name=name[:_SHOWN])
            )
        elif pid in seen:
            problems.append(_("Line %(line)s: %(name)s appears twice.", line=line, name=directory[pid].name))
        elif email and ("@" not in email or len(email) > 254 or any(c.isspace() for c in email)):
            problems.append(_("Line %(line)s: '%(email)s' is not an e-mail address.", line=line, email=email[:_SHOWN]))
        else:
            seen.add(pid)
            holders.append(Holder(directory[pid], email))
    return holders, problems


def mail_merge(issued: list[tuple[Holder, str, str, str]]) -> bytes:
    """The CSV for a mail merge: UTF-8 with a BOM (Excel), a cell that starts like a formula neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MAIL_MERGE_COLUMNS)
    for holder, code, url, _french in issued:
        row = (holder.participant.id, holder.participant.name, holder.email, code, url)
        writer.writerow([guard(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _data_url(media_type: str, content: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"
