"""`check --live`: RL401-RL406 on drifted runbooks, through noqa, configuration and formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, run_cli

LIVE = DATA / "live"
SETS = LIVE / "sets"
RUNBOOKS = LIVE / "runbooks"
FORMATS = ["full", "concise", "json", "sarif", "github", "junit", "markdown"]


def found(*args: str) -> tuple[int, list[tuple[int, str]]]:
    code, out, err = run_cli("check", "--isolated", "--format", "json", *args)
    assert err == b"", err
    report = json.loads(out)
    items = report["diagnostics"] if isinstance(report, dict) else report
    return code, sorted((d["line"], d["code"]) for d in _flatten(items))


def _flatten(items: object) -> list[dict[str, object]]:
    if isinstance(items, list):
        return [d for item in items for d in _flatten(item)]
    if isinstance(items, dict) and "code" in items:
        return [items]
    if isinstance(items, dict):
        return [d for value in items.values() for d in _flatten(value)]
    return []


def test_each_kind_of_drift() -> None:
    code, pairs = found("--live", str(SETS / "uni"), str(RUNBOOKS / "drift_uni.rbk"))
    assert code == 1
    assert [pair for pair in pairs if pair[1].startswith("RL4")] == [
        (2, "RL401"),
        (2, "RL403"),
        (2, "RL404"),
        (3, "RL406"),
        (6, "RL402"),
    ]


def test_exact_messages() -> None:
    code, out, err = run_cli(
        "check",
        "--isolated",
        "--format",
        "concise",
        "--select",
        "RL4",
        "--live",
        str(SETS / "uni"),
        str(RUNBOOKS / "drift_uni.rbk"),
    )
    path = f"{RUNBOOKS / 'drift_uni.rbk'}"
    assert (code, err) == (1, b"")
    assert out.decode().splitlines()[:5] == [
        f"{path}:2:1: error[RL401] live relations from 'us-east' to 'eu-west' that no declared"
        ' relation covers: index "customers" (active) (1 relation)',
        f"{path}:2:1: error[RL403] 'eu-west' does not start where the live cluster is:"
        " es-eu-1 is 8.15.1 in the runbook, 8.14.3 live",
        f"{path}:2:1: error[RL404] the nodes of 'eu-west' differ from the live ones: live node"
        " es-eu-2 is not declared; declared node es-eu-3 is not live",
        f"{path}:3:1: warning[RL406] no snapshot of cluster 'dr': its state and relations could"
        " not be compared",
        f"{path}:6:1: warning[RL402] 'us-east follows eu-west' is declared, but no live relation"
        " matches it",
    ]


def test_leader_only_runbook_gets_rl401_at_the_leader() -> None:
    _, pairs = found("--live", str(SETS / "uni"), str(RUNBOOKS / "drift_leader_only.rbk"))
    assert pairs == [(1, "RL401"), (2, "RL302")]


def test_paused_relations_and_noqa() -> None:
    code, pairs = found("--live", str(SETS / "paused"), str(RUNBOOKS / "drift_paused.rbk"))
    assert (code, pairs) == (0, [(3, "RL405")])  # line 4's RL405 carries a noqa


def test_unlicensed_cluster_is_incomplete(tmp_path: Path) -> None:
    runbook = tmp_path / "r.rbk"
    runbook.write_text("cluster basic version 8.15.1 nodes es-b1\n")
    assert found("--live", str(SETS / "rolling"), str(runbook)) == (0, [(1, "RL406")])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_them(fmt: str) -> None:
    code, out, err = run_cli(
        "check",
        "--isolated",
        "--format",
        fmt,
        "--live",
        str(SETS / "uni"),
        str(RUNBOOKS / "drift_leader_only.rbk"),
    )
    assert (code, err) == (1, b"")
    assert b"RL401" in out


def test_configuration_live_aliases_and_severity(tmp_path: Path) -> None:
    config = tmp_path / ".runbook-lint.yaml"
    config.write_text(
        f"live: [{json.dumps(str(SETS / 'uni') + '/*')}]\n"
        "severity: {RL401: warning}\n"
        "ignore: [RL302]\n"
    )
    code, out, err = run_cli(
        "check",
        "--config",
        str(config),
        "--format",
        "concise",
        str(RUNBOOKS / "drift_leader_only.rbk"),
    )
    assert (code, err) == (0, b"")
    assert b"warning[RL401]" in out


def test_unresolvable_alias_names_the_runbook(tmp_path: Path) -> None:
    runbook = tmp_path / "r.rbk"
    runbook.write_text("cluster y version 8.15.1\n")
    code, out, err = run_cli(
        "check", "--isolated", "--live", str(SETS / "unresolvable"), str(runbook)
    )
    assert (code, out) == (2, b"")
    assert err.decode() == (
        f"runbook-lint: {runbook}: cannot resolve remote alias 'far' of follower cluster 'y'"
        " (no --alias or configured alias; its address 10.9.9.9:9300 matches no node of another"
        f" snapshot; no snapshot's cluster or declared in {runbook} is named 'far');"
        " settle it with --alias y:far=LEADER\n"
    )


def test_runbook_declared_name_resolves_an_alias(tmp_path: Path) -> None:
    runbook = tmp_path / "r.rbk"
    runbook.write_text("cluster y version 8.15.1\ncluster far version 8.15.1\ny follows far\n")
    assert found("--live", str(SETS / "unresolvable"), str(runbook)) == (0, [(2, "RL406")])


def test_live_state_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from runbook_lint.live import snapshot

    calls: list[str] = []
    original = snapshot.read

    def counting(path: str, name: str | None = None) -> snapshot.Snapshot:
        calls.append(path)
        return original(path, name)

    monkeypatch.setattr(snapshot, "read", counting)
    code, _ = found("--live", str(SETS / "uni"), str(RUNBOOKS))
    assert code == 1
    assert len(calls) == 2  # two snapshots, however many runbooks


def test_bad_snapshot_is_exit_2_before_linting(tmp_path: Path) -> None:
    (tmp_path / "version.json").write_text("{}")
    code, out, err = run_cli("check", "--isolated", "--live", str(tmp_path), str(RUNBOOKS))
    assert (code, out) == (2, b"")
    assert err.decode() == f"runbook-lint: {tmp_path}/version.json: cluster_name: missing\n"


@pytest.mark.parametrize("how", ["pair", "each"])
@pytest.mark.parametrize("name", ["uni", "chain", "bidi", "paused", "rolling"])
def test_round_trip(name: str, how: str, tmp_path: Path) -> None:
    code, out, _ = run_cli("topology", "--isolated", "--relations", how, str(SETS / name))
    assert code == 0
    runbook = tmp_path / "t.rbk"
    runbook.write_bytes(out)
    _, pairs = found("--live", str(SETS / name), str(runbook))
    live = [pair for pair in pairs if pair[1] in ("RL401", "RL402", "RL403", "RL404", "RL406")]
    if name == "rolling":
        # `basic` is unlicensed (RL406 allowed by live.md); `search` is mid-upgrade,
        # and topology writes es-m1's own version (a node attribute): no RL403.
        assert live == [(4, "RL406")]
        assert (5, "RL304") in pairs  # a cluster caught mid-upgrade, as live.md allows
    else:
        assert live == []


def test_sarif_results_for_the_live_rules() -> None:
    code, out, err = run_cli(
        "check",
        "--isolated",
        "--format",
        "sarif",
        "--live",
        str(SETS / "uni"),
        str(RUNBOOKS / "drift_uni.rbk"),
    )
    assert (code, err) == (1, b"")
    results = json.loads(out)["runs"][0]["results"]
    assert {r["ruleId"] for r in results if r["ruleId"].startswith("RL4")} == {
        "RL401",
        "RL402",
        "RL403",
        "RL404",
        "RL406",
    }
