"""SARIF for GitHub code scanning (issue 16, items 1, 3 and 4): its ingestion
limits, locations that do not depend on the folder `check` runs in, and
fingerprints that survive lines moving.  Every log is validated against the
official SARIF 2.1.0 schema (tests/data/schemas)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import SCHEMAS, run_cli

from runbook_lint.diagnostics import Diagnostic
from runbook_lint.lint.linter import FileResult
from runbook_lint.report import ReportOptions, render
from runbook_lint.report.sarif_support import RESULT_CAP
from runbook_lint.severity import Severity
from runbook_lint.syntax.ast import Span
from runbook_lint.syntax.source import Source

BROKEN = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
"""
FINGERPRINT = "runbookLint/v1"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def valid(validator: jsonschema.protocols.Validator, log: dict) -> dict:
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, f"{list(errors[0].absolute_path)}: {errors[0].message}"
    return log


def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "samples" / "deep").mkdir(parents=True)
    (tmp_path / "samples" / "deep" / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def sarif(*args: object, cwd: Path, input: bytes | None = None, env=None) -> dict:
    code, out, err = run_cli(
        "check", "--isolated", "--format", "sarif", *args, cwd=cwd, input=input, env=env
    )
    assert code == 1, err
    return json.loads(out)


def uris(log: dict) -> list[str]:
    return [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for loc in [*result["locations"], *result["relatedLocations"]]
    ]


@pytest.mark.parametrize("folder", [".", "samples", "samples/deep"])
def test_uris_are_relative_to_the_repository_root_from_every_folder(tmp_path, folder, validator):
    root = repo(tmp_path)
    target = os.path.relpath(root / "samples" / "deep" / "prod.rbk", root / folder)
    log = valid(validator, sarif(target, cwd=root / folder))
    run = log["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}}
    assert set(uris(log)) == {"samples/deep/prod.rbk"}
    for result in run["results"]:
        assert (
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"]
            == "%SRCROOT%"
        )


def test_an_absolute_path_inside_the_repository_is_relative_too(tmp_path, validator):
    root = repo(tmp_path)
    log = valid(validator, sarif(root / "samples" / "deep" / "prod.rbk", cwd=root / "samples"))
    assert set(uris(log)) == {"samples/deep/prod.rbk"}


def test_no_git_folder_means_the_current_folder_is_the_root(tmp_path, validator):
    (tmp_path / "prod.rbk").write_text(BROKEN, encoding="utf-8")
    log = valid(validator, sarif("prod.rbk", cwd=tmp_path))
    # tmp_path has no .git above it (pytest's temporary folders live in /tmp).
    assert set(uris(log)) == {"prod.rbk"}


def test_stdin_takes_its_path_from_stdin_filename(tmp_path, validator):
    root = repo(tmp_path)
    log = valid(
        validator,
        sarif(
            "--stdin-filename", "deep/prod.rbk", "-", cwd=root / "samples", input=BROKEN.encode()
        ),
    )
    assert set(uris(log)) == {"samples/deep/prod.rbk"}
    on_disk = sarif("deep/prod.rbk", cwd=root / "samples")
    assert [r["partialFingerprints"] for r in log["runs"][0]["results"]] == [
        r["partialFingerprints"] for r in on_disk["runs"][0]["results"]
    ]


def fingerprints(log: dict) -> list[tuple[str, str, int]]:
    return [
        (
            r["ruleId"],
            r["partialFingerprints"][FINGERPRINT],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in log["runs"][0]["results"]
    ]


def test_fingerprints_survive_lines_inserted_above(tmp_path):
    root = repo(tmp_path)
    path = root / "samples" / "deep" / "prod.rbk"
    before = fingerprints(sarif("samples/deep/prod.rbk", cwd=root))
    path.write_text(
        "# a comment\n\n" + BROKEN.replace("upgrade us-east", "  upgrade   us-east"),
        encoding="utf-8",
    )
    after = fingerprints(sarif("samples/deep/prod.rbk", cwd=root))
    assert [(code, fp) for code, fp, _ in before] == [(code, fp) for code, fp, _ in after]
    assert [line + 2 for _, _, line in before] == [line for _, _, line in after]
    assert all(re.fullmatch("[0-9a-f]{64}", fp) for _, fp, _ in after)


def test_repeated_statements_get_distinct_fingerprints(tmp_path):
    (tmp_path / "r.rbk").write_text(
        "cluster a version 8.14.3\nupgrade a to 8.15.1\nupgrade a to 8.15.1\nupgrade a to 8.15.1\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", "--isolated", "--format", "sarif", "--fail-on", "info", "r.rbk", cwd=tmp_path
    )
    found = fingerprints(json.loads(out))
    assert len(found) >= 2
    assert len({fp for _, fp, _ in found}) == len(found)


def test_related_locations_are_linked_from_the_message(tmp_path, validator):
    root = repo(tmp_path)
    result = valid(validator, sarif("samples", cwd=root))["runs"][0]["results"][0]
    assert result["ruleId"] == "RL201"
    assert result["message"]["text"] == (
        "leader 'us-east' upgraded before its follower 'eu-west'\n"
        "'eu-west follows us-east' is [declared here](1)\n"
        "help: upgrade 'eu-west' to 8.15.1 before this step: followers first, leaders last"
    )
    assert [r["id"] for r in result["relatedLocations"]] == [1]
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_rules_fit_github_and_carry_tags_and_precision(tmp_path):
    root = repo(tmp_path)
    rules = sarif("samples", cwd=root)["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert len(rule["fullDescription"]["text"]) <= 1024, rule["id"]
        assert len(rule["shortDescription"]["text"]) <= 1024, rule["id"]
        assert rule["properties"]["precision"] == "very-high"
        assert rule["properties"]["tags"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["RL201"]["properties"]["tags"] == ["ccr", "upgrade-order"]
    assert by_id["RL303"]["properties"]["tags"] == ["upgrade", "versions"]
    # The two that were over the limit are cut at a sentence.
    for code in ("RL201", "RL204"):
        assert by_id[code]["fullDescription"]["text"].endswith(".")
        assert len(by_id[code]["help"]["text"]) > 1024


def test_invocation_and_automation_details(tmp_path, validator):
    root = repo(tmp_path)
    run = valid(validator, sarif("--sarif-category", "prod", "samples", cwd=root))["runs"][0]
    assert run["automationDetails"] == {"id": "runbook-lint/prod"}
    assert run["invocations"] == [
        {"executionSuccessful": True, "exitCode": 1, "endTimeUtc": "2026-01-01T00:00:00Z"}
    ]
    code, out, _ = run_cli(
        "check", "--isolated", "--format", "sarif", "--exit-zero", "samples", cwd=root
    )
    run = json.loads(out)["runs"][0]
    assert code == 0
    assert run["automationDetails"] == {"id": "runbook-lint/"}
    assert run["invocations"][0]["exitCode"] == 0


def test_end_time_is_the_clock_without_source_date_epoch(tmp_path):
    root = repo(tmp_path)
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        code, out, _ = run_cli("check", "--isolated", "--format", "sarif", "samples", cwd=root)
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    end = json.loads(out)["runs"][0]["invocations"][0]["endTimeUtc"]
    assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ", end) and end > "2026-01-01"


def many_results(errors: int, warnings: int) -> list[FileResult]:
    lines = errors + warnings
    source = Source("big.rbk", "upgrade a to 8.15.1\n" * lines)
    diagnostics = [
        Diagnostic(
            "big.rbk",
            Span(i + 1, 1, i + 1, 20),
            "RL201" if i % 6 == 0 and i // 6 < errors else "RL307",
            Severity.ERROR if i % 6 == 0 and i // 6 < errors else Severity.WARNING,
            f"message {i}",
        )
        for i in range(lines)
    ]
    return [FileResult(source, diagnostics)]


@pytest.mark.slow
def test_over_25000_results_are_capped_errors_first(capsys, validator):
    results = many_results(5_000, 25_000)  # 30,000: 5,000 errors spread among warnings
    log = json.loads(render("sarif", results, ReportOptions()))
    run = log["runs"][0]
    kept = run["results"]
    assert len(kept) == RESULT_CAP == 25_000
    assert [r["level"] for r in kept[:5_000]] == ["error"] * 5_000
    assert {r["level"] for r in kept[5_000:]} == {"warning"}
    assert run["properties"] == {
        "resultsTotal": 30_000,
        "resultsCap": 25_000,
        "resultsOmitted": 5_000,
    }
    notice = (
        "5,000 of 30,000 results left out: GitHub code scanning accepts at most 25,000"
        " per run (errors kept first)"
    )
    assert capsys.readouterr().err == f"runbook-lint: sarif: {notice}\n"


def test_the_cap_keeps_errors_first_in_report_order(capsys, validator, monkeypatch):
    # The same code path as 25,000 (the slow test above), at a size that validates quickly.
    monkeypatch.setattr("runbook_lint.report.sarif.RESULT_CAP", 25)
    results = many_results(5, 25)  # 30: 5 errors spread among warnings
    log = valid(validator, json.loads(render("sarif", results, ReportOptions())))
    run = log["runs"][0]
    kept = run["results"]
    assert len(kept) == 25
    assert [r["level"] for r in kept[:5]] == ["error"] * 5
    assert {r["level"] for r in kept[5:]} == {"warning"}
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in kept]
    assert lines[:5] == sorted(lines[:5]) and lines[5:] == sorted(lines[5:])
    assert lines[:5] == [1, 7, 13, 19, 25]
    assert run["properties"] == {"resultsTotal": 30, "resultsCap": 25, "resultsOmitted": 5}
    notice = (
        "5 of 30 results left out: GitHub code scanning accepts at most 25 per run"
        " (errors kept first)"
    )
    assert run["invocations"][0]["toolExecutionNotifications"] == [
        {"descriptor": {"id": "results-capped"}, "level": "warning", "message": {"text": notice}}
    ]
    assert capsys.readouterr().err == f"runbook-lint: sarif: {notice}\n"


def test_at_the_cap_nothing_is_said(capsys, monkeypatch):
    monkeypatch.setattr("runbook_lint.report.sarif.RESULT_CAP", 30)
    log = json.loads(render("sarif", many_results(5, 25), ReportOptions()))
    assert len(log["runs"][0]["results"]) == 30
    assert "properties" not in log["runs"][0]
    assert "toolExecutionNotifications" not in log["runs"][0]["invocations"][0]
    assert capsys.readouterr().err == ""
