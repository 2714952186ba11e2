"""The balanced suggestion: an order of the list that gives the least-heard voices the floor first.

A round table's chair may switch it on, see it beside the list, and apply it as seen. How the
order is drawn is `balance.balanced_order`; the plenary keeps its order of precedence.

Where the co-chairs also give priority to Heads of State or Government and ministers (`priority`),
the suggestion keeps that priority: the high-level requests first, then the others, and within each
band the least-heard voice first. Priority is a rule the co-chairs announced to the room; balance is
how they choose among those it leaves equal, so applying the suggestion never breaks the priority.
"""

from dataclasses import dataclass
from typing import TypedDict

from .balance import balanced_order, reorder_listed
from .errors import Refused
from .procedure import Command, Directory
from .roles import PRESIDING
from .state import Policy, RoomState


class BalancedSet(TypedDict):
    on: bool


@dataclass(frozen=True)
class SetBalanced(Command[BalancedSet]):
    """Switch the balanced suggestion on or off for this room's chair."""

    action = "set_balanced"
    may = PRESIDING
    on: bool

    def decide(self, state: RoomState, now: float, directory: Directory) -> BalancedSet:
        if state.rules.policy is Policy.PLENARY:
            raise Refused("not_round_table", "The plenary keeps its order of precedence; balance is for round tables.")
        if state.balanced == self.on:
            raise Refused("no_change", f"The balanced suggestion is already {'on' if self.on else 'off'}.")
        return {"on": self.on}

    @classmethod
    def apply(cls, state: RoomState, facts: BalancedSet, at: float) -> None:
        state.balanced = facts["on"]


class SuggestionApplied(TypedDict):
    order: list[int]  # the entries of the waiting statements and questions, in their new order


@dataclass(frozen=True)
class ApplySuggestion(Command[SuggestionApplied]):
    """Reorder waiting statements as the balanced suggestion the chair saw (entries, comma-separated)."""

    action = "apply_suggestion"
    may = PRESIDING
    order: str

    def decide(self, state: RoomState, now: float, directory: Directory) -> SuggestionApplied:
        if not state.balanced:
            raise Refused("not_balanced", "Switch the balanced suggestion on first.")
        suggested = [q.entry for q in balanced_order(state, directory)]
        if self.order.replace(" ", "") != ",".join(map(str, suggested)):
            raise Refused("stale", "The list changed meanwhile, so the suggestion did too. Here is the current one.")
        if [q.entry for q in reorder_listed(state.queue, suggested)] == [q.entry for q in state.queue]:
            raise Refused("no_change", "The list already follows the suggestion.")
        return {"order": suggested}

    @classmethod
    def apply(cls, state: RoomState, facts: SuggestionApplied, at: float) -> None:
        state.queue = reorder_listed(state.queue, facts["order"])
