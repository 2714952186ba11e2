"""Reading a TOML document's values, each problem reported with the file and the line it is on
(`locate`): the parts every table of an event file is read with (`schema` says what they are)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .caps import Problems
from .locate import Locator, Path
from .spec import Problem, Where


class Reader:
    """Collects every problem rather than stopping at the first: a file is refused whole."""

    def __init__(self, file: str, locator: Locator) -> None:
        self.file, self.locator = file, locator
        self.problems: list[Problem] = []

    def where(self, path: Path) -> Where:
        return Where(self.file, self.locator.line(path))

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(self.where(path).problem(message))

    def table(self, value: Any, path: Path, keys: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, Any]:
        name = ".".join(str(p) for p in path if isinstance(p, str)) or "the file"
        if not isinstance(value, dict):
            self.problem(path, f"{name} must be a table")
            return {}
        for key in value:
            if key not in keys:
                self.problem(path + (key,), f"{name}: unknown key '{key}' (known: {', '.join(keys)})")
        for key in required:
            if key not in value:
                self.problem(path, f"{name}: '{key}' is missing")
        return value

    def text(self, table: dict[str, Any], path: Path, key: str, default: str = "", longest: int = 500) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            self.problem(path + (key,), f"'{key}' must be text in quotes")
            return default
        if len(value) > longest:
            self.problem(path + (key,), f"'{key}' is longer than {longest} characters")
        if any(ord(c) < 32 for c in value):
            self.problem(path + (key,), f"'{key}' holds a control character or a line break")
        return value.strip()

    def number(self, table: dict[str, Any], path: Path, key: str, low: int, high: int) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(path + (key,), f"'{key}' must be a whole number from {low} to {high} (not {value!r})")
            return None
        return value

    def day(self, value: Any, path: Path, key: str) -> date | None:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        elif isinstance(value, date) and not isinstance(value, datetime):
            return value
        self.problem(path, f"'{key}' must be a date written 2013-10-03 (not {value!r})")
        return None

    def choice(self, table: dict[str, Any], path: Path, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(table, path, key, default)
        if value not in choices:
            self.problem(path + (key,), f"'{key}' must be one of {', '.join(choices)} (not '{value}')")
        return value

    def unique(self, names: list[str], wheres: list[Where], what: str) -> None:
        seen: set[str] = set()
        for name, where in zip(names, wheres, strict=True):
            if name in seen:
                self.problems.append(where.problem(f"{what} '{name}' is given twice"))
            seen.add(name)

    def array(self, table: dict[str, Any], path: Path, key: str) -> list[Any]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(path + (key,), f"'{key}' must be written as [[rooms.{key}]] tables")
            return []
        return value

    def caps(self, read: tuple[Any, Problems], path: Path) -> Any:
        """A room's seat cap or budgets (caps), its problems reported at their lines."""
        value, problems = read
        for keys, message in problems:
            self.problem(path + keys, message)
        return value
