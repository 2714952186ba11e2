"""The record of interventions as a screen shows it: the latest rows live, the earlier ones on demand.

A plenary hears hundreds of statements in two days; a page or a push that carried all of them would
grow all day long (the rapporteur's from 33 KB to 249 KB after 200). The live record (partials/_log)
shows the page of rows under way and the one before it, so 11 to 20 rows; "Show earlier
interventions" loads the earlier ones over HTTP, a page at a time, into a box the pushes keep while
the live rows start at the same place (hx-preserve) -- the rapporteur annotates any of them there.
"""

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from session.domain.state import Intervention, Meeting, RoomState

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


@dataclass
class Figures:
    """A part of the debate in figures: how many were heard, for how long, how many ran over."""

    heard: int = 0
    spoken_s: float = 0  # summed in the record's order, as the sum of the rows
    over: int = 0
    recent: list[Intervention] = field(default_factory=list)  # those of its rows the live record shows

    def add(self, intervention: Intervention, shown: bool) -> None:
        self.heard += 1
        self.spoken_s += intervention.duration_s
        self.over += intervention.overrun_s > 0
        if shown:
            self.recent.append(intervention)


@dataclass(frozen=True)
class Record:
    """The live record of a room as the screens draw it: the whole debate's figures and its latest
    rows, and for a debate held in meetings each meeting's (the latest first), then those heard
    outside them. One pass over the interventions, whatever the hour; the template only draws it."""

    start: int  # the rows before this number are loaded on demand (shown_from)
    whole: Figures
    meetings: list[tuple[Meeting, Figures]]
    outside: Figures | None

    @property
    def parts(self) -> int:
        return len(self.meetings) + (1 if self.outside else 0)


def record_of(state: RoomState) -> Record:
    start = shown_from(len(state.interventions))
    held = [m for m in state.meetings if m.status != "pending"]
    by_meeting = {m.number: Figures() for m in held}
    whole, outside = Figures(), Figures()
    for intervention in state.interventions:
        shown = intervention.number > start
        whole.add(intervention, False)
        if intervention.meeting is None:
            outside.add(intervention, shown)
        elif intervention.meeting in by_meeting:
            by_meeting[intervention.meeting].add(intervention, shown)
    whole.recent = state.interventions[start:]
    return Record(
        start,
        whole,
        [(m, by_meeting[m.number]) for m in reversed(held)],
        outside if outside.heard else None,
    )


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
