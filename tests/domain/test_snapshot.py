"""A snapshot of a room is a full copy at the cost of copying its containers: the command path
decides a batch on one, and an export writes one, while the room moves on.

It is full only because everything a list or a dict of the state holds is frozen; the first test
walks a meeting's state to check that, the second that a draft going on leaves the room untouched.
"""

import copy
from dataclasses import fields, is_dataclass
from enum import Enum

from test_replay import MEETING

from session.domain.state import RoomState

IMMUTABLE = (str, int, float, bool, type(None), Enum)


def mutable_inside(value, path: str) -> list[str]:
    """Where, below a value held in the state, something could change in place."""
    if isinstance(value, IMMUTABLE):
        return []
    if isinstance(value, tuple):
        return [m for i, v in enumerate(value) for m in mutable_inside(v, f"{path}[{i}]")]
    if is_dataclass(value) and value.__dataclass_params__.frozen:
        if isinstance(value, RoomState):
            return []
        return [m for f in fields(value) for m in mutable_inside(getattr(value, f.name), f"{path}.{f.name}")]
    if isinstance(value, RoomState):  # the room before an undoable action: checked as a room of its own
        return mutable_held(value, path)
    return [f"{path} is a {type(value).__name__}"]


def mutable_held(state: RoomState, path: str = "state") -> list[str]:
    found = []
    for f in fields(RoomState):
        value = getattr(state, f.name)
        held = value if isinstance(value, list) else list(value.items()) if isinstance(value, dict) else [value]
        for i, item in enumerate(held):
            found += mutable_inside(item, f"{path}.{f.name}[{i}]")
    return found


def test_everything_a_room_holds_is_frozen_so_copying_its_containers_is_a_full_copy(plenary, act):
    for at, command in MEETING:
        act(plenary, command, at)
        assert mutable_held(plenary) == []
        assert plenary.snapshot() == plenary


def test_a_draft_that_goes_on_leaves_the_room_as_it_was(plenary, act):
    for i, (at, command) in enumerate(MEETING):
        act(plenary, command, at)
        kept = copy.deepcopy(plenary)
        draft = plenary.snapshot()
        for later_at, later in MEETING[i + 1 :]:
            act(draft, later, later_at)
        assert plenary == kept, f"going on from step {i + 1} changed the room"
