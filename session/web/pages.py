"""The pages: the event home, joining with a code, and one page per role in each room."""

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from session.domain.permissions import Role
from session.store.access import Grant, redeem

from .auth import (
    actor_for_view,
    forget,
    forget_all,
    grant_for,
    grant_key,
    held_grant,
    held_grants,
    may_view,
    organiser_grant,
    remember,
)
from .i18n import LANGUAGES, N_, i18n_context, language_of, name_in, translator
from .programme import links_for, programme_context
from .security import csrf_ok, csrf_token, read_form, throttled, wrong_code
from .views import HOME_VIEW, VIEWS

ROLE_TITLES = {
    Role.CHAIR: N_("Chair"),
    Role.DELEGATE: N_("Delegate"),
    Role.PANELLIST: N_("Panellist"),
    Role.RAPPORTEUR: N_("Rapporteur"),
    Role.OBSERVER: N_("Observer"),
    Role.SCREEN: N_("Big screen"),
    Role.ORGANISER: N_("Organiser"),
}


def render(request: Request, name: str, context: dict, status_code: int = 200) -> Response:
    templates = request.app.state.templates
    context.setdefault("now_ms", int(request.app.state.clock() * 1000))
    context.setdefault("signed_in", bool(held_grants(request)))  # before the token: an expiry rotates it
    context.setdefault("csrf_token", csrf_token(request))
    for key, value in i18n_context(language(request)).items():
        context.setdefault(key, value)
    return templates.TemplateResponse(
        request, name, context, status_code=status_code, headers={"Cache-Control": "no-store"}
    )


def language(request: Request) -> str:
    """The person's language; `?lang=` on any page switches it and remembers the choice."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        request.session["lang"] = chosen
    return language_of(request)


async def home(request: Request) -> Response:
    """The event's programme: by day, each meeting with its room, hours and how it stands now
    (kept live by the page's socket), and the pages of each room this visitor may open."""
    renderer, rooms = request.app.state.renderer, request.app.state.rooms
    lang = language(request)
    statuses: dict[str, str] = {}
    for room in rooms.rooms.values():
        statuses.update(renderer.statuses(room, lang))
    links = links_for(request, rooms.rooms)
    context = {"view": "home", **programme_context(rooms.rooms.values(), rooms.time_zone, lang, statuses, links)}
    return render(request, "home.html", context)


async def join_form(request: Request) -> Response:
    return render(request, "join.html", {"view": "join"})


async def join_submit(request: Request) -> Response:
    """The one door that stores a grant: a POST carrying the session's CSRF token, so another
    site can neither sign a person in nor swap their code for its own (login CSRF)."""
    _ = translator(language(request))
    form = await read_form(request)
    if form is None:
        return render(request, "join.html", {"view": "join", "message": _("That form is too large.")}, 413)
    code = str(form.get("code") or "").strip()
    if not csrf_ok(request, form.get("csrf_token")):
        return render(
            request,
            "join.html",
            {"view": "join", "code": code[:40], "message": _("This form has expired; please send it again.")},
            403,
        )
    grant = _redeem(request, code)
    if not isinstance(grant, Grant):
        return grant
    remember(request, grant)
    return RedirectResponse(_landing(grant), status_code=303)


async def join_link(request: Request) -> Response:
    """A link or QR code only shows what the code opens and asks for one tap on "Join": a GET
    changes nothing, whoever made the person's browser send it."""
    code = request.path_params["code"]
    grant = _redeem(request, code)
    if not isinstance(grant, Grant):
        return grant
    _ = translator(language(request))
    held = held_grant(request, grant_key(grant)) or organiser_grant(request)
    replaces = ""
    if held is not None and held.code_id != grant.code_id:
        replaces = _(
            "You are already signed in as %(held)s. Joining puts this code in its place.", held=describe(request, held)
        )
    return render(
        request,
        "join_confirm.html",
        {"view": "join", "code": code, "opens": describe(request, grant), "replaces": replaces},
    )


def _redeem(request: Request, code: str) -> Grant | Response:
    """The code's grant, or the page refusing it: 403 for a wrong code (counted against the sender's
    address), 429 once that address has sent too many (Retry-After is added on the way out)."""
    _ = translator(language(request))
    wait = throttled(request)
    if wait:
        return render(
            request,
            "join.html",
            {
                "view": "join",
                "message": _(
                    "Too many wrong codes from this network. Please wait %(seconds)s seconds and try again.",
                    seconds=wait,
                ),
            },
            429,
        )
    grant = redeem(request.app.state.engine, code)
    if grant is None:
        wrong_code(request)
        return render(
            request,
            "join.html",
            {"view": "join", "code": code[:40], "message": _("That access code is not valid or has been revoked.")},
            403,
        )
    return grant


def describe(request: Request, grant: Grant) -> str:
    """What a code opens, in the reader's words: "Round table 1 — Delegate — Mexico"."""
    lang = language(request)
    _ = translator(lang)
    slugs = sorted({grant.room} if grant.room else grant.rooms)
    names = [_(room.meta.name) for slug in slugs if (room := request.app.state.rooms.get(slug))]
    parts = [", ".join(names) if names else _("All rooms"), _(ROLE_TITLES[grant.actor.role])]
    if grant.actor.participant:
        parts.append(name_in(request.app.state.rooms.directory, lang)(grant.actor.participant))
    return " — ".join(parts)


async def leave(request: Request) -> Response:
    """Give up one room's code (the secretariat's "*" too): the next page there asks for a code."""
    form = await read_form(request)
    if form is None or not csrf_ok(request, form.get("csrf_token")):
        return _expired(request, 413 if form is None else 403)
    forget(request, str(form.get("room") or ""))
    return RedirectResponse("/", status_code=303)


async def logout(request: Request) -> Response:
    form = await read_form(request)
    if form is None or not csrf_ok(request, form.get("csrf_token")):
        return _expired(request, 413 if form is None else 403)
    forget_all(request)
    return RedirectResponse("/", status_code=303)


def _expired(request: Request, status: int) -> Response:
    _ = translator(language(request))
    message = _("That form is too large.") if status == 413 else _("This form has expired; please send it again.")
    return render(request, "join.html", {"view": "join", "message": message}, status)


def _landing(grant: Grant) -> str:
    if grant.actor.role is Role.ORGANISER:
        return "/organiser"
    if grant.room is None:  # several rooms, or the whole event: the programme links each room's page
        return "/"
    return f"/rooms/{grant.room}/{HOME_VIEW[grant.actor.role].name}"


async def room_page(request: Request) -> Response:
    slug = request.path_params["slug"]
    room = request.app.state.rooms.get(slug)
    view = VIEWS.get(request.path_params["view"])
    if room is None or view is None:
        return render(
            request,
            "join.html",
            {"view": "join", "message": translator(language(request))("There is no such page.")},
            404,
        )
    grant = grant_for(request, slug)
    if not may_view(grant, view):
        _ = translator(language(request))
        message = _("This page needs an access code: %(page)s, %(room)s.", page=_(view.title), room=_(room.meta.name))
        return render(request, "join.html", {"view": "join", "message": message}, 403)
    actor = actor_for_view(grant, view)
    renderer = request.app.state.renderer
    second = request.query_params.get("second") if view.bilingual else None
    context = renderer.context(room, view, actor if actor.participant else None, language(request), second)
    context["view_title"] = view.title
    context["may_leave"] = slug in held_grants(request)  # the header offers "Leave this room" only then
    return render(request, f"{view.name}.html", context)
