"""`check --format sarif`: one SARIF 2.1.0 log, valid against the official schema.

One runbook fires every rule from RL101 to RL308 (and RL900); a second file has
a syntax error (RL001) and a third is not UTF-8 (RL002), so the log holds a
result for every rule of the catalogue.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import SCHEMAS, codes, run_cli

import runbook_lint
from runbook_lint.catalogue import RULES

SCHEMA_PATH = SCHEMAS / "sarif-schema-2.1.0.json"

# Every rule from RL101 to RL310 fires at least once (RL4xx need live state); line 39's `noqa` names a
# code that does not fire there (RL900).
EVERY_RULE = """\
target 8.15.1
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
cluster eu-west version 8.14.3
cluster dr version 8.14.3 nodes n1, n2
cluster old version 7.10.2
cluster old2 version 7.16.0
cluster f8 version 8.0.0
cluster a version 8.14.3
cluster b version 8.14.3
cluster extra version 8.14.3
cluster m version 8.14.3 nodes m1, m2
cluster p version 8.14.3
cluster q version 8.14.3
eu-west follows us-east
eu-west follows us-east
dr follows eu-west index "orders"
us-east follows us-east
eu-west follows ghost
f8 follows old2
a follows b
b follows a
q follows p

pause dr follows us-east
upgrade ghost to 8.15.1
upgrade dr node n9 to 8.15.1
upgrade us-east to 8.15.1
upgrade a to 8.15.1
upgrade old to 8.15.1
upgrade extra to 8.14.3
upgrade extra to 8.14.0
pause eu-west follows us-east
pause eu-west follows us-east
upgrade m node m1 to 8.15.1
pause q follows p
upgrade p to 8.15.1
resume q follows p
note "nothing to suppress here"  # noqa: RL201
parallel {
    upgrade dr node n1 to 8.15.1
    upgrade dr to 8.15.1
}
cluster late version 8.14.3
pause q follows p
wait 13h
resume q follows p
cluster r version 8.14.3 nodes r1 (master), r2 (data_hot, injest)
upgrade r node r1 to 8.15.1
"""
RELATION_LINE = 15  # eu-west follows us-east
LEADER_FIRST_LINE = 28  # upgrade us-east to 8.15.1: RL201

SYNTAX_ERROR = "cluster us-east version 8.14.3\ncluster eu-west version 8.15\n"
NOT_UTF8 = b"cluster us-east version 8.14.3\n\xff\xfe not text\n"

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@pytest.fixture(scope="module")
def runbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sarif")
    (folder / "every_rule.rbk").write_text(EVERY_RULE, encoding="utf-8")
    (folder / "syntax_error.rbk").write_text(SYNTAX_ERROR, encoding="utf-8")
    (folder / "not_utf8.rbk").write_bytes(NOT_UTF8)
    return folder


FILES = ["every_rule.rbk", "syntax_error.rbk", "not_utf8.rbk"]


@pytest.fixture(scope="module")
def sarif(runbooks):
    process = run_cli("check", "--format", "sarif", *FILES, cwd=runbooks)
    assert process.returncode == 1, process.stderr.decode()
    assert process.stderr == b""
    return json.loads(process.stdout.decode("utf-8"))


@pytest.fixture(scope="module")
def as_json(runbooks):
    process = run_cli("check", "--format", "json", *FILES, cwd=runbooks)
    assert process.returncode == 1, process.stderr.decode()
    return json.loads(process.stdout.decode("utf-8"))


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(log, schema):
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    errors = sorted(validator(schema).iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# ------------------------------------------------------------------ the inputs


def test_the_runbook_fires_every_rule_from_rl101_to_rl310():
    # codes() is the checker alone, before suppression: RL900 comes later.
    fired = {code for _, code in codes(EVERY_RULE)}
    # RL4xx compare with live state (check --live): tests/test_live_check.py runs them in SARIF.
    wanted = {c for c in RULES if c not in ("RL001", "RL002", "RL900") and not c.startswith("RL4")}
    assert wanted <= fired, sorted(wanted - fired)


def test_the_runbook_gives_rl900_after_suppression(as_json):
    fired = {(d["path"], d["line"], d["code"]) for d in as_json}
    assert ("every_rule.rbk", 39, "RL900") in fired


def test_the_syntax_error_file_gives_rl001():
    assert codes(SYNTAX_ERROR) == [(2, "RL001")]


def test_every_rule_of_the_catalogue_has_a_result(sarif):
    found = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert found == {code for code in RULES if not code.startswith("RL4")}  # RL4xx: live state


# ------------------------------------------------------------------ the schema


def test_the_schema_is_the_official_sarif_2_1_0_schema(schema):
    assert "sarif" in schema["title"].lower() and "2.1.0" in schema["title"]
    assert schema["$schema"].startswith("http://json-schema.org/")


def test_the_log_validates_against_the_official_schema(sarif, schema):
    validate(sarif, schema)
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"]) == 1


def test_a_clean_run_validates_too(tmp_path, schema):
    (tmp_path / "ok.rbk").write_text(
        "cluster us-east version 8.14.3\ncluster eu-west version 8.14.3\n"
        "eu-west follows us-east\n\nupgrade eu-west to 8.15.1\nupgrade us-east to 8.15.1\n",
        encoding="utf-8",
    )
    process = run_cli("check", "--format", "sarif", "ok.rbk", cwd=tmp_path)
    assert process.returncode == 0, process.stderr.decode()
    log = json.loads(process.stdout)
    validate(log, schema)
    assert log["runs"][0]["results"] == []
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == list(RULES)


def test_a_file_name_that_needs_escaping_still_gives_a_valid_log(tmp_path, schema):
    (tmp_path / "a b%c#d.rbk").write_text("cluster a version 8.15\n", encoding="utf-8")
    process = run_cli("check", "--format", "sarif", "a b%c#d.rbk", cwd=tmp_path)
    assert process.returncode == 1
    log = json.loads(process.stdout)
    validate(log, schema)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert " " not in uri and "#" not in uri
    from urllib.parse import unquote

    assert unquote(uri) == "a b%c#d.rbk"


# ------------------------------------------------------------------ tool.driver


def test_driver_name_and_version(sarif):
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "runbook-lint"
    assert driver["version"] == runbook_lint.__version__
    version = run_cli("--version").stdout.decode().split()
    assert version[:2] == ["runbook-lint", driver["version"]]


def test_driver_rules_are_the_catalogue(sarif):
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for item, rule in zip(rules, RULES.values(), strict=True):
        assert item["name"] == rule.name
        assert item["shortDescription"]["text"] == rule.summary
        # At most 1,024 characters (GitHub): the rationale, or its first sentences.
        assert rule.rationale.startswith(item["fullDescription"]["text"])
        assert len(item["fullDescription"]["text"]) <= 1024
        assert item["defaultConfiguration"]["level"] == LEVELS[rule.severity.value]
        assert item["help"]["text"]
    levels = {r["defaultConfiguration"]["level"] for r in rules}
    assert levels <= {"error", "warning", "note"}
    assert {"error", "warning"} <= levels


def test_an_info_rule_is_a_note(runbooks, tmp_path, schema):
    config = tmp_path / "config.yaml"
    config.write_text("severity:\n  RL302: info\n", encoding="utf-8")
    process = run_cli(
        "check", "--format", "sarif", "--config", config, "every_rule.rbk", cwd=runbooks
    )
    log = json.loads(process.stdout)
    validate(log, schema)
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels["RL302"] == "note"
    assert levels["RL201"] == "error"
    assert levels["RL307"] == "warning"


# ------------------------------------------------------------------ results


def test_every_result_points_at_its_rule(sarif):
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == LEVELS[RULES[result["ruleId"]].severity.value]
        assert result["message"]["text"]
        assert len(result["locations"]) == 1
        assert isinstance(result["relatedLocations"], list)


def test_results_agree_with_the_json_format(sarif, as_json):
    results = sarif["runs"][0]["results"]
    assert len(results) == len(as_json)
    for result, item in zip(results, as_json, strict=True):
        assert result["ruleId"] == item["code"]
        assert result["level"] == LEVELS[item["severity"]]
        assert result["message"]["text"].startswith(item["message"])
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == item["path"]
        region = location["region"]
        assert (
            region["startLine"],
            region["startColumn"],
            region["endLine"],
            region["endColumn"],
        ) == (item["line"], item["column"], item["end_line"], item["end_column"]), item
        related = [
            (
                r["physicalLocation"]["artifactLocation"]["uri"],
                r["physicalLocation"]["region"]["startLine"],
                r["physicalLocation"]["region"]["startColumn"],
                r["message"]["text"],
            )
            for r in result["relatedLocations"]
        ]
        assert related == [
            (r["path"], r["line"], r["column"], r["message"]) for r in item["related"]
        ]


def test_rl201_has_a_related_location_at_the_relation(sarif):
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "RL201"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == LEADER_FIRST_LINE
    assert region["startColumn"] == 1
    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "every_rule.rbk"
    assert related["physicalLocation"]["region"]["startLine"] == RELATION_LINE
    assert related["physicalLocation"]["region"]["startColumn"] == 1
    assert "eu-west follows us-east" in related["message"]["text"]


def test_rl900_points_at_the_comment(sarif):
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "RL900"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = EVERY_RULE.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 :].startswith("# noqa: RL201")


def test_results_are_ordered_by_path_line_column_code(sarif):
    keys = []
    for result in sarif["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        keys.append(
            (
                location["artifactLocation"]["uri"],
                region["startLine"],
                region["startColumn"],
                result["ruleId"],
            )
        )
    assert keys == sorted(keys)


def test_sarif_written_to_a_file_is_the_same_log(runbooks, tmp_path, sarif):
    out = tmp_path / "report.sarif"
    process = run_cli("check", "--format", "sarif", "-o", out, *FILES, cwd=runbooks)
    assert process.returncode == 1
    assert process.stdout == b""
    assert json.loads(out.read_text(encoding="utf-8")) == sarif
