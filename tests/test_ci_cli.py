"""ruff's and yamllint's habits (issue 16, item 11): --output-format, -V, --format auto."""

from __future__ import annotations

import pytest
from conftest import LEADER_FIRST as BROKEN
from conftest import run_cli

CONCISE = "prod.rbk:5:1: error[RL201] leader 'us-east' upgraded before its follower 'eu-west'\n"
GITHUB = "::error file=prod.rbk,line=5,col=1,endLine=5,endColumn=26,title=runbook-lint RL201::"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("spelling", [["--output-format", "concise"], ["--output-format=concise"]])
def test_output_format_is_format(folder, spelling):
    code, out, err = run_cli("check", "--isolated", "-q", *spelling, "prod.rbk", cwd=folder)
    assert (code, out.decode(), err) == (1, CONCISE, b"")


def test_dash_capital_v_is_the_version():
    assert run_cli("-V") == run_cli("--version")
    assert run_cli("-V").stdout.startswith(b"runbook-lint ")


def test_format_auto_is_github_under_github_actions(folder):
    code, out, _ = run_cli(
        "check",
        "--isolated",
        "--format",
        "auto",
        "prod.rbk",
        cwd=folder,
        env={"GITHUB_ACTIONS": "true"},
    )
    assert code == 1 and out.decode().startswith(GITHUB)


def test_format_auto_is_full_elsewhere(folder, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    auto = run_cli("check", "--isolated", "--format", "auto", "prod.rbk", cwd=folder)
    full = run_cli("check", "--isolated", "prod.rbk", cwd=folder)
    assert auto == full and auto.stdout.startswith(b"error[RL201]")


def test_check_help_lists_the_formats():
    code, out, _ = run_cli("check", "--help")
    assert code == 0
    assert b"--output-format" in out
    assert b"full, concise, json, sarif, github, junit, markdown, auto" in out
    assert b".runbook-lint.yaml" in out


def test_force_color_colours_a_pipe_unless_never(folder, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    forced = run_cli("check", "--isolated", "prod.rbk", cwd=folder, env={"FORCE_COLOR": "1"})
    assert b"\x1b[" in forced.stdout
    never = run_cli(
        "check", "--isolated", "--color", "never", "prod.rbk", cwd=folder, env={"FORCE_COLOR": "1"}
    )
    assert b"\x1b[" not in never.stdout
    plain = run_cli("check", "--isolated", "prod.rbk", cwd=folder)
    assert b"\x1b[" not in plain.stdout
    both = run_cli(
        "check", "--isolated", "prod.rbk", cwd=folder, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert b"\x1b[" not in both.stdout


def test_everything_excluded_is_said_on_stderr(folder):
    (folder / ".runbook-lint.yaml").write_text('exclude: ["**"]\n', encoding="utf-8")
    code, out, err = run_cli("check", "prod.rbk", cwd=folder)
    assert (code, out) == (0, b"All checks passed (0 files).\n")
    assert err.decode() == (
        "runbook-lint: warning: every one of the 1 file(s) found is excluded by"
        f" {folder / '.runbook-lint.yaml'}\n"
    )
