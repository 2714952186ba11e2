"""A room's caps, as the event file names them: its reserved seats (`seat_cap`, the chair's
`set_seat_cap`: so many delegations take part in a round table) and its time budgets (`budgets`,
the chair's `set_budgets`: so long for each regional group and each stakeholder category).

Like the switches, a file states them only when it sets them: a room whose file says nothing keeps
what its chair set; `seat_cap = 0` lifts the cap and `budgets = { group_s = 0 }` switches the
budgets off. Time the chair added to every budget alike (`add_budget`) stays the meeting's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from session.domain.budgets import MAX_BUDGET_S, MIN_BUDGET_S
from session.domain.commands import Command, SetBudgets, SetSeatCap
from session.domain.seats import MAX_SEATS
from session.domain.state import Policy, RoomState

BUDGET_KEYS = ("group_s", "category_s")

Problems = list[tuple[tuple[str, ...], str]]  # (the keys under the room, what is wrong)


def read_seat_cap(value: Any, policy: str) -> tuple[int | None, Problems]:
    """A room's `seat_cap`: a number of delegations, 0 for no cap; only a round table's."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEATS:
        return None, [
            (("seat_cap",), f"'seat_cap' must be a whole number from 0 (no cap) to {MAX_SEATS} (not {value!r})")
        ]
    if value and policy != Policy.ROUND_TABLE.value:
        return None, [(("seat_cap",), "only a round table has reserved seats (the plenary seats every delegation)")]
    return value, []


def read_budgets(value: Any) -> tuple[tuple[int, int] | None, Problems]:
    """A room's `budgets`: seconds per regional group and per stakeholder category (the group's when
    not given); `group_s = 0` switches them off."""
    if not isinstance(value, dict):
        return None, [(("budgets",), "'budgets' must be a table, e.g. { group_s = 1800, category_s = 1200 }")]
    problems: Problems = [
        (("budgets", key), f"budgets: unknown key '{key}' (known: {', '.join(BUDGET_KEYS)})")
        for key in value
        if key not in BUDGET_KEYS
    ]
    if "group_s" not in value:
        return None, [*problems, (("budgets",), "budgets: 'group_s' is missing")]
    seconds: dict[str, Any] = {"group_s": value["group_s"], "category_s": value.get("category_s", value["group_s"])}
    for key, given in seconds.items():
        if (
            isinstance(given, bool)
            or not isinstance(given, int)
            or not (given == 0 or MIN_BUDGET_S <= given <= MAX_BUDGET_S)
        ):
            problems.append(
                (
                    ("budgets", key),
                    f"budgets: '{key}' must be 0 (no budgets) or a whole number of seconds "
                    f"from {MIN_BUDGET_S} to {MAX_BUDGET_S} (not {given!r})",
                )
            )
    if not problems and (seconds["group_s"] == 0) != (seconds["category_s"] == 0):
        problems.append((("budgets", "category_s"), "budgets: 'group_s' and 'category_s' are both 0 or neither"))
    if problems:
        return None, problems
    return (seconds["group_s"], seconds["category_s"]), []


def current(state: RoomState) -> tuple[int | None, tuple[int, int] | None]:
    """The room's seat cap and budgets as its file writes them back: none when not set."""
    budgets = state.budgets
    return state.seat_cap, None if budgets is None else (budgets.group_s, budgets.category_s)


def commands(
    slug: str, seat_cap: int | None, budgets: tuple[int, int] | None, state: RoomState
) -> Iterator[tuple[Command[Any], str]]:
    """The chair's commands that bring the room to what its file says, each with the change in words."""
    if seat_cap is not None and (seat_cap or None) != state.seat_cap:
        yield SetSeatCap(seat_cap), f"room {slug}: reserved seats: {seat_cap or 'no cap'}"
    held = current(state)[1] or (0, 0)
    if budgets is not None and budgets != held:
        group_s, category_s = budgets
        said = f"{group_s} s per regional group, {category_s} s per stakeholder category" if group_s else "off"
        yield SetBudgets(group_s, category_s), f"room {slug}: time budgets: {said}"
