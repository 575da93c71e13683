"""Issue 15, items 9 and 11 (in part): globs match in linear time; invalid globs are errors."""

from __future__ import annotations

import time

import pytest
from conftest import run_cli

from runbook_lint.lint.config import Config
from runbook_lint.lint.globs import GlobError, compile_glob

BACKTRACKER = "**a**a**a**a**a**a**a**a**a**a**a**a**z"


def test_the_backtracking_reproducer_is_instant():
    config = Config(path="c.yaml", root="/r", exclude=[BACKTRACKER])
    started = time.perf_counter()
    assert config.excluded("/r/" + "a" * 32) is False
    assert config.excluded("/r/" + "a" * 12 + "z") is True
    # A path 100 times longer still costs well under a second (linear, not exponential).
    assert config.excluded("/r/" + "a" * 3200) is False
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("*.rbk", "a.rbk", True),
        ("*.rbk", "d/a.rbk", False),
        ("**/*.rbk", "a.rbk", True),
        ("**/*.rbk", "d/e/a.rbk", True),
        ("d/**", "d/e/a.rbk", True),
        ("d/**/x", "d/x", True),
        ("?.rbk", "ab.rbk", False),
        ("[a-c].rbk", "b.rbk", True),
        ("[!a-c].rbk", "d.rbk", True),
        ("[^a-c].rbk", "b.rbk", False),
        ("a[/]b", "a/b", False),  # a class never matches '/'
        ("***", "a/b", True),
    ],
)
def test_glob_semantics(pattern, text, expected):
    assert compile_glob(pattern).fullmatch(text) is expected


def test_prefix_matching_is_one_pass_over_the_folders():
    glob = compile_glob("d/e")
    assert glob.prefix_matches("d/e/f/g.rbk") is True
    assert glob.prefix_matches("d/ef/g.rbk") is False


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("[z-a]", "the range z-a is reversed (write a-z)"),
        ("a[b", "'[' at column 2 is not closed by ']'"),
        ("[]", "the character class at column 1 is empty"),
        ("[!]", "the character class at column 1 is empty"),
    ],
)
def test_invalid_globs(pattern, message):
    with pytest.raises(GlobError) as error:
        compile_glob(pattern)
    assert str(error.value) == message


def _check(tmp_path, config: str):
    (tmp_path / "c.yaml").write_text(config)
    (tmp_path / "a.rbk").write_text("cluster a version 8.0.0\n")
    return run_cli("check", "--config", tmp_path / "c.yaml", tmp_path / "a.rbk")


def test_an_invalid_exclude_glob_is_a_configuration_error(tmp_path):
    code, out, err = _check(tmp_path, 'exclude:\n  - "ok/*"\n  - "[z-a]"\n')
    assert (code, out) == (2, b"")
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:3: 'exclude': invalid glob '[z-a]': "
        "the range z-a is reversed (write a-z)\n"
    )


def test_an_invalid_per_file_ignores_glob_is_a_configuration_error(tmp_path):
    code, out, err = _check(tmp_path, 'per-file-ignores:\n  "a[b": [RL201]\n')
    assert (code, out) == (2, b"")
    assert err.decode() == (
        f"runbook-lint: {tmp_path}/c.yaml:2: 'per-file-ignores': invalid glob 'a[b': "
        "'[' at column 2 is not closed by ']'\n"
    )


def test_the_backtracking_glob_through_the_cli(tmp_path):
    name = "a" * 32 + ".rbk"
    (tmp_path / name).write_text("cluster a version 8.0.0\n")
    (tmp_path / "c.yaml").write_text(f'exclude: ["{BACKTRACKER}"]\n')
    code, out, err = run_cli(
        "check", "--format", "concise", "--config", tmp_path / "c.yaml", tmp_path
    )
    assert (code, err) == (0, b"")
    assert out == b"All checks passed (1 file).\n"  # the file was matched, and not excluded
