"""The pages: the event home, joining with a code, and one page per role in each room."""

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from session.domain.permissions import Role
from session.store.access import Grant, redeem

from .auth import HOME_VIEW, VIEW_ROLES, actor_for_view, grant_for, may_view, remember
from .i18n import LANGUAGES, N_, i18n_context, language_of, translator
from .security import csrf_ok, csrf_token

VIEW_TITLES = {"chair": N_("Chair"), "delegate": N_("Delegate"), "panel": N_("Panel"), "observe": N_("Observer"),
               "screen": N_("Big screen"), "log": N_("Rapporteur")}
MAX_FORM_BYTES = 4096


def render(request: Request, name: str, context: dict, status_code: int = 200) -> Response:
    templates = request.app.state.templates
    context.setdefault("now_ms", int(request.app.state.clock() * 1000))
    context.setdefault("csrf_token", csrf_token(request))
    for key, value in i18n_context(language(request)).items():
        context.setdefault(key, value)
    return templates.TemplateResponse(request, name, context, status_code=status_code,
                                      headers={"Cache-Control": "no-store"})


def language(request: Request) -> str:
    """The person's language; `?lang=` on any page switches it and remembers the choice."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        request.session["lang"] = chosen
    return language_of(request)


async def home(request: Request) -> Response:
    renderer = request.app.state.renderer
    lang = language(request)
    cards = [renderer.context(room, "home", lang=lang) for room in request.app.state.rooms.rooms.values()]
    return render(request, "home.html", {"cards": cards, "view": "home"})


async def join_form(request: Request) -> Response:
    return render(request, "join.html", {"view": "join"})


async def join_submit(request: Request) -> Response:
    if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
        return render(request, "join.html", {"message": translator(language(request))("That form is too large.")},
                      413)
    form = await request.form()
    code = str(form.get("code") or "").strip()
    if not csrf_ok(request, form.get("csrf_token")):
        return render(request, "join.html", {"view": "join", "code": code[:40], "message": translator(
            language(request))("This form has expired; please send it again.")}, 403)
    return _join(request, code)


async def join_link(request: Request) -> Response:
    return _join(request, request.path_params["code"])


def _join(request: Request, code: str) -> Response:
    grant = redeem(request.app.state.engine, code)
    if grant is None:
        return render(request, "join.html", {"view": "join", "code": code[:40], "message": translator(
            language(request))("That access code is not valid or has been revoked.")}, 403)
    remember(request, grant)
    return RedirectResponse(_landing(grant), status_code=303)


def _landing(grant: Grant) -> str:
    if grant.actor.role is Role.ORGANISER:
        return "/organiser"
    return f"/rooms/{grant.room}/{HOME_VIEW[grant.actor.role]}"


async def room_page(request: Request) -> Response:
    slug, view = request.path_params["slug"], request.path_params["view"]
    room = request.app.state.rooms.get(slug)
    if room is None or view not in VIEW_ROLES:
        return render(request, "join.html", {"view": "join", "message": translator(language(request))(
            "There is no such page.")}, 404)
    grant = grant_for(request, slug)
    if not may_view(grant, view):
        _ = translator(language(request))
        message = _("This page needs an access code: %(page)s, %(room)s.", page=_(VIEW_TITLES[view]),
                    room=_(room.meta.name))
        return render(request, "join.html", {"view": "join", "message": message}, 403)
    actor = actor_for_view(grant, view)
    renderer = request.app.state.renderer
    second = request.query_params.get("second") if view == "screen" else None
    context = renderer.context(room, view, actor if actor.participant else None, language(request), second)
    context["view_title"] = VIEW_TITLES[view]
    return render(request, f"{view}.html", context)
