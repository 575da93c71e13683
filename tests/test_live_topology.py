"""`runbook-lint topology`: golden output per snapshot set, order independence, alias errors."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, lint_text, run_cli

LIVE = DATA / "live"
SETS = LIVE / "sets"
GOLDEN = LIVE / "golden"
CASES = ["uni", "chain", "bidi", "paused", "rolling"]


def clusters(name: str) -> list[str]:
    return sorted(str(path) for path in (SETS / name).iterdir())


@pytest.mark.parametrize("how", ["pair", "each"])
@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, how: str) -> None:
    code, out, err = run_cli("topology", "--isolated", "--relations", how, str(SETS / name))
    assert (code, err) == (0, b"")
    assert out.decode() == (GOLDEN / f"{name}.{how}.rbk").read_text()


@pytest.mark.parametrize("name", CASES)
def test_same_bytes_whatever_the_order(name: str) -> None:
    paths = clusters(name)
    first = run_cli("topology", "--isolated", *paths)
    second = run_cli("topology", "--isolated", *reversed(paths))
    assert first.returncode == 0
    assert first.stdout == second.stdout == (GOLDEN / f"{name}.pair.rbk").read_bytes()


@pytest.mark.parametrize("how", ["pair", "each"])
@pytest.mark.parametrize("name", CASES)
def test_output_lints_clean(name: str, how: str) -> None:
    text = (GOLDEN / f"{name}.{how}.rbk").read_text()
    # `search` of the rolling set is caught mid-upgrade: its nodes' own versions
    # are written, so it ends on two versions (RL304, as live.md allows).
    expected = [(5, "RL304")] if name == "rolling" else []
    assert [(d.span.line, d.code) for d in lint_text(text).diagnostics] == expected


def test_unresolvable_alias_names_the_fix() -> None:
    code, out, err = run_cli("topology", "--isolated", str(SETS / "unresolvable"))
    assert (code, out) == (2, b"")
    assert err.decode() == (
        "runbook-lint: cannot resolve remote alias 'far' of follower cluster 'y' (no --alias or"
        " configured alias; its address 10.9.9.9:9300 matches no node of another snapshot;"
        " no snapshot's cluster is named 'far'); settle it with --alias y:far=LEADER\n"
    )


def test_ambiguous_alias_names_the_fix() -> None:
    code, out, err = run_cli("topology", "--isolated", str(SETS / "ambiguous"))
    assert (code, out) == (2, b"")
    assert err.decode() == (
        "runbook-lint: remote alias 'src' of follower cluster 'r' is ambiguous: its address"
        " 10.5.0.1:9300, 10.5.0.2:9300 matches nodes of p, q; settle it with"
        " --alias r:src=LEADER\n"
    )


def test_alias_option_settles_it() -> None:
    code, out, err = run_cli(
        "topology", "--isolated", "--alias", "r:src=q", str(SETS / "ambiguous")
    )
    assert (code, err) == (0, b"")
    assert out.decode().splitlines()[-1] == 'r follows q  # index "orders" (1 relation)'


def test_alias_to_a_cluster_without_snapshot_is_a_comment() -> None:
    code, out, err = run_cli(
        "topology", "--isolated", "--alias", "y:far=elsewhere", str(SETS / "unresolvable")
    )
    assert (code, err) == (0, b"")
    assert out.decode().splitlines()[-1] == (
        "# y follows 'elsewhere', which has no snapshot: index \"orders\" (1 relation);"
        " no relation written"
    )


def test_alias_from_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / ".runbook-lint.yaml"
    config.write_text("aliases:\n  r: {src: p}\n")
    code, out, err = run_cli("topology", "--config", str(config), str(SETS / "ambiguous"))
    assert (code, err) == (0, b"")
    assert out.decode().splitlines()[-1] == 'r follows p  # index "orders" (1 relation)'


def test_bad_alias_option() -> None:
    code, _, err = run_cli("topology", "--isolated", "--alias", "nonsense", str(SETS / "uni"))
    assert (code, err) == (2, b"runbook-lint: --alias 'nonsense' is not FOLLOWER:ALIAS=LEADER\n")


def _zip(folder: Path, target: Path, prefix: str) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())


@pytest.mark.parametrize("prefix", ["", "api-diagnostics-20261202-133000/"])
def test_zip_bundles_give_the_same_output(tmp_path: Path, prefix: str) -> None:
    for cluster in (SETS / "uni").iterdir():
        _zip(cluster, tmp_path / f"{cluster.name}.zip", prefix)
    code, out, err = run_cli("topology", "--isolated", str(tmp_path))
    assert (code, err) == (0, b"")
    assert out == (GOLDEN / "uni.pair.rbk").read_bytes()


def test_name_equals_path_renames(tmp_path: Path) -> None:
    paths = clusters("uni")
    shutil.copytree(SETS / "uni" / "us-east", tmp_path / "snap")
    code, out, err = run_cli(
        "topology",
        "--isolated",
        "--alias",
        "eu-west:us=virginia",
        paths[0],
        f"virginia={tmp_path / 'snap'}",
    )
    assert (code, err) == (0, b"")
    assert (
        "cluster virginia version 8.14.3 nodes es-us-1 (data_hot, ingest, master)\n" in out.decode()
    )
    assert out.decode().endswith(
        'eu-west follows virginia  # index "customers", index "orders" (2 relations)\n'
    )
