"""How a room's state reads to integrations and on the timer: the JSON state, the timer's view.
(What things are called is session.labels; how times read, session.times.)"""

from collections.abc import Mapping

from session.domain.participants import Participant
from session.domain.state import FloorRequest, RoomState
from session.domain.timer import WARNING_S
from session.times import clock_face, iso


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
        "requested_at": iso(request.requested_at),
        "time_limit_s": request.time_limit_s,
    }
    if position is not None:
        data["position"] = position
    return data


def state_json(state: RoomState, directory: Mapping[str, Participant], now: float, notes: bool = False) -> dict:
    """The room's state for integrations; the rapporteur's notes and key points only with `notes`
    (see permissions.reads_notes): without them, what the gallery sees."""
    current = None
    if state.current is not None:
        current = entry_json(state.current, directory) | {"started_at": iso(state.current_started_at)}
    return {
        "room": state.slug,
        "version": state.version,
        "current": current,
        "timer": timer_view(state, now) | {"server_now": now},
        "queue": [entry_json(q, directory, i + 1) for i, q in enumerate(state.queue)],
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
                **_annotation(state, i.request.entry, notes),
            }
            for i in state.interventions
        ],
    }


def _annotation(state: RoomState, entry: int, notes: bool) -> dict:
    note = state.annotations.get(entry)
    marked = {"summary": bool(note and note.summary)}  # the gallery's log shows this mark too
    if not notes:
        return marked
    return {"notes": note.notes if note else "", "key_points": note.key_points if note else "", **marked}
