"""The shape of the package (issue 10): no import cycles, one home per rule.

Imports are read from the source with ``ast``: every import counts, the lazy
ones inside functions too (they run), except those under ``if TYPE_CHECKING:``
(they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "runbook_lint"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name):
            if node.test.id == "TYPE_CHECKING":
                for child in node.orelse:
                    visit(child)
                return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in modules}


def _graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module(p) for p in paths}
    return {_module(p): _imports(p, modules) - {_module(p)} for p in paths}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            # A package's __init__ is imported with its modules: importing
            # runbook_lint.check.rules.order runs runbook_lint.check first.
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_the_leaf_modules_import_nothing_of_the_package_but_leaves():
    graph = _graph()
    leaves = {"runbook_lint.errors", "runbook_lint.severity", "runbook_lint.records"}
    for leaf in leaves:
        assert graph[leaf] <= leaves, leaf


@pytest.mark.parametrize(
    ("code", "home"),
    [
        ("RL201", "runbook_lint.check.rules.order"),
        ("RL204", "runbook_lint.check.rules.order"),
        ("RL307", "runbook_lint.check.rules.switches"),
        ("RL310", "runbook_lint.check.rules.lease"),
    ],
)
def test_each_rule_is_declared_and_fired_in_one_module(code, home):
    """Once spread over four to six places (catalogue, checker, parallel blocks):
    now a rule's code is written in its own module only."""
    homes = [
        _module(p)
        for p in sorted(PACKAGE.rglob("*.py"))
        if f'"{code}"' in p.read_text(encoding="utf-8") and p.name != "rule.py"
    ]
    assert homes == [home]
