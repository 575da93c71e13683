"""Resource bounds on hostile input: time, memory and stack.

Each case runs the whole pipeline (decode, parse, check, noqa, every report
format) in a fresh Python process on an input of size n and of size 2n, and
asserts:

* the exact diagnostics (codes, counts, and lines where practical);
* time roughly linear in size: CPU time at 2n at most 3x that at n (never an
  absolute time limit; a small floor absorbs timer noise on tiny inputs);
* memory bounded: the peak resident memory the run adds (VmHWM, reset before
  the run, minus the resident memory before it) at 2n at most 3x that at n,
  plus a small floor; and never more than a generous multiple of the input
  plus a generous allowance per diagnostic (each is rendered in seven formats,
  the indented JSON and SARIF encoders holding a few kilobytes of chunks each);
* no RecursionError: each worker lowers the recursion limit to 200 before the
  run (after a warm-up that imports everything), so any recursion whose depth
  grows with the input fails here.

The garbage collector is off in the workers, as `check` runs (commands/check.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from conftest import ROOT

from runbook_lint.report.sarif_support import RESULT_CAP

RECURSION_LIMIT = 200

pytestmark = pytest.mark.skipif(
    not os.path.exists("/proc/self/clear_refs"),
    reason="measures memory through Linux's /proc/self (VmHWM)",
)

WORKER = r"""
import gc, json, sys, time
from collections import Counter

from runbook_lint.lint.linter import lint_bytes
from runbook_lint.lint.policy import Policy
from runbook_lint.report import FORMATS, ReportOptions, render


def pipeline(data):
    result = lint_bytes("big.rbk", data)
    Policy().apply(result)
    outputs = {name: render(name, [result], ReportOptions(statistics=True)) for name in FORMATS}
    return result, outputs


def valid(size):
    # A clean runbook: clusters with nodes, each upgraded in its own step.
    head = 'runbook "big"\ntarget 8.15.1\n'
    count = max(1, size // 120)
    declarations = "".join(f"cluster c{i} version 8.14.3 nodes n1, n2  # cluster {i}\n" for i in range(count))
    steps = "".join(
        f'step "upgrade c{i}" {{\n    upgrade c{i} to 8.15.1\n    note "c{i} done"\n}}\n' for i in range(count)
    )
    return (head + declarations + steps).encode()


def parallel(clusters):
    # Every cluster upgraded in one parallel block; one pair in 100 follows:
    # a leader upgraded together with its follower (RL201 in some order).
    declarations = "".join(f"cluster c{i} version 8.14.3\n" for i in range(clusters))
    relations = "".join(f"c{i + 1} follows c{i}\n" for i in range(0, clusters, 200))
    block = "parallel {\n" + "".join(f"    upgrade c{i} to 8.15.1\n" for i in range(clusters)) + "}\n"
    return (declarations + relations + block).encode()


CASES = {
    "valid": valid,
    "long_note": lambda n: b'note "' + b"a" * n + b'"\n',
    "long_names": lambda n: b"a " * (n // 2) + b"\n",
    "long_unclosed_string": lambda n: b'note "' + b"a" * n + b"\n",
    "step_lines": lambda n: b"step {\n" * n,
    "closing_lines": lambda n: b"}\n" * n,
    "brace_line": lambda n: b"{" * n + b"\n",
    "parallel": parallel,
    "nul": lambda n: b"\x00" * n,
}


def status(key):
    with open("/proc/self/status") as stream:
        for line in stream:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(key)


case, size, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pipeline(b'cluster a version 8.14.3\ncluster b version 8.14.3\nb follows a\nupgrade a to 8.15.1  # noqa\nupgrade b to 8.15.1\n')
gc.disable()
data = CASES[case](size)
sys.setrecursionlimit(limit)
with open("/proc/self/clear_refs", "w") as stream:
    stream.write("5")  # reset VmHWM to the current resident size
before = status("VmRSS")
start = time.process_time()
result, outputs = pipeline(data)
cpu = time.process_time() - start
peak = status("VmHWM")
sys.setrecursionlimit(1000)
diagnostics = sorted(result.diagnostics, key=lambda d: d.sort_key())
print(json.dumps({
    "bytes": len(data),
    "cpu": cpu,
    "growth": max(0, peak - before),
    "codes": dict(Counter(d.code for d in diagnostics)),
    "first": [[d.code, d.span.line, d.span.column, d.message] for d in diagnostics[:3]],
    "last": [[d.code, d.span.line, d.span.column, d.message] for d in diagnostics[-2:]],
    "lines": [d.span.line for d in diagnostics],
    "parsed": result.runbook is not None,
    "json_items": len(json.loads(outputs["json"])),
    "sarif_results": len(json.loads(outputs["sarif"])["runs"][0]["results"]),
}))
"""


def run_worker(case: str, size: int) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", WORKER, case, str(size), str(RECURSION_LIMIT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "RecursionError" not in completed.stderr
    outcome = json.loads(completed.stdout)
    assert outcome["json_items"] == sum(outcome["codes"].values())
    # SARIF keeps at most RESULT_CAP results (GitHub rejects larger uploads).
    assert outcome["sarif_results"] == min(RESULT_CAP, sum(outcome["codes"].values()))
    return outcome


def grows_linearly(case: str, n: int, *, max_bytes_factor: int = 64) -> tuple[dict, dict]:
    """The case at n and at 2n: time and memory at most 3x (generous; linear is 2x)."""
    small = run_worker(case, n)
    large = run_worker(case, 2 * n)
    assert large["bytes"] >= 1.9 * small["bytes"]
    assert large["cpu"] <= 3 * small["cpu"] + 0.05, (small["cpu"], large["cpu"])
    mib = 1024 * 1024
    assert large["growth"] <= 3 * small["growth"] + 8 * mib, (small["growth"], large["growth"])
    # And bounded outright: a generous multiple of the input and of the
    # diagnostics (about 7 KiB each today), never gigabytes.
    diagnostics = sum(large["codes"].values())
    bound = max_bytes_factor * large["bytes"] + 10 * 1024 * diagnostics + 32 * mib
    assert large["growth"] <= bound, (large["growth"], large["bytes"], diagnostics)
    return small, large


@pytest.mark.slow  # megabytes of input, each size run twice
def test_a_10_mb_valid_runbook():
    _, large = grows_linearly("valid", 5_000_000)
    assert large["bytes"] >= 10_000_000
    assert large["parsed"] and large["codes"] == {}


@pytest.mark.slow  # megabytes of input, each size run twice
def test_a_single_1_mb_line():
    _, note = grows_linearly("long_note", 500_000)
    assert note["bytes"] > 1_000_000 and note["parsed"] and note["codes"] == {}

    _, names = grows_linearly("long_names", 500_000)
    assert names["bytes"] > 1_000_000
    assert names["codes"] == {"RL001": 1}
    assert names["first"] == [["RL001", 1, 3, "expected 'follows', found name 'a'"]]

    _, unclosed = grows_linearly("long_unclosed_string", 500_000)
    assert unclosed["codes"] == {"RL001": 1}
    assert unclosed["first"] == [["RL001", 1, 6, "this string is not closed on its line"]]


@pytest.mark.slow  # megabytes of input, each size run twice
def test_50000_lines_of_step_brace():
    small, large = grows_linearly("step_lines", 25_000)
    for n, outcome in ((25_000, small), (50_000, large)):
        # Line 1 opens a step; every later 'step' cannot stand inside it; the
        # step is never closed (reported at the end of the last line).
        assert outcome["codes"] == {"RL001": n}
        assert outcome["lines"] == [*range(2, n + 1), n]
        assert outcome["first"][0] == [
            "RL001",
            2,
            1,
            "'step' cannot stand here: a 'step' holds actions and 'parallel' blocks, a 'parallel' holds actions only",
        ]
        assert outcome["last"][-1] == ["RL001", n, 7, "block opened at line 1 is never closed"]


@pytest.mark.slow  # megabytes of input, each size run twice
def test_50000_closing_braces():
    _, large = grows_linearly("closing_lines", 25_000)
    assert large["codes"] == {"RL001": 50_000}
    assert large["lines"] == list(range(1, 50_001))
    assert large["first"][0] == [
        "RL001",
        1,
        1,
        "'}' closes no block: no 'step' or 'parallel' block is open here",
    ]


@pytest.mark.slow  # megabytes of input, each size run twice
def test_a_line_of_50000_braces():
    _, large = grows_linearly("brace_line", 25_000)
    assert large["codes"] == {"RL001": 1}
    code, line, column, message = large["first"][0]
    assert (code, line, column) == ("RL001", 1, 1)
    assert message.endswith("found '{'")


@pytest.mark.slow  # megabytes of input, each size run twice
def test_100000_clusters_in_one_parallel_block():
    small, large = grows_linearly("parallel", 50_000)
    for n, outcome in ((50_000, small), (100_000, large)):
        relations = len(range(0, n, 200))
        assert outcome["parsed"]
        assert outcome["codes"] == {"RL201": relations}
        # Each at the upgrade of a leader c{i}: the block starts after the
        # declarations and relations, and its first upgrade is on the next line.
        first_upgrade = n + relations + 2
        assert outcome["lines"] == [first_upgrade + i for i in range(0, n, 200)]
        assert outcome["first"][0][3] == "leader 'c0' upgraded before its follower 'c1'"


@pytest.mark.slow  # megabytes of input, each size run twice
def test_a_file_of_nul_bytes():
    _, large = grows_linearly("nul", 5_000_000, max_bytes_factor=2)
    assert large["codes"] == {"RL002": 1}
    assert large["first"] == [["RL002", 1, 1, "not a text file: NUL byte at offset 0"]]


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"\x00", [("RL002", 1)]),
        (b"cluster a version 8.14.3\n\x00\n", [("RL002", 1)]),
        (b"\xff" * 100_000, [("RL002", 1)]),
        (b"\n" * 200_000, []),
        (b"\r\n" * 100_000, []),
        (b"#" * 1_000_000 + b"\n", []),
        (b"\r" * 10_000, [("RL001", 1)]),
    ],
)
def test_small_hostile_inputs(data, expected):
    from runbook_lint.lint.linter import lint_bytes

    result = lint_bytes("t.rbk", data)
    assert sorted(Counter((d.code, d.span.line) for d in result.diagnostics).items()) == sorted(
        Counter(expected).items()
    )


@pytest.mark.slow  # 20,000 nested-looking lines through the real entry point: ~20 s
def test_the_cli_on_a_nested_looking_file_with_a_low_recursion_limit(tmp_path):
    """Through the real entry point, with the interpreter's stack kept small."""
    path = tmp_path / "deep.rbk"
    path.write_bytes(b"step {\n" * 20_000 + b"{" * 20_000 + b"\n")
    code = (
        "import sys, runbook_lint.cli as cli, runbook_lint.report.markdown, runbook_lint.report.junit, "
        "runbook_lint.syntax.messages, runbook_lint.check; "
        f"sys.setrecursionlimit({RECURSION_LIMIT}); "
        "sys.exit(cli.main(sys.argv[1:]))"
    )
    for fmt in ("full", "markdown", "junit", "sarif"):
        completed = subprocess.run(
            [sys.executable, "-c", code, "check", "--isolated", "--format", fmt, str(path)],
            capture_output=True,
            timeout=120,
        )
        assert completed.returncode == 1, completed.stderr[-2000:]
        assert b"RecursionError" not in completed.stderr and not completed.stderr
