"""The secretariat's desk for the plenary's list of speakers: `/organiser/speakers` (organiser only).

For each room, the plenary first: when inscription opens and closes, the meetings and their hours
(round tables show these only), an inscription on a delegation's behalf with its acknowledgement,
the entries whose level Protocol has still to verify, the order of speaking the list follows, and
the import of the list received by e-mail (`speakers_import`). Times are read and typed in the
event's time zone. Every change is a command through the one command path, as the organiser;
a refusal is said in the organiser's language and changes nothing.
"""

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from session.domain.errors import Refused, RefusedTogether
from session.domain.participants import Level
from session.domain.schedule import expected_times
from session.domain.state import Policy, RoomState
from session.labels import GROUPS, LEVEL_LABELS, ORDER_OF_SPEAKING_LABELS
from session.realtime.command_path import Outcome
from session.realtime.rooms import LiveRoom
from session.times import local, zone, zone_city

from .errors import status_for
from .i18n import N_, name_in, translator
from .listing import Reading, with_article
from .organiser import Accepted, FormCommand, _denied, _organiser, organiser_command, organiser_page, room_refusal
from .pages import language, render
from .security import csrf_ok
from .speakers_import import (
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    Unreadable,
    find_participant,
    participants,
    posted_text,
    read_list,
    read_upload,
    try_rows,
)

PAGE = "/organiser/speakers"
_FLASH = "speakers_desk"  # the acknowledgement of the last change, shown once on the page it redirects to
_STATUS = {"pending": N_("to be held"), "open": N_("in progress"), "closed": N_("closed")}  # as the chair's page says


# --- reading the rooms --------------------------------------------------------------------------------


def _rooms(request: Request) -> list[LiveRoom]:
    """Every room, the plenary (whose list the secretariat keeps) first."""
    rooms = list(request.app.state.rooms.rooms.values())
    return sorted(rooms, key=lambda r: r.state.rules.policy is not Policy.PLENARY)


def _moment(reading: Reading, ts: float) -> str:
    """`Friday, 13 September 2013, 9 a.m.`"""
    return f"{reading.day(ts)}, {reading.hour(ts)}"


def inscription_words(state: RoomState, now: float, reading: Reading, _: Callable[..., str]) -> str:
    """Where inscription stands, as the secretariat announces it."""
    if state.inscription is None:
        return _("Open.")
    opens, closes = state.inscription
    if closes is not None and closes <= now:
        return _("Closed since %(closes)s.", closes=_moment(reading, closes))
    if opens is not None and now < opens:
        if closes is None:
            return _("Opens %(opens)s.", opens=_moment(reading, opens))
        return _("Opens %(opens)s, closes %(closes)s.", opens=_moment(reading, opens), closes=_moment(reading, closes))
    if opens is not None and closes is not None:
        return _(
            "Open since %(opens)s, closes %(closes)s.", opens=_moment(reading, opens), closes=_moment(reading, closes)
        )
    if opens is not None:
        return _("Open since %(opens)s.", opens=_moment(reading, opens))
    if closes is not None:
        return _("Open, closes %(closes)s.", closes=_moment(reading, closes))
    return _("Open.")


def _inputs(ts: float | None, zone_name: str) -> dict[str, str]:
    """A moment as the desk's date and time inputs show it, in the event's zone."""
    if ts is None:
        return {"date": "", "time": ""}
    moment = local(ts, zone_name)
    return {"date": moment.date().isoformat(), "time": moment.strftime("%H:%M")}


def local_iso(day: str, hour: str, zone_name: str) -> str:
    """A date and a time typed in the event's zone as ISO 8601 with its offset on that day
    (`2013-10-03T10:00:00-04:00`); ValueError for anything else."""
    if len(day) > 10 or len(hour) > 8:
        raise ValueError(day)
    moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(hour), tzinfo=zone(zone_name))
    return moment.isoformat(timespec="seconds")


def _card(room: LiveRoom, request: Request, reading: Reading, _: Callable[..., str]) -> dict[str, Any]:
    rooms = request.app.state.rooms
    state, zone_name, now = room.state, rooms.time_zone, request.app.state.clock()
    plenary = state.rules.policy is Policy.PLENARY
    reading = Reading(reading.zone, reading.lang, state.rules.policy)
    meetings = [
        {
            "number": m.number,
            "title": reading.meeting(m.number),
            "day": reading.day(m.starts_at),
            "hours": reading.hours(m.starts_at, m.ends_at),
            "status": _(_STATUS.get(m.status, m.status)),
            "pending": m.status == "pending",
            "to_hold": m.status != "closed",
            "date": _inputs(m.starts_at, zone_name)["date"],
            "starts": _inputs(m.starts_at, zone_name)["time"],
            "ends": _inputs(m.ends_at, zone_name)["time"],
        }
        for m in state.meetings
    ]
    last = state.meetings[-1] if state.meetings else None
    card: dict[str, Any] = {
        "room": room.meta,
        "plenary": plenary,
        "meetings": meetings,
        "next_number": last.number + 1 if last else 1,
        "next_date": _inputs(last.starts_at if last else now, zone_name)["date"],
    }
    if not plenary:
        return card
    opens, closes = state.inscription or (None, None)
    expected = expected_times(state, now)
    name_of = name_in(rooms.directory, reading.lang)
    entries: list[dict[str, Any]] = [
        {
            "position": i + 1,
            "request": q,
            "delegation": name_of(q.participant),
            "meeting": reading.meeting((expected[q.entry].meeting if q.entry in expected else None) or q.meeting),
            "expected": reading.hour(expected[q.entry].at) if q.entry in expected else "",
        }
        for i, q in enumerate(state.queue)
    ]
    return card | {
        "inscription": inscription_words(state, now, reading, _),
        "opens": _inputs(opens, zone_name),
        "closes": _inputs(closes, zone_name),
        "entries": entries,
        "unverified": [e for e in entries if not e["request"].level_verified],
        "held": [m for m in meetings if m["to_hold"]],
        "groups_first": state.groups_first,
    }


def _desk(
    request: Request, *, message: str = "", status: int = 200, problems: list[str] | None = None, pasted: str = ""
) -> Response:
    rooms = request.app.state.rooms
    lang = language(request)
    _ = translator(lang)
    reading = Reading(rooms.time_zone, lang)
    flash = request.session.pop(_FLASH, "") if status == 200 else ""
    return render(
        request,
        "organiser_speakers.html",
        {
            "view": "organiser-speakers",
            "cards": [_card(room, request, reading, _) for room in _rooms(request)],
            "message": message,
            "acknowledgement": flash if isinstance(flash, str) else "",
            "problems": problems or [],
            "pasted": pasted,
            "zone": zone_city(rooms.time_zone, lang),
            "participants": sorted(rooms.directory.values(), key=lambda p: p.name),
            "name_of": name_in(rooms.directory, lang),
            "groups": GROUPS,
            "levels": list(Level),
            "level_labels": LEVEL_LABELS,
            "order_of_speaking": ORDER_OF_SPEAKING_LABELS,
            "columns": "participant,speaker,title,level,on_behalf_of,meeting",
            "max_rows": MAX_ROWS,
            "max_kib": MAX_IMPORT_BYTES // 1024,
        },
        status,
    )


desk = organiser_page(_desk)


# --- the desk's forms ---------------------------------------------------------------------------------


def _room(request: Request, plenary: bool) -> LiveRoom | None:
    room = request.app.state.rooms.get(request.path_params["slug"])
    if room is None or (plenary and room.state.rules.policy is not Policy.PLENARY):
        return None
    return room


def _done(request: Request, room: LiveRoom, acknowledgement: str = "") -> Response:
    if acknowledgement:
        request.session[_FLASH] = acknowledgement
    return RedirectResponse(f"{PAGE}#speakers-{room.slug}", status_code=303)


def _field(form: FormData, name: str, limit: int = 200) -> str:
    return str(form.get(name) or "").strip()[:limit]


async def _act(request: Request, build: FormCommand, *, plenary: bool = True, done: Accepted | None = None) -> Response:
    """One of the desk's forms, sent as the organiser (`organiser_command`): the page again."""
    return await organiser_command(
        request,
        desk=_desk,
        find_room=lambda request: _room(request, plenary),
        no_room=N_("There is no such room on this desk."),
        build=build,
        done=done or (lambda room, outcome: _done(request, room)),
    )


def _typed_moment(day: str, hour: str, zone_name: str, lang: str) -> str:
    """A date and a time from the desk's inputs as ISO 8601 in the event's zone; empty if both are."""
    if not day and not hour:
        return ""
    try:
        return local_iso(day, hour, zone_name)
    except ValueError:
        _ = translator(lang)
        raise Refused(
            "invalid_field",
            _("Give a date and a time, such as 2013-10-03 and 10:00 (%(zone)s time).", zone=zone_city(zone_name, lang)),
        ) from None


def _moment_field(form: FormData, prefix: str, zone_name: str, lang: str) -> str:
    return _typed_moment(_field(form, f"{prefix}_date", 10), _field(form, f"{prefix}_time", 8), zone_name, lang)


async def open_inscription(request: Request) -> Response:
    zone_name, lang = request.app.state.rooms.time_zone, language(request)

    def build(form: FormData, room: LiveRoom, _: Callable[..., str]) -> dict:
        opens = _moment_field(form, "opens", zone_name, lang)
        if not opens:  # now: said as a time, so the desk can say since when it is open
            opens = local(request.app.state.clock(), zone_name).isoformat(timespec="seconds")
        return {
            "action": "open_inscription",
            "opens_at": opens,
            "closes_at": _moment_field(form, "closes", zone_name, lang),
        }

    return await _act(request, build)


async def close_inscription(request: Request) -> Response:
    return await _act(request, lambda form, room, _: {"action": "close_inscription"})


async def schedule_meeting(request: Request) -> Response:
    zone_name, lang = request.app.state.rooms.time_zone, language(request)

    def build(form: FormData, room: LiveRoom, _: Callable[..., str]) -> dict:
        day = _field(form, "date", 10)
        starts = _typed_moment(day, _field(form, "starts", 8), zone_name, lang)
        ends = _typed_moment(day, _field(form, "ends", 8), zone_name, lang)
        if not starts or not ends:
            raise Refused("invalid_field", _("Give the meeting's date, and the hours it starts and ends."))
        return {"action": "schedule_meeting", "number": _field(form, "number", 6), "starts_at": starts, "ends_at": ends}

    return await _act(request, build, plenary=False)


async def verify_level(request: Request) -> Response:
    return await _act(
        request,
        lambda form, room, _: {
            "action": "verify_level",
            "entry": _field(form, "entry", 12),
            "level": _field(form, "level"),
        },
    )


async def inscribe(request: Request) -> Response:
    rooms = request.app.state.rooms

    def build(form: FormData, room: LiveRoom, _: Callable[..., str]) -> dict:
        given = _field(form, "participant", 120)
        return {
            "action": "inscribe",
            "participant": find_participant(given, participants(rooms.directory)) or given,
            **{name: _field(form, name, 500) for name in ("speaker", "title", "level", "on_behalf_of", "meeting")},
        }

    def done(room: LiveRoom, outcome: Outcome) -> Response:
        lang = language(request)
        reading = Reading(rooms.time_zone, lang, room.state.rules.policy)
        name_of = name_in(rooms.directory, lang)
        now = request.app.state.clock()
        said = acknowledgement(room.state, outcome.entry, now, reading, name_of, translator(lang))
        return _done(request, room, said)

    return await _act(request, build, done=done)


def acknowledgement(
    state: RoomState,
    entry: int | None,
    now: float,
    reading: Reading,
    name_of: Callable[[str], str],
    _: Callable[..., str],
) -> str:
    """ "Inscribed for the Philippines: reference 23, 25th plenary meeting, number 7 on the list,
    expected around 11:40 a.m." — read from the state the inscription left."""
    request = state.find(entry) if entry is not None else None
    if request is None:  # already called, or moved off the list, by the time the page is drawn
        return _("Inscribed: reference %(ref)s.", ref=entry)
    delegation = name_of(request.participant)
    if reading.lang == "en":
        delegation = with_article(delegation)
    expected = expected_times(state, now).get(request.entry)
    meeting = (expected.meeting if expected else None) or request.meeting
    values = {"delegation": delegation, "ref": request.entry, "position": state.position(request.entry)}
    if expected is None or meeting is None:
        return _("Inscribed for %(delegation)s: reference %(ref)s, number %(position)s on the list.", **values)
    said = _(
        "Inscribed for %(delegation)s: reference %(ref)s, %(meeting)s, number %(position)s on the list, "
        "expected around %(time)s",
        **values,
        meeting=reading.meeting(meeting),
        time=reading.hour(expected.at),
    )
    return said if said.endswith(".") else f"{said}."  # "11:40 a.m." ends the sentence itself


# --- the list received by e-mail ---------------------------------------------------------------------


async def import_list(request: Request) -> Response:
    """The CSV, from a file or pasted: every row inscribed together, in the file's order, or none."""
    grant = _organiser(request)
    if grant is None:
        return _denied(request)
    lang = language(request)
    _ = translator(lang)
    try:
        form = await read_upload(request)
    except Unreadable:
        return _desk(request, message=_("That form could not be read; please send it again."), status=400)
    if form is None:
        message = _(
            "The file is too large: at most %(kib)s KiB (about %(rows)s rows). Split it and import each part.",
            kib=MAX_IMPORT_BYTES // 1024,
            rows=MAX_ROWS,
        )
        return _desk(request, message=message, status=413)
    pasted = form.get("text")
    pasted = pasted if isinstance(pasted, str) else ""
    try:  # the form's file is closed whatever the answer
        if not csrf_ok(request, form.get("csrf_token")):
            return _desk(request, message=_("This form has expired; please send it again."), status=403)
        room = _room(request, plenary=True)
        if room is None:
            return _desk(request, message=_("There is no such room on this desk."), status=404)
        text = await posted_text(form, _)
    except Unreadable as error:
        return _desk(request, message=_("Nothing was imported. %(reason)s", reason=error), status=400, pasted=pasted)
    finally:
        await form.close()
    rooms = request.app.state.rooms
    try:
        rows, problems = read_list(text, rooms.directory, _)
    except Unreadable as error:
        return _desk(request, message=_("Nothing was imported. %(reason)s", reason=error), status=400, pasted=pasted)
    if problems:  # the rows the desk could read are tried too, so the whole file is corrected at once
        found = try_rows(room.state, rows, grant.actor, rooms.directory, request.app.state.clock())
        return _import_refused(request, [(p.line, p.reason) for p in problems] + found, pasted, _)
    try:
        await rooms.execute_together(room, [row.message for row in rows], grant.actor)
    except RefusedTogether as refused:
        return _import_refused(request, [(rows[i].line, _(r.message)) for i, r in refused.refusals], pasted, _)
    except Refused as error:
        return _desk(request, message=room_refusal(_, room, error), status=status_for(error.code), pasted=pasted)
    inscribed = _("Inscribed %(n)s speakers from the list received, in its order.", n=len(rows))
    return _done(request, room, inscribed)


def _import_refused(request: Request, bad: list[tuple[int, str]], pasted: str, _: Callable[..., str]) -> Response:
    message = _(
        "Nothing was imported: %(n)s rows cannot be inscribed. Correct them and send the whole list again.",
        n=len(bad),
    )
    problems = [_("Line %(line)s: %(reason)s.", line=line, reason=reason.rstrip(".")) for line, reason in sorted(bad)]
    return _desk(request, message=message, status=400, problems=problems, pasted=pasted)
