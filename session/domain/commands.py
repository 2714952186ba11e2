"""Commands: what a chair, a delegate or an integration asks the room to do.

Each command is declared once, in its topic's module, with who may send it, its decision and its
event (see `procedure`); here they are gathered under the names they carry on the wire and in the
event log. `parse_command` turns an untrusted mapping (a websocket message, a JSON body) into one
of them, or refuses it with a reason that names the field.
"""

import re
from dataclasses import MISSING, fields
from enum import StrEnum
from typing import Any, get_type_hints

from .budgets import AddBudget, SetBudgets
from .errors import Refused
from .floor import Call, CallNext, EndIntervention, RulePointOfOrder
from .inscription import AllowSecondStatement, GroupsFirst, Inscribe, VerifyLevel
from .interest import ExpressInterest, SetInterestDeadline, WithdrawInterest
from .interposed import AllowInterposedQuestions, AnswerQuestion, TakeQuestion
from .meetings import CloseInscription, CloseMeeting, OpenInscription, OpenMeeting, ScheduleMeeting
from .panels import PublishPanel, SeatPanellist, UnseatPanellist
from .places import MarkAbsent, SwapPlaces
from .priority import SetPriorityToHighLevel
from .procedure import COMMANDS, Command
from .record import NOTES_MAX, Annotate
from .seats import (
    AllowSeatlessRequests,
    AssignSeats,
    RecordSeatChoice,
    SeatDelegation,
    SetSeatCap,
    UnseatDelegation,
    WithdrawSeatChoice,
)
from .segments import AddSegment, CloseSegment, OpenSegment
from .setup import ListParticipant, RenameRoom
from .speakers_list import ClearList, CloseList, Move, ReaddLast, Remove, ReopenList, RequestFloor, Withdraw
from .state import RequestType
from .suggestion import ApplySuggestion, SetBalanced
from .text import clean_text
from .timekeeping import StartOnCall, TimerAdd, TimerPause, TimerResume, TimerStart
from .undo import Undo
from .walk_ins import AddParticipant

__all__ = [
    "COMMANDS",
    "MAX_INT",
    "MAX_TEXT",
    "NOTES_MAX",
    "Command",
    "RequestType",
    "parse_command",
    "AddBudget",
    "AllowInterposedQuestions",
    "AllowSeatlessRequests",
    "AssignSeats",
    "RecordSeatChoice",
    "SeatDelegation",
    "SetSeatCap",
    "UnseatDelegation",
    "WithdrawSeatChoice",
    "AllowSecondStatement",
    "CloseInscription",
    "CloseMeeting",
    "GroupsFirst",
    "Inscribe",
    "MarkAbsent",
    "OpenInscription",
    "OpenMeeting",
    "ScheduleMeeting",
    "SwapPlaces",
    "VerifyLevel",
    "AddParticipant",
    "ListParticipant",
    "RenameRoom",
    "AddSegment",
    "Annotate",
    "AnswerQuestion",
    "ApplySuggestion",
    "Call",
    "CallNext",
    "ClearList",
    "CloseList",
    "CloseSegment",
    "EndIntervention",
    "ExpressInterest",
    "Move",
    "OpenSegment",
    "PublishPanel",
    "ReaddLast",
    "Remove",
    "ReopenList",
    "RequestFloor",
    "RulePointOfOrder",
    "SeatPanellist",
    "SetBalanced",
    "SetBudgets",
    "SetInterestDeadline",
    "SetPriorityToHighLevel",
    "StartOnCall",
    "TakeQuestion",
    "TimerAdd",
    "TimerPause",
    "TimerResume",
    "TimerStart",
    "Undo",
    "UnseatPanellist",
    "Withdraw",
    "WithdrawInterest",
]

MAX_TEXT = 500  # a ruling or a name is a sentence, not an essay
MAX_INT = 10**9
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,10}")


def parse_command(message: Any) -> Command[Any]:
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
    values: dict[str, Any] = {}
    for spec in fields(cls):  # type: ignore[arg-type]  # every command is a dataclass; their base is not
        if spec.metadata.get("internal"):
            continue  # set by the door (who sent it), never read from the message
        raw = message.get(spec.name)
        if raw is None or (raw == "" and spec.metadata.get("max") is None):
            if spec.default is MISSING:
                raise Refused("invalid_field", f"'{action}' needs '{spec.name}'.")
            continue
        values[spec.name] = _convert(
            action,
            spec.name,
            hints[spec.name],
            raw,
            spec.metadata.get("max", MAX_TEXT),
            spec.metadata.get("multiline", False),
        )
    return cls(**values)


_TRUE, _FALSE = {"true", "on", "yes", "1"}, {"false", "off", "no", "0"}
# Free text is kept and shown as typed, so it passes `clean_text`; a participant id is only looked
# up in the list of participants, and one not there is refused as unknown, whatever it holds.
_LOOKED_UP = {"participant"}


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
    if name in _LOOKED_UP:
        return text
    return clean_text(name, text, multiline)
