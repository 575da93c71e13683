"""Usage errors never write a command line's control characters raw to the
terminal (issue 15's output injection, found by the option-parser fuzz target):
ESC, BEL, U+202E and line breaks come out escaped, as the reports show them."""

from __future__ import annotations

from conftest import run_cli


def test_an_unknown_option_with_an_escape_sequence() -> None:
    code, out, err = run_cli("check", "--\x1b[31mred", "x.rbk")
    assert (code, out) == (2, b"")
    assert err.decode() == (
        "runbook-lint: unknown option '--\\u001b[31mred' for 'check' (see 'runbook-lint check --help')\n"
    )


def test_a_missing_path_with_a_bidi_override_and_a_line_break() -> None:
    code, out, err = run_cli("check", "a\u202eb\nc.rbk")
    assert (code, out) == (2, b"")
    assert err.decode() == "runbook-lint: path 'a\\u202eb\\nc.rbk' does not exist\n"
