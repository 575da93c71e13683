"""The configuration and command-line fuzz harnesses, briefly (issue 15, "Must show").

``fuzz/config_harness.py`` (``check_config``) and ``fuzz/options_harness.py``
(``check_options``) say what must hold for any `.runbook-lint.yaml` and any
command line; the long, coverage-guided runs are ``fuzz/fuzz_config.py`` and
``fuzz/fuzz_options.py`` (atheris). Here: their seeds, the inputs the campaign
found, a few hypothesis inputs, proof that the checks fail when the code under
test misbehaves, and the replay mode that needs no atheris.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(ROOT / "fuzz"))

import config_harness  # noqa: E402
import options_harness  # noqa: E402
from config_harness import check_config, load_bytes  # noqa: E402
from options_harness import argv_of, canonical, check_options, parse  # noqa: E402

from runbook_lint.errors import UsageError  # noqa: E402
from runbook_lint.lint.config import ConfigError  # noqa: E402


@pytest.mark.parametrize("data", config_harness.SEEDS)
def test_config_seed(data):
    check_config(data)


@pytest.mark.parametrize("data", options_harness.SEEDS)
def test_options_seed(data):
    check_options(data)


# Found by the campaign: a prefix reaches RL001/RL002 in the lists (rules.md: a
# prefix "simply does not reach them", and the policy keeps them as errors).
# The harnesses first asserted that the lists never hold them; they now assert
# what rules.md says, through the policy.
def test_a_prefix_in_severity_loads_and_rl001_stays_an_error():
    data = b"severity: {RL0: warning, RL3: info}\n"
    config = load_bytes(data)
    assert not isinstance(config, str)
    assert config.severity["RL001"] == "warning"  # the list holds it ...
    check_config(data)  # ... and the policy keeps RL001 and RL002 as errors


def test_a_prefix_in_ignore_on_the_command_line():
    data = b"c\0--select\0R-\0--ignore=RL"
    assert parse(argv_of(data))[0] == "args"
    check_options(data)


# Found by fuzz/fuzz_config.py: PyYAML's constructors raise ValueError, not a
# YAML error, for a timestamp it cannot build and for an integer of more than
# 4,300 digits: "internal error: ValueError", exit 2, no file named.
@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "select: [RL201]\nselect-when: 1979-20-27T07:32:00Z\n",
            ":2: invalid YAML in 'select-when': cannot read this value: month must be in 1..12",
        ),
        (
            "fail-on: " + "1" * 5000 + "\n",
            ":1: invalid YAML in 'fail-on': cannot read this value: Exceeds the limit "
            "(4300 digits) for integer string conversion: value has 5000 digits",
        ),
        (
            "severity:\n  RL201: [2024-02-30]\n",
            ":2: invalid YAML in 'severity': cannot read this value: day is out of range for month",
        ),
    ],
)
def test_a_value_yaml_cannot_build_is_a_configuration_error(tmp_path, config, message):
    (tmp_path / "c.yaml").write_text(config)
    (tmp_path / "a.rbk").write_text("cluster a version 8.0.0\n")
    code, out, err = run_cli("check", "--config", tmp_path / "c.yaml", tmp_path / "a.rbk")
    assert (code, out) == (2, b"")
    assert err.decode() == f"runbook-lint: {tmp_path}/c.yaml{message}\n"
    check_config(config.encode())


def test_an_invalid_glob_with_a_line_break_is_one_line():
    """Found by the campaign: the glob's reason quoted the range's line break raw."""
    message = load_bytes(b'exclude: ["[k-\\n]"]\n')
    assert message == (
        f"{config_harness.PATH}:1: 'exclude': invalid glob '[k-\\n]': "
        "the range k-\\n is reversed (write \\n-k)"
    )
    check_config(b'per-file-ignores: {"[\\u2028-\\x01]": [RL201]}\n')


def test_a_complex_key_is_not_named_by_its_nodes():
    """Seen in the campaign: the message showed PyYAML's node reprs as the key."""
    message = load_bytes(b"? [a, b]\n: c\n")
    assert message == f"{config_harness.PATH}:1: invalid YAML: found unhashable key"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_any_bytes_as_a_configuration(data):
    check_config(data)


WORDS = st.lists(
    st.one_of(
        st.sampled_from(
            "check plan rules explain format topology collect server -- - -h --version "
            "--format --format=json -o -ojson --select --ignore=RL --alias --live --parallel "
            "--to --fail-on warning RL2 syntax-error".split()
        ),
        st.text(max_size=6),
    ),
    max_size=8,
)


@settings(deadline=None)
@given(WORDS)
def test_any_command_line(words):
    check_options("\0".join(words).encode("utf-8", "surrogateescape"))


def test_the_canonical_command_line():
    """Every option by its long name, in the table's order, then `--` and the positionals."""
    argv = ["topology", "s1", "-oout.rbk", "--alias", "a:b=c", "--alias=d:e=f", "-", "--", "-x"]
    kind, values = parse(argv)
    assert kind == "args"
    assert canonical(values) == [
        "topology",
        "--relations=pair",
        "--alias=a:b=c",
        "--alias=d:e=f",
        "--output=out.rbk",
        "--",
        "s1",
        "-",
        "-x",
    ]
    assert parse(canonical(values)) == (kind, values)


def test_the_config_check_fails_on_an_undocumented_exception(monkeypatch):
    def broken(path):
        raise ValueError("boom")

    monkeypatch.setattr(config_harness, "load", broken)
    with pytest.raises(ValueError, match="boom"):
        check_config(b"select: [RL201]\n")


def test_the_config_check_fails_on_a_message_of_two_lines(monkeypatch):
    def broken(path):
        raise ConfigError(f"{path}:1: one\ntwo")

    monkeypatch.setattr(config_harness, "load", broken)
    with pytest.raises(AssertionError, match="many lines"):
        check_config(b"x: 1\n")


def test_the_options_check_fails_on_an_undocumented_exception(monkeypatch):
    def broken(argv):
        raise IndexError("list index out of range")

    monkeypatch.setattr(options_harness, "parse_arguments", broken)
    with pytest.raises(IndexError):
        check_options(b"check\0--format")


def test_the_options_check_fails_when_the_result_does_not_parse_back(monkeypatch):
    real = options_harness.parse_arguments

    def forgetful(argv):
        args = real(argv)
        if args is not None and argv and argv[-1] == "--":  # the canonical line ends so
            args.format = "json" if args.format != "json" else "full"
        return args

    monkeypatch.setattr(options_harness, "parse_arguments", forgetful)
    with pytest.raises(AssertionError, match="parses to"):
        check_options(b"check")


def test_usage_errors_are_the_documented_failure():
    assert parse(["check", "--format"]) == ("usage", "option '--format' needs a value (FMT)")
    with pytest.raises(UsageError):
        options_harness.parse_arguments(["check", "--bogus"])


@pytest.mark.parametrize(
    ("target", "seeds"),
    [("fuzz_config.py", config_harness.SEEDS), ("fuzz_options.py", options_harness.SEEDS)],
)
def test_the_long_runs_replay_a_corpus_without_atheris(tmp_path, target, seeds):
    for i, data in enumerate(seeds[:6]):
        (tmp_path / f"seed{i}").write_bytes(data)
    completed = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / target), "--replay", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "replayed 6 inputs, 0 failed"


@pytest.mark.parametrize("name", ["config.dict", "options.dict"])
def test_the_dictionaries_are_valid_for_libfuzzer(name):
    entry = re.compile(r'[A-Za-z0-9_]+="(?:[^"\\]|\\\\|\\"|\\x[0-9A-Fa-f]{2})+"')
    lines = (ROOT / "fuzz" / name).read_text(encoding="utf-8").splitlines()
    entries = [line for line in lines if line and not line.startswith("#")]
    assert entries and all(entry.fullmatch(line) for line in entries), [
        line for line in entries if not entry.fullmatch(line)
    ]
