"""The chair's tablet: which boxes a room uses, and the ones folded beside the list until opened.

A chair at a full plenary needs the speaker, the clock and the list in sight; the rest is opened
when wanted, and a box the room does not use is not drawn at all: a plenary keeps no panel and
reserves no seats, and a room without segments, time budgets or a second meeting has no box for
them. Decided here from the room's state, so the partials only show it -- and a box a room starts
using (a first segment, the budgets set) appears with the push that brings it.
"""

from dataclasses import dataclass

from session.domain.state import Policy, RoomState
from session.labels import N_


@dataclass(frozen=True)
class Uses:
    meetings: bool  # a debate held in several meetings (the plenary)
    segments: bool
    budgets: bool
    panel: bool  # round tables seat a panel; a plenary hears statements
    seats: bool  # reserved seats are a round table's


def uses(state: RoomState) -> Uses:
    round_table = state.rules.policy is not Policy.PLENARY
    return Uses(
        meetings=len(state.meetings) > 1,
        segments=bool(state.segments),
        budgets=bool(state.budgets),
        panel=round_table,
        seats=round_table,
    )


# The folded boxes in the order they are listed, each with what its summary says.
FOLDS: tuple[tuple[str, str], ...] = (
    ("_meetings", N_("Meetings")),
    ("_segments", N_("Segments")),
    ("_budgets", N_("Time left per group")),
    ("_seats", N_("Reserved seats")),
    ("_panel", N_("Panel")),
    ("_balance", N_("Balance of voices")),
    ("_log", N_("Interventions")),
)


@dataclass(frozen=True)
class Fold:
    label: str  # marked for translation, translated where shown
    open: bool = False  # drawn open: what the chair has to do next is inside


def folds(state: RoomState) -> dict[str, Fold]:
    """The boxes the tablet folds for this room, by partial: those whose use can begin while the
    meeting runs (segments, budgets) are folded even unused, and hidden until then. Between the
    meetings of a debate the meetings' box is open: opening the next one is the chair's next act."""
    used = uses(state)
    left_out = {"_panel": not used.panel, "_seats": not used.seats}
    opened = {"_meetings": used.meetings and state.open_meeting is None}
    return {
        partial: Fold(label, opened.get(partial, False)) for partial, label in FOLDS if not left_out.get(partial, False)
    }
