"""The README documents every command, option and setting: a newcomer never has to guess."""

import argparse
from dataclasses import fields
from pathlib import Path

from session import cli
from session.domain.commands import COMMANDS
from session.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_every_command_is_in_the_readme():
    commands = _subcommands()
    assert {"demo", "serve", "bench", "access", "export"} <= commands.keys()
    for name in commands:
        assert f"session {name}" in README, name


def test_every_setting_has_its_environment_variable_in_the_readme():
    for setting in fields(Settings):
        if setting.name in ("templates_dir", "static_dir"):
            continue  # where the package finds its own files, not an operator's choice
        assert f"SESSION_{setting.name.upper()}" in README, setting.name


def test_every_server_option_is_in_the_readme():
    for option in ("--host", "--port", "--database-url", "--broadcast-url", "--workers"):
        assert option in README, option


def test_every_action_of_the_design_is_in_the_readme():
    design = ["request_floor", "withdraw", "call_next", "call", "move", "remove", "readd_last", "close_list",
              "reopen_list", "timer_start", "timer_pause", "timer_resume", "timer_add", "end_intervention",
              "rule_point_of_order"]
    assert set(design) <= COMMANDS.keys()
    for action in design:
        assert f"`{action}`" in README, action
