"""The secretariat's desk: issue access codes (shown once, with a QR code), list and revoke them."""

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from session.domain.errors import Refused
from session.domain.participants import Participant
from session.domain.permissions import Role
from session.realtime.command_path import Outcome
from session.realtime.rooms import LiveRoom
from session.store import access

from .auth import ALL_ROOMS, organiser_grant
from .errors import status_for
from .i18n import name_in, translator
from .listing import Reading
from .pages import ROLE_TITLES, language, render
from .qr import join_url, qr_svg
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
    engine = request.app.state.engine
    name_of = name_in(rooms.directory, language(request))
    every = access.list_codes(engine)
    chosen = CodeFilter.read(request.query_params, rooms)
    in_room = None if chosen.room in ("", ALL_ROOMS) else {c.id for c in access.list_codes(engine, chosen.room)}
    codes = [c for c in every if chosen.keeps(c, in_room, rooms.directory, name_of)]
    return render(
        request,
        "organiser.html",
        {
            "view": "organiser",
            "rooms": [r.meta for r in rooms.rooms.values()],
            "codes": codes,
            "total": len(every),
            "chosen": chosen,
            "roles": ISSUABLE,
            "participants": sorted(rooms.directory.values(), key=lambda p: p.name),
            "name_of": name_of,
            "holder": lambda code: holder(code, rooms.directory, name_of),
            "role_titles": ROLE_TITLES,
            "room_names": {slug: room.meta.name for slug, room in rooms.rooms.items()},
            "message": message,
            "issued": issued,
            **Reading(rooms.time_zone, language(request)).context(),  # when each code was issued and revoked
        },
        status,
    )


@dataclass(frozen=True)
class CodeFilter:
    """Which codes the desk lists (a GET form's query, so a filtered list is a link to share):
    by room ("*": the codes for every room), role, holder and status; empty keeps all."""

    room: str = ""
    role: str = ""
    who: str = ""  # found in the participant's id or name, or in the code's label
    status: str = ""  # "active" or "revoked"

    @classmethod
    def read(cls, params: Mapping[str, str], rooms) -> "CodeFilter":
        """The filter a query asks for, forgetting whatever names no room, role or status."""
        room = str(params.get("room") or "")
        role = str(params.get("role") or "")
        status = str(params.get("status") or "")
        return cls(
            room=room if room == ALL_ROOMS or rooms.get(room) is not None else "",
            role=role if role in {r.value for r in Role} else "",
            who=str(params.get("who") or "").strip()[:80],
            status=status if status in ("active", "revoked") else "",
        )

    @property
    def active(self) -> bool:
        return any((self.room, self.role, self.who, self.status))

    def query(self) -> str:
        """The filter as a query string (empty when it keeps everything), for the way back to the list."""
        fields = {"room": self.room, "role": self.role, "who": self.who, "status": self.status}
        return urlencode({key: value for key, value in fields.items() if value})

    def keeps(
        self,
        code: access.CodeRecord,
        in_room: set[int] | None,
        directory: Mapping[str, Participant],
        name_of: Callable[[str], str],
    ) -> bool:
        if self.room == ALL_ROOMS and (code.room is not None or code.rooms):  # codes for several rooms name them
            return False
        if in_room is not None and code.id not in in_room:
            return False
        if self.role and code.role != self.role:
            return False
        if self.status and (code.revoked_at is not None) != (self.status == "revoked"):
            return False
        if self.who:
            wanted = self.who.casefold()
            said = [code.label]
            if code.participant:
                known = directory.get(code.participant)
                said += [code.participant, name_of(code.participant)]
                said += [known.name, known.name_fr] if known is not None else []
            return any(wanted in text.casefold() for text in said if text)
        return True


def holder(code: access.CodeRecord, directory: Mapping[str, Participant], name_of: Callable[[str], str]) -> str:
    """Who holds a code, said once: "Mexico (MEX)" for a delegation's code, then its label only
    where the label says more than the name (a label made of the name and id is not repeated)."""
    if not code.participant:
        return code.label
    named = f"{name_of(code.participant)} ({code.participant})"
    known = directory.get(code.participant)
    names = {code.participant, name_of(code.participant)} | ({known.name, known.name_fr} if known else set())
    label = code.label.strip()
    plain = re.sub(rf"\s*\({re.escape(code.participant)}\)$", "", label)
    if not label or plain in names or label == code.participant:
        return named
    return f"{named} · {label}"


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
    _grant, form, refused = await organiser_form(request, _desk)
    if refused is not None:
        return refused
    code_id = request.path_params["code_id"]
    if not access.revoke(request.app.state.engine, code_id):
        _ = translator(language(request))
        message = _("Code %(id)s does not exist or was already revoked.", id=str(code_id)[:40])
        return _desk(request, message=message, status=404)
    await request.app.state.rooms.revoke_code(code_id)  # open sockets stop now, not at their next command
    back = CodeFilter.read(form, request.app.state.rooms).query()  # the list as it was filtered
    return RedirectResponse(f"/organiser?{back}" if back else "/organiser", status_code=303)
