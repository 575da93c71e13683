"""Running the CLI in process leaves the interpreter as it found it."""

from __future__ import annotations

import gc
import os
import sys

from conftest import run_cli

CLEAN = b"cluster A version 8.16.1\nupgrade A to 8.17.0\n"


def test_check_restores_the_garbage_collector(tmp_path):
    (tmp_path / "clean.rbk").write_bytes(CLEAN)
    assert gc.isenabled()
    assert run_cli("check", "clean.rbk", cwd=tmp_path) == (0, b"All checks passed (1 file).\n", b"")
    assert gc.isenabled()


def test_check_restores_the_garbage_collector_after_a_usage_error(tmp_path):
    assert run_cli("check", "--config", "missing.yaml", "x.rbk", cwd=tmp_path).returncode == 2
    assert gc.isenabled()


def test_check_leaves_a_disabled_collector_disabled(tmp_path):
    (tmp_path / "clean.rbk").write_bytes(CLEAN)
    gc.disable()
    try:
        assert run_cli("check", "clean.rbk", cwd=tmp_path).returncode == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_run_cli_restores_streams_folder_and_environment(tmp_path):
    before = (sys.stdin, sys.stdout, sys.stderr, os.getcwd(), dict(os.environ))
    (tmp_path / "clean.rbk").write_bytes(CLEAN)
    run_cli("check", "clean.rbk", cwd=tmp_path, env={"RUNBOOK_LINT_PROBE": "1"})
    assert (sys.stdin, sys.stdout, sys.stderr, os.getcwd(), dict(os.environ)) == before


def test_run_cli_feeds_standard_input_and_unpacks(tmp_path):
    status, out, err = run_cli("check", "--format", "concise", "-", input=CLEAN, cwd=tmp_path)
    assert (status, out, err) == (0, b"All checks passed (1 file).\n", b"")
