"""What a `check` run loads: no jinja2 or yaml for the common formats, and the
grammar from Lark's cache rather than rebuilt."""

from __future__ import annotations

import glob
import os
import subprocess
import sys

import pytest
from conftest import SAMPLES, run_cli

PROBE = """
import sys
from runbook_lint.cli import main
status = main(sys.argv[1:])
print(f"status {status}")
print(sorted(m for m in ("jinja2", "yaml") if m in sys.modules))
"""

CONCISE = (
    "chain_broken.rbk:18:5: error[RL201] leader 'eu-west' upgraded before its follower"
    " 'dr-site' (auto-follow \"audit-logs\")\n"
    "chain_broken.rbk:18:5: error[RL201] leader 'eu-west' upgraded before its follower"
    " 'dr-site' (index \"payments\")\n"
    "Found 2 errors in 1 file.\n"
)


def probe(*args: str) -> subprocess.CompletedProcess[bytes]:
    # In the samples folder, so that the report's paths are the relative ones given.
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, cwd=SAMPLES, timeout=60
    )


@pytest.mark.parametrize("fmt", ["full", "concise", "json"])
def test_common_formats_load_neither_jinja2_nor_yaml(fmt):
    args = ["check", "--isolated", "--exit-zero", "--format", fmt, "chain_broken.rbk"]
    process = probe(*args)
    # check ran to the end: its whole report, then its status, then the modules.
    report = run_cli(*args, cwd=SAMPLES)
    assert report.returncode == 0 and report.stderr == b""
    if fmt == "concise":
        assert report.stdout.decode() == CONCISE
    assert (process.returncode, process.stderr) == (0, b"")
    assert process.stdout == report.stdout + b"status 0\n[]\n"


def test_markdown_loads_jinja2():
    args = ["check", "--isolated", "--format", "markdown", "chain.rbk"]
    process = probe(*args)
    report = run_cli(*args, cwd=SAMPLES)
    assert report.returncode == 0 and report.stderr == b""
    assert report.stdout.startswith(b"# runbook-lint report\n")
    assert (process.returncode, process.stderr) == (0, b"")
    assert process.stdout == report.stdout + b"status 0\n['jinja2']\n"


def test_the_grammar_is_loaded_from_lark_cache(tmp_path):
    # Lark writes its analysed grammar to a cache file keyed by the grammar's
    # hash; a run finds it instead of rebuilding the LALR tables.
    env = dict(os.environ, TMPDIR=str(tmp_path))
    pattern = os.path.join(str(tmp_path), ".lark_cache*")
    assert glob.glob(pattern) == []
    subprocess.run(
        [sys.executable, "-m", "runbook_lint", str(SAMPLES / "chain.rbk")],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    cached = glob.glob(pattern)
    assert len(cached) == 1
    stamp = os.stat(cached[0]).st_mtime_ns
    subprocess.run(
        [sys.executable, "-m", "runbook_lint", str(SAMPLES / "chain.rbk")],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert (
        glob.glob(pattern) == cached and os.stat(cached[0]).st_mtime_ns == stamp
    )  # read, not rewritten
