"""`check --format junit` for every consumer (issue 16, item 6): one failure per
failing file, counts of test cases, the attributes Ant requires, and validity
against Jenkins' junit-10.xsd and the strict Ant JUnit.xsd (tests/data/junit)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema
from conftest import DATA, run_cli

MIXED = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
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
FILES = {"mixed.rbk": MIXED, "clean.rbk": CLEAN, "sub/syntax.rbk": "cluster a version 8.15\n"}


@pytest.fixture(scope="module", params=["junit-10.xsd", "JUnit.xsd"])
def schema(request) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(DATA / "junit" / request.param))


def report(tmp_path: Path, *args: str) -> str:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", "--isolated", "--format", "junit", *args, ".", cwd=tmp_path)
    assert code in (0, 1), err
    return out.decode()


@pytest.mark.parametrize("fail_on", ["error", "warning", "info"])
def test_valid_against_both_schemas(tmp_path, schema, fail_on):
    schema.validate(report(tmp_path, "--fail-on", fail_on))


def test_a_hostile_name_is_still_valid(tmp_path, schema):
    (tmp_path / "a\x1b]0;x\x07 <&>.rbk").write_text(MIXED, encoding="utf-8")
    schema.validate(report(tmp_path))


def test_one_failure_per_failing_file_and_counts_of_cases(tmp_path):
    suite = ET.fromstring(report(tmp_path, "--fail-on", "warning").encode())
    assert suite.tag == "testsuite"
    assert suite.get("name") == "runbook-lint"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert sorted(cases) == ["clean.rbk", "mixed.rbk", "sub/syntax.rbk"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    assert [len(case.findall("failure")) for case in cases.values()] == [0, 1, 1]
    [failure] = cases["mixed.rbk"].findall("failure")
    assert failure.get("type") == "RL201"
    assert failure.get("message") == (
        "leader 'us-east' upgraded before its follower 'eu-west' (and 2 more)"
    )
    lines = failure.text.splitlines()
    assert lines[0] == (
        "mixed.rbk:5:1: error[RL201] leader 'us-east' upgraded before its follower 'eu-west'"
    )
    assert [line.split()[1] for line in lines if not line.startswith("help:")] == [
        "error[RL201]",
        "warning[RL302]",
        "warning[RL302]",
    ]


def test_the_attributes_consumers_read(tmp_path):
    suite = ET.fromstring(report(tmp_path).encode())
    assert suite.get("timestamp") == "2026-01-01T00:00:00"  # SOURCE_DATE_EPOCH (conftest)
    assert suite.get("hostname")
    for case in suite.iter("testcase"):
        assert case.get("classname") == "runbook-lint"
    # Under the default --fail-on error, the warnings-only lines are not failures.
    [failure] = [f for f in suite.iter("failure") if f.get("type") == "RL201"]
    assert failure.get("message") == "leader 'us-east' upgraded before its follower 'eu-west'"
    assert suite.get("failures") == "2"


def test_time_is_each_files_lint_time_and_the_suite_their_sum(tmp_path):
    """Seconds with three decimals, measured per file; the suite's is the exact sum."""
    suite = ET.fromstring(report(tmp_path).encode())
    times = [case.get("time") for case in suite.iter("testcase")]
    assert len(times) == 3
    for text in [*times, suite.get("time")]:
        assert re.fullmatch(r"[0-9]+\.[0-9]{3}", text), text
    assert sum(Decimal(t) for t in times) == Decimal(suite.get("time"))
