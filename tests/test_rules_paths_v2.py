"""RL303 by issue 11's upgrade paths (rules.md, "Upgrade paths"): 6.8 goes to
7.1 or later only, a move from a pre-release is refused, a move *to* a
pre-release is judged like any other version, and one diagnostic per upgrade
names each unsupported move. Exact (line, code) lists.
"""

from __future__ import annotations

from conftest import codes, lint_text, run_cli


def rl303(text: str) -> list[str]:
    return [d.message for d in lint_text(text).diagnostics if d.code == "RL303"]


def test_6_8_to_7_0_is_refused():
    text = """\
cluster c version 6.8.23
upgrade c to 7.0.1
"""
    assert codes(text) == [(2, "RL303")]
    (message,) = rl303(text)
    assert "6.8 to 7.0 is not supported" in message


def test_6_8_to_7_1_is_supported():
    text = """\
cluster c version 6.8.23
upgrade c to 7.1.0
"""
    assert codes(text) == []


def test_a_pre_release_start_is_refused():
    text = """\
cluster c version 9.0.0-rc1
upgrade c to 9.0.0
"""
    assert codes(text) == [(2, "RL303")]
    (message,) = rl303(text)
    assert "9.0.0-rc1 is a pre-release" in message


def test_a_move_to_a_pre_release_is_judged_like_any_version():
    text = """\
cluster a version 8.19.2
cluster b version 8.19.2
upgrade a to 9.1.0-rc1
upgrade b to 9.2.0-rc1
"""
    # 9.1.0-rc1 is before 9.1.0: not "9.1.0 or later"; 9.2.0-rc1 is.
    assert codes(text) == [(3, "RL303")]


def test_one_diagnostic_names_each_unsupported_move():
    text = """\
cluster c version 6.8.23 nodes c1, c2
upgrade c node c2 to 7.0.0-rc1
upgrade c to 7.0.1
"""
    # Line 2: 6.8 -> 7.0.0-rc1; line 3: from 6.8.23 and from the pre-release.
    assert codes(text) == [(2, "RL303"), (3, "RL303")]
    message = rl303(text)[1]
    assert "6.8.23" in message and "7.0.0-rc1 is a pre-release" in message


def test_explain_rl303_names_the_version_data_date():
    from runbook_lint.model.versions import data_updated

    process = run_cli("explain", "RL303")
    assert process.returncode == 0
    out = process.stdout.decode()
    assert (
        f"The version data (runbook_lint/model/data/versions.json) was updated on {data_updated()}."
        in out
    )
    assert "6.8 to 7.1 or later" in out
