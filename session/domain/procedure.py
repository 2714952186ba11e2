"""How a command is declared: once, with who may send it, how it is decided and how its event applies.

A command is a frozen dataclass deriving from `Command[Facts]`, where `Facts` is the TypedDict of
its event's data. Its class holds the whole rule:

- `action`, the name it carries on the wire and in the event log;
- `may`, the roles that may send it (a speaking role only ever for its own participant);
- `decide(state, now, directory)`, which reads the state, never changes it, and returns the
  event's facts or raises `Refused`;
- `apply(state, facts, at)`, which folds the event into the state and never refuses;
- `undoable`, whether the chair may take it back for a short while (`undo`);
- rarely, `across_rooms(state, facts, directory, others)`: a rule that reads the event's other
  rooms as committed (`other_rooms`), checked on the facts `decide` returned. The command service
  reads those rooms only for a command that declares one.

Declaring the class registers it in `COMMANDS`; parsing, permissions and the fold all read
from there, so a new command is one class in its topic's module.
"""

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypedDict, TypeVar

from .other_rooms import OtherRooms
from .participants import Participant
from .roles import Role
from .state import RoomState

Directory = Mapping[str, Participant]  # everyone who may take the floor, by id
Facts = TypeVar("Facts", bound=Mapping[str, Any])


class Command(Generic[Facts]):
    action: ClassVar[str]
    may: ClassVar[frozenset[Role]]
    undoable: ClassVar[bool] = False  # the chair's slip to take back: `undo`

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "action" not in cls.__dict__:
            return
        if cls.action in COMMANDS:
            raise TypeError(f"'{cls.action}' is declared twice: {COMMANDS[cls.action].__name__} and {cls.__name__}")
        for part in ("may", "decide", "apply"):
            if not any(part in base.__dict__ for base in cls.__mro__ if base is not Command):
                raise TypeError(f"{cls.__name__} declares no '{part}'")
        COMMANDS[cls.action] = cls

    def decide(self, state: RoomState, now: float, directory: Directory) -> Facts:
        raise NotImplementedError

    def across_rooms(self, state: RoomState, facts: Facts, directory: Directory, others: OtherRooms) -> None:
        """Refuse what the other rooms forbid (most commands: nothing)."""

    @classmethod
    def reads_other_rooms(cls) -> bool:
        return cls.across_rooms is not Command.across_rooms

    @classmethod
    def apply(cls, state: RoomState, facts: Facts, at: float) -> None:
        raise NotImplementedError


class NoFacts(TypedDict):
    """An event whose action says it all (the list closed, the timer paused)."""


COMMANDS: dict[str, type[Command[Any]]] = {}
