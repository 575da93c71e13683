"""`runbook-lint rules`, `runbook-lint explain`, `check --statistics` and `--exit-zero`."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from conftest import run_cli

from runbook_lint.catalogue import RULES


def out(process) -> str:
    return process.stdout.decode("utf-8")


# ------------------------------------------------------------------ rules


def test_rules_text_has_one_line_per_rule_from_the_catalogue():
    process = run_cli("rules")
    assert process.returncode == 0
    assert process.stderr == b""
    lines = out(process).splitlines()
    assert len(lines) == len(RULES)
    for line, rule in zip(lines, RULES.values(), strict=True):
        fields = re.split(r"\s{2,}", line.strip(), maxsplit=3)
        assert fields == [rule.code, rule.name, rule.severity.value, rule.summary], line


def test_rules_text_columns_line_up():
    lines = out(run_cli("rules")).splitlines()
    for rule, line in zip(RULES.values(), lines, strict=True):
        assert line.index(rule.summary) == lines[0].index(RULES["RL001"].summary)


def test_rules_json_is_the_catalogue():
    process = run_cli("rules", "--format", "json")
    assert process.returncode == 0
    assert json.loads(out(process)) == [
        {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary}
        for r in RULES.values()
    ]


def test_rules_text_and_json_agree():
    text = out(run_cli("rules")).splitlines()
    items = json.loads(out(run_cli("rules", "--format", "json")))
    assert [line.split()[0] for line in text] == [item["code"] for item in items]


def test_rules_with_an_unknown_format_is_a_usage_error():
    process = run_cli("rules", "--format", "yaml")
    assert process.returncode == 2
    assert b"Traceback" not in process.stderr
    assert process.stdout == b""


# ------------------------------------------------------------------ explain


@pytest.mark.parametrize("code", list(RULES))
def test_explain_by_code_and_by_name_give_the_same_text(code):
    rule = RULES[code]
    by_code = run_cli("explain", code)
    by_name = run_cli("explain", rule.name)
    assert by_code.returncode == by_name.returncode == 0
    assert out(by_code) == out(by_name)
    text = out(by_code)
    assert rule.code in text and rule.name in text and rule.severity.value in text
    assert rule.summary in text
    assert rule.rationale in text


def dedent_block(text: str) -> str:
    """A runbook as `explain` indents it, back to the catalogue's text."""
    return "".join(
        (line[4:] if line.startswith("    ") else line) + "\n" for line in text.split("\n")
    )


def test_explain_rl201_holds_the_rationale_and_both_examples():
    rule = RULES["RL201"]
    text = out(run_cli("explain", "RL201"))
    assert text == out(run_cli("explain", "leader-upgraded-before-follower"))
    assert rule.rationale in text
    assert "the cluster with follower indices should be upgraded first" in text
    for example in (rule.bad, rule.good):
        indented = "".join(
            "    " + line + "\n" if line else "\n" for line in example.rstrip("\n").split("\n")
        )
        assert indented in text
    assert text.index(rule.bad.splitlines()[-1]) < text.index("corrected")
    assert text.index("corrected") < text.rindex(rule.good.splitlines()[-1])


@pytest.mark.parametrize("word", ["rl201", "LEADER-UPGRADED-BEFORE-FOLLOWER"])
def test_explain_is_case_insensitive(word):
    assert out(run_cli("explain", word)) == out(run_cli("explain", "RL201"))


@pytest.mark.parametrize("word", ["RL999", "RL2", "no-such-rule"])
def test_explain_an_unknown_rule_is_exit_2_with_one_line(word):
    process = run_cli("explain", word)
    assert process.returncode == 2
    assert process.stdout == b""
    err = process.stderr.decode()
    assert len(err.strip().splitlines()) == 1
    assert word in err
    assert "Traceback" not in err


def test_explain_without_a_rule_is_a_usage_error():
    process = run_cli("explain")
    assert process.returncode == 2
    assert b"Traceback" not in process.stderr


# ------------------------------------------------------------------ --statistics

# RL201 at 5; RL302 at 7 and 8; RL306 at 9; RL307 at 10.
RUNBOOK = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
pause eu-west follows us-east
pause eu-west follows us-east
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.rbk").write_text(RUNBOOK, encoding="utf-8")
    (tmp_path / "b.rbk").write_text(
        RUNBOOK.replace("upgrade eu-west to 8.15.1\n", "", 1), encoding="utf-8"
    )
    return tmp_path


def expected_counts(folder) -> Counter:
    items = json.loads(run_cli("check", "--format", "json", ".", cwd=folder).stdout)
    return Counter(item["code"] for item in items)


STAT = re.compile(r"\s*(\d+)  (RL\d{3})  ([a-z-]+)")


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_statistics_count_per_rule(folder, fmt):
    counts = expected_counts(folder)
    assert counts == Counter({"RL302": 3, "RL201": 2, "RL306": 2, "RL307": 2})
    process = run_cli("check", "--format", fmt, "--statistics", ".", cwd=folder)
    assert process.returncode == 1
    lines = out(process).splitlines()
    assert lines[-1] == "Found 4 errors and 5 warnings in 2 files."
    stats = [STAT.fullmatch(line) for line in lines]
    rows = [(int(m[1]), m[2], m[3]) for m in stats if m]
    assert rows == [
        (3, "RL302", "redundant-upgrade"),
        (2, "RL201", "leader-upgraded-before-follower"),
        (2, "RL306", "following-left-paused"),
        (2, "RL307", "pause-state-mismatch"),
    ]
    # After the report, before the summary line.
    first = next(i for i, m in enumerate(stats) if m)
    assert all(stats[first : first + len(rows)])
    assert first + len(rows) == len(lines) - 1
    without = out(run_cli("check", "--format", fmt, ".", cwd=folder)).splitlines()
    assert lines[:first] == without[:-1]


def test_statistics_with_quiet_keeps_the_counts(folder):
    lines = out(
        run_cli("check", "--format", "concise", "--statistics", "-q", ".", cwd=folder)
    ).splitlines()
    assert not lines[-1].startswith("Found")
    assert STAT.fullmatch(lines[-1])


def test_statistics_count_what_is_shown(folder):
    process = run_cli(
        "check", "--format", "concise", "--statistics", "--ignore", "RL3", ".", cwd=folder
    )
    rows = [m[2] for m in map(STAT.fullmatch, out(process).splitlines()) if m]
    assert rows == ["RL201"]


def test_statistics_leave_json_alone(folder):
    process = run_cli("check", "--format", "json", "--statistics", ".", cwd=folder)
    assert len(json.loads(process.stdout)) == 9


def test_statistics_on_a_clean_run(tmp_path):
    (tmp_path / "ok.rbk").write_text("cluster a version 8.14.3\n", encoding="utf-8")
    process = run_cli("check", "--format", "concise", "--statistics", ".", cwd=tmp_path)
    assert process.returncode == 0
    assert out(process).splitlines() == ["All checks passed (1 file)."]


# ------------------------------------------------------------------ --exit-zero


def test_exit_zero_with_errors(folder):
    assert run_cli("check", ".", cwd=folder).returncode == 1
    process = run_cli("check", "--exit-zero", ".", cwd=folder)
    assert process.returncode == 0
    assert "Found 4 errors and 5 warnings in 2 files." in out(process)


def test_exit_zero_with_fail_on_warning(folder):
    process = run_cli(
        "check", "--exit-zero", "--fail-on", "warning", "--format", "junit", ".", cwd=folder
    )
    assert process.returncode == 0
    assert b"<failure" in process.stdout


def test_exit_zero_with_a_syntax_error(tmp_path):
    (tmp_path / "bad.rbk").write_text("cluster a version 8.15\n", encoding="utf-8")
    assert run_cli("check", "bad.rbk", cwd=tmp_path).returncode == 1
    assert run_cli("check", "--exit-zero", "bad.rbk", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ["missing.rbk"],
        ["--select", "RL999", "a.rbk"],
        ["--format", "nope", "a.rbk"],
        ["--config", "missing.yaml", "a.rbk"],
    ],
)
def test_exit_zero_keeps_usage_errors_at_2(folder, args):
    process = run_cli("check", "--exit-zero", *args, cwd=folder)
    assert process.returncode == 2
    assert b"Traceback" not in process.stderr


def test_exit_zero_keeps_a_bad_configuration_at_2(folder):
    (folder / ".runbook-lint.yaml").write_text("nope: 1\n", encoding="utf-8")
    process = run_cli("check", "--exit-zero", "a.rbk", cwd=folder)
    assert process.returncode == 2
    assert b"nope" in process.stderr
