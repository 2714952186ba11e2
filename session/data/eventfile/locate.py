"""Where a key of an event file is written: its line. `tomllib` gives values, not positions, so
the text is scanned for table headers and keys; exact for the files people write (one key per
line, tables as headers), and otherwise the line of the nearest enclosing table or key."""

from __future__ import annotations

import re

Path = tuple[str | int, ...]  # ("rooms", 1, "meetings", 0, "start")

_ARRAY_HEADER = re.compile(r"\[\[\s*([^\[\]]+?)\s*\]\]\s*(#.*)?")
_TABLE_HEADER = re.compile(r"\[\s*([^\[\]]+?)\s*\]\s*(#.*)?")
_KEY = re.compile(r"""((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _names(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)]


class Locator:
    def __init__(self, text: str) -> None:
        self.lines: dict[Path, int] = {}
        counts: dict[Path, int] = {}  # an array of tables (its parents' elements resolved) -> its length
        current: Path = ()

        def resolve(names: list[str]) -> Path:
            path: Path = ()
            for name in names:
                path += (name,)
                if path in counts:
                    path += (counts[path] - 1,)
            return path

        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if found := _ARRAY_HEADER.fullmatch(line):
                names = _names(found.group(1))
                array = resolve(names[:-1]) + (names[-1],)
                counts[array] = counts.get(array, 0) + 1
                current = array + (counts[array] - 1,)
                self.lines.setdefault(array, number)
                self.lines[current] = number
            elif found := _TABLE_HEADER.fullmatch(line):
                current = resolve(_names(found.group(1)))
                self.lines.setdefault(current, number)
            elif found := _KEY.match(line):
                self.lines.setdefault(current + tuple(_names(found.group(1))), number)

    def line(self, path: Path) -> int:
        """The line of `path`, else of the nearest thing that holds it (1: the file's top)."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)
