"""The rings point inward: web → realtime/store → domain, and nothing imports its way back out.

Every module of the package is imported, and what it imports is read from its own source with
`ast` — imports inside functions too, since a late import is still a dependency — so a new module
or a new import is checked without anyone listing it here.
"""

import ast
import importlib
from collections.abc import Iterable
from pathlib import Path

import session

PACKAGE = Path(session.__file__).resolve().parent

# Below every ring, read by all of them: the reference data, the package's own files, what things
# are called, how times read, the settings. They may read the domain's names, nothing above it.
BELOW = {"__init__", "data", "resources", "labels", "times", "settings"}
INNER = {"domain"} | BELOW
# What each part of the package may import besides itself.
MAY_IMPORT = {
    "domain": set(),  # the rules of procedure: no I/O, no framework, nothing of the rings
    **{part: INNER for part in BELOW},
    "store": INNER,
    "realtime": INNER | {"store"},
    "exports": INNER | {"store"},
    "web": INNER | {"store", "realtime", "exports"},
    # The commands a person runs start the rings; nothing inside starts them.
    "bench": INNER | {"store", "realtime", "exports", "web"},
    "cli": INNER | {"store", "realtime", "exports", "web", "bench"},
    "__main__": {"cli"},
}


def _run_not_imported(module: str) -> bool:
    """Read, never run here: a `__main__` runs its command when imported; Alembic loads the
    migrations from their path."""
    return module.rsplit(".", 1)[-1] == "__main__" or module.startswith("session.store.migrations.")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _part(module: str) -> str:
    """`session.web.render` → `web`; `session.labels` → `labels`; `session` → `__init__`."""
    return module.split(".")[1] if "." in module else "__init__"


def _existing(name: str) -> str:
    while name not in SOURCES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _imports(module: str) -> set[str]:
    """The modules of the package that `module` imports, from its source."""
    path = SOURCES[module]
    here = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from session import data` imports the module session.data; `from .x import name`, x.
            named = {f"{base}.{alias.name}" for alias in node.names} & SOURCES.keys()
            found |= named or {base}
    return {_existing(name) for name in found if name.split(".")[0] == "session"} - {module}


GRAPH = {module: _imports(module) for module in SOURCES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of the graph (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_through(graph, group) for group in groups]


def _path_through(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for target in sorted(graph.get(node, set()) & group):
            if target == start:
                return paths[node] + [start]
            if target not in paths:
                paths[target] = paths[node] + [target]
                frontier.append(target)
    raise AssertionError(group)


def _parts_graph(edges: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        if _part(source) != _part(target):
            graph.setdefault(_part(source), set()).add(_part(target))
    return graph


def _edges() -> list[tuple[str, str]]:
    return [(source, target) for source, targets in GRAPH.items() for target in targets]


def test_every_module_of_the_package_imports_on_its_own():
    modules = [name for name in SOURCES if not _run_not_imported(name)]
    assert {"session.domain", "session.web.app", "session.labels", "session.times", "session.settings"} <= set(modules)
    for name in modules:
        importlib.import_module(name)


def test_every_part_of_the_package_has_its_place_in_the_rings():
    unplaced = {_part(module) for module in SOURCES} - MAY_IMPORT.keys()
    assert not unplaced, f"say in MAY_IMPORT what {sorted(unplaced)} may import"


def test_the_rings_point_inward():
    wrong = [
        f"{source} imports {target}: {_part(source)} may import only {sorted(MAY_IMPORT[_part(source)])}"
        for source, target in _edges()
        if _part(source) != _part(target) and _part(target) not in MAY_IMPORT.get(_part(source), set())
    ]
    assert not wrong, "\n".join(wrong)


def test_the_domain_imports_nothing_of_the_package_outside_itself():
    outside = {(s, t) for s, t in _edges() if _part(s) == "domain" and _part(t) != "domain"}
    assert not outside


def test_no_import_cycle_between_parts_of_the_package():
    assert _cycles(_parts_graph(_edges())) == []


def test_no_import_cycle_between_modules():
    assert _cycles(GRAPH) == []


def test_the_reading_of_imports_sees_relative_late_and_aliased_imports():
    # The checks above are only as good as this reading of the source.
    assert "session.web.render" in GRAPH["session.web.app"]  # from .render import Renderer
    assert "session.settings" in GRAPH["session.web.app"]  # absolute
    assert "session.data" in GRAPH["session.labels"]  # from session.data import ...
    assert "session.store.seed" in GRAPH["session.cli"]
    assert {"session.realtime.broadcast_redis", "session.realtime.broadcast_postgres"} <= GRAPH[
        "session.realtime.broadcast"
    ]  # imported inside a function
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
