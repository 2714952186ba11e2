"""The panels of the round tables: drawn up by the secretariat from expressions of interest, then published.

- `/organiser/panels` (organiser only): per round table, the deadline for expressions of interest
  and whether stakeholders other than Member States may apply; the candidates; the assistant's
  proposal for all round tables at once (`session.domain.panels.propose_panels`), each choice with
  its reason; and a form to publish the list — preselected with the proposal, which the organiser
  may override. Every change is a command through `rooms.execute`, as the organiser.
- `/panels` (everyone): the published lists (`web.panellists`).

"Never one delegation on two panels at once" is the domain's rule (`PublishPanel.across_rooms`),
decided on the command path every door shares; this desk only says it in the organiser's language.
"""

import re
from collections.abc import Callable, Mapping

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from session.data import REGIONAL_GROUPS
from session.domain.errors import Refused
from session.domain.other_rooms import OtherRooms
from session.domain.panels import OnAnotherPanel, Proposal, propose_panels, published_elsewhere
from session.domain.participants import Category, Participant
from session.domain.room import known
from session.domain.state import Policy
from session.realtime.rooms import LiveRoom
from session.times import day, hour, iso, local, wall_clock, zone_city

from .errors import status_for
from .i18n import N_, name_in, translator
from .organiser import organiser_command, organiser_form, organiser_page, room_refusal
from .pages import language, render
from .representation import adds, as_listed, co_chairs, everyone

# One participant's category (the views' CATEGORY_LABELS name the whole class: "Member States").
CATEGORY_ONE = {
    Category.MEMBER_STATE.value: N_("Member State"),
    Category.OBSERVER_STATE.value: N_("Observer State"),
    Category.INTERGOVERNMENTAL.value: N_("Intergovernmental organization"),
    Category.UN_SYSTEM.value: N_("UN system"),
    Category.NGO.value: N_("NGO or civil society"),
    Category.PRIVATE_SECTOR.value: N_("Private sector"),
}
CSV_COLUMNS = ("room", "round_table", "participant", "name", "category", "regional_group", "speaker", "title")
_IDS = re.compile(r"[\s,;]+")


# --- reading the rooms ------------------------------------------------------------------------


def round_tables(request: Request) -> list[LiveRoom]:
    return [r for r in request.app.state.rooms.rooms.values() if r.state.rules.policy is not Policy.PLENARY]


def published_seats(tables: list[LiveRoom]) -> dict[str, str]:
    """participant → the round table whose published panel it sits on."""
    return published_elsewhere(OtherRooms.of([r.state for r in tables], {r.slug: r.meta.name for r in tables}))


def proposals(tables: list[LiveRoom], directory: Mapping[str, Participant]) -> dict[str, Proposal]:
    """The assistant's proposal for every round table at once.

    Round tables not yet published are proposed together, around the delegations already on
    published panels (`taken`) and the co-chairs of the round tables judged together. A published
    one gets what the assistant would propose if it were drawn up again now, around the other
    published panels only — so a candidate its organiser left off does not count as seated, and
    does not disappear from the other tables' proposals.
    """
    people = everyone(tables, directory)
    taken = published_seats(tables)
    chairs = co_chairs(tables)
    drafts = {r.slug: dict(r.state.interests) for r in tables if not r.state.panel_published}
    result = {p.room: p for p in propose_panels(drafts, people, taken=taken, co_chairs=chairs)}
    for room in tables:
        if room.state.panel_published:
            others = {p: slug for p, slug in taken.items() if slug != room.slug}
            draft = {room.slug: dict(room.state.interests)}
            result[room.slug] = propose_panels(draft, people, taken=others, co_chairs=chairs)[0]
    return result


def deadline_view(room: LiveRoom, now: float, zone_name: str, lang: str) -> dict:
    """The deadline as its reader reads it: in the event's time zone, which it names ("New York
    time"), and as the desk's `datetime-local` field holds it — the event's wall-clock time, since
    that is what the secretariat announces and types (`set_deadline` reads it back in the zone)."""
    _ = translator(lang)
    city = zone_city(zone_name, lang)
    deadline = room.state.interest_deadline
    if deadline is None:
        return {"set": False, "open": False, "value": "", "text": "", "zone": city}
    return {
        "set": True,
        "open": now <= deadline,
        "value": local(deadline, zone_name).strftime("%Y-%m-%dT%H:%M"),
        "text": _("%(when)s (%(zone)s time)", when=_when(deadline, zone_name, lang), zone=city),
        "iso": iso(deadline),
        "zone": city,
    }


def _when(ts: float, zone_name: str, lang: str) -> str:
    """`Thursday, 5 September 2013, 11:40 a.m.`, in the event's time zone and the reader's language."""
    return f"{day(ts, zone_name, lang)}, {hour(ts, zone_name, lang)}"


def person_row(participant_id: str, directory: Mapping[str, Participant], room: LiveRoom | None = None) -> dict:
    """A panellist or candidate as the pages list it: its delegation's category and group, and the
    person who would sit on the panel where its expression of interest in `room` names one."""
    speaker, title = room.state.panellists.get(participant_id, ("", "")) if room is not None else ("", "")
    person = {"speaker": speaker, "title": title}
    participant = directory.get(participant_id)
    if participant is None:
        return {"id": participant_id, "category": "", "group": ""} | person
    group = participant.regional_group if participant.category is Category.MEMBER_STATE else None
    return {"id": participant_id, "category": participant.category.value, "group": group or ""} | person


# --- the organiser's page --------------------------------------------------------------------------


def _desk(
    request: Request,
    *,
    message: str = "",
    status: int = 200,
    chosen: dict[str, list[str]] | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    rooms = request.app.state.rooms
    lang = language(request)
    tables = round_tables(request)
    now = request.app.state.clock()
    zone_name = rooms.time_zone
    drafts = proposals(tables, rooms.directory)
    seated = published_seats(tables)
    names = {r.slug: r.meta.name for r in tables}
    cards = []
    listed: dict[str, list[str]] = {}
    for room in tables:
        state = room.state
        directory = known(state, rooms.directory)
        proposal = drafts[room.slug]
        reasons = {c.participant: c for c in proposal.choices}
        passed_over = {p.participant: p for p in proposal.passed_over}
        if chosen is not None and room.slug in chosen:
            checked = chosen[room.slug]
        elif state.panel_published:
            checked = list(state.panel)
        else:
            checked = proposal.participants
        listed[room.slug] = list(checked)
        candidates = sorted(state.interests, key=lambda p: (state.interests[p], p))
        rows = [
            person_row(p, directory, room)
            | {
                "at": _when(state.interests[p], zone_name, lang),
                "choice": reasons.get(p),
                "passed_over": passed_over.get(p),
                "checked": p in checked,
                "elsewhere": _elsewhere(p, room, seated, names),
                "candidate": True,
            }
            for p in candidates
        ]
        rows += [
            person_row(p, directory, room)
            | {"at": None, "choice": None, "passed_over": None, "checked": True, "elsewhere": None, "candidate": False}
            for p in checked
            if p not in state.interests
        ]
        cards.append(
            {
                "room": room.meta,
                "state": state,
                "deadline": deadline_view(room, now, zone_name, lang),
                "rows": rows,
                "proposal": proposal,
                "name_of": name_in(directory, lang),
                "published": list(state.panel) if state.panel_published else None,
                "typed": (typed or {}).get(room.slug, ""),
            }
        )
    # The whole as drawn up on this page: each round table's list as ticked, published or proposed.
    wholes = as_listed(rooms.rooms, rooms.directory, listed)
    for card, room in zip(cards, tables, strict=True):
        card["adds"] = adds((whole for _tables, whole in wholes), room.slug)
    return render(
        request,
        "organiser_panels.html",
        {
            "view": "organiser-panels",
            "cards": cards,
            "wholes": wholes,
            "message": message,
            "category_one": CATEGORY_ONE,
            "group_labels": REGIONAL_GROUPS,
            "name_of": name_in(rooms.directory, lang),
            "room_names": {slug: room.meta.name for slug, room in rooms.rooms.items()},
            "participants": sorted(rooms.directory.values(), key=lambda p: p.name),
        },
        status,
    )


def _elsewhere(participant: str, room: LiveRoom, seated: dict[str, str], names: dict[str, str]) -> str | None:
    """The name of the other round table whose published panel holds this participant, if any."""
    slug = seated.get(participant)
    return names[slug] if slug is not None and slug != room.slug else None


desk = organiser_page(_desk)


def _table(request: Request) -> LiveRoom | None:
    room = request.app.state.rooms.get(request.path_params["slug"])
    return room if room is not None and room.state.rules.policy is not Policy.PLENARY else None


async def set_deadline(request: Request) -> Response:
    def build(form: FormData, room: LiveRoom, _: Callable[..., str]) -> dict:
        return {
            "action": "set_interest_deadline",
            # The field holds the event's wall-clock time ("New York time"), not UTC.
            "deadline": wall_clock(str(form.get("deadline") or "").strip(), request.app.state.rooms.time_zone),
            "stakeholders": form.get("stakeholders") is not None,
        }

    return await organiser_command(
        request,
        desk=_desk,
        find_room=_table,
        no_room=N_("There is no such round table."),
        build=build,
        done=lambda room, outcome: RedirectResponse(f"/organiser/panels#panels-{room.slug}", status_code=303),
    )


async def publish(request: Request) -> Response:
    grant, form, refused = await organiser_form(request, _desk)
    if refused is not None:
        return refused
    lang = language(request)
    _ = translator(lang)
    room = _table(request)
    if room is None:
        return _desk(request, message=_("There is no such round table."), status=404)
    typed = str(form.get("others") or "")[:500]
    ticked = [str(v).strip()[:40] for v in form.getlist("participant")][:50]
    chosen: list[str] = []
    for value in ticked + _IDS.split(typed.strip().upper()):
        if value and value not in chosen:
            chosen.append(value)

    def again(message: str, status: int) -> Response:
        # The page again, with the organiser's choice kept: the ticks ticked, the typed ids typed.
        return _desk(request, message=message, status=status, chosen={room.slug: ticked}, typed={room.slug: typed})

    rooms = request.app.state.rooms
    directory = known(room.state, rooms.directory)
    unknown = [p for p in chosen if p not in directory]
    if unknown:
        return again(_("%(room)s: unknown participant %(id)s.", room=_(room.meta.name), id=unknown[0][:40]), 400)
    if not chosen:
        return again(_("%(room)s: choose at least one panellist.", room=_(room.meta.name)), 400)
    try:
        await rooms.execute(room, {"action": "publish_panel", "participants": ",".join(chosen)}, grant.actor)
    except OnAnotherPanel as error:
        # The organiser's list is what is wrong, as with an unknown id: the form again, 400.
        return again(
            _(
                "%(name)s is already on the published panel of %(room)s: never one delegation on two panels at once.",
                name=name_in(directory, lang)(error.participant),
                room=_(error.room_name),
            ),
            400,
        )
    except Refused as error:
        return again(room_refusal(_, room, error), status_for(error.code))
    return RedirectResponse(f"/organiser/panels#panels-{room.slug}", status_code=303)
