"""Commands: what a chair, a delegate or an integration asks the room to do.

Each command has the name it carries on the wire and in the event log. `parse_command`
turns an untrusted mapping (a websocket message, a JSON body) into one of them, or
refuses it with a reason that names the field.
"""

import re
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from typing import Any, ClassVar, get_type_hints

from .errors import Refused
from .participants import Category, Level
from .text import clean_text


class RequestType(StrEnum):
    STATEMENT = "statement"
    POINT_OF_ORDER = "point_of_order"
    RIGHT_OF_REPLY = "right_of_reply"
    QUESTION = "question"
    RESPONSE = "response"
    INTERPOSED_QUESTION = "interposed_question"  # a short question to the speaker, taken mid-statement
    ANSWER = "answer"  # the speaker's answer to it (given by the chair's action, never requested)


class Command:
    action: ClassVar[str]


@dataclass(frozen=True)
class RequestFloor(Command):
    action = "request_floor"
    participant: str | None = None  # a delegate's own, filled in by `authorize`
    type: RequestType = RequestType.STATEMENT
    level: Level | None = None


@dataclass(frozen=True)
class Withdraw(Command):
    """Withdraw a pending request: by entry, or the participant's pending one of a type."""

    action = "withdraw"
    entry: int | None = None
    participant: str | None = None
    type: RequestType | None = None


@dataclass(frozen=True)
class CallNext(Command):
    """Give the floor to the head of the list; `entry`, if given, is who the chair saw there."""

    action = "call_next"
    entry: int | None = None


@dataclass(frozen=True)
class Call(Command):
    """Give the floor to a queued entry, or to any participant not on the list."""

    action = "call"
    entry: int | None = None
    participant: str | None = None
    type: RequestType = RequestType.STATEMENT
    level: Level | None = None


@dataclass(frozen=True)
class Move(Command):
    action = "move"
    entry: int
    position: int  # 1-based place in the queue
    from_position: int | None = None  # where the chair saw it; refused if it has moved since


@dataclass(frozen=True)
class Remove(Command):
    action = "remove"
    entry: int


@dataclass(frozen=True)
class ReaddLast(Command):
    """Undo the chair's most recent removal: the entry returns to the place it had."""

    action = "readd_last"


@dataclass(frozen=True)
class CloseList(Command):
    action = "close_list"


@dataclass(frozen=True)
class ReopenList(Command):
    action = "reopen_list"


@dataclass(frozen=True)
class TimerStart(Command):
    action = "timer_start"


@dataclass(frozen=True)
class TimerPause(Command):
    action = "timer_pause"


@dataclass(frozen=True)
class TimerResume(Command):
    action = "timer_resume"


@dataclass(frozen=True)
class TimerAdd(Command):
    action = "timer_add"
    seconds: int


@dataclass(frozen=True)
class EndIntervention(Command):
    action = "end_intervention"
    entry: int | None = None  # the speaker the chair saw; refused if someone else has the floor now


@dataclass(frozen=True)
class RulePointOfOrder(Command):
    action = "rule_point_of_order"
    entry: int
    ruling: str


NOTES_MAX = 4000  # a rapporteur's notes on one intervention


@dataclass(frozen=True)
class Annotate(Command):
    """The rapporteur's notes and key points on an intervention, and whether it goes in the summary."""

    action = "annotate"
    entry: int
    notes: str | None = field(default=None, metadata={"max": NOTES_MAX, "multiline": True})
    key_points: str | None = field(default=None, metadata={"max": NOTES_MAX, "multiline": True})
    summary: bool | None = None


@dataclass(frozen=True)
class SeatPanellist(Command):
    action = "seat_panellist"
    participant: str


@dataclass(frozen=True)
class UnseatPanellist(Command):
    action = "unseat_panellist"
    participant: str


@dataclass(frozen=True)
class SetBalanced(Command):
    """Switch the balanced suggestion on or off for this room's chair."""

    action = "set_balanced"
    on: bool


@dataclass(frozen=True)
class ApplySuggestion(Command):
    """Reorder waiting statements as the balanced suggestion the chair saw (entries, comma-separated)."""

    action = "apply_suggestion"
    order: str


@dataclass(frozen=True)
class AddParticipant(Command):
    """A participant not on the list (a walk-in NGO, a late delegation), added by the chair for this room."""

    action = "add_participant"
    name: str = field(metadata={"max": 120})
    category: Category
    regional_group: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class SetInterestDeadline(Command):
    """Open expressions of interest in serving on this round table's panel, until `deadline` (ISO 8601)."""

    action = "set_interest_deadline"
    deadline: str
    stakeholders: bool = False  # may NGOs, the private sector and others express interest too


@dataclass(frozen=True)
class ExpressInterest(Command):
    action = "express_interest"
    participant: str | None = None


@dataclass(frozen=True)
class WithdrawInterest(Command):
    action = "withdraw_interest"
    participant: str | None = None


@dataclass(frozen=True)
class PublishPanel(Command):
    """The list of panellists as drawn up (participant ids, comma-separated), published to all."""

    action = "publish_panel"
    participants: str


@dataclass(frozen=True)
class AddSegment(Command):
    action = "add_segment"
    title: str = field(metadata={"max": 200})
    limit_s: int | None = None


@dataclass(frozen=True)
class OpenSegment(Command):
    action = "open_segment"
    number: int  # 1-based


@dataclass(frozen=True)
class CloseSegment(Command):
    action = "close_segment"


@dataclass(frozen=True)
class TakeQuestion(Command):
    """Take an interposed question: the speaker's clock pauses while it is put and answered."""

    action = "take_question"
    entry: int


@dataclass(frozen=True)
class AnswerQuestion(Command):
    """The question has been put: the speaker answers it, on a short clock of its own."""

    action = "answer_question"


@dataclass(frozen=True)
class SetBudgets(Command):
    """Speaking-time budgets: per regional group, and per stakeholder category (0 switches them off)."""

    action = "set_budgets"
    group_s: int
    category_s: int | None = None


@dataclass(frozen=True)
class AddBudget(Command):
    """More time for every group and category alike, so the balance is kept."""

    action = "add_budget"
    seconds: int


COMMANDS: dict[str, type[Command]] = {
    cls.action: cls
    for cls in (
        RequestFloor, Withdraw, CallNext, Call, Move, Remove, ReaddLast, CloseList, ReopenList,
        TimerStart, TimerPause, TimerResume, TimerAdd, EndIntervention, RulePointOfOrder,
        Annotate, SeatPanellist, UnseatPanellist, SetBalanced, ApplySuggestion, AddParticipant,
        SetInterestDeadline, ExpressInterest, WithdrawInterest, PublishPanel, AddSegment, OpenSegment,
        CloseSegment, TakeQuestion, AnswerQuestion, SetBudgets, AddBudget,
    )
}

MAX_TEXT = 500  # a ruling or a name is a sentence, not an essay
MAX_INT = 10**9
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,10}")


def parse_command(message: Any) -> Command:
    """Build a command from untrusted input; unknown keys (headers, request ids) are ignored."""
    if not isinstance(message, dict):
        raise Refused("invalid_message", "A command must be a JSON object.")
    action = message.get("action")
    if not isinstance(action, str) or not action:
        raise Refused("missing_action", "The command has no 'action'.")
    cls = COMMANDS.get(action)
    if cls is None:
        raise Refused("unknown_action", f"Unknown action '{action[:40]}'.")
    hints = get_type_hints(cls)
    values = {}
    for spec in fields(cls):
        raw = message.get(spec.name)
        if raw is None or (raw == "" and spec.metadata.get("max") is None):
            if spec.default is MISSING:
                raise Refused("invalid_field", f"'{action}' needs '{spec.name}'.")
            continue
        values[spec.name] = _convert(action, spec.name, hints[spec.name], raw, spec.metadata.get("max", MAX_TEXT),
                                     spec.metadata.get("multiline", False))
    return cls(**values)


_TRUE, _FALSE = {"true", "on", "yes", "1"}, {"false", "off", "no", "0"}


def _convert(action: str, name: str, hint: Any, raw: Any, max_len: int = MAX_TEXT, multiline: bool = False) -> Any:
    kinds = [k for k in getattr(hint, "__args__", (hint,)) if k is not type(None)]
    kind = kinds[0]
    if kind is bool:
        # Checkboxes send "on"; JSON sends true/false.
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise Refused("invalid_field", f"'{name}' of '{action}' must be true or false.")
    if kind is int:
        # Forms send numbers as strings; JSON sends them as numbers. Booleans are not numbers.
        if isinstance(raw, str) and _WHOLE_NUMBER.fullmatch(raw.strip()):
            raw = int(raw)
        if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) <= MAX_INT:
            return raw
        raise Refused("invalid_field", f"'{name}' of '{action}' must be a whole number.")
    if not isinstance(raw, str):
        raise Refused("invalid_field", f"'{name}' of '{action}' must be text.")
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        try:
            return kind(raw)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise Refused("invalid_field", f"'{name}' must be one of: {allowed}.") from None
    text = raw.strip()
    if len(text) > max_len:
        raise Refused("invalid_field", f"'{name}' is longer than {max_len} characters.")
    return clean_text(name, text, multiline)
