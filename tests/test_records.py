"""``@record``: the behaviour of dataclasses at a fraction of the cost, and no
``typing`` import at run time (type checkers read dataclass_transform)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from runbook_lint.records import FrozenInstanceError, field, record, replace


@record
class Point:
    x: int
    y: int = 0


@record(frozen=False)
class Bag:
    name: str
    items: list[int] = field(default_factory=list)


def test_frozen_record_values() -> None:
    point = Point(1)
    assert (point.x, point.y) == (1, 0)
    assert point == Point(1, 0)
    assert point != Point(1, 2)
    assert hash(point) == hash(Point(1, 0))
    assert repr(point) == "Point(x=1, y=0)"
    assert pickle.loads(pickle.dumps(point)) == point
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]  # the point of the test: frozen


def test_replace_function_and_method() -> None:
    assert replace(Point(1, 2), y=5) == Point(1, 5)
    assert Point(1, 2).replace(x=7) == Point(7, 2)  # type: ignore[attr-defined]  # runtime-only method


def test_mutable_record_gets_a_fresh_default_each_time() -> None:
    first, second = Bag("a"), Bag("b")
    first.items.append(1)
    assert (first.items, second.items) == ([1], [])
    first.name = "c"
    assert first == Bag("c", [1])
    with pytest.raises(TypeError):
        hash(first)


def test_match_args() -> None:
    match Point(3, 4):
        case Point(x, y):
            assert (x, y) == (3, 4)


def test_no_typing_import_at_run_time() -> None:
    code = "import sys, runbook_lint.records; print('typing' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-S", "-c", code],  # -S: no site hooks that might import typing
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    assert result.stdout == "False\n"
