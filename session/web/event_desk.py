"""The secretariat's desk for the event itself: `/organiser/event` (organiser only).

Each room's name and theme, renamed live (`rename_room`, in that room's log); a participant added
to the event's list (`list_participant`, in every room's log at once), with its id, name, category
and regional group. Meetings and their hours are on the desk of the list of speakers. Every change
goes through the one command path as the organiser and reaches every open view at once.
"""

from collections.abc import Callable

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from session.data import REGIONAL_GROUPS
from session.domain.errors import Refused
from session.domain.participants import Category
from session.labels import CATEGORY_LABELS, voice_label
from session.realtime.command_path import Outcome
from session.realtime.rooms import LiveRoom

from .errors import status_for
from .i18n import N_, translator
from .organiser import organiser_command, organiser_form, organiser_page
from .pages import language, render

PAGE = "/organiser/event"
_FLASH = "event_desk"


def _desk(request: Request, *, message: str = "", status: int = 200) -> Response:
    rooms = request.app.state.rooms
    flash = request.session.pop(_FLASH, "") if status == 200 else ""
    return render(
        request,
        "organiser_event.html",
        {
            "view": "organiser-event",
            "rooms": [room.meta for room in rooms.rooms.values()],
            "message": message,
            "acknowledgement": flash if isinstance(flash, str) else "",
            "categories": list(Category),
            "category_labels": CATEGORY_LABELS,
            "regional_groups": list(REGIONAL_GROUPS),
            "voice_label": voice_label,
            "listed": len(rooms.directory),
        },
        status,
    )


desk = organiser_page(_desk)


def _field(form: FormData, name: str, limit: int = 200) -> str:
    return str(form.get(name) or "").strip()[:limit]


async def rename_room(request: Request) -> Response:
    def build(form: FormData, room: LiveRoom, _: Callable[..., str]) -> dict:
        return {"action": "rename_room", "name": _field(form, "name", 300), "theme": _field(form, "theme", 600)}

    def done(room: LiveRoom, outcome: Outcome) -> Response:
        _ = translator(language(request))
        request.session[_FLASH] = _("The room is now called %(name)s.", name=room.meta.name)
        return RedirectResponse(f"{PAGE}#room-{room.slug}", status_code=303)

    return await organiser_command(
        request,
        desk=_desk,
        find_room=lambda request: request.app.state.rooms.get(request.path_params["slug"]),
        no_room=N_("There is no such room on this desk."),
        build=build,
        done=done,
    )


async def list_participant(request: Request) -> Response:
    grant, form, refused = await organiser_form(request, _desk)
    if refused is not None:
        return refused
    _ = translator(language(request))
    command = {
        "action": "list_participant",
        "id": _field(form, "id", 20).upper(),
        "name": _field(form, "name", 200),
        "category": _field(form, "category", 40),
        "regional_group": _field(form, "regional_group", 40) or None,
    }
    try:
        await request.app.state.rooms.execute_everywhere(command, grant.actor)
    except Refused as error:
        return _desk(request, message=_(error.message), status=status_for(error.code))
    request.session[_FLASH] = _("%(name)s is on the list of participants, in every room.", name=command["name"])
    return RedirectResponse(f"{PAGE}#participants", status_code=303)
