"""`check --show-settings` and `--show-files` (issue 16, item 12): exact output, exit 0,
nothing linted."""

from __future__ import annotations

import re
import shlex
import sys

from conftest import LEADER_FIRST as BROKEN
from conftest import ROOT, run_cli, run_subprocess

from runbook_lint.catalogue import RULES
from runbook_lint.lint.config import validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # the project's dependency there
    import tomli as tomllib

EVERY_RULE = "[" + ", ".join(f'"{code}"' for code in sorted(RULES)) + "]"
DEFAULTS = f"""\
select = {EVERY_RULE}  # default
ignore = []  # default
severity = {{}}  # default
fail-on = "error"  # default
exclude = []  # default
per-file-ignores = {{}}  # default
live = []  # default
aliases = {{}}  # default
"""

YAML = """\
select: [RL2, RL307]
ignore:
  - RL203
severity:
  RL307: error
fail-on: warning
exclude: ["vendor/**"]
per-file-ignores:
  "legacy/*.rbk": [RL201]
aliases:
  eu-west: {us: us-east}
"""

PYPROJECT = """\
[project]
name = "runbooks"

[tool.runbook-lint]
select = ["RL2", "RL307"]
ignore = [
  "RL203",
]
fail-on = "warning"
exclude = ["vendor/**"]

[tool.runbook-lint.severity]
RL307 = "error"

[tool.runbook-lint.per-file-ignores]
"legacy/*.rbk" = ["RL201"]

[tool.runbook-lint.aliases]
eu-west = { us = "us-east" }
"""


def _repository(tmp_path, name: str, text: str):
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text, encoding="utf-8")
    for folder in ("", "legacy", "vendor", ".hidden"):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a runbook\n", encoding="utf-8")
    return tmp_path


def _expected(name: str, lines: dict[str, int]) -> str:
    return f"""\
# configuration: {name}
select = ["RL201", "RL202", "RL203", "RL204", "RL307"]  # {name}:{lines["select"]}
ignore = ["RL203"]  # {name}:{lines["ignore"]}
severity = {{ RL307 = "error" }}  # {name}:{lines["severity"]}
fail-on = "warning"  # {name}:{lines["fail-on"]}
exclude = ["vendor/**"]  # {name}:{lines["exclude"]}
per-file-ignores = {{ "legacy/*.rbk" = ["RL201"] }}  # {name}:{lines["per-file-ignores"]}
live = []  # default
aliases = {{ eu-west = {{ us = "us-east" }} }}  # {name}:{lines["aliases"]}
"""


def test_show_settings_of_a_yaml_file(tmp_path):
    folder = _repository(tmp_path, ".runbook-lint.yaml", YAML)
    lines = {"select": 1, "ignore": 2, "severity": 4, "fail-on": 6, "exclude": 7}
    lines |= {"per-file-ignores": 8, "aliases": 10}
    expected = _expected(".runbook-lint.yaml", lines)
    assert run_cli("check", "--show-settings", cwd=folder) == (0, expected.encode(), b"")


def test_show_settings_of_a_pyproject(tmp_path):
    folder = _repository(tmp_path, "pyproject.toml", PYPROJECT)
    lines = {"select": 5, "ignore": 6, "fail-on": 9, "exclude": 10, "severity": 12}
    lines |= {"per-file-ignores": 15, "aliases": 18}
    expected = _expected("pyproject.toml", lines)
    assert run_cli("check", "--show-settings", cwd=folder) == (0, expected.encode(), b"")


def test_the_file_is_shown_relative_to_the_current_folder(tmp_path):
    folder = _repository(tmp_path, ".runbook-lint.yml", "fail-on: info\n")
    code, out, err = run_cli("check", "--show-settings", cwd=folder / "legacy")
    assert (code, err) == (0, b"")
    assert out.decode().splitlines()[:1] + out.decode().splitlines()[4:5] == [
        "# configuration: ../.runbook-lint.yml",
        'fail-on = "info"  # ../.runbook-lint.yml:1',
    ]


def test_options_are_named_where_they_set_or_extend_a_value(tmp_path):
    folder = _repository(tmp_path, ".runbook-lint.yaml", YAML)
    code, out, err = run_cli(
        "check",
        "--show-settings",
        "--extend-select",
        "RL301",
        "--ignore",
        "RL202",
        "--extend-ignore",
        "RL204",
        "--fail-on",
        "error",
        "--live",
        "snap",
        "--alias",
        "eu-west:ap=ap-south",
        cwd=folder,
    )
    assert (code, err) == (0, b"")
    assert (
        out.decode()
        == """\
# configuration: .runbook-lint.yaml
select = ["RL201", "RL202", "RL203", "RL204", "RL301", "RL307"]  # .runbook-lint.yaml:1, --extend-select
ignore = ["RL202", "RL204"]  # --ignore, --extend-ignore
severity = { RL307 = "error" }  # .runbook-lint.yaml:4
fail-on = "error"  # --fail-on
exclude = ["vendor/**"]  # .runbook-lint.yaml:7
per-file-ignores = { "legacy/*.rbk" = ["RL201"] }  # .runbook-lint.yaml:8
live = ["snap"]  # --live
aliases = { eu-west = { us = "us-east", ap = "ap-south" } }  # .runbook-lint.yaml:10, --alias
"""
    )


def test_without_a_configuration_every_value_is_the_default(tmp_path):
    (tmp_path / ".git").mkdir()
    assert run_cli("check", "--show-settings", cwd=tmp_path) == (
        0,
        ("# configuration: none found (the defaults)\n" + DEFAULTS).encode(),
        b"",
    )
    (tmp_path / ".runbook-lint.yaml").write_text(YAML, encoding="utf-8")
    assert run_cli("check", "--show-settings", "--isolated", cwd=tmp_path) == (
        0,
        ("# configuration: none (--isolated)\n" + DEFAULTS).encode(),
        b"",
    )


def test_the_settings_are_toml_that_configures_the_same(tmp_path):
    folder = _repository(tmp_path, ".runbook-lint.yaml", YAML)
    _, out, _ = run_cli("check", "--show-settings", cwd=folder)
    again = validate(tomllib.loads(out.decode()), "pasted.toml", {})
    _, out2, _ = run_cli("check", "--show-settings", "--isolated", cwd=folder)
    assert again.select == ["RL201", "RL202", "RL203", "RL204", "RL307"]
    assert (again.ignore, again.severity, again.fail_on) == (
        ["RL203"],
        {"RL307": "error"},
        "warning",
    )
    assert again.per_file_ignores == [("legacy/*.rbk", ["RL201"])]
    assert validate(tomllib.loads(out2.decode()), "defaults.toml", {}).select == sorted(RULES)


def test_strings_that_a_terminal_should_not_get_raw_are_escaped(tmp_path):
    (tmp_path / ".runbook-lint.yaml").write_text(
        'exclude: ["a\\u202Eb/**", "q\\"\\\\", "\\U0001F600", "tab\\there"]\n', encoding="utf-8"
    )
    code, out, _ = run_cli("check", "--show-settings", cwd=tmp_path)
    line = out.decode().splitlines()[5]
    assert (
        line
        == 'exclude = ["a\\u202Eb/**", "q\\"\\\\", "\U0001f600", "tab\\u0009here"]  # .runbook-lint.yaml:1'
    )
    assert tomllib.loads(line)["exclude"] == ["a\u202eb/**", 'q"\\', "\U0001f600", "tab\there"]


def test_show_settings_lints_nothing_and_looks_at_no_path(tmp_path):
    (tmp_path / ".git").mkdir()
    code, out, err = run_cli("check", "--show-settings", "missing.rbk", cwd=tmp_path)
    assert (code, err) == (0, b"")
    assert out.startswith(b"# configuration: none found")


def test_a_bad_configuration_is_still_exit_2(tmp_path):
    (tmp_path / ".runbook-lint.yaml").write_text("selct: [RL2]\n", encoding="utf-8")
    code, out, err = run_cli("check", "--show-settings", cwd=tmp_path)
    assert (code, out) == (2, b"")
    assert err.decode() == (
        f"runbook-lint: {tmp_path / '.runbook-lint.yaml'}:1: unknown key 'selct' (known keys:"
        " select, ignore, severity, fail-on, exclude, per-file-ignores, live, aliases)\n"
    )


def test_show_files_lists_what_would_be_linted_after_exclude(tmp_path):
    folder = _repository(tmp_path, "pyproject.toml", PYPROJECT)
    assert run_cli("check", "--show-files", cwd=folder) == (0, b"legacy/prod.rbk\nprod.rbk\n", b"")
    assert run_cli("check", "--show-files", "vendor", "legacy", cwd=folder) == (
        0,
        b"legacy/prod.rbk\n",
        b"",
    )
    assert run_cli("check", "--show-files", "--isolated", ".", cwd=folder) == (
        0,
        b"legacy/prod.rbk\nprod.rbk\nvendor/prod.rbk\n",
        b"",
    )
    assert run_cli("check", "--show-files", "-", "--stdin-filename", "x/y.rbk", cwd=folder) == (
        0,
        b"x/y.rbk\n",
        b"",
    )


def test_show_files_when_everything_is_excluded(tmp_path):
    folder = _repository(tmp_path, ".runbook-lint.yaml", 'exclude: ["**"]\n')
    assert run_cli("check", "--show-files", cwd=folder) == (
        0,
        b"",
        f"runbook-lint: warning: every one of the 3 file(s) found is excluded by"
        f" {folder / '.runbook-lint.yaml'}\n".encode(),
    )


def test_show_files_of_a_missing_path_is_exit_2(tmp_path):
    assert run_cli("check", "--show-files", "missing.rbk", cwd=tmp_path) == (
        2,
        b"",
        b"runbook-lint: path 'missing.rbk' does not exist\n",
    )


def test_the_two_together_are_a_usage_error(tmp_path):
    assert run_cli("check", "--show-settings", "--show-files", cwd=tmp_path) == (
        2,
        b"",
        b"runbook-lint: --show-settings and --show-files cannot be used together\n",
    )


def test_the_installed_command(tmp_path):
    folder = _repository(tmp_path, "pyproject.toml", PYPROJECT)
    completed = run_subprocess("--show-files", cwd=folder)
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        0,
        b"legacy/prod.rbk\nprod.rbk\n",
        b"",
    )
    completed = run_subprocess("check", "--show-settings", cwd=folder)
    assert completed.returncode == 0
    assert (
        completed.stdout.decode().splitlines()[3]
        == 'severity = { RL307 = "error" }  # pyproject.toml:12'
    )


def test_help_lists_both(tmp_path):
    _, out, _ = run_cli("check", "--help", cwd=tmp_path)
    text = out.decode()
    assert (
        "  --show-settings            print the resolved configuration and where each value came"
        " from, then exit\n" in text
    )
    assert "  --show-files               list the files that would be linted, then exit\n" in text


def _readme_block(after: str, fence: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(fence, text.index(after)) + len(fence)
    return text[start : text.index("```", start)]


def test_the_readme_example(tmp_path):
    # The Configuration section's pyproject.toml, and its console block run in a
    # repository holding it: the output as shown ("..." stands for elided codes).
    (tmp_path / ".git").mkdir()
    toml = _readme_block("The same in `pyproject.toml`:", "```toml\n")
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    for name in ("legacy/old.rbk", "runbooks/prod.rbk", "vendor/lib.rbk"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(BROKEN, encoding="utf-8")
    console = _readme_block("To see what a run would use", "```console\n")
    sessions = console.split("$ ")[1:]
    assert [session.splitlines()[0] for session in sessions] == [
        "runbook-lint check --show-settings --ignore RL302",
        "runbook-lint check --show-files",
    ]
    for session in sessions:
        command, *shown = session.splitlines()
        code, out, err = run_cli(*shlex.split(command)[1:], cwd=tmp_path)
        assert (code, err) == (0, b"")
        lines = out.decode().splitlines()
        assert len(lines) == len(shown)
        for line, expected in zip(lines, shown, strict=True):
            assert re.fullmatch(re.escape(expected).replace(r"\.\.\.", ".*"), line), (
                line,
                expected,
            )
