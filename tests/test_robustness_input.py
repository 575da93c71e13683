"""Issue 15, items 6 and 7: input that used to abort the run or get the wrong message."""

from __future__ import annotations

from conftest import lint_text, run_cli

LONG = "9" * 4301
EXCERPT = "'1." + "9" * 35 + "...'"  # a bounded excerpt, 40 characters


def _diagnostics(text: str) -> list[tuple[int, int, str, str]]:
    result = lint_text(text)
    return [(d.span.line, d.span.column, d.code, d.message) for d in result.diagnostics]


def test_a_4301_digit_version_part_is_rl001_and_the_other_files_are_linted(tmp_path):
    (tmp_path / "a.rbk").write_text(f"cluster a version 1.{LONG}.0\n")
    (tmp_path / "b.rbk").write_text("cluster b version 8.0.0\ncluster b version 8.0.0\n")
    code, out, err = run_cli("check", "--format", "concise", tmp_path / "a.rbk", tmp_path / "b.rbk")
    assert code == 1
    assert err == b""
    lines = out.decode().splitlines()
    assert lines[0] == (
        f"{tmp_path}/a.rbk:1:19: error[RL001] {EXCERPT}: "
        "a version's numeric part has at most 9 digits"
    )
    assert lines[1].startswith(f"{tmp_path}/b.rbk:2:")  # the second file was linted


def test_nine_digits_is_fine_and_ten_is_rl001():
    assert _diagnostics("cluster a version 999999999.0.0\n") == []
    assert _diagnostics("target 1.0.1234567890\n") == [
        (1, 8, "RL001", "'1.0.1234567890': a version's numeric part has at most 9 digits")
    ]


def test_the_bound_applies_in_upgrade_statements():
    text = f"cluster a version 8.0.0\nupgrade a to {LONG}.0.0\n"
    assert [(line, code) for line, _, code, _ in _diagnostics(text)] == [(2, "RL001")]


def test_a_long_numeric_pre_release_identifier_compares_without_int():
    text = f"cluster a version 1.0.0-{'9' * 5000}\ncluster b version 1.0.0-2\nb follows a\n"
    result = lint_text(text)  # no ValueError: compared as digit strings
    assert all(d.code != "RL001" for d in result.diagnostics)


def test_plan_of_a_4301_digit_version_is_exit_2_with_one_line(tmp_path):
    path = tmp_path / "t.rbk"
    path.write_text(f"cluster a version 1.{LONG}.0\n")
    code, out, err = run_cli("plan", path)
    assert (code, out) == (2, b"")
    assert err.decode() == (
        f"runbook-lint: {path}:1:19: syntax error: {EXCERPT}: "
        "a version's numeric part has at most 9 digits\n"
    )


def test_a_raw_carriage_return_inside_a_string_is_named():
    assert _diagnostics('note "a\rb"\n') == [
        (
            1,
            8,
            "RL001",
            "a carriage return inside this string: a string holds one line "
            "(line endings are LF or CRLF)",
        )
    ]


def test_unknown_escape_and_unclosed_string_keep_their_messages():
    assert [m for _, _, _, m in _diagnostics('note "a\\nb"\nnote "abc\n')] == [
        'unknown escape in this string: only \\" and \\\\ are allowed',
        "this string is not closed on its line",
    ]


def test_a_5000_digit_to_version_is_one_bounded_line(tmp_path):
    path = tmp_path / "t.rbk"
    path.write_text("cluster a version 8.0.0\n")
    code, out, err = run_cli("plan", path, "--to", f"1.{'9' * 5000}.0")
    assert (code, out) == (2, b"")
    assert err.decode() == (
        "runbook-lint: --to: '1." + "9" * 54 + "... is not a version "
        "(expected MAJOR.MINOR.PATCH, such as 8.15.0)\n"
    )


def test_a_4301_digit_duration_is_rl001_and_the_other_files_are_linted(tmp_path):
    (tmp_path / "a.rbk").write_text(f"cluster a version 8.0.0\nwait {LONG}m\n")
    (tmp_path / "b.rbk").write_text("cluster b version 8.0.0\ncluster b version 8.0.0\n")
    code, out, err = run_cli("check", "--format", "concise", tmp_path / "a.rbk", tmp_path / "b.rbk")
    assert (code, err) == (1, b"")
    lines = out.decode().splitlines()
    assert lines[0] == (
        f"{tmp_path}/a.rbk:2:6: error[RL001] '{'9' * 37}...': "
        "a duration's number has at most 9 digits"
    )
    assert lines[1].startswith(f"{tmp_path}/b.rbk:2:")


def test_nine_digit_durations_are_fine_and_ten_are_rl001():
    text = "cluster a version 8.0.0\nwait 999999999m\nwait 1234567890s\n"
    assert [(line, code) for line, _, code, _ in _diagnostics(text)] == [(3, "RL001")]
