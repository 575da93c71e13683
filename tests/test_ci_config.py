"""Configuration discovery (issue 15 item 11, issue 16 item 12): `.yml` too, two in
one folder is an error naming both, and discovery stops at the repository root."""

from __future__ import annotations

from conftest import LEADER_FIRST as BROKEN
from conftest import run_cli


def test_discovery_stops_at_the_repository_root(tmp_path):
    (tmp_path / ".runbook-lint.yaml").write_text('exclude: ["**"]\n', encoding="utf-8")
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / "runbooks").mkdir()
    (checkout / "runbooks" / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    code, out, err = run_cli("check", "-q", "--format", "concise", "runbooks", cwd=checkout)
    assert code == 1, err
    assert out.startswith(b"runbooks/prod.rbk:5:1: error[RL201]")


def test_yml_is_found(tmp_path):
    (tmp_path / ".runbook-lint.yml").write_text("ignore: [RL201]\n", encoding="utf-8")
    (tmp_path / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    assert run_cli("check", "prod.rbk", cwd=tmp_path) == (0, b"All checks passed (1 file).\n", b"")


def test_two_in_one_folder_is_an_error_naming_both(tmp_path):
    (tmp_path / ".runbook-lint.yml").write_text("ignore: [RL201]\n", encoding="utf-8")
    (tmp_path / ".runbook-lint.yaml").write_text("ignore: [RL201]\n", encoding="utf-8")
    (tmp_path / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    code, out, err = run_cli("check", "prod.rbk", cwd=tmp_path)
    assert (code, out) == (2, b"")
    assert b".runbook-lint.yaml and " in err and b".runbook-lint.yml" in err
    assert err.count(b"\n") == 1
