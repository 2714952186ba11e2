"""The record of interventions as a screen shows it: the latest rows live, the earlier ones on demand.

A plenary hears hundreds of statements in two days; a page or a push that carried all of them would
grow all day long (the rapporteur's from 33 KB to 249 KB after 200). The live record (partials/_log)
shows the page of rows under way and the one before it, so 11 to 20 rows; "Show earlier
interventions" loads the earlier ones over HTTP, a page at a time, into a box the pushes keep while
the live rows start at the same place (hx-preserve) -- the rapporteur annotates any of them there.
"""

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .auth import grant_for, may_view
from .i18n import language_of, translator
from .views import VIEWS

PAGE = 10  # the live rows start a page at a time, so a box of earlier rows holds for ten statements
EARLIER = 20  # rows per "Show earlier interventions"
LOG_PARTIAL = "_log"


def shown_from(heard: int) -> int:
    """How many of the first interventions the live record leaves to "Show earlier": all but the
    page under way and the one before it."""
    return max(0, ((heard - 1) // PAGE - 1) * PAGE)


async def earlier(request: Request) -> Response:
    """A page of the interventions before number `before + 1`, as the view's live record draws them
    (the rapporteur's with its notes forms), and the button for the page before it."""
    slug = request.path_params["slug"]
    room = request.app.state.rooms.get(slug)
    view = VIEWS.get(request.path_params["view"])
    _ = translator(language_of(request))
    if room is None or view is None or LOG_PARTIAL not in view.partials:
        return HTMLResponse(_("There is no such page."), 404)
    if not may_view(grant_for(request, slug), view):
        message = _("This page needs an access code: %(page)s, %(room)s.", page=_(view.title), room=_(room.meta.name))
        return HTMLResponse(message, 403)
    heard = room.state.interventions
    try:
        before = min(int(request.query_params.get("before", "")), len(heard))
    except ValueError:
        before = len(heard)
    before = max(before, 0)
    rows = heard[max(0, before - EARLIER) : before]
    if not rows:
        return HTMLResponse("", headers={"Cache-Control": "no-store"})
    renderer = request.app.state.renderer
    context = renderer.context(room, view, None, language_of(request))
    context.update(rows=rows, first=rows[0].number, last=rows[-1].number)
    return HTMLResponse(renderer.partial("_log_earlier", context), headers={"Cache-Control": "no-store"})
