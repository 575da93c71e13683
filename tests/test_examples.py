"""Every example of the spec gives exactly its expected diagnostics."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, codes

CASES = sorted(EXAMPLES.glob("*.rbk"))


def expected(path) -> list[tuple[int, str]]:
    lines = path.with_suffix(".expected").read_text().split()
    return sorted((int(lines[i]), lines[i + 1]) for i in range(0, len(lines), 2))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_example(path):
    assert codes(path.read_text(encoding="utf-8")) == expected(path)


def test_every_example_is_here():
    # The copies in tests/data/examples: an empty glob must fail, not pass silently,
    # and every example has its expected diagnostics beside it.
    assert len(CASES) >= 8
    assert sorted(p.stem for p in CASES) == sorted(p.stem for p in EXAMPLES.glob("*.expected"))
