"""Downloads of the intervention log: `/rooms/{slug}/export.{fmt}` and `/export.{fmt}` (the event).

Who may download: a room's rapporteur, chair or the organiser — by the session cookie of a
joined code, or by `Authorization: Bearer <code>` for scripts. The event-wide export needs an
organiser. No credentials (or a code that is not valid): 401; a valid code of another role or
another room: 403; an unknown room or format: 404. Errors are the JSON of `errors.refusal`.

`?meeting=25` cuts a room's record down to one of its meetings (`exports.meetings.only`); a
meeting the room does not have is 404, naming the ones it has.
"""

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import Response

from session.domain.errors import Refused
from session.domain.permissions import Role, reads_notes
from session.exports import FORMATS, EventName, filename
from session.exports.load import chair_labels, room_log
from session.exports.meetings import meeting_number, only
from session.store.access import Grant, grant_by_id

from .auth import bearer, held_grants
from .errors import refusal

_HOW = "Join with the room's rapporteur, chair or organiser code, or send it as 'Authorization: Bearer <code>'."


def _grants(request: Request) -> list[Grant]:
    """The grants that speak for this request: its bearer code, else every still-valid code the
    session cookie holds (`auth.remember` keeps their ids by room; each is looked up again, so a
    revoked one no longer counts, nor an idle or expired session). None at all means 401; some, but
    none that opens this, 403."""
    sent, grant = bearer(request)
    if sent:
        if grant is None:
            raise Refused("unauthorised", "That access code is not valid or has been revoked. " + _HOW)
        return [grant]
    engine = request.app.state.engine
    ids = [i for i in held_grants(request).values() if isinstance(i, int)]
    return [g for g in (grant_by_id(engine, i) for i in ids) if g is not None]


def _refused(error: Refused) -> Response:
    response = refusal(error)
    if error.code in ("unknown_format", "unknown_meeting"):
        response.status_code = 404
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="session"'
    return response


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Refused("unknown_format", f"There is no '{fmt[:20]}' export; use one of: {', '.join(FORMATS)}.")


def event_name(request: Request) -> EventName:
    rooms = request.app.state.rooms
    return EventName(rooms.title, rooms.bar_name)


def _attachment(body: bytes, event: EventName, fmt: str, slug: str | None, meeting: int | None = None) -> Response:
    return Response(
        body,
        media_type=FORMATS[fmt].media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename(event.key, fmt, slug, meeting)}"',
            "Cache-Control": "no-store",
        },
    )


async def room_export(request: Request) -> Response:
    slug, fmt = request.path_params["slug"], request.path_params["fmt"]
    rooms = request.app.state.rooms
    room = rooms.get(slug)
    try:
        if room is None:
            raise Refused("unknown_room", "There is no such room.")
        _check_format(fmt)
        grants = _grants(request)
        if not grants:
            raise Refused("unauthorised", f"The log of {room.meta.name} needs an access code. " + _HOW)
        if not any(g.opens(slug) and reads_notes(g.actor.role) for g in grants):
            raise Refused(
                "forbidden", f"Only the rapporteur, a chair or the organiser may export the log of {room.meta.name}."
            )
        wanted = request.query_params.get("meeting")
        try:
            meeting = None if wanted is None else meeting_number(room.state, room.meta.name, wanted)
        except LookupError as unknown:
            raise Refused("unknown_meeting", str(unknown)) from None
    except Refused as error:
        return _refused(error)
    state = room.state.snapshot()  # a snapshot: the room may move on while the file is written
    directory = dict(rooms.directory)
    exported_at = request.app.state.clock()
    engine = request.app.state.engine
    zone = rooms.time_zone

    def build() -> bytes:
        log = room_log(room.meta, state, directory, chair_labels(engine, slug), exported_at, zone)
        return FORMATS[fmt].room(log if meeting is None else only(log, meeting))

    return _attachment(await to_thread.run_sync(build), event_name(request), fmt, slug, meeting)


async def event_export(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    rooms = request.app.state.rooms
    try:
        _check_format(fmt)
        grants = _grants(request)
        if not grants:
            raise Refused(
                "unauthorised",
                "The export of the whole event needs the organiser's access code. "
                "Join with it, or send it as 'Authorization: Bearer <code>'.",
            )
        if not any(g.actor.role is Role.ORGANISER for g in grants):
            raise Refused(
                "forbidden",
                "Only the organiser may export the whole event; a room's rapporteur or chair can export that room.",
            )
    except Refused as error:
        return _refused(error)
    live = list(rooms.rooms.values())
    snapshots = [(room.meta, room.state.snapshot()) for room in live]
    directory = dict(rooms.directory)
    exported_at = request.app.state.clock()
    engine = request.app.state.engine
    zone, name = rooms.time_zone, event_name(request)

    def build() -> bytes:
        logs = [
            room_log(meta, state, directory, chair_labels(engine, meta.slug), exported_at, zone)
            for meta, state in snapshots
        ]
        return FORMATS[fmt].event(logs, name)

    return _attachment(await to_thread.run_sync(build), name, fmt, None)
