"""A command is declared once: its class names who may send it, its decision and how its event applies."""

from dataclasses import dataclass
from typing import Any

import pytest

from session.domain.commands import COMMANDS
from session.domain.procedure import Command, NoFacts
from session.domain.roles import PRESIDING, Role
from session.domain.state import RoomState


def test_every_command_names_who_may_send_it_and_the_chair_always_may():
    for action, cls in COMMANDS.items():
        assert cls.action == action
        if cls.may == {Role.ORGANISER}:  # the event's set-up, the secretariat's alone (domain.setup)
            assert action in {"rename_room", "list_participant"}, action
            continue
        assert PRESIDING <= cls.may <= set(Role), action
        assert {Role.OBSERVER, Role.SCREEN}.isdisjoint(cls.may), action


def test_an_action_is_declared_only_once():
    with pytest.raises(TypeError, match="declared twice"):

        @dataclass(frozen=True)
        class AnotherCloseList(Command[NoFacts]):
            action = "close_list"
            may = PRESIDING

            def decide(self, state: RoomState, now: float, directory: Any) -> NoFacts:
                return {}

            @classmethod
            def apply(cls, state: RoomState, facts: NoFacts, at: float) -> None:
                pass

    assert COMMANDS["close_list"].__name__ == "CloseList"


def test_a_command_without_its_senders_is_refused_at_declaration():
    with pytest.raises(TypeError, match="declares no 'may'"):

        @dataclass(frozen=True)
        class Adjourn(Command[NoFacts]):
            action = "adjourn"

            def decide(self, state: RoomState, now: float, directory: Any) -> NoFacts:
                return {}

            @classmethod
            def apply(cls, state: RoomState, facts: NoFacts, at: float) -> None:
                pass

    assert "adjourn" not in COMMANDS
