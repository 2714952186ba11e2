"""How a room's state reads to integrations and on the timer: the JSON state, the timer's view.
(What things are called is session.labels; how times read, session.times.)"""

from collections.abc import Mapping

from session.domain.participants import Participant
from session.domain.schedule import Expected, expected_times
from session.domain.state import FloorRequest, Meeting, RoomState
from session.domain.timer import WARNING_S
from session.times import clock_face, iso, iso_local


def timer_view(state: RoomState, now: float) -> dict:
    timer = state.timer
    remaining = timer.remaining(now)
    running_or_paused = timer.phase.value != "idle"
    return {
        "phase": timer.phase.value,
        "limit_s": timer.limit_s,
        "elapsed_s": round(timer.elapsed(now), 3),
        "remaining_s": round(remaining, 3),
        "deadline": timer.deadline,
        "deadline_ms": None if timer.deadline is None else int(timer.deadline * 1000),
        "remaining_ms": int(remaining * 1000),
        "face": clock_face(remaining) if running_or_paused else clock_face(state.rules.statement_s),
        "warning": running_or_paused and 0 <= remaining <= WARNING_S,
        "overrun": running_or_paused and remaining < 0,
    }


def entry_json(request: FloorRequest, directory: Mapping[str, Participant], position: int | None = None) -> dict:
    participant = directory.get(request.participant)
    data = {
        "entry": request.entry,
        "participant": request.participant,
        "name": participant.name if participant else request.participant,
        "type": request.type.value,
        "level": request.level.value,
        "level_verified": request.level_verified,
        "requested_level": request.requested_level.value if request.requested_level else None,
        "speaker": request.speaker,
        "title": request.title,
        "on_behalf_of": request.on_behalf_of,
        "requested_at": iso(request.requested_at),
        "time_limit_s": request.time_limit_s,
        "flag": request.flag,  # for the chair: a right the participant's status gives only as the chair decides
    }
    if position is not None:
        data["position"] = position
    return data


def meeting_json(meeting: Meeting, zone: str) -> dict:
    return {
        "number": meeting.number,
        "starts_at": iso_local(meeting.starts_at, zone),
        "ends_at": iso_local(meeting.ends_at, zone),
        "status": meeting.status,
        "opened_at": iso_local(meeting.opened_at, zone),
        "closed_at": iso_local(meeting.closed_at, zone),
    }


def queued_json(
    request: FloorRequest, directory: Mapping[str, Participant], position: int, expected: Expected | None, zone: str
) -> dict:
    """A waiting entry: its place, and the meeting and time it is expected to speak in (the event's offset)."""
    return entry_json(request, directory, position) | {
        "meeting": expected.meeting if expected else request.meeting,
        "inscribed_for": request.meeting,
        "carried": request.carried,
        "expected_at": iso_local(expected.at, zone) if expected else None,
    }


def state_json(
    state: RoomState, directory: Mapping[str, Participant], now: float, notes: bool = False, zone: str = "UTC"
) -> dict:
    """The room's state for integrations; the rapporteur's notes and key points only with `notes`
    (see permissions.reads_notes): without them, what the gallery sees."""
    current = None
    if state.current is not None:
        current = entry_json(state.current, directory) | {"started_at": iso(state.current_started_at)}
    expected = expected_times(state, now)
    inscription = state.inscription
    return {
        "room": state.slug,
        "version": state.version,
        "current": current,
        "timer": timer_view(state, now) | {"server_now": now},
        "queue": [queued_json(q, directory, i + 1, expected.get(q.entry), zone) for i, q in enumerate(state.queue)],
        "meetings": [meeting_json(m, zone) for m in state.meetings],
        "current_meeting": state.meeting,
        "inscription": {
            "opens_at": iso_local(inscription[0], zone) if inscription else None,
            "closes_at": iso_local(inscription[1], zone) if inscription else None,
        },
        "groups_first": state.groups_first,
        "high_level_first": state.high_level_first,
        "seats": seats_json(state),
        "list_closed": state.list_closed,
        "policy": state.rules.policy.value,
        "default_limit_s": state.rules.statement_s,
        "mean_intervention_s": round(state.mean_intervention_s(), 1),
        "interventions": [
            entry_json(i.request, directory)
            | {
                "number": i.number,
                "started_at": iso(i.started_at),
                "ended_at": iso(i.ended_at),
                "duration_s": i.duration_s,
                "time_limit_s": i.time_limit_s,
                "overrun_s": round(i.overrun_s, 3),
                "ruling": state.rulings.get(i.request.entry),
                "meeting": i.meeting,
                **_annotation(state, i.request.entry, notes),
            }
            for i in state.interventions
        ],
    }


def seats_json(state: RoomState) -> dict:
    """A round table's reserved seats: the cap (null: none, every delegation takes part), who holds a
    seat, and whether the co-chairs let delegations without a seat ask for the floor."""
    return {
        "cap": state.seat_cap,
        "taken": len(state.seat_holders),
        "holders": list(state.seat_holders),
        "seatless_may_ask": state.seatless_may_ask,
    }


def _annotation(state: RoomState, entry: int, notes: bool) -> dict:
    note = state.annotations.get(entry)
    marked = {"summary": bool(note and note.summary)}  # the gallery's log shows this mark too
    if not notes:
        return marked
    return {"notes": note.notes if note else "", "key_points": note.key_points if note else "", **marked}
