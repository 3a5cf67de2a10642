"""The shape of the code, read from its own imports (ast, so nothing is imported to check).

Apps import one way: core ← music ← captioning ← uploads, with dreams and stories on top of
core (and of music and captioning where they need them). Nothing imports upward, nothing in
core imports an app, no two modules import each other even through a chain, and no module
passes 400 lines. Imports inside functions and under `if TYPE_CHECKING:` count: a lazy or
type-only import is still a dependency, and the cycle it closes bites the day it runs.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "accounts", "music", "captioning", "uploads", "dreams", "stories")
# Which apps each app may import (besides itself). Django models refer to other apps' models
# by label ("uploads.Upload"): a relation in the data, kept out of the Python imports.
MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    "accounts": {"core"},
    "music": {"core"},
    "captioning": {"core", "music"},
    "uploads": {"core", "music", "captioning"},
    "dreams": {"core", "music", "captioning"},
    "stories": {"core", "music", "captioning"},
}
MAX_LINES = 400
# One settings module by design (STYLE.md: "Settings: one module, env-driven"); the rest of
# the project is held to the limit.
LONG_BY_DESIGN = {"config/settings.py"}


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


@cache
def _imports() -> dict[str, set[str]]:
    """Each project module → the project modules it imports (as named, resolved to a module)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = _targets(path.read_text(), package, set(modules))
        graph[name] = {_owner(target, modules) for target in targets} - {None, name}
    return graph


def _targets(source: str, package: str, modules: set[str]) -> set[str]:
    """Every name imported anywhere in `source`: top level, in functions, under TYPE_CHECKING."""
    targets: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from pkg import mod` imports the module pkg.mod when there is one.
            targets.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules
                           else base for alias in node.names)
    return targets


def _owner(target: str, modules: dict[str, Path]) -> str | None:
    # "music.composer.prompts.MusicPrompt" → "music.composer.prompts": the longest project
    # module it names.
    parts = target.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def _app(module: str) -> str:
    return module.split(".")[0]


def test_the_import_reader_sees_lazy_relative_and_type_only_imports():
    source = """
from typing import TYPE_CHECKING
from music.composer import parts
from . import views
if TYPE_CHECKING:
    from uploads.models import Upload
def later():
    import dreams.text
"""
    targets = _targets(source, "music", {"music.composer.parts", "music.views"})
    assert targets >= {"music.composer.parts", "music.views", "uploads.models", "dreams.text"}
    assert "core.authentication" in _imports()["core.consumers"]  # imported in a function


def test_apps_import_only_downward():
    wrong = sorted(f"{module} imports {target}"
                   for module, targets in _imports().items() for target in targets
                   if _app(target) != _app(module)
                   and _app(target) not in MAY_IMPORT[_app(module)])
    assert wrong == []


def test_core_imports_no_app():
    assert sorted(f"{module} imports {target}" for module, targets in _imports().items()
                  if _app(module) == "core" for target in targets
                  if _app(target) != "core") == []


def test_no_cycle_between_apps():
    edges = {app: set() for app in APPS}
    for module, targets in _imports().items():
        edges[_app(module)] |= {_app(target) for target in targets} - {_app(module)}
    assert _cycles(edges) == []


def test_no_cycle_between_modules():
    assert _cycles(_imports()) == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one node (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for after in sorted(edges.get(node, ())):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_part_writers_read_only_the_plan_the_score_and_the_theory():
    allowed = {"music.composer.plan", "music.composer.score", "music.composer.theory"}
    graph = _imports()
    for writer in ("music.composer.parts", "music.composer.melody", "music.composer.grooves"):
        assert graph[writer] <= allowed, writer


def test_no_module_is_over_400_lines():
    long = []
    for directory in (*APPS, "config", "tests", "benchmarks"):
        for path in (ROOT / directory).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" in path.parts or relative in LONG_BY_DESIGN:
                continue
            lines = len(path.read_text().splitlines())
            if lines > MAX_LINES:
                long.append(f"{relative}: {lines} lines")
    assert long == []
