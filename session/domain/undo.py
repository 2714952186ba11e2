"""Undo: the chair's last action taken back, as a compensating event — the log only grows.

An accidental "End intervention" is the commonest slip at a meeting; a call too soon, a move, a
removal, closing, reopening or clearing the list are the others. Such an action (its command is
`undoable`) can be undone for `UNDO_WINDOW_S`, and only while it is the room's last event: anything
after it (a request, a pause, a ruling) may depend on it, and undoing under it would rewrite what
others have seen and acted on.

`apply` sees the state, never the log, so the room keeps what an undo needs: the state as it was
before its last event, if that event may be undone (`RoomState.undoable`). A replay rebuilds it
event by event, so a replayed room and the live one stay equal. Undone, the room is as it was
before the action, but for three things: the record lists the action and its undoing
(`RoomState.undone`); entry numbers given stay given (a number is never reused); and a clock the
action stopped runs on from where it stopped — the speaker stood stopped meanwhile, so that time
is not counted.
"""

from dataclasses import dataclass, fields
from typing import TypedDict

from .errors import Refused
from .procedure import Command, Directory
from .roles import PRESIDING
from .rules import stale
from .state import Event, RoomState, Undoable, Undone, copied
from .timer import Phase

UNDO_WINDOW_S = 120

# Not part of "the room as it was": the room's version, the snapshot itself and the record of undos.
_BOOKKEEPING = frozenset({"version", "undoable", "undone"})


def remember(state: RoomState, event: Event) -> Undoable:
    """What the room must keep, before an undoable `event` applies, to undo it later."""
    before = RoomState(
        **{f.name: copied(getattr(state, f.name)) for f in fields(RoomState) if f.name not in _BOOKKEEPING}
    )
    return Undoable(seq=event.seq, action=event.action, at=event.at, before=before)


class UndoFacts(TypedDict):
    seq: int  # the event undone
    action: str


@dataclass(frozen=True)
class Undo(Command[UndoFacts]):
    """Undo the room's last action, if the chair's and recent: `seq` is the event the chair saw as last."""

    action = "undo"
    may = PRESIDING
    seq: int

    def decide(self, state: RoomState, now: float, directory: Directory) -> UndoFacts:
        last = state.undoable
        if last is None:
            raise Refused(
                "nothing_to_undo",
                "Only the chair's last action can be undone — a call, an end of intervention, a move, a removal, "
                "or closing, reopening or clearing the list — and only while nothing else has happened since.",
            )
        if self.seq != last.seq:
            raise stale(f"the last action is now number {last.seq}")
        if now - last.at > UNDO_WINDOW_S:
            raise Refused(
                "too_late",
                f"An action can be undone for {UNDO_WINDOW_S // 60} minutes after it is taken; "
                f"this one was taken {int(now - last.at)} seconds ago.",
            )
        return {"seq": last.seq, "action": last.action}

    @classmethod
    def apply(cls, state: RoomState, facts: UndoFacts, at: float) -> None:
        last = state.undoable
        assert last is not None and last.seq == facts["seq"]
        after = state.timer
        last_entry = state.last_entry
        for f in fields(RoomState):
            if f.name not in _BOOKKEEPING:
                setattr(state, f.name, copied(getattr(last.before, f.name)))
        state.last_entry = last_entry
        if after != last.before.timer and last.before.timer.phase is Phase.RUNNING:
            # The action stopped or replaced this clock: it runs on from where it was stopped.
            state.timer = last.before.timer.pause(last.at).resume(at)
        # Otherwise the clock is as the action left it: untouched (it ran on meanwhile, as it should),
        # or stopped or at rest before, as it is again.
        state.undone.append(Undone(seq=last.seq, action=last.action, at=last.at, undone_at=at))
        state.undoable = None
