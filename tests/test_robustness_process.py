"""Issue 15, items 12 to 16: special output files, signals, broken streams and environments.

These need real processes (closed descriptors, signals, encodings chosen at
interpreter start-up), each well under a second.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, entry_point, run_cli

SCRIPT = entry_point()[0]
BAD = "cluster a version 8.0.0\ncluster a version 8.0.0\n"
REPORT = (
    "bad.rbk:2:1: error[RL102] cluster 'a' is declared a second time; "
    "this declaration is ignored\nFound 1 error in 1 file.\n"
)


def _shell(command: str, cwd: Path, env: dict[str, str] | None = None):
    """A shell command line with $RL as the console script; (status, stdout, stderr)."""
    environment = {**os.environ, "RL": SCRIPT, **(env or {})}
    environment.pop("NO_COLOR", None)
    done = subprocess.run(
        ["/bin/sh", "-c", command], cwd=cwd, env=environment, capture_output=True, timeout=20
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "bad.rbk").write_text(BAD)
    (tmp_path / "ok.rbk").write_text("cluster a version 8.0.0\n")
    return tmp_path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".runbook-lint-"))


# -- 12: -o to something that is not a regular file ---------------------------


def test_output_to_dev_null_leaves_it_a_device(folder):
    code, out, err = run_cli("check", "--format", "concise", "-o", "/dev/null", folder / "bad.rbk")
    assert (code, out, err) == (1, b"", b"")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_a_fifo_writes_into_it(folder):
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    code, _, err = _shell("$RL check --format concise -o pipe bad.rbk", folder)
    received, _ = reader.communicate(timeout=10)
    assert (code, err) == (1, b"")
    assert received.decode() == REPORT
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _leftovers(folder) == []


def test_output_through_a_symbolic_link_replaces_the_target_and_keeps_the_link(folder):
    (folder / "real.txt").write_text("old\n")
    os.symlink("real.txt", folder / "link.txt")
    code, out, err = run_cli(
        "check", "--format", "concise", "-o", "link.txt", "bad.rbk", cwd=folder
    )
    assert (code, out, err) == (1, b"", b"")
    assert os.readlink(folder / "link.txt") == "real.txt"
    assert (folder / "real.txt").read_text() == REPORT
    assert _leftovers(folder) == []


def test_output_dash_is_standard_output(folder):
    code, out, err = run_cli("check", "--format", "concise", "-o", "-", "bad.rbk", cwd=folder)
    assert (code, out.decode(), err) == (1, REPORT, b"")
    assert not (folder / "-").exists()


def test_output_to_a_directory_is_a_usage_error(folder):
    code, _, err = run_cli("check", "-o", str(folder), "ok.rbk", cwd=folder)
    assert code == 2
    assert err.decode() == f"runbook-lint: cannot write '{folder}': Is a directory\n"


# -- 13: SIGTERM during the -o write -----------------------------------------

SIGTERM_MID_WRITE = """
import os, signal, sys
from runbook_lint.commands import output
real_replace = os.replace
def replace(source, target):
    os.kill(os.getpid(), signal.SIGTERM)  # arrives with the temporary file written
    real_replace(source, target)
output.os.replace = replace
output.write_report("report\\n", sys.argv[1])
"""


def test_sigterm_during_the_output_write_leaves_no_temporary_file(folder):
    done = subprocess.run(
        [sys.executable, "-c", SIGTERM_MID_WRITE, str(folder / "report.txt")],
        capture_output=True,
        timeout=20,
        cwd=ROOT,
    )
    assert done.returncode == 128 + signal.SIGTERM
    assert done.stderr == b"runbook-lint: terminated; no report was written\n"
    assert _leftovers(folder) == []
    assert not (folder / "report.txt").exists()


# -- 14: standard output that is not UTF-8 --------------------------------------

NAME = "é✓\u202e.rbk"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PYTHONIOENCODING": "latin-1"}, "\xe9\\u2713\\u202e.rbk".encode("latin-1")),
        (
            {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
            b"\\xe9\\u2713\\u202e.rbk",
        ),
    ],
)
def test_standard_output_that_is_not_utf8(folder, env, expected):
    (folder / NAME).write_text(BAD)
    code, out, err = _shell(f"$RL check --format concise '{NAME}'", folder, env)
    assert (code, err) == (1, b"")
    assert out == expected + REPORT[len("bad.rbk") :].encode()


def test_a_clean_runbook_with_ascii_output(folder):
    env = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
    code, out, err = _shell(
        "$RL check --format concise ok.rbk && $RL rules >/dev/null", folder, env
    )
    assert (code, out, err) == (0, b"All checks passed (1 file).\n", b"")


# -- 15: closed streams, a full disk, a deleted folder, endless stdin -------------


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("$RL check ok.rbk >&-", "cannot write the output: standard output is closed"),
        ("$RL rules >&-", "cannot write the output: standard output is closed"),
        ("$RL check - <&-", "cannot read '-': standard input is closed"),
        (
            "$RL check bad.rbk > /dev/full",
            "cannot write the output to standard output: No space left on device",
        ),
        ("$RL rules > /dev/full", "cannot write the output: No space left on device"),
        (
            "mkdir gone && cd gone && rmdir ../gone && $RL check",
            "the current folder no longer exists (deleted?)",
        ),
    ],
)
def test_broken_environments_get_one_line_and_exit_2(folder, command, message):
    code, out, err = _shell(command, folder)
    assert (code, out) == (2, b"")
    assert err.decode() == f"runbook-lint: {message}\n"


def test_standard_input_from_dev_zero_is_read_up_to_the_bound_then_rl002(folder):
    code, out, err = _shell("$RL check --format concise - < /dev/zero", folder)
    assert (code, err) == (1, b"")
    assert out.decode() == (
        "-:1:1: error[RL002] is larger than 64 MiB, the most a runbook may hold, so it is not read\n"
        "Found 1 error in 1 file.\n"
    )


def test_a_file_over_the_bound_is_rl002(folder):
    with open(folder / "big.rbk", "wb") as stream:
        stream.truncate(64 * 1024 * 1024 + 1)  # sparse: costs no disk
    code, out, _ = run_cli("check", "--format", "concise", "big.rbk", cwd=folder)
    assert code == 1
    assert out.decode().splitlines()[0] == (
        "big.rbk:1:1: error[RL002] is larger than 64 MiB, the most a runbook may hold, "
        "so it is not read"
    )


# -- 16: a broken pipe exits as the report would have --------------------------


@pytest.mark.parametrize(("runbook", "status"), [("bad.rbk", 1), ("ok.rbk", 0)])
def test_a_broken_pipe_exits_with_the_reports_status(folder, runbook, status):
    # The reader closes at once; the status is the report's either way, not 141.
    done = subprocess.run(
        ["/bin/bash", "-c", f"set -o pipefail; $RL check {runbook} | head -c0"],
        cwd=folder,
        env={**os.environ, "RL": SCRIPT},
        capture_output=True,
        timeout=20,
    )
    assert (done.returncode, done.stderr) == (status, b"")


def test_a_broken_pipe_on_a_long_listing(folder):
    done = subprocess.run(
        ["/bin/bash", "-c", "set -o pipefail; $RL rules | head -c1 >/dev/null"],
        cwd=folder,
        env={**os.environ, "RL": SCRIPT},
        capture_output=True,
        timeout=20,
    )
    assert (done.returncode, done.stderr) == (0, b"")
