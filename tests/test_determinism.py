"""Determinism: the same input gives byte-identical output, run after run, in
every format, whatever the order the paths are given in and whatever Python's
hash seed (set and dict orders that leaked into a report would show here).

The runs share one working folder: the reports hold no timestamps and no
absolute paths for relative arguments.  The one measured value, JUnit's
per-file and per-suite `time` (issue 16, item 6), is masked before comparing:
everything else in the JUnit report must still be byte-identical.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES, SAMPLES, run_cli

FORMATS = ["full", "concise", "json", "sarif", "github", "junit", "markdown"]

EXTRA = {
    "noqa.rbk": b"cluster a version 8.14.3\ncluster b version 8.14.3\nb follows a\n"
    b"upgrade a to 8.15.1  # noqa: RL201\nupgrade b to 8.15.1  # noqa\nupgrade b to 8.15.1 # noqa: RL302, RL999\n",
    "syntax.rbk": b"cluster a version 8.15\nupgrade a 8.15.1\nstep {\n",
    "binary.rbk": b"\x00\x01\x02",
    "groups.rbk": b"cluster a version 8.18.2\ncluster b version 8.18.2\ncluster c version 8.18.2\n"
    b"cluster d version 8.18.2\na follows b\nb follows a\nc follows d\nd follows c\n"
    b'a follows c index "x"\nparallel {\n    upgrade a to 9.0.3\n    upgrade b to 9.0.3\n'
    b"    upgrade c to 9.0.3\n    upgrade d to 9.0.3\n}\npause all\n",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("determinism")
    folder = root / "runbooks"
    (folder / "examples").mkdir(parents=True)
    for path in sorted(SAMPLES.glob("*.rbk")):
        shutil.copy(path, folder / path.name)
    for path in sorted(EXAMPLES.glob("*.rbk")):
        shutil.copy(path, folder / "examples" / path.name)
    for name, data in EXTRA.items():
        (folder / name).write_bytes(data)
    files = sorted(str(path.relative_to(root)) for path in folder.rglob("*.rbk"))
    assert len(files) >= 15
    return root, files


_TIME = re.compile(rb' time="[0-9]+\.[0-9]{3}"')


def untimed(output: bytes) -> bytes:
    """``output`` with JUnit's measured times masked (each must have the format, though)."""
    masked, count = _TIME.subn(b' time="T"', output)
    assert b" time=" not in masked.replace(b' time="T"', b""), "a time in another format"
    return masked if count else output


def report(root, fmt, paths):
    # In process: every run shares this interpreter's hash seed; the seeds
    # themselves are varied in real processes by the test at the end.
    completed = run_cli("check", "--isolated", "--statistics", "--format", fmt, *paths, cwd=root)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr == b""
    return untimed(completed.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_bytes_every_run_and_every_order(repo, fmt):
    root, files = repo
    first = report(root, fmt, files)
    assert first
    # Again (other hash seeds: test_the_same_bytes_whatever_the_hash_seed).
    assert report(root, fmt, files) == first
    # The paths in reverse and in a shuffled order.
    assert report(root, fmt, list(reversed(files))) == first
    shuffled = list(files)
    random.Random(7).shuffle(shuffled)
    assert report(root, fmt, shuffled) == first
    # The folder instead of its files, and both (each file linted once).
    assert report(root, fmt, ["runbooks"]) == first
    assert report(root, fmt, ["runbooks", *shuffled[:3]]) == first


@pytest.mark.parametrize("fmt", FORMATS)
def test_written_with_o_is_the_same_bytes(repo, fmt, tmp_path):
    root, files = repo
    printed = report(root, fmt, files)
    out = tmp_path / f"report.{fmt}"
    completed = run_cli(
        "check", "--isolated", "--statistics", "--format", fmt, *files, "-o", str(out), cwd=root
    )
    assert completed.returncode == 1 and completed.stdout == b""
    assert untimed(out.read_bytes()) == printed


def test_in_process_runs_are_identical():
    """The parser and checker keep no state from one file to the next."""
    from runbook_lint.lint.linter import lint_bytes
    from runbook_lint.lint.policy import Policy
    from runbook_lint.report import FORMATS as ALL
    from runbook_lint.report import ReportOptions, render

    inputs = [(f"f{i}.rbk", data) for i, data in enumerate(EXTRA.values())]
    inputs += [(path.name, path.read_bytes()) for path in sorted(SAMPLES.glob("*.rbk"))]

    def run(order):
        results = []
        for name, data in order:
            result = lint_bytes(name, data)
            Policy().apply(result)
            results.append(result)
        results.sort(key=lambda r: r.path)
        return {fmt: render(fmt, results, ReportOptions(statistics=True)) for fmt in ALL}

    first = run(inputs)
    assert run(list(reversed(inputs))) == first
    assert run(inputs) == first


# One interpreter per hash seed, each writing every format with -o: the seed is
# fixed at start-up, so only real processes can vary it (and one per seed, not
# one per format, keeps this fast).
SEEDED = """
import sys
from runbook_lint.cli import main
out, formats, paths = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
for fmt in formats:
    status = main(["check", "--isolated", "--statistics", "--format", fmt, *paths,
                   "-o", f"{out}/{fmt}"])
    assert status == 1, (fmt, status)
"""


def test_the_same_bytes_whatever_the_hash_seed(repo, tmp_path):
    root, files = repo
    printed = {fmt: report(root, fmt, files) for fmt in FORMATS}
    for seed in (0, 1, 12345):
        out = tmp_path / str(seed)
        out.mkdir()
        subprocess.run(
            [sys.executable, "-c", SEEDED, str(out), ",".join(FORMATS), *files],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            check=True,
            capture_output=True,
            timeout=120,
        )
        assert {fmt: untimed((out / fmt).read_bytes()) for fmt in FORMATS} == printed, seed
