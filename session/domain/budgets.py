"""Group time budgets: speaking time per regional group and per stakeholder category.

What each group has spent and has left is `balance.budget_lines`; here the chair sets the
budgets and adds time to all alike, so the balance between them is kept.
"""

from dataclasses import dataclass, replace
from typing import TypedDict

from .errors import Refused
from .procedure import Command, Directory
from .roles import PRESIDING
from .state import Budgets, RoomState

MIN_BUDGET_S, MAX_BUDGET_S = 60, 36000  # a minute, ten hours
MAX_ADDED_S = 3600  # added (or taken off) at once
_BOUNDS = f"A budget is between {MIN_BUDGET_S} seconds and 10 hours ({MAX_BUDGET_S} seconds); 0 switches them off."


class BudgetsSet(TypedDict):
    group_s: int  # 0: budgets switched off
    category_s: int


@dataclass(frozen=True)
class SetBudgets(Command[BudgetsSet]):
    """Speaking-time budgets: per regional group, and per stakeholder category (0 switches them off)."""

    action = "set_budgets"
    may = PRESIDING
    group_s: int
    category_s: int | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> BudgetsSet:
        category_s = self.group_s if self.category_s is None else self.category_s
        if self.group_s == 0:
            if state.budgets is None:
                raise Refused("no_change", "There are no budgets to switch off.")
            return {"group_s": 0, "category_s": 0}
        if not (MIN_BUDGET_S <= self.group_s <= MAX_BUDGET_S and MIN_BUDGET_S <= category_s <= MAX_BUDGET_S):
            raise Refused("invalid_field", _BOUNDS)
        return {"group_s": self.group_s, "category_s": category_s}

    @classmethod
    def apply(cls, state: RoomState, facts: BudgetsSet, at: float) -> None:
        state.budgets = Budgets(facts["group_s"], facts["category_s"]) if facts["group_s"] else None


class BudgetAdded(TypedDict):
    seconds: int


@dataclass(frozen=True)
class AddBudget(Command[BudgetAdded]):
    """More time for every group and category alike, so the balance is kept."""

    action = "add_budget"
    may = PRESIDING
    seconds: int

    def decide(self, state: RoomState, now: float, directory: Directory) -> BudgetAdded:
        budgets = state.budgets
        if budgets is None:
            raise Refused("no_budgets", "Set the budgets first.")
        # Every budget moves alike, so the smallest bounds what may be taken off and the largest what
        # may be added: none falls below a minute (a negative budget means nothing) or above ten hours.
        least = min(budgets.group_s, budgets.category_s) + budgets.added_s
        most = max(budgets.group_s, budgets.category_s) + budgets.added_s
        low, high = max(-MAX_ADDED_S, MIN_BUDGET_S - least), min(MAX_ADDED_S, MAX_BUDGET_S - most)
        if self.seconds == 0 or not low <= self.seconds <= high:
            raise Refused(
                "invalid_field",
                f"A budget stays between {MIN_BUDGET_S} seconds and 10 hours ({MAX_BUDGET_S} seconds): "
                f"add between {low} and {high} seconds now, not 0.",
            )
        return {"seconds": self.seconds}

    @classmethod
    def apply(cls, state: RoomState, facts: BudgetAdded, at: float) -> None:
        assert state.budgets is not None
        state.budgets = replace(state.budgets, added_s=state.budgets.added_s + facts["seconds"])
