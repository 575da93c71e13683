"""`check --format junit`: read back with junitparser, as CI systems read it."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from junitparser import Failure, JUnitXml, TestSuite

# RL201 (error) at line 5, RL302 (warning) at line 7.
MIXED = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
"""
# RL302 only: a warning.
WARNING_ONLY = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
"""
CLEAN = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
"""
SYNTAX = "cluster us-east version 8.15\n"

FILES = {
    "mixed.rbk": MIXED,
    "warning_only.rbk": WARNING_ONLY,
    "clean.rbk": CLEAN,
    "sub/syntax.rbk": SYNTAX,
}


@pytest.fixture
def folder(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def junit(folder, *args, expect=None):
    out = folder / "report.xml"
    process = run_cli("check", "--format", "junit", "-o", out, *args, cwd=folder)
    assert process.returncode in (0, 1), process.stderr.decode()
    if expect is not None:
        assert process.returncode == expect
    xml = JUnitXml.fromfile(str(out))
    suites = list(xml) if isinstance(xml, JUnitXml) else [xml]
    assert len(suites) == 1
    [suite] = suites
    assert isinstance(suite, TestSuite)
    return suite, process


def diagnostics(folder, *args):
    process = run_cli("check", "--format", "json", *args, cwd=folder)
    return json.loads(process.stdout)


def failures(case) -> list[tuple[str, str]]:
    results = list(case.result)
    assert all(isinstance(r, Failure) for r in results), results
    return [(r.type, r.message) for r in results]


def test_one_suite_named_runbook_lint_with_one_case_per_file(folder):
    suite, _ = junit(folder, ".")
    assert suite.name == "runbook-lint"
    names = [case.name for case in suite]
    assert sorted(names) == sorted(FILES)
    assert suite.tests == len(FILES)


def test_failures_carry_the_code_and_the_message(folder):
    suite, process = junit(folder, ".", expect=1)
    cases = {case.name: case for case in suite}
    expected: dict[str, list[tuple[str, str]]] = {name: [] for name in FILES}
    for d in diagnostics(folder, "."):
        if d["severity"] == "error":
            expected[d["path"]].append((d["code"], d["message"]))
    for name, case in cases.items():
        assert failures(case) == expected[name], name
    assert failures(cases["mixed.rbk"]) == [
        ("RL201", "leader 'us-east' upgraded before its follower 'eu-west'")
    ]
    assert [t for t, _ in failures(cases["sub/syntax.rbk"])] == ["RL001"]
    assert suite.failures == sum(len(v) for v in expected.values())


def test_failure_text_is_the_location(folder):
    suite, _ = junit(folder, "mixed.rbk")
    [case] = list(suite)
    [failure] = case.result
    assert failure.text.splitlines()[0] == (
        "mixed.rbk:5:1: error[RL201] leader 'us-east' upgraded before its follower 'eu-west'"
    )


def test_a_clean_file_is_a_passing_testcase(folder):
    suite, process = junit(folder, "clean.rbk", expect=0)
    [case] = list(suite)
    assert case.name == "clean.rbk"
    assert case.is_passed
    assert list(case.result) == []
    assert suite.failures == 0


def test_fail_on_error_leaves_warnings_out(folder):
    suite, process = junit(folder, "mixed.rbk", "warning_only.rbk", "--fail-on", "error", expect=1)
    cases = {case.name: case for case in suite}
    assert failures(cases["mixed.rbk"]) == [
        ("RL201", "leader 'us-east' upgraded before its follower 'eu-west'")
    ]
    assert cases["warning_only.rbk"].is_passed
    assert suite.failures == 1


def test_fail_on_warning_takes_warnings_in(folder):
    suite, process = junit(
        folder, "mixed.rbk", "warning_only.rbk", "--fail-on", "warning", expect=1
    )
    cases = {case.name: case for case in suite}
    # One failure per failing file: the first diagnostic and a count of the others.
    assert failures(cases["mixed.rbk"]) == [
        ("RL201", "leader 'us-east' upgraded before its follower 'eu-west' (and 1 more)"),
    ]
    assert failures(cases["warning_only.rbk"]) == [
        ("RL302", "'eu-west' already runs 8.15.1: this upgrade changes nothing")
    ]
    assert suite.failures == 2


def test_a_file_with_only_warnings_passes_and_exits_0_under_the_default(folder):
    suite, process = junit(folder, "warning_only.rbk", expect=0)
    [case] = list(suite)
    assert case.is_passed


def test_the_fail_on_of_the_configuration_applies(folder):
    (folder / ".runbook-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    suite, process = junit(folder, "warning_only.rbk", expect=1)
    [case] = list(suite)
    assert failures(case) == [
        ("RL302", "'eu-west' already runs 8.15.1: this upgrade changes nothing")
    ]


def test_special_characters_survive_the_round_trip(folder):
    text = (
        CLEAN.replace("eu-west follows us-east\n", 'eu-west follows us-east index "<&\\"\'>]]>"\n')
        + 'pause eu-west follows us-east index "<&\\"\'>]]>"\n'
    )
    (folder / "x&y<z>.rbk").write_text(text, encoding="utf-8")
    [d] = diagnostics(folder, "x&y<z>.rbk")
    suite, _ = junit(folder, "x&y<z>.rbk", expect=1)
    [case] = list(suite)
    assert case.name == "x&y<z>.rbk"
    assert failures(case) == [(d["code"], d["message"])]
    assert "<&\"'>]]>" in d["message"]


def test_time_reads_back_as_seconds_and_the_suite_is_the_sum(folder):
    suite, _ = junit(folder, ".")
    times = [case.time for case in suite]
    assert all(isinstance(t, float) and t >= 0 for t in times)
    assert suite.time == pytest.approx(sum(times), abs=1e-9)
