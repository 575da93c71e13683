"""RL001 and RL002 cannot be silenced (rules.md, "Input"; issue 11): no noqa
suppresses them, select/ignore/per-file-ignores/--select/--ignore leave them in
place, and naming them in ignore, per-file-ignores, severity or --ignore is exit
status 2 with a one-line reason."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

BROKEN = "cluster a version 8.14.3\nupgrade a 8.15.1{comment}\n"  # line 2: RL001
BINARY = b"\xff\xfe\x00cluster\n"  # not UTF-8: RL002


@pytest.fixture(autouse=True)
def no_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def found(data: bytes, *args: str, cwd=None):
    process = run_cli(
        "check", "--format", "json", "--stdin-filename", "r.rbk", *args, "-", input=data, cwd=cwd
    )
    assert process.returncode in (0, 1), process.stderr.decode()
    items = json.loads(process.stdout)
    return sorted((d["line"], d["code"]) for d in items), process.returncode


@pytest.mark.parametrize("comment", ["  # noqa", "  # noqa: RL001", "  # noqa: syntax-error"])
def test_noqa_does_not_suppress_rl001(comment):
    assert found(BROKEN.format(comment=comment).encode()) == ([(2, "RL001")], 1)


def test_a_noqa_naming_rl001_in_a_file_that_parses_is_unused():
    text = "cluster a version 8.14.3  # noqa: RL001\n"
    assert found(text.encode()) == ([(1, "RL900")], 0)


def test_rl002_stays():
    assert found(BINARY) == ([(1, "RL002")], 1)
    assert found(BINARY, "--select", "RL3") == ([(1, "RL002")], 1)


@pytest.mark.parametrize(
    "args", [("--select", "RL2"), ("--select", "RL201"), ("--ignore", "RL"), ("--ignore", "RL0")]
)
def test_options_leave_them_in_place(args):
    assert found(BROKEN.format(comment="").encode(), *args) == ([(2, "RL001")], 1)


@pytest.mark.parametrize("selector", ["RL001", "rl002", "syntax-error", "unreadable-input"])
def test_naming_them_in_ignore_option_is_exit_2(selector):
    process = run_cli("check", "--ignore", f"RL201,{selector}", "-", input=b"")
    assert process.returncode == 2
    (line,) = process.stderr.decode().splitlines()
    assert line.startswith("runbook-lint: --ignore: RL00")
    assert "cannot be ignored or lowered" in line


@pytest.mark.parametrize(
    ("yaml", "where"),
    [
        ("ignore: [RL201, RL001]\n", ".runbook-lint.yaml:1: 'ignore'"),
        ("per-file-ignores:\n  '*.rbk': [syntax-error]\n", "'per-file-ignores: *.rbk'"),
        ("severity:\n  RL002: warning\n", "'severity'"),
    ],
)
def test_naming_them_in_the_configuration_is_exit_2(tmp_path, yaml, where):
    (tmp_path / ".runbook-lint.yaml").write_text(yaml, encoding="utf-8")
    process = run_cli("check", "-", input=b"", cwd=tmp_path)
    assert process.returncode == 2
    (line,) = process.stderr.decode().splitlines()
    assert where in line and "cannot be ignored or lowered" in line


@pytest.mark.parametrize(
    "yaml", ["select: [RL2]\n", "ignore: [RL]\n", "per-file-ignores:\n  '*.rbk': [RL0]\n"]
)
def test_configuration_prefixes_leave_them_in_place(tmp_path, yaml):
    (tmp_path / ".runbook-lint.yaml").write_text(yaml, encoding="utf-8")
    assert found(BROKEN.format(comment="").encode(), cwd=tmp_path) == ([(2, "RL001")], 1)
