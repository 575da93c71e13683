"""`.runbook-lint.yaml`: every key changes the outcome as documented; bad files are exit 2."""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_cli

# RL201 (error) at 5, RL302 (warning) at 7, RL306 (error) at 8, RL307 (warning) at 9.
RUNBOOK = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
pause eu-west follows us-east
pause eu-west follows us-east
"""
ALL = [(5, "RL201"), (7, "RL302"), (8, "RL306"), (9, "RL307")]

# RL302 (warning) at 6 only.
WARNING_ONLY = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lint(folder, *args, path="r.rbk"):
    """(sorted (line, code) pairs, exit status) of `check --format json`."""
    process = run_cli("check", "--format", "json", *args, path, cwd=folder)
    assert process.returncode in (0, 1), process.stderr.decode()
    items = json.loads(process.stdout)
    return sorted((d["line"], d["code"]) for d in items), process.returncode


def lint_all(folder, *args):
    process = run_cli("check", "--format", "json", *args, cwd=folder)
    assert process.returncode in (0, 1), process.stderr.decode()
    items = json.loads(process.stdout)
    return sorted((d["path"], d["line"], d["code"]) for d in items), process.returncode


@pytest.fixture
def folder(tmp_path):
    write(tmp_path / "r.rbk", RUNBOOK)
    write(tmp_path / "w.rbk", WARNING_ONLY)
    return tmp_path


def configure(folder, text):
    write(folder / ".runbook-lint.yaml", text)


def test_without_configuration(folder):
    assert lint(folder) == (ALL, 1)
    assert lint(folder, path="w.rbk") == ([(6, "RL302")], 0)


def test_an_empty_configuration_changes_nothing(folder):
    configure(folder, "# nothing yet\n")
    assert lint(folder) == (ALL, 1)


# ------------------------------------------------------------------ each key


@pytest.mark.parametrize(
    ("selectors", "expected", "status"),
    [
        ("[RL201]", [(5, "RL201")], 1),
        ("[RL2]", [(5, "RL201")], 1),
        ("[leader-upgraded-before-follower]", [(5, "RL201")], 1),
        ("[rl3]", [(7, "RL302"), (8, "RL306"), (9, "RL307")], 1),
        ("[RL302, pause-state-mismatch]", [(7, "RL302"), (9, "RL307")], 0),
        ("[RL]", ALL, 1),
        ("[RL1]", [], 0),
    ],
)
def test_select(folder, selectors, expected, status):
    configure(folder, f"select: {selectors}\n")
    assert lint(folder) == (expected, status)


@pytest.mark.parametrize(
    ("selectors", "expected", "status"),
    [
        ("[RL201]", [(7, "RL302"), (8, "RL306"), (9, "RL307")], 1),
        ("[RL201, RL306]", [(7, "RL302"), (9, "RL307")], 0),
        ("[RL2, following-left-paused]", [(7, "RL302"), (9, "RL307")], 0),
        ("[RL3]", [(5, "RL201")], 1),
        ("[redundant-upgrade]", [(5, "RL201"), (8, "RL306"), (9, "RL307")], 1),
    ],
)
def test_ignore(folder, selectors, expected, status):
    configure(folder, f"ignore: {selectors}\n")
    assert lint(folder) == (expected, status)


def test_ignore_applies_after_select(folder):
    configure(folder, "select: [RL3]\nignore: [RL307, following-left-paused]\n")
    assert lint(folder) == ([(7, "RL302")], 0)


def severities(folder, *args, path="r.rbk"):
    process = run_cli("check", "--format", "json", *args, path, cwd=folder)
    return {d["code"]: d["severity"] for d in json.loads(process.stdout)}, process.returncode


@pytest.mark.parametrize("selector", ["RL302", "redundant-upgrade", "RL30"])
def test_severity_raises_a_warning_to_an_error(folder, selector):
    configure(folder, f"severity:\n  {selector}: error\n")
    found, status = severities(folder, path="w.rbk")
    assert found == {"RL302": "error"}
    assert status == 1


def test_severity_lowers_errors(folder):
    configure(folder, "severity:\n  RL2: warning\n  following-left-paused: info\n")
    found, status = severities(folder)
    assert found == {"RL201": "warning", "RL302": "warning", "RL306": "info", "RL307": "warning"}
    assert status == 0  # no error left


@pytest.mark.parametrize(("fail_on", "status"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on(folder, fail_on, status):
    configure(folder, f"fail-on: {fail_on}\n")
    assert lint(folder, path="w.rbk") == ([(6, "RL302")], status)


def test_fail_on_info_counts_info(folder):
    configure(folder, "fail-on: info\nseverity: {RL302: info}\n")
    assert severities(folder, path="w.rbk") == ({"RL302": "info"}, 1)
    configure(folder, "fail-on: warning\nseverity: {RL302: info}\n")
    assert severities(folder, path="w.rbk") == ({"RL302": "info"}, 0)


def test_exclude(folder):
    write(folder / "vendor" / "x.rbk", RUNBOOK)
    write(folder / "vendor" / "deep" / "y.rbk", RUNBOOK)
    write(folder / "mine" / "vendor.rbk", WARNING_ONLY)
    found, status = lint_all(folder)
    assert {path for path, _, _ in found} == {
        "r.rbk",
        "w.rbk",
        "vendor/x.rbk",
        "vendor/deep/y.rbk",
        "mine/vendor.rbk",
    }
    configure(folder, 'exclude: ["vendor/**", "r.rbk"]\n')
    found, status = lint_all(folder)
    assert found == [("mine/vendor.rbk", 6, "RL302"), ("w.rbk", 6, "RL302")]
    assert status == 0


def test_exclude_is_relative_to_the_configuration_folder(folder):
    write(folder / "vendor" / "x.rbk", RUNBOOK)
    configure(folder, 'exclude: ["vendor/**"]\n')
    found, status = lint_all(folder / "vendor")  # cwd below the config's folder
    assert found == [] and status == 0


def test_exclude_matches_the_stdin_filename(folder):
    configure(folder, 'exclude: ["vendor/**"]\n')
    process = run_cli(
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "vendor/a.rbk",
        "-",
        input=RUNBOOK.encode(),
        cwd=folder,
    )
    assert (process.returncode, json.loads(process.stdout)) == (0, [])
    process = run_cli(
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "other/a.rbk",
        "-",
        input=RUNBOOK.encode(),
        cwd=folder,
    )
    assert process.returncode == 1
    assert sorted((d["line"], d["code"]) for d in json.loads(process.stdout)) == ALL


@pytest.mark.parametrize("selector", ["RL201", "RL20", "leader-upgraded-before-follower"])
def test_per_file_ignores(folder, selector):
    write(folder / "legacy" / "old.rbk", RUNBOOK)
    write(folder / "legacy" / "deeper" / "older.rbk", RUNBOOK)
    configure(folder, f'per-file-ignores:\n  "legacy/*.rbk": [{selector}, RL3]\n')
    found, status = lint_all(folder)
    assert found == [("legacy/deeper/older.rbk", line, code) for line, code in ALL] + [
        ("r.rbk", line, code) for line, code in ALL
    ] + [("w.rbk", 6, "RL302")]
    configure(folder, f'per-file-ignores:\n  "legacy/**": [{selector}]\n  "w.rbk": [RL302]\n')
    found, status = lint_all(folder)
    assert found == [
        ("legacy/deeper/older.rbk", line, code) for line, code in ALL if code != "RL201"
    ] + [("legacy/old.rbk", line, code) for line, code in ALL if code != "RL201"] + [
        ("r.rbk", line, code) for line, code in ALL
    ]


def test_per_file_ignores_match_the_stdin_filename(folder):
    configure(folder, 'per-file-ignores:\n  "legacy/*.rbk": [RL2, RL3]\n')
    process = run_cli(
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "legacy/a.rbk",
        "-",
        input=RUNBOOK.encode(),
        cwd=folder,
    )
    assert (process.returncode, json.loads(process.stdout)) == (0, [])


# ------------------------------------------------------------------ finding the file


def test_discovered_from_a_subfolder(folder):
    configure(folder, "select: [RL201]\n")
    sub = folder / "a" / "b"
    write(sub / "r.rbk", RUNBOOK)
    assert lint(sub) == ([(5, "RL201")], 1)


def test_the_nearest_configuration_wins(folder):
    configure(folder, "select: [RL201]\n")
    sub = folder / "a" / "b"
    write(sub / "r.rbk", RUNBOOK)
    write(folder / "a" / ".runbook-lint.yaml", "select: [RL307]\n")
    assert lint(sub) == ([(9, "RL307")], 0)


def test_config_option_names_the_file(folder, tmp_path_factory):
    configure(folder, "select: [RL201]\n")
    other = tmp_path_factory.mktemp("elsewhere") / "strict.yaml"
    write(other, "select: [RL302]\nfail-on: warning\n")
    assert lint(folder, "--config", other) == ([(7, "RL302")], 1)


def test_config_option_with_a_missing_file(folder):
    process = run_cli("check", "--config", "missing.yaml", "r.rbk", cwd=folder)
    assert process.returncode == 2
    assert "missing.yaml" in process.stderr.decode()
    assert process.stdout == b""


def test_isolated_uses_no_configuration(folder):
    configure(folder, "select: [RL201]\n")
    assert lint(folder, "--isolated") == (ALL, 1)
    configure(folder, "this is: [not valid\n")  # not even read
    assert lint(folder, "--isolated") == (ALL, 1)


# ------------------------------------------------------------------ the command line wins


def test_cli_select_overrides_the_file(folder):
    configure(folder, "select: [RL201]\n")
    assert lint(folder, "--select", "RL3") == ([(7, "RL302"), (8, "RL306"), (9, "RL307")], 1)
    assert lint(folder, "--select", "redundant-upgrade,RL307") == ([(7, "RL302"), (9, "RL307")], 0)


def test_cli_ignore_overrides_the_file(folder):
    configure(folder, "ignore: [RL201, RL306]\n")
    assert lint(folder) == ([(7, "RL302"), (9, "RL307")], 0)
    assert lint(folder, "--ignore", "RL3") == ([(5, "RL201")], 1)
    assert lint(folder, "--ignore", "pause-state-mismatch, RL302") == (
        [(5, "RL201"), (8, "RL306")],
        1,
    )


def test_cli_fail_on_overrides_the_file(folder):
    configure(folder, "fail-on: warning\n")
    assert lint(folder, path="w.rbk") == ([(6, "RL302")], 1)
    assert lint(folder, "--fail-on", "error", path="w.rbk") == ([(6, "RL302")], 0)
    configure(folder, "fail-on: error\n")
    assert lint(folder, "--fail-on", "warning", path="w.rbk") == ([(6, "RL302")], 1)


def test_cli_select_keeps_the_file_severity(folder):
    configure(folder, "select: [RL201]\nseverity: {RL302: error}\n")
    assert severities(folder, "--select", "RL302", path="w.rbk") == ({"RL302": "error"}, 1)


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("value", ["RL999", "RL201,nonsense", "RL7", "RL2x"])
def test_cli_unknown_code_is_a_usage_error(folder, option, value):
    process = run_cli("check", option, value, "r.rbk", cwd=folder)
    assert process.returncode == 2
    err = process.stderr.decode()
    assert option in err
    bad = value.split(",")[-1]
    assert bad in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2
    assert process.stdout == b""


# ------------------------------------------------------------------ bad files

BAD = [
    # (configuration, line, words the message must hold)
    ("select: [RL2]\nselct: [RL3]\n", 2, ["selct"]),
    ("select: [RL2]\nignore:\n  - RL302\n  - RL999\n", 4, ["ignore", "RL999"]),
    ("select: [RL201, no-such-rule]\n", 1, ["select", "no-such-rule"]),
    ("ignore: [RL302]\nselect: 5\n", 2, ["select"]),
    ("select: RL201\n", 1, ["select"]),
    ("ignore: [RL201, 7]\n", 1, ["ignore"]),
    ("severity:\n  RL302: info\n  RL201: fatal\n", 3, ["severity", "RL201", "fatal"]),
    ("severity: {RL999: error}\n", 1, ["severity", "RL999"]),
    ("severity: [RL201]\n", 1, ["severity"]),
    ("fail-on: fatal\n", 1, ["fail-on", "fatal"]),
    ("select: [RL2]\nfail-on: [error]\n", 2, ["fail-on"]),
    ("exclude: vendor\n", 1, ["exclude"]),
    (
        'per-file-ignores:\n  "a/*.rbk": [RL201]\n  "b/*.rbk":\n    - RL2\n    - nope\n',
        5,
        ["per-file-ignores", "nope"],
    ),
    ('per-file-ignores:\n  "a/*.rbk": RL201\n', 2, ["per-file-ignores", "a/*.rbk"]),
    ("per-file-ignores: [RL201]\n", 1, ["per-file-ignores"]),
    ("- RL201\n", 1, ["mapping"]),
    ("select: [RL2\nignore: [RL3]\n", 2, ["invalid YAML"]),
    ("ignore: [RL302]\nselect: RL2: x\n", 2, ["invalid YAML"]),
    ("select: [RL2]\n\tignore: [RL3]\n", 2, ["invalid YAML"]),
]


def assert_usage_error(process, config_path, line, words):
    err = process.stderr.decode("utf-8")
    assert process.returncode == 2, err
    assert process.stdout == b""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert 1 <= len(lines) <= 2, err
    assert str(config_path) in err
    if line is not None:
        assert re.search(rf"{re.escape(str(config_path))}:{line}\b", err), err
    for word in words:
        assert word in err, (word, err)


BAD_IDS = [
    "unknown-key",
    "unknown-code-in-list",
    "unknown-name",
    "select-int",
    "select-string",
    "ignore-int-item",
    "severity-fatal",
    "severity-unknown-code",
    "severity-list",
    "fail-on-fatal",
    "fail-on-list",
    "exclude-string",
    "per-file-unknown-name",
    "per-file-string",
    "per-file-list",
    "not-a-mapping",
    "yaml-unclosed",
    "yaml-mapping-value",
    "yaml-tab",
]


@pytest.mark.parametrize(("text", "line", "words"), BAD, ids=BAD_IDS)
def test_a_bad_discovered_file_is_exit_2(folder, text, line, words):
    configure(folder, text)
    process = run_cli("check", "r.rbk", cwd=folder)
    assert_usage_error(process, folder / ".runbook-lint.yaml", line, words)


@pytest.mark.parametrize(("text", "line", "words"), BAD[:4], ids=BAD_IDS[:4])
def test_a_bad_named_file_is_exit_2(folder, text, line, words):
    write(folder / "conf" / "bad.yaml", text)
    process = run_cli("check", "--config", "conf/bad.yaml", "r.rbk", cwd=folder)
    assert_usage_error(process, "conf/bad.yaml", line, words)


@pytest.mark.parametrize(
    "template",
    [
        '!!python/object/apply:os.system ["{command}"]\n',
        'select: !!python/object/apply:os.system ["{command}"]\n',
        'select: [RL2]\nignore:\n  - !!python/object/apply:os.system ["{command}"]\n',
        'fail-on: !!python/object/new:subprocess.check_output [["sh", "-c", "{command}"]]\n',
    ],
)
def test_a_python_tag_is_an_error_and_runs_nothing(folder, template):
    marker = folder / "hacked"
    text = template.format(command=f"echo hacked > {marker}")
    configure(folder, text)
    process = run_cli("check", "r.rbk", cwd=folder)
    line = text.count("\n", 0, text.index("!!")) + 1
    assert_usage_error(process, folder / ".runbook-lint.yaml", line, ["python/object"])
    assert not marker.exists()
    assert b"hacked" not in process.stdout


def test_a_python_tag_under_a_key_names_the_key(folder):
    configure(folder, 'select: [RL2]\nignore: !!python/object/apply:os.system ["true"]\n')
    process = run_cli("check", "r.rbk", cwd=folder)
    assert_usage_error(process, folder / ".runbook-lint.yaml", 2, ["ignore"])


def test_a_bad_file_is_found_from_a_subfolder_too(folder):
    configure(folder, "select: [RL2]\nunknown-key: 1\n")
    sub = folder / "a"
    write(sub / "r.rbk", RUNBOOK)
    process = run_cli("check", "r.rbk", cwd=sub)
    assert_usage_error(process, folder / ".runbook-lint.yaml", 2, ["unknown-key"])


def test_a_configuration_that_is_not_utf8_is_exit_2(folder):
    (folder / ".runbook-lint.yaml").write_bytes(b"select: [\xff]\n")
    process = run_cli("check", "r.rbk", cwd=folder)
    assert_usage_error(process, folder / ".runbook-lint.yaml", None, [])
