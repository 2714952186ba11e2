"""The rapporteur's record: notes and key points on each intervention, and what goes in the summary.

Who may read the notes is `permissions.reads_notes`; here is only how they are kept.
"""

from dataclasses import dataclass, field, replace
from typing import Any, NotRequired, TypedDict, cast

from .errors import Refused
from .procedure import Command, Directory
from .roles import PRESIDING, RECORDING
from .state import Annotation, RoomState

NOTES_MAX = 4000  # a rapporteur's notes on one intervention


class Annotated(TypedDict):
    """Only what changed: a field left out keeps what was noted before."""

    entry: int
    notes: NotRequired[str]
    key_points: NotRequired[str]
    summary: NotRequired[bool]


@dataclass(frozen=True)
class Annotate(Command[Annotated]):
    """The rapporteur's notes and key points on an intervention, and whether it goes in the summary."""

    action = "annotate"
    may = PRESIDING | RECORDING
    entry: int
    notes: str | None = field(default=None, metadata={"max": NOTES_MAX, "multiline": True})
    key_points: str | None = field(default=None, metadata={"max": NOTES_MAX, "multiline": True})
    summary: bool | None = None

    def decide(self, state: RoomState, now: float, directory: Directory) -> Annotated:
        heard = (
            [i.request.entry for i in state.interventions]
            + ([state.current.entry] if state.current else [])
            + [s.request.entry for s in state.suspended]
        )
        if self.entry not in heard:
            raise Refused("not_heard", f"Entry {self.entry} has not had the floor; there is nothing to note yet.")
        changes = {k: getattr(self, k) for k in ("notes", "key_points", "summary") if getattr(self, k) is not None}
        if not changes:
            raise Refused("invalid_field", "Send 'notes', 'key_points' or 'summary'.")
        return cast(Annotated, {"entry": self.entry, **changes})

    @classmethod
    def apply(cls, state: RoomState, facts: Annotated, at: float) -> None:
        changes: dict[str, Any] = {k: v for k, v in facts.items() if k != "entry"}
        state.annotations[facts["entry"]] = replace(state.annotations.get(facts["entry"], Annotation()), **changes)
