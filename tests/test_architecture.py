"""Layering rules: only cuecard.ui imports PySide6, no import cycles, settings at the bottom.

The import graph is read from the source (every `import` statement, also those inside
functions, and `importlib.import_module` with a literal or f-string name), not from
what happens to be imported at run time, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "app" / "cuecard"

BLOCKER = """
import importlib, importlib.abc, pkgutil, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is blocked outside cuecard.ui")
        return None
sys.meta_path.insert(0, Block())
import cuecard
for module in pkgutil.walk_packages(cuecard.__path__, "cuecard."):
    if module.name.startswith("cuecard.ui") or module.name == "cuecard.__main__":
        continue
    importlib.import_module(module.name)
    print(module.name)
"""


def test_core_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    assert {"cuecard.content.library", "cuecard.cli", "cuecard.doctor"} <= imported


def test_pyside_imports_only_in_ui() -> None:
    package = REPO / "app" / "cuecard"
    offenders = [
        path.relative_to(package)
        for path in package.rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8")
        and "ui" not in path.relative_to(package).parts
    ]
    assert offenders == [], offenders


def test_modules_stay_small() -> None:
    too_long = {
        str(path): n
        for path in Path(REPO / "app").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert too_long == {}


def module_files(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported_names(module: str, path: Path) -> Iterator[str]:
    """Every module name `module` imports anywhere in its source (maybe not ours)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
        ):
            name = node.args[0]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                yield name.value
            elif isinstance(name, ast.JoinedStr) and isinstance(name.values[0], ast.Constant):
                yield f"{name.values[0].value}*"  # any module under this prefix


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (with their parent packages)."""
    files = module_files(package)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets: set[str] = set()
        for name in imported_names(module, path):
            if name.endswith("*"):
                targets |= {m for m in files if m.startswith(name[:-1])}
                continue
            while name and name not in files:  # `from a.b import c`: c may be a name in a.b
                name = name.rpartition(".")[0]
            while name:  # importing a.b.c runs a/__init__ and a/b/__init__ first
                targets.add(name)
                name = name.rpartition(".")[0]
        # A module's own parent packages are already importing when it runs.
        ancestors = {module.rsplit(".", n)[0] for n in range(module.count(".") + 1)}
        graph[module] = targets - ancestors
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle, as a path that returns to its start, per strongly connected group."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan; the package is small enough for recursion
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, group) for group in groups]


def _cycle_in(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:  # breadth first inside the group, back to the start
        node = queue.pop(0)
        for target in sorted(graph[node] & group):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"no cycle through {start}")


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen - {start}


def test_no_import_cycles() -> None:
    cycles = [" -> ".join(cycle) for cycle in find_cycles(import_graph())]
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_settings_is_the_bottom_layer() -> None:
    """settings.py may build only on leaf modules: top-level ones importing no cuecard."""
    graph = import_graph()
    above = sorted(
        module
        for module in reachable(graph, "cuecard.settings")
        if module != "cuecard" and (module.count(".") > 1 or graph[module] - {"cuecard"})
    )
    assert above == [], f"settings.py depends on modules above it: {above}"


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    sources = {
        "__init__.py": "",
        "a.py": "def later() -> None:\n    from pkg.sub import b\n",
        "sub/__init__.py": "",
        "sub/b.py": "from . import c\n",
        "sub/c.py": "import importlib\nimportlib.import_module(f'pkg.{name}')\n",
        "d.py": "import pkg.e\n",
        "e.py": "from pkg import d\n",
    }
    for name, text in sources.items():
        (package / name).write_text(text)
    graph = import_graph(package)
    assert graph["pkg.a"] == {"pkg.sub", "pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.sub.c"}
    assert "pkg.a" in graph["pkg.sub.c"]
    assert sorted(" -> ".join(cycle) for cycle in find_cycles(graph)) == [
        "pkg.a -> pkg.sub.b -> pkg.sub.c -> pkg.a",
        "pkg.d -> pkg.e -> pkg.d",
    ]
