"""How a room's state reads to people and to integrations: labels, clock faces, the JSON state."""

from collections.abc import Mapping
from datetime import UTC, datetime

from session.domain.commands import RequestType
from session.data import REGIONAL_GROUPS
from session.domain.participants import Category, Level, Participant
from session.domain.state import FloorRequest, RoomState
from session.domain.timer import WARNING_S

from .i18n import N_

TYPE_LABELS = {
    RequestType.STATEMENT: N_("Statement"),
    RequestType.POINT_OF_ORDER: N_("Point of order"),
    RequestType.RIGHT_OF_REPLY: N_("Right of reply"),
    RequestType.QUESTION: N_("Question to the panel"),
    RequestType.RESPONSE: N_("Panellist response"),
    RequestType.INTERPOSED_QUESTION: N_("Interposed question"),
    RequestType.ANSWER: N_("Answer"),
}
CATEGORY_LABELS = {
    Category.MEMBER_STATE: N_("Member States"),
    Category.OBSERVER_STATE: N_("Observer States"),
    Category.INTERGOVERNMENTAL: N_("Intergovernmental organizations"),
    Category.UN_SYSTEM: N_("UN system"),
    Category.NGO: N_("NGOs and civil society"),
    Category.PRIVATE_SECTOR: N_("Private sector"),
}
LEVEL_LABELS = {
    Level.HEAD_OF_STATE: N_("Head of State"),
    Level.VICE_PRESIDENT: N_("Vice-President or Crown Prince"),
    Level.HEAD_OF_GOVERNMENT: N_("Head of Government"),
    Level.DEPUTY_PRIME_MINISTER: N_("Deputy Prime Minister"),
    Level.MINISTER: N_("Minister"),
    Level.VICE_MINISTER: N_("Vice-Minister"),
    Level.HEAD_OF_DELEGATION: N_("Head of Delegation"),
    Level.OTHER: N_("Other"),
}


def clock_face(seconds: float) -> str:
    """`m:ss`, or `+m:ss` once over time — the same face the timer script draws."""
    sign = "+" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # count down 3:00 .. 0:01, then +0:00
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def duration(seconds: float) -> str:
    """`m:ss` of time spoken, rounded down."""
    whole = int(max(0.0, seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


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
            entry_json(i.request, directory) | {
                "number": i.number, "started_at": iso(i.started_at), "ended_at": iso(i.ended_at),
                "duration_s": i.duration_s, "time_limit_s": i.time_limit_s, "overrun_s": round(i.overrun_s, 3),
                "ruling": state.rulings.get(i.request.entry),
                **_annotation(state, i.request.entry, notes),
            }
            for i in state.interventions
        ],
    }


SHORT_GROUP_LABELS = {"african": N_("African"), "asia_pacific": N_("Asia-Pacific"),
                      "eastern_european": N_("Eastern European"), "grulac": N_("GRULAC"), "weog": N_("WEOG")}


def short_voice_label(key: str) -> str:
    """The same, short enough for a chart's axis."""
    return SHORT_GROUP_LABELS.get(key) or voice_label(key)


def voice_label(key: str) -> str:
    """A regional group's or a category's name, for charts and tables."""
    if key in REGIONAL_GROUPS:
        return REGIONAL_GROUPS[key]
    if key in {c.value for c in Category}:
        return CATEGORY_LABELS[Category(key)]
    return TYPE_LABELS[RequestType(key)]


def _annotation(state: RoomState, entry: int, notes: bool) -> dict:
    note = state.annotations.get(entry)
    marked = {"summary": bool(note and note.summary)}  # the gallery's log shows this mark too
    if not notes:
        return marked
    return {"notes": note.notes if note else "", "key_points": note.key_points if note else "", **marked}
