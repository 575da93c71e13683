"""Issue 15, items 4 and 5: report size and memory that grew faster than the input.

Peak memory is measured in a fresh interpreter (resource.getrusage of a child),
so that this process's own allocations do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import lint_text


def _cycle(n: int) -> str:
    lines = [f"cluster c{i} version 8.0.0" for i in range(n)]
    lines += [f"c{(i + 1) % n} follows c{i}" for i in range(n)]
    lines += [f"upgrade c{i} to 8.1.0" for i in range(n)]
    return "\n".join(lines) + "\n"


def test_rl202_lists_the_first_ten_relations_and_members_and_counts_the_rest():
    result = lint_text(_cycle(30))
    first = result.diagnostics[0]
    assert (first.span.line, first.code) == (61, "RL202")
    members = ", ".join(f"'c{i}'" for i in range(10))
    relations = ", ".join(f"'c{i + 1} follows c{i}'" for i in range(10))
    assert first.message == (
        f"'c0' is upgraded while following inside its bi-directional group ({members} and 20 "
        f"more) is active: {relations} and 20 more"
    )
    assert [r.span.line for r in first.related] == list(range(31, 41))


def test_a_small_group_is_listed_in_full():
    result = lint_text(_cycle(3))
    first = result.diagnostics[0]
    assert first.message == (
        "'c0' is upgraded while following inside its bi-directional group ('c0', 'c1', 'c2') "
        "is active: 'c1 follows c0', 'c2 follows c1', 'c0 follows c2'"
    )
    assert len(first.related) == 3


def test_a_1000_cluster_cycle_report_grows_linearly():
    results = lint_text(_cycle(1000))
    rl202 = [d for d in results.diagnostics if d.code == "RL202"]
    assert len(rl202) == 1000
    assert max(len(d.message) for d in rl202) < 600
    assert max(len(d.related) for d in rl202) == 10


PEAK = """
import resource, sys
from runbook_lint.lint.linter import lint_bytes
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = lint_bytes("big.rbk", data)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grew_kib": after - before, "diagnostics": len(result.diagnostics)}))
""".replace("import resource, sys", "import json, resource, sys")


def _peak_growth(data: bytes) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PEAK], input=data, capture_output=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


def test_a_million_blank_lines_cost_next_to_nothing():
    measured = _peak_growth(b"\n" * 1_000_000)
    assert measured["diagnostics"] == 0
    # The 1 MB input itself, its text and its lines: a few MB, not 359 MB.
    assert measured["grew_kib"] < 40 * 1024, measured
