"""The secretariat's desk for the round tables' reserved seats — `/organiser/seats` (organiser only).

Per round table: its cap, the seats taken, who holds one, the delegations' first and second
choices in order of expression, and what the proposal across all round tables would seat there
(`session.domain.seats.propose_seats`). The secretariat sets a cap, records or withdraws a choice,
seats or unseats one delegation by hand, or assigns every round table's seats as proposed. Each
change is a command through `rooms.execute`, as the organiser: the rules ("one seat per delegation
across the round tables", the cap) are the domain's, decided on the command path every door shares.

"Assign as proposed" applies the proposal one round table at a time: each round table's seats
land together or not at all (one `assign_seats`), but the round tables are separate rooms, each
with its own log, so a round table refused (another desk changed it meanwhile) does not undo the
others; the page says which, and the proposal is worked out again from what was applied.
"""

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from session.domain.errors import Refused
from session.domain.participants import Participant
from session.domain.room import known
from session.domain.seats import MAX_SEATS, SeatProposal, Table, propose_seats
from session.domain.state import SeatRank
from session.realtime.rooms import LiveRoom

from .errors import status_for
from .i18n import name_in, translator
from .organiser import _denied, _organiser, organiser_form
from .pages import language, render
from .panels import round_tables

# What the desk's forms may ask of one round table, and the fields each sends.
CHANGES = {
    "set_seat_cap": ("seats",),
    "record_seat_choice": ("participant", "rank"),
    "withdraw_seat_choice": ("participant",),
    "seat_delegation": ("participant",),
    "unseat_delegation": ("participant",),
}
_ID_MAX = 40


def proposal(tables: list[LiveRoom]) -> SeatProposal:
    return propose_seats({room.slug: Table.of(room.state) for room in tables})


def _everyone(tables: list[LiveRoom], directory: Mapping[str, Participant]) -> dict[str, Participant]:
    merged: dict[str, Participant] = {}
    for room in tables:
        merged.update(room.state.walk_ins)
    merged.update(directory)
    return merged


def _desk(request: Request, *, message: str = "", status: int = 200) -> Response:
    rooms = request.app.state.rooms
    lang = language(request)
    tables = round_tables(request)
    proposed = proposal(tables)
    everyone = _everyone(tables, rooms.directory)
    seated_at = {p: room for room in tables for p in room.state.seat_holders}
    cards = []
    for room in tables:
        state = room.state
        ranked = sorted(state.seat_choices.items(), key=lambda item: (item[1].at, item[0]))
        choices = {
            rank.value: [
                {
                    "id": participant,
                    "holds": seated_at[participant].meta.name if participant in seated_at else None,
                    "proposed": participant in proposed.seats.get(room.slug, ()),
                }
                for participant, choice in ranked
                if choice.rank is rank
            ]
            for rank in SeatRank
        }
        cards.append(
            {
                "room": room.meta,
                "state": state,
                "taken": len(state.seat_holders),
                "choices": choices,
                "proposed": proposed.seats.get(room.slug, []),
                "name_of": name_in(known(state, rooms.directory), lang),
            }
        )
    return render(
        request,
        "organiser_seats.html",
        {
            "view": "organiser-seats",
            "cards": cards,
            "message": message,
            "max_seats": MAX_SEATS,
            "ranks": list(SeatRank),
            "without_seat": proposed.without_seat,
            "anything_proposed": any(proposed.seats.values()),
            "name_of": name_in(everyone, lang),
            "participants": sorted(everyone.values(), key=lambda p: p.name),
        },
        status,
    )


async def desk(request: Request) -> Response:
    if _organiser(request) is None:
        return _denied(request)
    return _desk(request)


def _refusal(_, room: LiveRoom, error: Refused) -> str:
    return _("%(room)s: %(reason)s", room=_(room.meta.name), reason=_(error.message))


async def change(request: Request) -> Response:
    """One change at one round table: its cap, a choice, a seat."""
    grant, form, refused = await organiser_form(request, _desk)
    if refused is not None:
        return refused
    _ = translator(language(request))
    rooms = request.app.state.rooms
    room = next((r for r in round_tables(request) if r.slug == request.path_params["slug"]), None)
    if room is None:
        return _desk(request, message=_("There is no such round table."), status=404)
    action = str(form.get("action") or "")
    if action not in CHANGES:
        return _desk(request, message=_("The message was not understood."), status=400)
    command: dict[str, str] = {"action": action}
    for name in CHANGES[action]:
        command[name] = str(form.get(name) or "").strip()[:_ID_MAX]
    if "participant" in command:
        directory = known(room.state, rooms.directory)
        typed = command["participant"]
        command["participant"] = typed if typed in directory else typed.upper()
    try:
        await rooms.execute(room, command, grant.actor)
    except Refused as error:
        return _desk(request, message=_refusal(_, room, error), status=status_for(error.code))
    return RedirectResponse(f"/organiser/seats#seats-desk-{room.slug}", status_code=303)


async def assign(request: Request) -> Response:
    """Every round table's seats as proposed, one round table at a time (see the module's note)."""
    grant, _form, refused = await organiser_form(request, _desk)
    if refused is not None:
        return refused
    _ = translator(language(request))
    rooms = request.app.state.rooms
    tables = round_tables(request)
    proposed = proposal(tables)
    if not any(proposed.seats.values()):
        return _desk(request, message=_("There is nothing to assign: no choice waits for a free seat."), status=409)
    problems: list[tuple[str, int]] = []
    for room in tables:
        chosen = proposed.seats.get(room.slug, [])
        if not chosen:
            continue
        try:
            await rooms.execute(room, {"action": "assign_seats", "participants": ",".join(chosen)}, grant.actor)
        except Refused as error:
            problems.append((_refusal(_, room, error), status_for(error.code)))
    if problems:
        return _desk(request, message=" ".join(text for text, _status in problems), status=problems[0][1])
    return RedirectResponse("/organiser/seats", status_code=303)
