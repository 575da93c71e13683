"""Reading snapshots, hostile ones included: exit 2 naming the file and the field, never more."""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, lint_text, run_cli

SETS = DATA / "live" / "sets"


def snapshot(folder: Path, cluster: str = "c1", nodes: Any = None, **files: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    bodies = {
        "version.json": {"cluster_name": cluster},
        "nodes.json": nodes
        if nodes is not None
        else {"nodes": {"id1": {"name": "n1", "version": "8.15.1", "roles": ["master"]}}},
        "remote_cluster_info.json": {},
        "commercial/ccr_follower_info.json": {"follower_indices": []},
        "commercial/ccr_autofollow_patterns.json": {"patterns": []},
    }
    bodies.update({name.replace("__", "/"): body for name, body in files.items()})
    for name, body in bodies.items():
        if body is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body if isinstance(body, str) else json.dumps(body))
    return folder


def topology(*args: str) -> tuple[int, str, str]:
    code, out, err = run_cli("topology", "--isolated", *args)
    return code, out.decode(), err.decode()


def test_a_minimal_snapshot(tmp_path: Path) -> None:
    folder = snapshot(tmp_path / "s")
    assert topology(str(folder)) == (
        0,
        "# The live topology of 1 cluster, written by runbook-lint topology.\n\n"
        "cluster c1 version 8.15.1 nodes n1 (master)\n",
        "",
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"version.json": None}, "{s}: no version.json (a snapshot needs it)"),
        ({"nodes.json": None}, "{s}: no nodes.json (a snapshot needs it)"),
        ({"version.json": "{"}, "{s}/version.json: not JSON (Expecting property name"),
        ({"version.json": {"cluster_name": 7}}, "{s}/version.json: cluster_name: not a str"),
        ({"version.json": []}, "{s}/version.json: : not an object"),
        ({"nodes.json": {"nodes": []}}, "{s}/nodes.json: nodes: not a dict"),
        ({"nodes.json": {"nodes": {}}}, "{s}/nodes.json: nodes: no node"),
        (
            {"nodes.json": {"nodes": {"a": {"name": "n"}}}},
            "{s}/nodes.json: nodes.a.version: missing",
        ),
        (
            {"nodes.json": {"nodes": {"a": {"version": "8.1.0"}}}},
            "{s}/nodes.json: nodes.a.name: missing",
        ),
        (
            {"nodes.json": {"nodes": {"a": {"name": "n", "version": "{version}"}}}},
            "{s}/nodes.json: nodes.a.version: '{{version}}' is not a version",
        ),
        (
            {"nodes.json": {"nodes": {"a": {"name": "n", "version": "8.1.0", "roles": "master"}}}},
            "{s}/nodes.json: nodes.a.roles: not a list",
        ),
        (
            {"nodes.json": {"nodes": {"a": {"name": "n", "version": "8.1.0", "roles": [1]}}}},
            "{s}/nodes.json: nodes.a.roles: not a list of strings",
        ),
        (
            {"nodes.json": {"nodes": {"a": {"name": "n", "version": "8.1.0", "ip": 10}}}},
            "{s}/nodes.json: nodes.a.ip: not a str",
        ),
        (
            {"remote_cluster_info.json": {"r": {"seeds": "x"}}},
            "{s}/remote_cluster_info.json: r.seeds: not a list",
        ),
        (
            {"remote_cluster_info.json": {"r": {"proxy_address": 1}}},
            "{s}/remote_cluster_info.json: r.proxy_address: not a str",
        ),
        (
            {"commercial__ccr_follower_info.json": {"follower_indices": [{"follower_index": "f"}]}},
            "{s}/commercial/ccr_follower_info.json: follower_indices[0].status: missing",
        ),
        (
            {
                "commercial__ccr_follower_info.json": {
                    "follower_indices": [
                        {
                            "follower_index": "f",
                            "remote_cluster": "r",
                            "leader_index": "l",
                            "status": "on",
                        }
                    ]
                }
            },
            "{s}/commercial/ccr_follower_info.json: follower_indices[0].status: 'on' is not active or paused",
        ),
        (
            {
                "commercial__ccr_autofollow_patterns.json": {
                    "patterns": [{"name": "p", "pattern": {"active": "yes"}}]
                }
            },
            "{s}/commercial/ccr_autofollow_patterns.json: patterns[0].pattern.active: not a bool",
        ),
        (
            {"commercial__ccr_autofollow_patterns.json": {"patterns": {}}},
            "{s}/commercial/ccr_autofollow_patterns.json: patterns: not a list",
        ),
    ],
)
def test_bad_files_name_file_and_field(tmp_path: Path, files: dict[str, Any], message: str) -> None:
    folder = snapshot(tmp_path / "s", **{k.replace("/", "__"): v for k, v in files.items()})
    code, out, err = topology(str(folder))
    assert (code, out) == (2, "")
    assert err.startswith("runbook-lint: " + message.format(s=folder)), err


def test_error_responses_make_the_side_unknown(tmp_path: Path) -> None:
    error = {"error": {"type": "security_exception", "reason": "no"}, "status": 403}
    folder = snapshot(
        tmp_path / "s", remote_cluster_info=None, commercial__ccr_follower_info_json=None
    )
    (folder / "commercial" / "ccr_follower_info.json").write_text(json.dumps(error))
    (folder / "remote_cluster_info.json").unlink()
    code, out, _ = topology(str(folder))
    assert code == 0
    assert out.splitlines()[2] == (
        "# c1: follower side unknown (no remote_cluster_info.json; commercial/ccr_follower_info.json"
        " holds an error response): its relations could not be read"
    )


def test_deeply_nested_json(tmp_path: Path) -> None:
    folder = snapshot(tmp_path / "s", nodes="[" * 200_000 + "]" * 200_000)
    code, _, err = topology(str(folder))
    assert (code, err) == (2, f"runbook-lint: {folder}/nodes.json: not JSON (nested too deeply)\n")


def test_huge_nodes_json_is_not_read(tmp_path: Path) -> None:
    folder = snapshot(tmp_path / "s")
    with open(folder / "nodes.json", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB that is not JSON
    code, _, err = topology(str(folder))
    assert (code, err) == (2, f"runbook-lint: {folder}/nodes.json: larger than 64 MiB\n")


def test_huge_unrelated_file_is_ignored(tmp_path: Path) -> None:
    folder = snapshot(tmp_path / "s")
    with open(folder / "tasks.json", "wb") as handle:
        handle.truncate(1024**3)  # 1 GiB, sparse, never opened
    assert topology(str(folder))[0] == 0


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text(json.dumps({"nodes": {"a": {"name": "n", "version": "8.1.0"}}}))
    folder = snapshot(tmp_path / "s")
    (folder / "nodes.json").unlink()
    (folder / "nodes.json").symlink_to(outside)
    code, _, err = topology(str(folder))
    assert (code, err) == (
        2,
        f"runbook-lint: {folder}/nodes.json: a symbolic link out of the snapshot\n",
    )


def test_folder_link_out_of_the_snapshot_is_refused(tmp_path: Path) -> None:
    # `commercial` itself a link: the direct read opens every component with
    # O_NOFOLLOW, so the link is seen (and judged) however deep it is.
    elsewhere = snapshot(tmp_path / "other") / "commercial"
    folder = snapshot(tmp_path / "s")
    shutil.rmtree(folder / "commercial")
    (folder / "commercial").symlink_to(elsewhere)
    code, _, err = topology(str(folder))
    assert (code, err) == (
        2,
        f"runbook-lint: {folder}/commercial/ccr_follower_info.json:"
        " a symbolic link out of the snapshot\n",
    )


def test_links_inside_the_snapshot_are_followed(tmp_path: Path) -> None:
    folder = snapshot(tmp_path / "real")
    (folder / "nodes.json").rename(folder / "nodes-saved.json")
    (folder / "nodes.json").symlink_to("nodes-saved.json")
    (tmp_path / "link").symlink_to(folder)  # the snapshot's own path a link
    assert topology(str(tmp_path / "link")) == (
        0,
        "# The live topology of 1 cluster, written by runbook-lint topology.\n\n"
        "cluster c1 version 8.15.1 nodes n1 (master)\n",
        "",
    )


def test_fifo_is_not_read(tmp_path: Path) -> None:
    folder = snapshot(tmp_path / "s")
    (folder / "nodes.json").unlink()
    os.mkfifo(folder / "nodes.json")
    code, _, err = topology(str(folder))
    assert (code, err) == (2, f"runbook-lint: {folder}/nodes.json: not a regular file\n")


def _zip(target: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, where in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, where)
    return target


def _members(folder: Path, prefix: str = "") -> dict[str, bytes]:
    return {
        prefix + p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_zip_slip_is_refused(tmp_path: Path) -> None:
    members = _members(snapshot(tmp_path / "s"))
    members["../../evil.json"] = b"{}"
    archive = _zip(tmp_path / "b.zip", members)
    code, _, err = topology(str(archive))
    assert (code, err) == (
        2,
        f"runbook-lint: {archive}: member '../../evil.json' leaves the archive; refused\n",
    )


def test_absolute_member_is_refused(tmp_path: Path) -> None:
    members = _members(snapshot(tmp_path / "s"))
    members["/etc/evil.json"] = b"{}"
    archive = _zip(tmp_path / "b.zip", members)
    assert topology(str(archive))[0] == 2


def test_zip_symlink_member_is_refused(tmp_path: Path) -> None:
    members = _members(snapshot(tmp_path / "s"))
    del members["nodes.json"]
    archive = _zip(tmp_path / "b.zip", members, {"nodes.json": "/etc/passwd"})
    code, _, err = topology(str(archive))
    assert (code, err) == (
        2,
        f"runbook-lint: {archive}:nodes.json: a symbolic link in the archive; refused\n",
    )


def test_zip_that_is_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "b.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    code, _, err = topology(str(bad))
    assert code == 2 and err.startswith(f"runbook-lint: {bad}: not a readable .zip")


def test_cluster_name_that_is_not_a_runbook_name(tmp_path: Path) -> None:
    folder = snapshot(tmp_path / "s", cluster="prod\n# evil\x1b[31m")
    code, out, err = topology(str(folder))
    assert (code, out) == (2, "")
    assert err == (
        f"runbook-lint: {folder}/version.json: cluster name 'prod\\n# evil\\x1b[31m' is not a"
        f" runbook name; give it one with NAME={folder}\n"
    )
    code, out, err = topology(f"prod={folder}")
    assert (code, err) == (0, "")
    assert "cluster prod version 8.15.1 nodes n1 (master)\n" in out


def test_keyword_cluster_name_needs_a_name(tmp_path: Path) -> None:
    folder = snapshot(tmp_path / "s", cluster="upgrade")
    assert topology(str(folder))[0] == 2


def test_node_names_are_made_runbook_names(tmp_path: Path) -> None:
    nodes = {
        "nodes": {
            "a": {"name": "es node 1", "version": "8.15.1"},
            "b": {"name": "2nd-node", "version": "8.15.1"},
            "c": {"name": "upgrade", "version": "8.15.1"},
            "d": {"name": "ünï#\n", "version": "8.15.1"},
        }
    }
    folder = snapshot(tmp_path / "s", nodes=nodes)
    code, out, _ = topology(str(folder))
    assert code == 0
    line = out.splitlines()[2]
    assert line == "cluster c1 version 8.15.1 nodes _2nd-node, _n___, _upgrade, es_node_1"
    assert [(d.span.line, d.code) for d in lint_text(out).diagnostics] == []


def test_node_names_that_collide(tmp_path: Path) -> None:
    nodes = {
        "nodes": {
            "a": {"name": "es 1", "version": "8.15.1"},
            "b": {"name": "es_1", "version": "8.15.1"},
        }
    }
    code, _, err = topology(str(snapshot(tmp_path / "s", nodes=nodes)))
    assert (code, err) == (
        2,
        f"runbook-lint: {tmp_path / 's'}/nodes.json: nodes: two nodes named 'es_1' (as the runbook spells them)\n",
    )


def test_hostile_labels_never_break_the_runbook(tmp_path: Path) -> None:
    leader = snapshot(tmp_path / "l", cluster="leader")
    follower = snapshot(
        tmp_path / "f",
        cluster="follower",
        commercial__ccr_follower_info_json=None,
    )
    (follower / "commercial" / "ccr_follower_info.json").write_text(
        json.dumps(
            {
                "follower_indices": [
                    {
                        "follower_index": 'x"\n}\nupgrade leader to 9.0.0 #',
                        "remote_cluster": "leader",
                        "leader_index": "l",
                        "status": "active",
                    },
                    {
                        "follower_index": 'quote"back\\slash',
                        "remote_cluster": "leader",
                        "leader_index": "l",
                        "status": "paused",
                    },
                ]
            }
        )
    )
    for how in ("pair", "each"):
        code, out, _ = topology("--relations", how, str(leader), str(follower))
        assert code == 0
        assert [(d.span.line, d.code) for d in lint_text(out).diagnostics] == []
        assert "upgrade leader" not in "".join(
            line
            for line in out.splitlines()
            if not line.lstrip().startswith("#") and "#" not in line
        )


def test_two_snapshots_of_one_cluster(tmp_path: Path) -> None:
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    code, _, err = topology(str(first), str(second))
    assert (code, err) == (
        2,
        f"runbook-lint: two snapshots of cluster 'c1': {first} and {second}; name one with NAME=PATH\n",
    )


def test_zip_imported_only_for_a_bundle() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from runbook_lint.live import snapshot\n"
        f"snapshot.read_all([{str(SETS / 'uni')!r}])\n"
        "print('zipfile' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"


def test_missing_path(tmp_path: Path) -> None:
    code, _, err = topology(str(tmp_path / "nope"))
    assert (code, err) == (
        2,
        f"runbook-lint: {tmp_path / 'nope'}: no such snapshot (a folder or a .zip)\n",
    )
    shutil.rmtree(tmp_path, ignore_errors=True)
