"""The README documents every action, command, option and setting: a newcomer never has to guess.

Each list is read from where the code keeps it — the domain's registry of commands, the `session`
command's parser, the benchmark's own parser, the Settings fields — so a new one fails here until
it is written up.
"""

import argparse
import re
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from session import cli
from session.domain.commands import COMMANDS
from session.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, path: str = "session") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command line of the parser's tree: `session`, `session access`, `session access create`, …"""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, f"{path} {name}")


def _long_name(action: argparse.Action) -> str:
    return next((s for s in action.option_strings if s.startswith("--")), action.option_strings[0])


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [_long_name(a) for a in parser._actions if a.option_strings and not isinstance(a, argparse._HelpAction)]


def _bench_options(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """`session bench --help`, as a person reads it: the benchmark parses its own options
    (`cli.main` hands it the rest of the line)."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(["bench", "--help"])
    assert exit_.value.code == 0
    listed = re.findall(r"^\s+(?:-\w[^,\n]*, )?(--[\w-]+)", capsys.readouterr().out, flags=re.MULTILINE)
    return [option for option in listed if option != "--help"]


def _mentioned(option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README) is not None


def test_every_command_is_in_the_readme():
    commands = dict(_commands(cli.build_parser()))
    assert {
        "session demo",
        "session serve",
        "session bench",
        "session access",
        "session export",
        "session access create",
        "session access list",
        "session access revoke",
    } <= commands.keys()
    for line in commands:
        assert line in README, line


def test_every_option_of_every_command_is_in_the_readme(capsys):
    options = {line: _options(parser) for line, parser in _commands(cli.build_parser())}
    options["session bench"] = _bench_options(capsys)
    assert {"--host", "--port", "--database-url", "--broadcast-url", "--workers"} <= set(options["session serve"])
    assert {"--clients", "--quick", "--check"} <= set(options["session bench"])
    missing = [f"{line} {option}" for line, found in options.items() for option in found if not _mentioned(option)]
    assert not missing, missing


def test_every_setting_has_its_environment_variable_in_the_readme():
    for setting in fields(Settings):
        if setting.name in ("templates_dir", "static_dir"):
            continue  # where the package finds its own files, not an operator's choice
        assert f"SESSION_{setting.name.upper()}" in README, setting.name


def test_every_action_is_in_the_readme():
    design = [
        "request_floor",
        "withdraw",
        "call_next",
        "call",
        "move",
        "remove",
        "readd_last",
        "close_list",
        "reopen_list",
        "timer_start",
        "timer_pause",
        "timer_resume",
        "timer_add",
        "end_intervention",
        "rule_point_of_order",
    ]
    assert set(design) <= COMMANDS.keys()
    missing = [action for action in COMMANDS if f"`{action}`" not in README]
    assert not missing, missing
