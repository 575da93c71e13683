"""Misspelt commands, options and choices get a suggestion (issue 16, item 10).

`runbook-lint chek`: a first argument that is no command and no existing path
but within two edits of a command's name; `--formt`: an unknown long option
within two edits of one of the command's; `--format jsn`: a choice.  Exit
status 2, one line on standard error, nothing on standard output.
"""

from __future__ import annotations

import pytest
from conftest import run_cli, run_subprocess

from runbook_lint.cli import closest, distance


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["chek"], "path 'chek' does not exist; did you mean 'check'?"),
        (["chekc", "samples"], "path 'chekc' does not exist; did you mean 'check'?"),
        (["Check"], "path 'Check' does not exist; did you mean 'check'?"),
        (["rulez"], "path 'rulez' does not exist; did you mean 'rules'?"),
        (["expalin", "RL201"], "path 'expalin' does not exist; did you mean 'explain'?"),
        (["fromat"], "path 'fromat' does not exist; did you mean 'format'?"),
        (["plna", "x.rbk"], "path 'plna' does not exist; did you mean 'plan'?"),
        (["topolgy"], "path 'topolgy' does not exist; did you mean 'topology'?"),
        (["chek", "--help"], "path 'chek' does not exist; did you mean 'check'?"),
        # Not close to any command: the plain message of a missing path.
        (["chekkkk"], "path 'chekkkk' does not exist"),
        (["ab"], "path 'ab' does not exist"),
        (["check.rbk"], "path 'check.rbk' does not exist"),
        # Only the first argument, where a command is expected, is a command's place.
        (["check", "chek"], "path 'chek' does not exist"),
        (["--isolated", "chek"], "path 'chek' does not exist"),
        # Options: compared without their dashes, among the command's own.
        (
            ["check", "--formt", "json"],
            "unknown option '--formt' for 'check'; did you mean '--format'?",
        ),
        (["--formt"], "unknown option '--formt' for 'check'; did you mean '--format'?"),
        (
            ["check", "--colour", "never"],
            "unknown option '--colour' for 'check'; did you mean '--color'?",
        ),
        (
            ["check", "--exitzero"],
            "unknown option '--exitzero' for 'check'; did you mean '--exit-zero'?",
        ),
        (
            ["check", "--show-setings"],
            "unknown option '--show-setings' for 'check'; did you mean '--show-settings'?",
        ),
        (
            ["check", "--sleect=RL2"],
            "unknown option '--sleect' for 'check'; did you mean '--select'?",
        ),
        (
            ["plan", "x.rbk", "--paralel"],
            "unknown option '--paralel' for 'plan'; did you mean '--parallel'?",
        ),
        (
            ["plan", "x.rbk", "--ab"],
            "unknown option '--ab' for 'plan' (see 'runbook-lint plan --help')",
        ),
        (
            ["check", "--frobnicate"],
            "unknown option '--frobnicate' for 'check' (see 'runbook-lint check --help')",
        ),
        (
            ["check", "-x.rbk"],
            "unknown option '-x.rbk' for 'check' (see 'runbook-lint check --help')",
        ),
        # Choices.
        (
            ["check", "--format", "jsn"],
            "option '--format': 'jsn' is not one of full, concise, json, sarif, github, junit,"
            " markdown, auto; did you mean 'json'?",
        ),
        (
            ["check", "--fail-on", "warn"],
            "option '--fail-on': 'warn' is not one of error, warning, info",
        ),
        (
            ["check", "--fail-on", "eror"],
            "option '--fail-on': 'eror' is not one of error, warning, info; did you mean 'error'?",
        ),
    ],
)
def test_suggestions(argv, message, tmp_path):
    assert run_cli(*argv, cwd=tmp_path) == (2, b"", f"runbook-lint: {message}\n".encode())


def test_an_existing_path_close_to_a_command_is_linted(tmp_path):
    (tmp_path / "chek").write_text("cluster a version 8.15.1\n", encoding="utf-8")
    assert run_cli("chek", cwd=tmp_path) == (0, b"All checks passed (1 file).\n", b"")


def test_the_installed_command_suggests(tmp_path):
    completed = run_subprocess("chek", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        b"",
        b"runbook-lint: path 'chek' does not exist; did you mean 'check'?\n",
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("check", "check", 0),
        ("chek", "check", 1),
        ("chekc", "check", 1),  # a swap of neighbours is one edit
        ("hcekc", "check", 2),
        ("cehkc", "check", 2),
        ("xxxxx", "check", 3),  # above the limit: limit + 1
        ("c", "check", 3),
        ("", "ab", 2),
    ],
)
def test_distance(a, b, expected):
    assert distance(a, b) == expected


def test_a_long_argument_costs_one_length_test():
    assert distance("c" * 1_000_000, "check") == 3
    assert closest("x" * 1_000_000, ("check", "rules")) is None


def test_closest_prefers_the_nearest_then_the_first():
    assert closest("rulse", ("check", "rules")) == "rules"
    assert closest("plan", ("plat", "plan")) == "plan"
    assert closest("plax", ("plat", "plan")) == "plat"
