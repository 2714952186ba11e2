"""A room's switches, as the event file names them: each is the chair's command of that name, and
reads back from the room's state. A file states only the switches it names; a fresh room starts
from its policy's defaults (the plenary's clock waits for Start, a round table's starts on the call)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from session.domain.commands import (
    AllowInterposedQuestions,
    AllowSeatlessRequests,
    Command,
    GroupsFirst,
    SetBalanced,
    StartOnCall,
)
from session.domain.rights import interposed_questions_allowed
from session.domain.room import new_room
from session.domain.state import Policy, RoomRules, RoomState


@dataclass(frozen=True)
class Switch:
    name: str
    command: Callable[[bool], Command[Any]]
    read: Callable[[RoomState], bool]
    what: str  # for the file's reader and the dry run


SWITCHES: dict[str, Switch] = {
    s.name: s
    for s in (
        Switch("start_on_call", StartOnCall, lambda s: s.starts_clock_on_call, "calling a speaker starts the clock"),
        Switch("groups_first", GroupsFirst, lambda s: s.groups_first, "statements on behalf of a group first"),
        Switch(
            "allow_interposed_questions",
            AllowInterposedQuestions,
            interposed_questions_allowed,
            "interposed questions taken",
        ),
        Switch("balanced", SetBalanced, lambda s: s.balanced, "the balanced suggestion shown to the chair"),
        Switch(
            "allow_seatless_requests",
            AllowSeatlessRequests,
            lambda s: s.seatless_may_ask,
            "delegations without a seat may ask for the floor",
        ),
    )
}


def defaults(policy: str, limit_s: int) -> dict[str, bool]:
    """Every switch as a fresh room of this policy has it."""
    fresh = new_room("", RoomRules(policy=Policy(policy), statement_s=limit_s))
    return {name: switch.read(fresh) for name, switch in SWITCHES.items()}


def current(state: RoomState) -> dict[str, bool]:
    return {name: switch.read(state) for name, switch in SWITCHES.items()}
