"""The one command path as the property tests drive it: a wire message parsed, authorized, decided."""

import copy
from collections.abc import Mapping

from session.domain.commands import Command, parse_command
from session.domain.errors import Refused
from session.domain.participants import Participant
from session.domain.permissions import Actor, authorize
from session.domain.room import decide
from session.domain.state import RoomState


def decided(
    state: RoomState, actor: Actor, message: dict, now: float, directory: Mapping[str, Participant]
) -> tuple[Command, dict, RoomState] | None:
    """The command, its event's data and a deep copy of the room before it — or None for a
    refusal, once checked that it gives a reason and left the room exactly as it was. The
    message's None fields are dropped, as a form leaves out an empty field."""
    message = {k: v for k, v in message.items() if v is not None}
    before = copy.deepcopy(state)
    try:
        command = authorize(actor, parse_command(message))
        data = decide(state, command, now=now, directory=directory)
    except Refused as refusal:
        assert refusal.code and refusal.message
        assert state == before, f"the refusal {refusal.code!r} changed the state"
        return None
    return command, data, before
