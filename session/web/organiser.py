"""The secretariat's desk: issue access codes (shown once, with a QR code), list and revoke them."""

from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from session.domain.errors import Refused
from session.domain.permissions import Role
from session.realtime.command_path import Outcome
from session.realtime.rooms import LiveRoom
from session.store import access

from .auth import organiser_grant
from .errors import status_for
from .i18n import translator
from .pages import ROLE_TITLES, language, render
from .qr import join_url, qr_svg
from .render import name_in
from .security import csrf_ok, read_form

ISSUABLE = [r for r in Role if r is not Role.ORGANISER] + [Role.ORGANISER]
SPEAKING_ROLES = {Role.DELEGATE, Role.PANELLIST}
# A desk's form read into the command it sends (given the translator), and the answer to its acceptance.
FormCommand = Callable[[FormData, LiveRoom, Callable[..., str]], dict]
Accepted = Callable[[LiveRoom, Outcome], Response]


def _organiser(request: Request) -> access.Grant | None:
    return organiser_grant(request)


def _denied(request: Request) -> Response:
    _ = translator(language(request))
    return render(
        request, "join.html", {"view": "join", "message": _("The secretariat's page needs an organiser code.")}, 403
    )


def _desk(request: Request, *, message: str = "", issued: dict | None = None, status: int = 200) -> Response:
    rooms = request.app.state.rooms
    codes = access.list_codes(request.app.state.engine)
    return render(
        request,
        "organiser.html",
        {
            "view": "organiser",
            "rooms": [r.meta for r in rooms.rooms.values()],
            "codes": codes,
            "roles": ISSUABLE,
            "participants": sorted(rooms.directory.values(), key=lambda p: p.name),
            "name_of": name_in(rooms.directory, language(request)),
            "role_titles": ROLE_TITLES,
            "room_names": {slug: room.meta.name for slug, room in rooms.rooms.items()},
            "message": message,
            "issued": issued,
        },
        status,
    )


def organiser_page(page: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    """The route of one of the secretariat's pages: the page for an organiser, else why not."""

    async def desk(request: Request) -> Response:
        if _organiser(request) is None:
            return _denied(request)
        return page(request)

    return desk


desk = organiser_page(_desk)


async def organiser_form(request: Request, desk: Callable[..., Response]):
    """(grant, form, None) if the secretariat's posted form may be acted on, else (None, None, the
    page saying why): the same checks on every desk's form — an organiser code, size, CSRF."""
    grant = _organiser(request)
    if grant is None:
        return None, None, _denied(request)
    _ = translator(language(request))
    form = await read_form(request)
    if form is None:
        return None, None, desk(request, message=_("That form is too large."), status=413)
    if not csrf_ok(request, form.get("csrf_token")):
        return None, None, desk(request, message=_("This form has expired; please send it again."), status=403)
    return grant, form, None


def room_refusal(_: Callable[..., str], room: LiveRoom, error: Refused) -> str:
    return _("%(room)s: %(reason)s", room=_(room.meta.name), reason=_(error.message))


async def organiser_command(
    request: Request,
    *,
    desk: Callable[..., Response],
    find_room: Callable[[Request], LiveRoom | None],
    no_room: str,
    build: FormCommand,
    done: Accepted,
) -> Response:
    """One of the secretariat's forms acting on one room: checked as every desk's form is
    (`organiser_form`), its room found (else 404, saying `no_room`), its command built from the
    form (a Refused for what the desk itself cannot read) and sent as the organiser. `done`
    answers an acceptance; a refusal is the desk again, saying why in the organiser's language."""
    grant, form, refused = await organiser_form(request, desk)
    if refused is not None:
        return refused
    _ = translator(language(request))
    room = find_room(request)
    if room is None:
        return desk(request, message=_(no_room), status=404)
    try:
        outcome = await request.app.state.rooms.execute(room, build(form, room, _), grant.actor)
    except Refused as error:
        return desk(request, message=room_refusal(_, room, error), status=status_for(error.code))
    return done(room, outcome)


async def issue(request: Request) -> Response:
    _grant, form, refused = await organiser_form(request, _desk)
    if refused is not None:
        return refused
    rooms = request.app.state.rooms
    room = str(form.get("room") or "")
    role = str(form.get("role") or "")
    participant = str(form.get("participant") or "").strip() or None
    label = str(form.get("label") or "").strip()[:120]
    problem = _check(rooms, room, role, participant, translator(language(request)))
    if problem:
        return _desk(request, message=problem, status=400)
    role_ = Role(role)
    room_slug = None if role_ is Role.ORGANISER else room
    if not label:
        label = rooms.directory[participant].name if participant else role_.value.capitalize()
    code = access.mint(request.app.state.engine, role=role_, room=room_slug, participant=participant, label=label)
    url = join_url(str(request.base_url), code)
    return _desk(
        request,
        issued={
            "code": code,
            "url": url,
            "qr": qr_svg(url),
            "label": label,
            "role": role_.value,
            "room": room_slug or "",
        },
    )


def _check(rooms, room: str, role: str, participant: str | None, _: Callable[..., str]) -> str:
    if role not in {r.value for r in Role}:
        return _("Unknown role '%(role)s'.", role=role[:40])
    if Role(role) is not Role.ORGANISER and rooms.get(room) is None:
        return _("Choose the room this code is for.")
    if Role(role) in SPEAKING_ROLES and participant not in rooms.directory:
        return _("A delegate's or panellist's code acts for one participant: choose a known one.")
    if Role(role) not in SPEAKING_ROLES and participant:
        return _("Only delegates and panellists act for a participant.")
    return ""


async def revoke(request: Request) -> Response:
    _grant, _form, refused = await organiser_form(request, _desk)
    if refused is not None:
        return refused
    code_id = request.path_params["code_id"]
    if not access.revoke(request.app.state.engine, code_id):
        _ = translator(language(request))
        message = _("Code %(id)s does not exist or was already revoked.", id=code_id[:40])
        return _desk(request, message=message, status=404)
    await request.app.state.rooms.revoke_code(code_id)  # open sockets stop now, not at their next command
    return RedirectResponse("/organiser", status_code=303)
