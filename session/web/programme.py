"""The event's home page: the programme by day, one template for the first page and the pushes.

Its days and lines change only with the set-up -- a meeting scheduled or given new hours, a room
renamed -- so its socket draws them again only then (with the links the visitor's codes open),
while each meeting's status (partials/_meeting_status) is pushed on its own as the rooms move.
"""

from collections.abc import Iterable, Mapping

from markupsafe import Markup
from starlette.requests import HTTPConnection

from session.realtime.live_room import LiveRoom

from .auth import grant_for, may_view
from .listing import Reading, Sitting, programme, sittings
from .views import VIEWS, View

PROGRAMME_PARTIAL = "_programme"

# Each room's slug with the names of its pages a visitor may open: hashable, so the programme is
# drawn once for every visitor holding the same codes (most hold none).
Links = tuple[tuple[str, tuple[str, ...]], ...]


def room_links(conn: HTTPConnection, slug: str) -> list[View]:
    """The pages of a room a visitor may open from the programme: the public ones for everyone,
    the chair's, the rapporteur's and the others only for a holder of a code that opens them."""
    grant = grant_for(conn, slug)
    public = [view for view in VIEWS.values() if view.roles is None]
    acting = [view for view in VIEWS.values() if view.roles is not None and grant is not None and may_view(grant, view)]
    return public + acting


def links_for(conn: HTTPConnection, slugs: Iterable[str]) -> Links:
    return tuple((slug, tuple(view.name for view in room_links(conn, slug))) for slug in slugs)


def lines(rooms: Iterable[LiveRoom], zone: str) -> tuple[Sitting, ...]:
    """Everything the programme's days are drawn from: when it changes, they are drawn again."""
    return tuple(line for room in rooms for line in sittings(room, zone))


def programme_context(
    rooms: Iterable[LiveRoom], zone: str, lang: str, statuses: Mapping[str, str], links: Links
) -> dict:
    """What partials/_programme draws: the days, the preparatory events' days, each meeting's
    status as it stands (by its id) and the links of each room."""
    days, preparatory = programme(rooms, zone)

    def meeting_title(sitting: Sitting) -> str:
        return Reading(zone, lang, sitting.policy).meeting(sitting.number)

    return {
        "days": days,
        "preparatory": preparatory,
        "status": lambda sitting: Markup(statuses.get(sitting.key, "")),
        "links": {slug: [VIEWS[name] for name in names] for slug, names in links},
        **Reading(zone, lang).context(),
        "meeting_title": meeting_title,
    }
