"""What a `check` run loads: no jinja2 or yaml for the common formats, and the
grammar from Lark's cache rather than rebuilt."""

from __future__ import annotations

import glob
import os
import subprocess
import sys

import pytest
from conftest import SAMPLES

PROBE = """
import sys
from runbook_lint.cli import main
status = main(sys.argv[1:])
print(sorted(m for m in ("jinja2", "yaml") if m in sys.modules))
"""


@pytest.mark.parametrize("fmt", ["full", "concise", "json"])
def test_common_formats_load_neither_jinja2_nor_yaml(fmt, tmp_path):
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            "check",
            "--isolated",
            "--format",
            fmt,
            str(SAMPLES / "chain_broken.rbk"),
        ],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert process.stdout.decode().strip().splitlines()[-1] == "[]"


def test_markdown_loads_jinja2(tmp_path):
    process = subprocess.run(
        [sys.executable, "-c", PROBE, "check", "--format", "markdown", str(SAMPLES / "chain.rbk")],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert process.stdout.decode().strip().splitlines()[-1] == "['jinja2']"


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
