"""Deciding and applying: a command checked against the state becomes an event; events fold into state.

`decide` reads the state and never changes it; `apply` changes it and never refuses. Events
carry every fact they need (the entry number, the place in the list, the time limit), so a
replay of the log rebuilds the same state whatever the policies are by then.
"""

import re
from collections import ChainMap
from datetime import UTC, datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, replace

from . import commands as c
from .balance import MAX_PANEL, REGIONAL_GROUPS, balanced_order, reorder_listed
from .commands import RequestType
from .errors import Refused
from .ordering import insertion_index
from .participants import Category, Level, Participant
from .state import (Annotation, Budgets, Event, FloorRequest, Intervention, Policy, RoomRules, RoomState, Segment,
                    Suspended)
from .timer import Phase

# Statements and questions wait for the list to reopen; these never do.
_ALWAYS_ADMITTED = {RequestType.POINT_OF_ORDER, RequestType.RIGHT_OF_REPLY, RequestType.RESPONSE,
                    RequestType.INTERPOSED_QUESTION}
_INTERPOSED = {RequestType.INTERPOSED_QUESTION, RequestType.ANSWER}
MAX_ADDED_S = 3600


def new_room(slug: str, rules: RoomRules) -> RoomState:
    return RoomState(slug=slug, rules=rules)


def decide(state: RoomState, command: c.Command, *, now: float,
           directory: Mapping[str, Participant]) -> dict:
    """The event data for `command`, or `Refused`. The event's action is the command's."""
    return _DECIDERS[type(command)](state, command, now, known(state, directory))


def known(state: RoomState, directory: Mapping[str, Participant]) -> Mapping[str, Participant]:
    """Everyone who may take the floor in this room: the event's list and the room's walk-ins."""
    return ChainMap(state.walk_ins, directory) if state.walk_ins else directory


def apply(state: RoomState, event: Event) -> RoomState:
    _APPLIERS[event.action](state, event.data, event.at)
    state.version = event.seq
    return state


def replay(state: RoomState, events: Iterable[Event]) -> RoomState:
    for event in events:
        apply(state, event)
    return state


# --- rules shared by several commands -------------------------------------------------

def default_level(participant: Participant) -> Level:
    states = {Category.MEMBER_STATE, Category.OBSERVER_STATE}
    return Level.HEAD_OF_DELEGATION if participant.category in states else Level.OTHER


def time_limit(state: RoomState, participant: str, type: RequestType) -> int:
    rules = state.rules
    if type is RequestType.POINT_OF_ORDER:
        return rules.point_of_order_s
    if type is RequestType.RIGHT_OF_REPLY:
        return rules.reply_s[min(_replies_used(state, participant), len(rules.reply_s) - 1)]
    if type in _INTERPOSED:
        return rules.interposed_s
    if state.segment is not None:
        return state.segments[state.segment - 1].limit_s
    return rules.statement_s


def reply_cap(state: RoomState, participant: Participant) -> int:
    """Two rights of reply per item; the European Union, with enhanced observer rights, one."""
    return 1 if participant.category is Category.INTERGOVERNMENTAL else len(state.rules.reply_s)


def _check_reply_cap(state: RoomState, participant: Participant) -> None:
    cap = reply_cap(state, participant)
    if _replies_used(state, participant.id) >= cap:
        raise Refused("reply_limit", f"{participant.name} has used its {cap} right(s) of reply on this item.")


def _replies_used(state: RoomState, participant: str) -> int:
    """Rights of reply heard, being heard or waiting: the cap counts all of them."""
    requests = ([i.request for i in state.interventions] + state.queue + [state.current]
                + [s.request for s in state.suspended])
    return sum(1 for r in requests
               if r is not None and r.participant == participant and r.type is RequestType.RIGHT_OF_REPLY)


def _participant(directory: Mapping[str, Participant], participant_id: str) -> Participant:
    participant = directory.get(participant_id)
    if participant is None:
        raise Refused("unknown_participant", f"Unknown participant '{participant_id[:40]}'.")
    return participant


def _new_request(state: RoomState, participant: Participant, type: RequestType,
                 level: Level | None, now: float) -> dict:
    return {
        "entry": state.last_entry + 1,
        "participant": participant.id,
        "category": participant.category.value,
        "type": type.value,
        "level": (level or default_level(participant)).value,
        "requested_at": now,
        "time_limit_s": time_limit(state, participant.id, type),
        "segment": state.segment,
        "links_to": state.current.entry if type is RequestType.INTERPOSED_QUESTION and state.current else None,
    }


def _request_from(data: dict) -> FloorRequest:
    return FloorRequest(
        entry=data["entry"], participant=data["participant"], category=Category(data["category"]),
        type=RequestType(data["type"]), level=Level(data["level"]),
        requested_at=data["requested_at"], time_limit_s=data["time_limit_s"],
        segment=data.get("segment"), links_to=data.get("links_to"),
    )


def request_data(request: FloorRequest) -> dict:
    data = asdict(request)
    data.update(category=request.category.value, type=request.type.value, level=request.level.value)
    return data


def _queued(state: RoomState, entry: int) -> FloorRequest:
    request = state.find(entry)
    if request is None:
        raise Refused("not_in_queue", f"Entry {entry} is not on the list of speakers.")
    return request


def _end_current(state: RoomState, at: float) -> None:
    ended = state.current
    if ended is not None:
        assert state.current_started_at is not None
        state.interventions.append(Intervention(
            number=len(state.interventions) + 1, request=ended,
            started_at=state.current_started_at, ended_at=at,
            duration_s=round(state.timer.elapsed(at), 3), time_limit_s=state.timer.limit_s,
        ))
        if ended.type not in _INTERPOSED:
            # Questions waiting to interrupt this speaker lapse when the speaker is done.
            state.queue = [q for q in state.queue
                           if not (q.type is RequestType.INTERPOSED_QUESTION and q.links_to == ended.entry)]
    state.current = None
    state.current_started_at = None
    state.timer = state.timer.stop()


def _resume_suspended(state: RoomState, at: float) -> None:
    """After an interposed question and its answer, the speaker's own clock runs on from where it stopped."""
    suspended = state.suspended.pop()
    state.current = suspended.request
    state.current_started_at = suspended.started_at
    state.timer = suspended.timer.resume(at)


def _no_interposition(state: RoomState) -> None:
    if state.suspended:
        raise Refused("interposed_question", "An interposed question is under way: end it first.")


def _give_floor(state: RoomState, request: FloorRequest, at: float) -> None:
    _end_current(state, at)
    state.queue = [q for q in state.queue if q.entry != request.entry]
    if request.type is RequestType.RIGHT_OF_REPLY:
        # The first reply heard gets the first limit, whatever order they were asked in.
        heard = sum(1 for i in state.interventions
                    if i.request.participant == request.participant and i.request.type is RequestType.RIGHT_OF_REPLY)
        request = replace(request, time_limit_s=state.rules.reply_s[min(heard, len(state.rules.reply_s) - 1)])
    state.current = request
    state.current_started_at = at
    state.timer = state.timer.start(at, request.time_limit_s)


# --- request_floor / withdraw -----------------------------------------------------------

def _decide_request_floor(state, cmd: c.RequestFloor, now, directory):
    if cmd.participant is None:
        raise Refused("invalid_field", "'request_floor' needs 'participant'.")
    participant = _participant(directory, cmd.participant)
    if cmd.type is RequestType.ANSWER:
        raise Refused("invalid_field", "An answer is given when the chair takes a question, not requested.")
    if cmd.type is RequestType.INTERPOSED_QUESTION:
        refusal = interposition_refusal(state, participant.id)
        if refusal is not None:
            raise refusal
    if state.list_closed and cmd.type not in _ALWAYS_ADMITTED:
        raise Refused("list_closed", "The list of speakers is closed.")
    if state.pending(participant.id, cmd.type):
        raise Refused("duplicate_request",
                      f"{participant.name} already has a pending request of this type ({cmd.type.value}).")
    if cmd.type is RequestType.RIGHT_OF_REPLY:
        _check_reply_cap(state, participant)
    data = _new_request(state, participant, cmd.type, cmd.level, now)
    data["position"] = insertion_index(state.queue, _request_from(data), state.rules.policy) + 1
    return data


def interposition_refusal(state: RoomState, participant: str) -> Refused | None:
    """Why `participant` may not put an interposed question now; None if it may."""
    if state.current is None or state.current.type in _INTERPOSED:
        return Refused("no_current_speaker", "An interposed question is put to a speaker who has the floor.")
    if state.current.type is RequestType.POINT_OF_ORDER:
        return Refused("invalid_field", "A point of order is ruled on at once: no question is put to it.")
    if state.current.participant == participant:
        return Refused("invalid_field", "A speaker does not put a question to itself.")
    return None


def _apply_request_floor(state, data, at):
    state.queue.insert(data["position"] - 1, _request_from(data))
    state.last_entry = data["entry"]


def _decide_withdraw(state, cmd: c.Withdraw, now, directory):
    if cmd.entry is not None:
        request = _queued(state, cmd.entry)
        if cmd.participant is not None and request.participant != cmd.participant:
            raise Refused("forbidden", "That request belongs to another participant.")
        return {"entry": request.entry}
    if cmd.participant is None:
        raise Refused("invalid_field", "Say which request to withdraw: 'entry', or 'participant' and 'type'.")
    pending = state.pending(cmd.participant, cmd.type)
    if not pending:
        raise Refused("not_in_queue", "There is no pending request to withdraw.")
    if len(pending) > 1:
        raise Refused("ambiguous", "Several requests are pending; say which 'type' or 'entry' to withdraw.")
    return {"entry": pending[0].entry}


def _apply_withdraw(state, data, at):
    state.queue = [q for q in state.queue if q.entry != data["entry"]]


# --- giving the floor -----------------------------------------------------------------------

def _stale(what: str) -> Refused:
    # Co-chairs on two tablets: an action applies to what its chair saw, or is refused.
    return Refused("stale", f"The list changed meanwhile: {what}. Here is the current one.")


def _decide_call_next(state, cmd: c.CallNext, now, directory):
    _no_interposition(state)
    listed = [q for q in state.queue if q.type is not RequestType.INTERPOSED_QUESTION]  # those are taken
    if not listed:
        raise Refused("queue_empty", "The list of speakers is empty.")
    if cmd.entry is not None and listed[0].entry != cmd.entry:
        raise _stale("someone else is now first")
    return {"entry": listed[0].entry}


def _decide_call(state, cmd: c.Call, now, directory):
    _no_interposition(state)
    if cmd.type in _INTERPOSED:
        raise Refused("invalid_field", "An interposed question is taken with 'take_question', not called.")
    if cmd.entry is not None:
        if _queued(state, cmd.entry).type is RequestType.INTERPOSED_QUESTION:
            raise Refused("invalid_field", "An interposed question is taken with 'take_question', not called.")
        return {"entry": _queued(state, cmd.entry).entry}
    if cmd.participant is None:
        raise Refused("invalid_field", "Say whom to call: 'entry', or 'participant'.")
    participant = _participant(directory, cmd.participant)
    pending = state.pending(participant.id, cmd.type)
    if pending:
        return {"entry": pending[0].entry}
    if cmd.type is RequestType.RIGHT_OF_REPLY:
        _check_reply_cap(state, participant)
    return {"entry": state.last_entry + 1, "request": _new_request(state, participant, cmd.type, cmd.level, now)}


def _apply_call(state, data, at):
    if "request" in data:
        request = _request_from(data["request"])
        state.last_entry = request.entry
    else:
        request = state.find(data["entry"])
    _give_floor(state, request, at)


# --- arranging the list ---------------------------------------------------------------------

def _decide_move(state, cmd: c.Move, now, directory):
    _queued(state, cmd.entry)
    if cmd.from_position is not None and state.position(cmd.entry) != cmd.from_position:
        raise _stale(f"that entry is now number {state.position(cmd.entry)}")
    if not 1 <= cmd.position <= len(state.queue):
        raise Refused("invalid_position", f"Position must be between 1 and {len(state.queue)}.")
    if state.position(cmd.entry) == cmd.position:
        raise Refused("no_change", f"Entry {cmd.entry} is already at position {cmd.position}.")
    return {"entry": cmd.entry, "position": cmd.position}


def _apply_move(state, data, at):
    request = state.find(data["entry"])
    state.queue.remove(request)
    state.queue.insert(data["position"] - 1, request)


def _decide_remove(state, cmd: c.Remove, now, directory):
    _queued(state, cmd.entry)
    return {"entry": cmd.entry, "position": state.position(cmd.entry)}


def _apply_remove(state, data, at):
    request = state.find(data["entry"])
    state.queue.remove(request)
    state.removed.append((request, data["position"]))


def _decide_readd_last(state, cmd, now, directory):
    if not state.removed:
        raise Refused("nothing_removed", "No removed entry to re-add.")
    request, position = state.removed[-1]
    if request.type is RequestType.INTERPOSED_QUESTION and (state.current is None
                                                            or state.current.entry != request.links_to):
        raise Refused("lapsed", "That question lapsed when its speaker finished.")
    if state.pending(request.participant, request.type):
        raise Refused("duplicate_request", "That participant is already back on the list with the same request.")
    if request.type is RequestType.RIGHT_OF_REPLY and request.participant in directory:
        _check_reply_cap(state, directory[request.participant])
    # A reply re-added after another was heard is now the second: it gets the second's limit.
    return {"entry": request.entry, "position": min(position, len(state.queue) + 1),
            "time_limit_s": time_limit(state, request.participant, request.type)}


def _apply_readd_last(state, data, at):
    request, _ = state.removed.pop()
    request = replace(request, time_limit_s=data.get("time_limit_s", request.time_limit_s))
    state.queue.insert(data["position"] - 1, request)


def _decide_close_list(state, cmd, now, directory):
    if state.list_closed:
        raise Refused("no_change", "The list of speakers is already closed.")
    return {}


def _decide_reopen_list(state, cmd, now, directory):
    if not state.list_closed:
        raise Refused("no_change", "The list of speakers is already open.")
    return {}


def _set_list_closed(closed: bool) -> Callable:
    def _apply(state, data, at):
        state.list_closed = closed
    return _apply


# --- the timer ------------------------------------------------------------------------------

def _require_phase(state: RoomState, phase: Phase, message: str) -> None:
    if state.timer.phase is not phase:
        raise Refused("timer_" + state.timer.phase.value, message)


def _decide_timer_start(state, cmd, now, directory):
    _require_phase(state, Phase.IDLE, f"The timer is already {state.timer.phase.value}.")
    limit = state.current.time_limit_s if state.current else state.rules.statement_s
    return {"limit_s": limit}


def _apply_timer_start(state, data, at):
    state.timer = state.timer.start(at, data["limit_s"])


def _decide_timer_pause(state, cmd, now, directory):
    _require_phase(state, Phase.RUNNING, "The timer is not running.")
    return {}


def _apply_timer_pause(state, data, at):
    state.timer = state.timer.pause(at)


def _decide_timer_resume(state, cmd, now, directory):
    _require_phase(state, Phase.PAUSED, "The timer is not paused.")
    return {}


def _apply_timer_resume(state, data, at):
    state.timer = state.timer.resume(at)


def _decide_timer_add(state, cmd: c.TimerAdd, now, directory):
    if state.timer.phase is Phase.IDLE:
        raise Refused("timer_idle", "The timer is not started; there is no time to add to.")
    if cmd.seconds == 0 or abs(cmd.seconds) > MAX_ADDED_S:
        raise Refused("invalid_field", f"Seconds to add must be between -{MAX_ADDED_S} and {MAX_ADDED_S}, not 0.")
    if state.timer.limit_s + cmd.seconds < 0:
        raise Refused("invalid_field", "The time limit cannot fall below zero.")
    return {"seconds": cmd.seconds}


def _apply_timer_add(state, data, at):
    state.timer = state.timer.add(data["seconds"])


def _decide_end_intervention(state, cmd: c.EndIntervention, now, directory):
    if state.current is None and state.timer.phase is Phase.IDLE:
        raise Refused("no_current_speaker", "No one has the floor.")
    if cmd.entry is not None and (state.current is None or state.current.entry != cmd.entry):
        raise _stale("another speaker has the floor now")
    resume = bool(state.suspended) and state.current is not None and state.current.type in _INTERPOSED
    return {"entry": state.current.entry if state.current else None, "resume": resume}


def _apply_end_intervention(state, data, at):
    _end_current(state, at)
    if data.get("resume"):
        _resume_suspended(state, at)


def _decide_rule_point_of_order(state, cmd: c.RulePointOfOrder, now, directory):
    heard = [i.request for i in state.interventions] + [state.current]
    request = next((r for r in heard if r is not None and r.entry == cmd.entry), None)
    if request is None or request.type is not RequestType.POINT_OF_ORDER:
        raise Refused("not_point_of_order", f"Entry {cmd.entry} is not a point of order that has been heard.")
    if not cmd.ruling:
        raise Refused("invalid_field", "The ruling must not be empty.")
    return {"entry": cmd.entry, "ruling": cmd.ruling}


def _apply_rule_point_of_order(state, data, at):
    state.rulings[data["entry"]] = data["ruling"]


# --- the rapporteur's record ------------------------------------------------------------------

def _decide_annotate(state, cmd: c.Annotate, now, directory):
    heard = ([i.request.entry for i in state.interventions] + ([state.current.entry] if state.current else [])
             + [s.request.entry for s in state.suspended])
    if cmd.entry not in heard:
        raise Refused("not_heard", f"Entry {cmd.entry} has not had the floor; there is nothing to note yet.")
    changes = {k: getattr(cmd, k) for k in ("notes", "key_points", "summary") if getattr(cmd, k) is not None}
    if not changes:
        raise Refused("invalid_field", "Send 'notes', 'key_points' or 'summary'.")
    return {"entry": cmd.entry, **changes}


def _apply_annotate(state, data, at):
    changes = {k: v for k, v in data.items() if k != "entry"}
    state.annotations[data["entry"]] = replace(state.annotations.get(data["entry"], Annotation()), **changes)


# --- the panel and the balance of voices ---------------------------------------------------------

def _decide_seat_panellist(state, cmd: c.SeatPanellist, now, directory):
    participant = _participant(directory, cmd.participant)
    if state.rules.policy is Policy.PLENARY:
        raise Refused("no_panel", "The plenary has no panel.")
    if participant.id in state.panel:
        raise Refused("no_change", f"{participant.name} is already on the panel.")
    if len(state.panel) >= MAX_PANEL:
        raise Refused("panel_full", f"A panel has at most {MAX_PANEL} panellists.")
    return {"participant": participant.id}


def _apply_seat_panellist(state, data, at):
    state.panel.append(data["participant"])


def _decide_unseat_panellist(state, cmd: c.UnseatPanellist, now, directory):
    if cmd.participant not in state.panel:
        raise Refused("not_on_panel", f"{cmd.participant[:40]} is not on the panel.")
    return {"participant": cmd.participant}


def _apply_unseat_panellist(state, data, at):
    state.panel.remove(data["participant"])


def _decide_set_balanced(state, cmd: c.SetBalanced, now, directory):
    if state.rules.policy is Policy.PLENARY:
        raise Refused("not_round_table", "The plenary keeps its order of precedence; balance is for round tables.")
    if state.balanced == cmd.on:
        raise Refused("no_change", f"The balanced suggestion is already {'on' if cmd.on else 'off'}.")
    return {"on": cmd.on}


def _apply_set_balanced(state, data, at):
    state.balanced = data["on"]


def _decide_apply_suggestion(state, cmd: c.ApplySuggestion, now, directory):
    if not state.balanced:
        raise Refused("not_balanced", "Switch the balanced suggestion on first.")
    suggested = [q.entry for q in balanced_order(state, directory)]
    if cmd.order.replace(" ", "") != ",".join(map(str, suggested)):
        raise Refused("stale", "The list changed meanwhile, so the suggestion did too. Here is the current one.")
    if [q.entry for q in reorder_listed(state.queue, suggested)] == [q.entry for q in state.queue]:
        raise Refused("no_change", "The list already follows the suggestion.")
    return {"order": suggested}


def _apply_apply_suggestion(state, data, at):
    state.queue = reorder_listed(state.queue, data["order"])


# --- participants not on the list ----------------------------------------------------------------

_ID = re.compile(r"[A-Z0-9]{2,12}")


def _decide_add_participant(state, cmd: c.AddParticipant, now, directory):
    if not cmd.name:
        raise Refused("invalid_field", "The participant needs a name.")
    if cmd.regional_group is not None and (cmd.category is not Category.MEMBER_STATE
                                           or cmd.regional_group not in REGIONAL_GROUPS):
        raise Refused("invalid_field", "Only a Member State has a regional group: "
                                       + ", ".join(REGIONAL_GROUPS) + ".")
    if cmd.id is not None:
        if not _ID.fullmatch(cmd.id):
            raise Refused("invalid_field", "An id is 2 to 12 capital letters or digits (MEX, IOM, ...).")
        if cmd.id in directory:
            raise Refused("duplicate_participant", f"There is already a participant '{cmd.id}'.")
        participant_id = cmd.id
    else:
        stem = "".join(ch for ch in cmd.name.upper() if "A" <= ch <= "Z")[:8] or "GUEST"
        participant_id = next(f"{stem}{n}" if n else stem for n in range(1000)
                              if (f"{stem}{n}" if n else stem) not in directory)
    if any(p.name.casefold() == cmd.name.casefold() for p in directory.values()):
        raise Refused("duplicate_participant", f"'{cmd.name}' is already on the list of participants.")
    return {"id": participant_id, "name": cmd.name, "category": cmd.category.value,
            "regional_group": cmd.regional_group}


def _apply_add_participant(state, data, at):
    state.walk_ins[data["id"]] = Participant(id=data["id"], name=data["name"], category=Category(data["category"]),
                                             regional_group=data["regional_group"])


# --- interposed questions ------------------------------------------------------------------------

def _decide_take_question(state, cmd: c.TakeQuestion, now, directory):
    question = _queued(state, cmd.entry)
    if question.type is not RequestType.INTERPOSED_QUESTION:
        raise Refused("invalid_field", f"Entry {cmd.entry} is not an interposed question.")
    _no_interposition(state)
    if state.current is None or state.current.entry != question.links_to:
        raise Refused("no_current_speaker", "That question was for a speaker who no longer has the floor.")
    return {"entry": question.entry}


def _apply_take_question(state, data, at):
    question = state.find(data["entry"])
    state.suspended.append(Suspended(state.current, state.current_started_at, state.timer.pause(at)))
    state.queue.remove(question)
    state.current = question
    state.current_started_at = at
    state.timer = state.timer.start(at, question.time_limit_s)


def _decide_answer_question(state, cmd, now, directory):
    if state.current is None or state.current.type is not RequestType.INTERPOSED_QUESTION:
        raise Refused("no_question", "No interposed question is being put.")
    return {"entry": state.last_entry + 1, "time_limit_s": state.rules.interposed_s}


def _apply_answer_question(state, data, at):
    question = state.current
    speaker = state.suspended[-1].request
    _end_current(state, at)
    state.last_entry = data["entry"]
    limit = data.get("time_limit_s", state.rules.interposed_s)
    state.current = replace(speaker, entry=data["entry"], type=RequestType.ANSWER, requested_at=at,
                            time_limit_s=limit, links_to=question.entry)
    state.current_started_at = at
    state.timer = state.timer.start(at, limit)


# --- segments -----------------------------------------------------------------------------------

def _decide_add_segment(state, cmd: c.AddSegment, now, directory):
    if not cmd.title:
        raise Refused("invalid_field", "A segment needs a title.")
    limit = state.rules.statement_s if cmd.limit_s is None else cmd.limit_s
    if not 30 <= limit <= 3600:
        raise Refused("invalid_field", "A segment's time limit is between 30 and 3600 seconds.")
    return {"title": cmd.title, "limit_s": limit}


def _apply_add_segment(state, data, at):
    state.segments.append(Segment(title=data["title"], limit_s=data["limit_s"]))


def _decide_open_segment(state, cmd: c.OpenSegment, now, directory):
    _no_interposition(state)
    if not 1 <= cmd.number <= len(state.segments):
        raise Refused("invalid_field", f"There is no segment {cmd.number}.")
    if state.segment == cmd.number:
        raise Refused("no_change", f"Segment {cmd.number} is already open.")
    return {"number": cmd.number}


def _apply_open_segment(state, data, at):
    if state.segment is not None:
        _close_segment(state, at)
    number = data["number"]
    state.segments[number - 1] = replace(state.segments[number - 1], status="open")
    state.segment = number


def _decide_close_segment(state, cmd, now, directory):
    _no_interposition(state)
    if state.segment is None:
        raise Refused("no_segment", "No segment is open.")
    return {"number": state.segment}


def _close_segment(state: RoomState, at: float) -> None:
    # A segment's list closes with it: whoever has the floor finishes, those still waiting are not heard.
    _end_current(state, at)
    state.queue = []
    state.removed = []
    state.segments[state.segment - 1] = replace(state.segments[state.segment - 1], status="closed")
    state.segment = None


def _apply_close_segment(state, data, at):
    _close_segment(state, at)


# --- group time budgets ------------------------------------------------------------------------

def _decide_set_budgets(state, cmd: c.SetBudgets, now, directory):
    category_s = cmd.group_s if cmd.category_s is None else cmd.category_s
    if cmd.group_s == 0:
        if state.budgets is None:
            raise Refused("no_change", "There are no budgets to switch off.")
        return {"group_s": 0, "category_s": 0}
    if not (60 <= cmd.group_s <= 36000 and 60 <= category_s <= 36000):
        raise Refused("invalid_field", "A budget is between 60 seconds and 10 hours (0 switches them off).")
    return {"group_s": cmd.group_s, "category_s": category_s}


def _apply_set_budgets(state, data, at):
    state.budgets = Budgets(data["group_s"], data["category_s"]) if data["group_s"] else None


def _decide_add_budget(state, cmd: c.AddBudget, now, directory):
    if state.budgets is None:
        raise Refused("no_budgets", "Set the budgets first.")
    if cmd.seconds == 0 or abs(cmd.seconds) > 3600:
        raise Refused("invalid_field", "Add between -3600 and 3600 seconds, not 0.")
    return {"seconds": cmd.seconds}


def _apply_add_budget(state, data, at):
    state.budgets = replace(state.budgets, added_s=state.budgets.added_s + data["seconds"])


# --- the panel by expression of interest --------------------------------------------------------

def _decide_set_interest_deadline(state, cmd: c.SetInterestDeadline, now, directory):
    if state.rules.policy is Policy.PLENARY:
        raise Refused("no_panel", "The plenary has no panel.")
    try:
        moment = datetime.fromisoformat(cmd.deadline.replace("Z", "+00:00"))
    except ValueError:
        raise Refused("invalid_field", "The deadline must be a date and time, e.g. 2013-09-06T18:00Z.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if not 1990 <= moment.year <= 2999:  # checked before any conversion, which could overflow
        raise Refused("invalid_field", "The deadline must be a date between 1990 and 2999.")
    return {"deadline": moment.timestamp(), "stakeholders": cmd.stakeholders}


def _apply_set_interest_deadline(state, data, at):
    state.interest_deadline = data["deadline"]
    state.interest_stakeholders = data["stakeholders"]


def _interest_open(state: RoomState, now: float) -> None:
    if state.interest_deadline is None:
        raise Refused("interest_closed", "Expressions of interest in this panel are not open.")
    if now > state.interest_deadline:
        closed = datetime.fromtimestamp(state.interest_deadline, UTC).strftime("%d %B %Y, %H:%M UTC")
        raise Refused("deadline_passed", f"The deadline for expressions of interest passed on {closed}.")


def _decide_express_interest(state, cmd: c.ExpressInterest, now, directory):
    if cmd.participant is None:
        raise Refused("invalid_field", "'express_interest' needs 'participant'.")
    participant = _participant(directory, cmd.participant)
    _interest_open(state, now)
    if participant.category is not Category.MEMBER_STATE and not state.interest_stakeholders:
        raise Refused("not_eligible", "For this panel, only Member States may express interest.")
    if participant.id in state.interests:
        raise Refused("no_change", f"{participant.name} has already expressed interest.")
    return {"participant": participant.id}


def _apply_express_interest(state, data, at):
    state.interests[data["participant"]] = at


def _decide_withdraw_interest(state, cmd: c.WithdrawInterest, now, directory):
    _interest_open(state, now)
    if cmd.participant not in state.interests:
        raise Refused("not_found", "There is no expression of interest to withdraw.")
    return {"participant": cmd.participant}


def _apply_withdraw_interest(state, data, at):
    del state.interests[data["participant"]]


def _decide_publish_panel(state, cmd: c.PublishPanel, now, directory):
    if state.rules.policy is Policy.PLENARY:
        raise Refused("no_panel", "The plenary has no panel.")
    chosen = [p.strip() for p in cmd.participants.split(",") if p.strip()]
    for participant_id in chosen:
        _participant(directory, participant_id)
    if len(set(chosen)) != len(chosen):
        raise Refused("invalid_field", "A participant appears twice on the list.")
    if not 1 <= len(chosen) <= MAX_PANEL:
        raise Refused("invalid_field", f"A panel has 1 to {MAX_PANEL} panellists.")
    return {"participants": chosen}


def _apply_publish_panel(state, data, at):
    state.panel = list(data["participants"])
    state.panel_published = True


_DECIDERS = {
    c.RequestFloor: _decide_request_floor, c.Withdraw: _decide_withdraw,
    c.CallNext: _decide_call_next, c.Call: _decide_call,
    c.Move: _decide_move, c.Remove: _decide_remove, c.ReaddLast: _decide_readd_last,
    c.CloseList: _decide_close_list, c.ReopenList: _decide_reopen_list,
    c.TimerStart: _decide_timer_start, c.TimerPause: _decide_timer_pause,
    c.TimerResume: _decide_timer_resume, c.TimerAdd: _decide_timer_add,
    c.EndIntervention: _decide_end_intervention, c.RulePointOfOrder: _decide_rule_point_of_order,
    c.Annotate: _decide_annotate, c.SeatPanellist: _decide_seat_panellist,
    c.UnseatPanellist: _decide_unseat_panellist, c.SetBalanced: _decide_set_balanced,
    c.ApplySuggestion: _decide_apply_suggestion, c.AddParticipant: _decide_add_participant,
    c.TakeQuestion: _decide_take_question, c.AnswerQuestion: _decide_answer_question,
    c.AddSegment: _decide_add_segment, c.OpenSegment: _decide_open_segment, c.CloseSegment: _decide_close_segment,
    c.SetBudgets: _decide_set_budgets, c.AddBudget: _decide_add_budget,
    c.SetInterestDeadline: _decide_set_interest_deadline, c.ExpressInterest: _decide_express_interest,
    c.WithdrawInterest: _decide_withdraw_interest, c.PublishPanel: _decide_publish_panel,
}

_APPLIERS = {
    "request_floor": _apply_request_floor, "withdraw": _apply_withdraw,
    "call_next": _apply_call, "call": _apply_call,
    "move": _apply_move, "remove": _apply_remove, "readd_last": _apply_readd_last,
    "close_list": _set_list_closed(True), "reopen_list": _set_list_closed(False),
    "timer_start": _apply_timer_start, "timer_pause": _apply_timer_pause,
    "timer_resume": _apply_timer_resume, "timer_add": _apply_timer_add,
    "end_intervention": _apply_end_intervention, "rule_point_of_order": _apply_rule_point_of_order,
    "annotate": _apply_annotate, "seat_panellist": _apply_seat_panellist,
    "unseat_panellist": _apply_unseat_panellist, "set_balanced": _apply_set_balanced,
    "apply_suggestion": _apply_apply_suggestion, "add_participant": _apply_add_participant,
    "take_question": _apply_take_question, "answer_question": _apply_answer_question,
    "add_segment": _apply_add_segment, "open_segment": _apply_open_segment, "close_segment": _apply_close_segment,
    "set_budgets": _apply_set_budgets, "add_budget": _apply_add_budget,
    "set_interest_deadline": _apply_set_interest_deadline, "express_interest": _apply_express_interest,
    "withdraw_interest": _apply_withdraw_interest, "publish_panel": _apply_publish_panel,
}
