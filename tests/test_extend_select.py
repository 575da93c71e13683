"""`--extend-select` / `--extend-ignore` (issue 16, item 13): they add to the
configuration's lists (or to --select/--ignore) where --select/--ignore replace them."""

from __future__ import annotations

import pytest
from conftest import run_cli

# RL201 at 5, RL302 at 7, RL306 at 8 (a relation left paused).
RUNBOOK = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
pause eu-west follows us-east
"""


def found(folder, *args, config=None) -> tuple[int, list[str]]:
    """(exit status, the codes reported in order) for `check ARGS a.rbk`."""
    if config is not None:
        (folder / ".runbook-lint.yaml").write_text(config, encoding="utf-8")
    (folder / "a.rbk").write_text(RUNBOOK, encoding="utf-8")
    code, out, err = run_cli("check", "--format", "concise", "-q", *args, "a.rbk", cwd=folder)
    assert err == b"", err
    return code, [line.split()[1] for line in out.decode().splitlines()]


def test_everything_without_options(tmp_path):
    assert found(tmp_path, "--isolated") == (
        1,
        ["error[RL201]", "warning[RL302]", "error[RL306]"],
    )


def test_extend_select_adds_to_the_configurations_select(tmp_path):
    config = "select: [RL2]\n"
    assert found(tmp_path, config=config) == (1, ["error[RL201]"])
    # By code, by name and by prefix, as --select takes them.
    assert found(tmp_path, "--extend-select", "RL302", config=config) == (
        1,
        ["error[RL201]", "warning[RL302]"],
    )
    assert found(tmp_path, "--extend-select", "following-left-paused", config=config) == (
        1,
        ["error[RL201]", "error[RL306]"],
    )
    assert found(tmp_path, "--extend-select", "RL3", config=config) == (
        1,
        ["error[RL201]", "warning[RL302]", "error[RL306]"],
    )
    # --select replaces the configuration's list instead.
    assert found(tmp_path, "--select", "RL302", config=config) == (0, ["warning[RL302]"])


def test_extend_select_adds_to_select_on_the_command_line(tmp_path):
    assert found(tmp_path, "--isolated", "--select", "RL302", "--extend-select", "RL306") == (
        1,
        ["warning[RL302]", "error[RL306]"],
    )


def test_extend_select_when_every_rule_is_selected_changes_nothing(tmp_path):
    assert found(tmp_path, "--isolated", "--extend-select", "RL2") == (
        1,
        ["error[RL201]", "warning[RL302]", "error[RL306]"],
    )


def test_extend_ignore_adds_to_the_configurations_ignore(tmp_path):
    config = "ignore: [RL302]\n"
    assert found(tmp_path, config=config) == (1, ["error[RL201]", "error[RL306]"])
    assert found(tmp_path, "--extend-ignore", "RL201", config=config) == (1, ["error[RL306]"])
    assert found(tmp_path, "--extend-ignore", "RL2,following-left-paused", config=config) == (
        0,
        [],
    )
    # --ignore replaces the configuration's list instead: RL302 is back.
    assert found(tmp_path, "--ignore", "RL201", config=config) == (
        1,
        ["warning[RL302]", "error[RL306]"],
    )


def test_extend_ignore_adds_to_ignore_on_the_command_line(tmp_path):
    assert found(tmp_path, "--isolated", "--ignore", "RL201", "--extend-ignore", "RL302") == (
        1,
        ["error[RL306]"],
    )


def test_ignore_wins_over_extend_select(tmp_path):
    config = "select: [RL2]\nignore: [RL302]\n"
    assert found(tmp_path, "--extend-select", "RL302", config=config) == (1, ["error[RL201]"])


def test_a_prefix_does_not_reach_the_unsilenceable_rules(tmp_path):
    (tmp_path / "bad.rbk").write_text("cluster a version 8.15\n", encoding="utf-8")
    code, out, err = run_cli(
        "check", "--isolated", "--format", "concise", "-q", "--extend-ignore", "RL", "bad.rbk",
        cwd=tmp_path,
    )  # fmt: skip
    assert (code, err) == (1, b"")
    assert [line.split()[1] for line in out.decode().splitlines()] == ["error[RL001]"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--extend-ignore", "RL001"],
            "--extend-ignore: RL001 (syntax-error) cannot be ignored or lowered: a file that"
            " cannot be read or parsed cannot be checked, so it always fails",
        ),
        (
            ["--extend-ignore", "RL302,unreadable-input"],
            "--extend-ignore: RL002 (unreadable-input) cannot be ignored or lowered: a file that"
            " cannot be read or parsed cannot be checked, so it always fails",
        ),
        (["--extend-select", "RL2O1"], "--extend-select: unknown code or rule name 'RL2O1'"),
        (["--extend-ignore", "nope"], "--extend-ignore: unknown code or rule name 'nope'"),
        (["--extend-select"], "option '--extend-select' needs a value (CODES)"),
    ],
)
def test_bad_values_are_usage_errors(tmp_path, args, message):
    (tmp_path / "a.rbk").write_text(RUNBOOK, encoding="utf-8")
    assert run_cli("check", "--isolated", "a.rbk", *args, cwd=tmp_path) == (
        2,
        b"",
        f"runbook-lint: {message}\n".encode(),
    )


def test_help_lists_them():
    code, out, _ = run_cli("check", "--help")
    assert code == 0
    lines = out.decode().splitlines()
    assert "  --extend-select CODES      add to the selected rules" in lines
    assert "  --extend-ignore CODES      add to the ignored rules" in lines
    assert (
        "  --add-noqa                 write '# noqa: CODE' on every line with a diagnostic,"
        " then exit 0"
    ) in lines
