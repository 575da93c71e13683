"""Issue 15, items 8, 10 and 11 (in part): hostile configuration files.

Alias bombs, deep nesting, duplicate keys and invalid globs are configuration
errors: exit 2, one line naming the file and line, never a hang, a huge
message or a traceback.
"""

from __future__ import annotations

import pytest
from conftest import run_cli

RUNBOOK = "cluster a version 8.0.0\n"


def _laughs(levels: int, width: int = 9) -> list[str]:
    """The "billion laughs" anchors: level k holds ``width`` aliases of level k-1."""
    first = "&l0 [" + ", ".join(['"lol"'] * width) + "]"
    return [first] + [
        f"&l{k} [" + ", ".join([f"*l{k - 1}"] * width) + "]" for k in range(1, levels + 1)
    ]


def _check(tmp_path, config: str, *extra: str):
    (tmp_path / "c.yaml").write_text(config)
    (tmp_path / "a.rbk").write_text(RUNBOOK)
    return run_cli("check", "--config", tmp_path / "c.yaml", *extra, tmp_path / "a.rbk")


def test_a_billion_laughs_is_refused_at_the_node_that_expands_too_far(tmp_path):
    anchors = _laughs(8)  # 9^9 strings once expanded
    config = "fail-on: [" + ", ".join(anchors) + "]\n"
    code, out, err = _check(tmp_path, config)
    assert (code, out) == (2, b"")
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:1: invalid YAML: "
        "aliases expand this value beyond 1,000,000 values and characters\n"
    )


@pytest.mark.parametrize("key", ["fail-on", "severity-value", "complex-key"])
def test_a_small_bomb_under_the_bound_gets_a_bounded_message(tmp_path, key):
    anchors = _laughs(4)  # 9^5 = 59,049 strings: loads, but a repr() of it is 0.4 MB
    if key == "fail-on":
        config = "fail-on: [" + ", ".join(anchors) + "]\n"
    elif key == "severity-value":
        config = "exclude: [" + ", ".join(anchors) + "]\nseverity: {RL201: *l4}\n"
    else:
        config = "exclude: [" + ", ".join(anchors) + "]\n? *l4\n: 1\n"
    code, out, err = _check(tmp_path, config)
    assert (code, out) == (2, b"")
    message = err.decode()
    assert message.count("\n") == 1 and len(message) < 400, message
    assert message.startswith(f"runbook-lint: {tmp_path}/c.yaml:")


def test_the_bounded_message_for_fail_on(tmp_path):
    config = "fail-on: [" + ", ".join(_laughs(4)) + "]\n"
    code, _, err = _check(tmp_path, config)
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:1: 'fail-on' must be error, warning or info, "
        "not [['lol', 'lol', 'lol', 'lol', ...], [['lol', 'lol', 'lol'...\n"
    )


def test_control_characters_in_a_value_are_escaped_in_the_message(tmp_path):
    code, _, err = _check(tmp_path, 'severity:\n  RL201: "\\e]8;;x\\a\\u202e\\u2028"\n')
    assert code == 2
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:2: 'severity': 'RL201' must be error, warning or "
        "info, not '\\x1b]8;;x\\x07\\u202e\\u2028'\n"
    )


def test_a_long_value_is_cut(tmp_path):
    code, _, err = _check(tmp_path, "fail-on: " + "x" * 100_000 + "\n")
    assert code == 2
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:1: 'fail-on' must be error, warning or info, "
        "not '" + "x" * 56 + "...\n"
    )


def test_a_recursive_alias_is_refused(tmp_path):
    code, _, err = _check(tmp_path, "exclude: &a [*a]\n")
    assert code == 2
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:1: invalid YAML: "
        "an alias inside the value it names (a recursive alias)\n"
    )


@pytest.mark.parametrize("depth", [3000, 5000])
def test_a_config_nested_thousands_deep_names_the_file(tmp_path, depth):
    code, out, err = _check(tmp_path, "select: " + "[" * depth + "]" * depth + "\n")
    assert (code, out) == (2, b"")
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:1: invalid YAML: nested deeper than 100 levels\n"
    )


def test_nesting_in_block_style_too(tmp_path):
    config = "".join("  " * i + f"k{i}:\n" for i in range(3000))
    code, _, err = _check(tmp_path, config)
    assert code == 2
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:100: invalid YAML: nested deeper than 100 levels\n"
    )


def test_a_duplicate_top_level_key_is_an_error(tmp_path):
    code, _, err = _check(tmp_path, "fail-on: error\nignore: []\nfail-on: warning\n")
    assert code == 2
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:3: invalid YAML: duplicate key 'fail-on' "
        "(first on line 1)\n"
    )


def test_a_duplicate_nested_key_is_an_error(tmp_path):
    code, _, err = _check(tmp_path, "severity:\n  RL201: info\n  RL201: warning\n")
    assert code == 2
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:3: invalid YAML: duplicate key 'RL201' "
        "(first on line 2)\n"
    )


def test_a_duplicate_key_in_flow_style_is_an_error(tmp_path):
    code, _, err = _check(tmp_path, "severity: {RL201: info, RL201: warning}\n")
    assert code == 2
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:1: invalid YAML: duplicate key 'RL201' "
        "(first on line 1)\n"
    )
