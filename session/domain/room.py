"""Deciding and applying: a command checked against the state becomes an event; events fold into state.

`decide` reads the state and never changes it; `apply` changes it and never refuses. Events
carry every fact they need (the entry number, the place in the list, the time limit), so a
replay of the log rebuilds the same state whatever the policies are by then.

Each command's own decision and fold live with it, in its topic's module (see `procedure`);
this module is the door the rest of the application uses.
"""

from collections import ChainMap
from collections.abc import Iterable, Mapping
from typing import Any, cast

from . import commands as c
from .interposed import interposition_refusal
from .other_rooms import NO_OTHER_ROOMS, SHAPED_BY, OtherRooms
from .participants import Participant
from .rights import reply_cap
from .rules import default_level, time_limit
from .state import Event, Policy, RoomRules, RoomState
from .timekeeping import MAX_ADDED_S
from .undo import remember

__all__ = [
    "MAX_ADDED_S",
    "apply",
    "decide",
    "default_level",
    "interposition_refusal",
    "known",
    "new_room",
    "other_rooms",
    "replay",
    "reply_cap",
    "time_limit",
]


def new_room(slug: str, rules: RoomRules) -> RoomState:
    return RoomState(slug=slug, rules=rules)


def decide(
    state: RoomState,
    command: c.Command[Any],
    *,
    now: float,
    directory: Mapping[str, Participant],
    others: OtherRooms = NO_OTHER_ROOMS,
) -> dict[str, Any]:
    """The event data for `command`, or `Refused`. The event's action is the command's.

    `others`: the event's other rooms as committed, which the command service passes for a command
    that `reads_other_rooms`; without them a room decides as if it were alone."""
    people = known(state, directory)
    facts = command.decide(state, now, people)
    command.across_rooms(state, facts, people, others)
    return cast(dict[str, Any], facts)


def other_rooms(events: Mapping[str, Iterable[Event]], names: Mapping[str, str]) -> OtherRooms:
    """The other rooms' facts, folded from their logged events (room slug → its events in order);
    only the actions that shape them are folded, so a bare state does."""
    bare = RoomRules(policy=Policy.ROUND_TABLE, statement_s=0)
    states = [
        replay(new_room(slug, bare), (e for e in room_events if e.action in SHAPED_BY))
        for slug, room_events in events.items()
    ]
    return OtherRooms.of(states, names)


def known(state: RoomState, directory: Mapping[str, Participant]) -> Mapping[str, Participant]:
    """Everyone who may take the floor in this room: the event's list and the room's walk-ins."""
    # Read only: a ChainMap writes to its first map alone, never to the event's list.
    return ChainMap(state.walk_ins, directory) if state.walk_ins else directory  # type: ignore[arg-type]


def apply(state: RoomState, event: Event) -> RoomState:
    command = c.COMMANDS[event.action]
    # Every event, replayed or live, sets what may be undone next: only ever the room's last event.
    undoable = remember(state, event) if command.undoable else None
    command.apply(state, event.data, event.at)
    state.version = event.seq
    state.undoable = undoable
    return state


def replay(state: RoomState, events: Iterable[Event]) -> RoomState:
    for event in events:
        apply(state, event)
    return state
