"""Configuration from `pyproject.toml`'s `[tool.runbook-lint]` table (issue 16, item 12).

The same keys and validation as `.runbook-lint.yaml`; the nearest of
`.runbook-lint.yaml`, `.runbook-lint.yml` and a `pyproject.toml` with the table
wins (one without it is not a configuration); two in one folder is an error
naming both; every error names the file, the line and the key, exit status 2.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import LEADER_FIRST as BROKEN
from conftest import run_cli, run_subprocess

from runbook_lint.lint.config import load
from runbook_lint.lint.config_toml import key_lines

CLEAN = b"All checks passed (1 file).\n"
RL201 = b"prod.rbk:5:1: error[RL201] leader 'us-east' upgraded before its follower 'eu-west'\n"


def _checkout(tmp_path, pyproject: str | None, **others: str):
    (tmp_path / ".git").mkdir()
    (tmp_path / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    for name, text in others.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _check(folder, *options: str):
    return run_cli("check", "-q", "--format", "concise", *options, "prod.rbk", cwd=folder)


def test_the_table_configures(tmp_path):
    folder = _checkout(
        tmp_path, '[project]\nname = "x"\n\n[tool.runbook-lint]\nignore = ["RL201"]\n'
    )
    assert run_cli("check", "prod.rbk", cwd=folder) == (0, CLEAN, b"")


def test_every_key_as_yaml_gives_it(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "pyproject.toml").write_text(
        """\
[tool.runbook-lint]
select = ["RL2", "leader-upgraded-before-follower"]
ignore = ["RL302"]
fail-on = "warning"
exclude = ["vendor/**"]
live = ["snapshots/*"]

[tool.runbook-lint.severity]
RL307 = "error"

[tool.runbook-lint.per-file-ignores]
"legacy/*.rbk" = ["RL201"]

[tool.runbook-lint.aliases]
eu-west = { us = "us-east" }
""",
        encoding="utf-8",
    )
    (tmp_path / "b" / ".runbook-lint.yaml").write_text(
        """\
select: [RL2, leader-upgraded-before-follower]
ignore: [RL302]
fail-on: warning
exclude: ["vendor/**"]
live: ["snapshots/*"]
severity:
  RL307: error
per-file-ignores:
  "legacy/*.rbk": [RL201]
aliases:
  eu-west: {us: us-east}
""",
        encoding="utf-8",
    )
    toml = load(str(tmp_path / "a" / "pyproject.toml"))
    yaml = load(str(tmp_path / "b" / ".runbook-lint.yaml"))
    for name in ("select", "ignore", "severity", "fail_on", "exclude", "per_file_ignores", "live"):
        assert getattr(toml, name) == getattr(yaml, name), name
    assert toml.aliases == yaml.aliases == {"eu-west": {"us": "us-east"}}
    assert toml.select == ["RL201", "RL202", "RL203", "RL204"] + ["RL201"]  # the name expands too
    path = str(tmp_path / "a" / "pyproject.toml")
    assert toml.sources == {
        "select": f"{path}:2",
        "ignore": f"{path}:3",
        "fail-on": f"{path}:4",
        "exclude": f"{path}:5",
        "live": f"{path}:6",
        "severity": f"{path}:8",
        "per-file-ignores": f"{path}:11",
        "aliases": f"{path}:14",
    }


def test_a_pyproject_without_the_table_is_not_a_configuration(tmp_path):
    # Its parent's configuration is the one found (and the search stops at .git above).
    (tmp_path / ".git").mkdir()
    (tmp_path / ".runbook-lint.yaml").write_text("ignore: [RL201]\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text(
        '[project]\nname = "runbook-lint"\n\n[tool.ruff]\nline-length = 100\n', encoding="utf-8"
    )
    (sub / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    assert run_cli("check", "prod.rbk", cwd=sub) == (0, CLEAN, b"")


def test_an_invalid_pyproject_that_is_not_ours_is_not_read(tmp_path):
    folder = _checkout(tmp_path, '[project]\nname = "runbook-lint"\nbroken = [\n')
    assert _check(folder) == (1, RL201, b"")


def test_the_nearest_wins(tmp_path):
    # A pyproject.toml in the folder beats the YAML file of its parent, and the
    # other way round: nearness, not the kind of file, decides (ruff's rule).
    (tmp_path / ".git").mkdir()
    (tmp_path / ".runbook-lint.yaml").write_text("ignore: [RL201]\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.runbook-lint]\nselect = ["RL3"]\n', encoding="utf-8")
    (sub / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    code, out, _ = run_cli("check", "--show-settings", cwd=sub)
    assert code == 0 and out.startswith(b"# configuration: pyproject.toml\n")
    assert run_cli("check", "prod.rbk", cwd=sub) == (0, CLEAN, b"")

    (tmp_path / ".runbook-lint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.runbook-lint]\nselect = ["RL3"]\n', encoding="utf-8"
    )
    (sub / "pyproject.toml").unlink()
    (sub / ".runbook-lint.yml").write_text("select: [RL201]\n", encoding="utf-8")
    code, out, _ = run_cli("check", "-q", "--format", "concise", "prod.rbk", cwd=sub)
    assert (code, out) == (1, RL201)


@pytest.mark.parametrize("other", [".runbook-lint.yaml", ".runbook-lint.yml"])
def test_two_in_one_folder_is_an_error_naming_both(tmp_path, other):
    folder = _checkout(tmp_path, "[tool.runbook-lint]\n", **{other: "ignore: [RL201]\n"})
    assert _check(folder) == (
        2,
        b"",
        f"runbook-lint: two configuration files in one folder: {folder / other} and"
        f" {folder / 'pyproject.toml'}\n".encode(),
    )


def test_three_in_one_folder_are_named(tmp_path):
    folder = _checkout(
        tmp_path, "[tool.runbook-lint]\n", **{".runbook-lint.yaml": "", ".runbook-lint.yml": ""}
    )
    assert _check(folder) == (
        2,
        b"",
        f"runbook-lint: three configuration files in one folder: {folder / '.runbook-lint.yaml'},"
        f" {folder / '.runbook-lint.yml'} and {folder / 'pyproject.toml'}\n".encode(),
    )


def test_a_yaml_file_beside_a_pyproject_without_the_table_is_no_conflict(tmp_path):
    folder = _checkout(
        tmp_path, '[project]\nname = "runbook-lint"\n', **{".runbook-lint.yml": "ignore: [RL201]\n"}
    )
    assert run_cli("check", "prod.rbk", cwd=folder) == (0, CLEAN, b"")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[tool.runbook-lint]\nselect = "RL2"\n',
            ":2: 'select' must be a list of strings",
        ),
        (
            '[tool.runbook-lint]\nselect = [\n  "RL2",\n  "RL999",\n]\n',
            ":4: 'select': unknown code or rule name 'RL999'",
        ),
        (
            "[tool.runbook-lint]\nbogus = 1\n",
            ":2: unknown key 'bogus' (known keys: select, ignore, severity, fail-on, exclude,"
            " per-file-ignores, live, aliases)",
        ),
        (
            '[tool.runbook-lint]\n"fail-on" = 3\n',
            ":2: 'fail-on' must be error, warning or info, not 3",
        ),
        (
            '[tool.runbook-lint]\nfail-on = "loud"\n',
            ":2: 'fail-on' must be error, warning or info, not 'loud'",
        ),
        (
            '[project]\nname = "x"\n\n[tool.runbook-lint.severity]\nRL201 = "warning"\nRL001 = "info"\n',
            ":6: 'severity': RL001 (syntax-error) cannot be ignored or lowered: a file that"
            " cannot be read or parsed cannot be checked, so it always fails",
        ),
        (
            '[tool.runbook-lint]\nseverity = { RL201 = "loud" }\n',
            ":2: 'severity': 'RL201' must be error, warning or info, not 'loud'",
        ),
        (
            '[tool.runbook-lint.per-file-ignores]\n"ok/*.rbk" = ["RL201"]\n"[z-a]" = ["RL201"]\n',
            ":3: 'per-file-ignores': invalid glob '[z-a]': the range z-a is reversed (write a-z)",
        ),
        (
            '[tool.runbook-lint.per-file-ignores]\n"legacy/*.rbk" = [\n  "RL201",\n  "RL09",\n]\n',
            ":4: 'per-file-ignores: legacy/*.rbk': unknown code or rule name 'RL09'",
        ),
        (
            '[tool.runbook-lint]\nignore = ["RL2"]\nexclude = ["a", "[b"]\n',
            ":3: 'exclude': invalid glob '[b': '[' at column 1 is not closed by ']'",
        ),
        (
            "[tool.runbook-lint]\naliases = { eu-west = 3 }\n",
            ":2: 'aliases' must map follower clusters to {remote alias: leader cluster}",
        ),
        (
            "[tool]\nrunbook-lint = 3\n",
            ":2: 'tool.runbook-lint' must be a table of keys (select, ignore, ...)",
        ),
        # Dotted keys at the top of the file.
        ('tool.runbook-lint.ignore = ["RL201", 7]\n', ":1: 'ignore' must be a list of strings"),
        # Invalid TOML where the table is named: tomllib's message at its line.
        ('[tool.runbook-lint]\nselect = ["RL2"\nignore = []\n', ":3: invalid TOML: Unclosed array"),
        ("[tool.runbook-lint]\nselect = [\n", ":3: invalid TOML: Invalid value"),
        (
            '[tool.runbook-lint]\nselect = ["RL2"]\nselect = ["RL3"]\n',
            ":3: invalid TOML: Cannot overwrite a value",
        ),
    ],
)
def test_errors_name_the_file_the_line_and_the_key(tmp_path, text, message):
    folder = _checkout(tmp_path, text)
    code, out, err = _check(folder)
    assert (code, out, err.decode()) == (
        2,
        b"",
        f"runbook-lint: {folder / 'pyproject.toml'}{message}\n",
    )


def test_the_glob_error_wording_is_the_yaml_one(tmp_path):
    # The expected messages above are the YAML loader's, word for word.
    (tmp_path / ".runbook-lint.yaml").write_text('exclude: ["a", "[b"]\n', encoding="utf-8")
    (tmp_path / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    _, _, err = _check(tmp_path)
    assert err.decode().endswith(
        ":1: 'exclude': invalid glob '[b': '[' at column 1 is not closed by ']'\n"
    )


def test_config_names_a_pyproject(tmp_path):
    folder = _checkout(tmp_path, None)
    (folder / "conf").mkdir()
    (folder / "conf" / "pyproject.toml").write_text(
        '[tool.runbook-lint]\nignore = ["RL201"]\n', encoding="utf-8"
    )
    assert run_cli("check", "--config", "conf/pyproject.toml", "prod.rbk", cwd=folder) == (
        0,
        CLEAN,
        b"",
    )
    (folder / "conf" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert run_cli("check", "--config", "conf/pyproject.toml", "prod.rbk", cwd=folder) == (
        2,
        b"",
        b"runbook-lint: conf/pyproject.toml: no [tool.runbook-lint] table (the configuration's keys)\n",
    )


def test_config_names_another_toml_file_with_the_keys_at_its_top(tmp_path):
    folder = _checkout(tmp_path, None, **{"runbook-lint.toml": 'ignore = ["RL201"]\n'})
    assert run_cli("check", "--config", "runbook-lint.toml", "prod.rbk", cwd=folder) == (
        0,
        CLEAN,
        b"",
    )
    (folder / "runbook-lint.toml").write_text('ignore = ["RL201"]\nselect = 1\n', encoding="utf-8")
    assert run_cli("check", "--config", "runbook-lint.toml", "prod.rbk", cwd=folder) == (
        2,
        b"",
        b"runbook-lint: runbook-lint.toml:2: 'select' must be a list of strings\n",
    )


def test_not_utf8(tmp_path):
    folder = _checkout(tmp_path, None)
    (folder / "pyproject.toml").write_bytes(b"[tool.runbook-lint]\nignore = ['\xff']\n")
    assert _check(folder) == (
        2,
        b"",
        f"runbook-lint: {folder / 'pyproject.toml'}: invalid TOML: not UTF-8 (invalid start byte)\n".encode(),
    )


def test_nested_too_deeply_is_an_error_not_a_traceback(tmp_path):
    folder = _checkout(
        tmp_path, "[tool.runbook-lint]\nselect = " + "[" * 100_000 + "]" * 100_000 + "\n"
    )
    code, out, err = _check(folder)
    assert (code, out) == (2, b"")
    assert err.startswith(f"runbook-lint: {folder / 'pyproject.toml'}".encode())
    assert b"Traceback" not in err and err.count(b"\n") == 1


def test_the_installed_command_reads_the_table(tmp_path):
    folder = _checkout(tmp_path, '[tool.runbook-lint]\nignore = ["RL201"]\n')
    completed = run_subprocess("check", "prod.rbk", cwd=folder)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, CLEAN, b"")


def test_key_lines():
    text = """\
# a comment with [brackets] and key = "value"
[project]
name = "x"  # [tool.runbook-lint]
description = '''
select = ["not a key"]
'''

[tool.runbook-lint]
select = [
  "RL2",   # a comment, ]
  'RL3',
]
severity = { RL307 = "error", "RL201" = "warning" }
"fail-on" = "warning"
exclude = [\"\"\"a
b\"\"\", "c"]

[ tool . "runbook-lint" . per-file-ignores ]
"legacy/*.rbk" = ["RL201"]
"a\\"b" = []

[[tool.other]]
select = 1
"""
    lines = key_lines(text)
    table = ("tool", "runbook-lint")
    assert {key[2:]: line for key, line in lines.items() if key[:2] == table and len(key) > 2} == {
        ("select",): 9,
        ("select", 0): 10,
        ("select", 1): 11,
        ("severity",): 13,
        ("severity", "RL307"): 13,
        ("severity", "RL201"): 13,
        ("fail-on",): 14,
        ("exclude",): 15,
        ("exclude", 0): 15,
        ("exclude", 1): 16,
        ("per-file-ignores",): 18,
        ("per-file-ignores", "legacy/*.rbk"): 19,
        ("per-file-ignores", "legacy/*.rbk", 0): 19,
        ("per-file-ignores", 'a"b'): 20,
    }
    assert lines[("project", "description")] == 4
    assert ("project", "select") not in lines  # inside a multi-line string
    assert lines[("tool", "other", "[]", "select")] == 23


@pytest.mark.parametrize(
    "text", ["[a = ]", "{", "[", "x = [}", "x = {a = [}", '"""', "x = [ , , ]", "]]]", "= = ="]
)
def test_key_lines_ends_on_text_that_is_not_toml(text):
    assert isinstance(key_lines(text), dict)


def test_a_pyproject_that_only_names_the_project_is_not_parsed(tmp_path):
    # Discovery reads every pyproject.toml on its way up; tomllib is loaded only
    # for one that may hold the table (a project named runbook-lint does not).
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "runbook-lint"\n\n[project.scripts]\nrunbook-lint = "x:main"\n'
        "\n[tool.ruff]\nline-length = 100\n",
        encoding="utf-8",
    )
    probe = (
        "import sys; from runbook_lint.lint.config import discover; "
        "print(discover('.'), any(name in sys.modules for name in ('tomllib', 'tomli')))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, check=True, timeout=60
    )
    assert completed.stdout == b"None False\n"
    (tmp_path / "pyproject.toml").write_text('[tool."runbook-lint"]\n', encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, check=True, timeout=60
    )
    assert completed.stdout == f"{tmp_path / 'pyproject.toml'} True\n".encode()
