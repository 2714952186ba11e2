"""Priority at the co-chairs' discretion: Heads of State or Government and ministers first (PROCEDURE.md §3).

A round table keeps no prepared list: participants ask for the floor in the room, and "co-chairs may
give priority to Heads of State or Government and ministers". That is a switch per room, off by
default. When it is on, a statement or question whose level (`ordering.HIGH_LEVELS`: Head of State,
Vice-President, Head of Government, Deputy Prime Minister, minister) has been verified is placed
ahead of the others waiting, then by time of request (`ordering.round_table_key`); points of order,
responses, interposed questions and rights of reply keep their places. A level a delegation
declares itself counts once the chair verifies it, as on the plenary's list.

Switching it on moves the high-level requests already waiting ahead of the others, each keeping
its place among its own (the order of request, or the chair's); the event records the new order,
so a replay rebuilds it whatever the rule is by then. Switching it off moves no one: the list goes
on in order of request. The plenary has its own order of precedence, by level, and no such switch.

With the balanced suggestion on as well (`suggestion`), the suggestion keeps the high-level
requests first and orders each band by the least-heard voice (`balance.balanced_order`): the
co-chairs' priority is a rule they announced to the room, balance a way of choosing within it.
"""

from dataclasses import dataclass
from typing import NotRequired, TypedDict

from .balance import reorder_listed
from .errors import Refused
from .ordering import LISTED, priority_band
from .procedure import Command, Directory
from .roles import PRESIDING
from .state import Policy, RoomState


class PrioritySet(TypedDict):
    on: bool
    order: NotRequired[list[int]]  # switched on: the waiting statements and questions, in their new order


@dataclass(frozen=True)
class SetPriorityToHighLevel(Command[PrioritySet]):
    """The co-chairs' switch: give priority to Heads of State or Government and ministers."""

    action = "set_priority_to_high_level"
    may = PRESIDING
    on: bool

    def decide(self, state: RoomState, now: float, directory: Directory) -> PrioritySet:
        if state.rules.policy is Policy.PLENARY:
            raise Refused(
                "not_round_table",
                "The plenary has its order of precedence (by level of representation, then time of "
                "inscription); priority at the co-chairs' discretion is for round tables.",
            )
        if state.high_level_first is self.on:
            said = "on." if self.on else "off."
            raise Refused("no_change", "Priority to Heads of State or Government and ministers is already " + said)
        if not self.on:
            return {"on": False}
        listed = [q for q in state.queue if q.type in LISTED]
        first = sorted(listed, key=lambda q: priority_band(q, True))  # stable: each band keeps its order
        return {"on": True, "order": [q.entry for q in first]}

    @classmethod
    def apply(cls, state: RoomState, facts: PrioritySet, at: float) -> None:
        state.high_level_first = facts["on"]
        if "order" in facts:
            state.queue = reorder_listed(state.queue, facts["order"])
