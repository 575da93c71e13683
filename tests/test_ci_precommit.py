"""The pre-commit hook's contract (issue 16, items 7 and 8).

pre-commit appends the staged file names after the hook's `entry`; without
`require_serial` it splits them over several processes, each printing its own
summary line, and a name starting with `-` is read as an option.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli, run_subprocess

GOOD = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
"""
BROKEN = GOOD.replace(
    "upgrade eu-west to 8.15.1\nupgrade us-east to 8.15.1",
    "upgrade us-east to 8.15.1\nupgrade eu-west to 8.15.1",
)


def hooks() -> dict[str, dict[str, object]]:
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in data}


def test_hooks_run_serially_and_end_the_options() -> None:
    found = hooks()
    assert found["runbook-lint"]["entry"] == "runbook-lint check --"
    assert found["runbook-lint"]["require_serial"] is True
    assert found["runbook-lint-format"]["entry"] == "runbook-lint format --"
    assert found["runbook-lint-format"]["require_serial"] is True


def test_a_file_named_like_an_option_is_linted(tmp_path: Path) -> None:
    (tmp_path / "-x.rbk").write_text(BROKEN, encoding="utf-8")
    # What pre-commit runs: the entry, then the staged names.
    code, out, err = run_cli("check", "--", "-x.rbk", cwd=tmp_path)
    assert code == 1, err
    assert b"-x.rbk:5:1" in out
    assert out.decode().rstrip().endswith("Found 1 error in 1 file.")
    code, out, err = run_cli("format", "--check", "--", "-x.rbk", cwd=tmp_path)
    assert code in (0, 1), err
    assert b"unknown option" not in err


@pytest.mark.slow
def test_three_thousand_files_one_process_one_summary(tmp_path: Path) -> None:
    names = []
    for i in range(3000):
        name = f"r{i:04d}.rbk"
        (tmp_path / name).write_text(BROKEN if i % 1000 == 0 else GOOD, encoding="utf-8")
        names.append(name)
    start = time.monotonic()
    proc = run_subprocess("check", "--", *names, cwd=tmp_path)
    elapsed = time.monotonic() - start
    out = proc.stdout.decode()
    assert proc.returncode == 1, proc.stderr
    assert out.count("Found ") == 1
    assert out.rstrip().endswith("Found 3 errors in 3000 files.")
    assert elapsed < 60, f"3,000 files took {elapsed:.1f} s"
