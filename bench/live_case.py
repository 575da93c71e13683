"""Case 8 of bench/run.py: live state (live.md) at the size of a large estate.

200 cluster snapshots (3 nodes each), every cluster but the first following the
one before it with 50 follower indices, the alias resolved by its seed address.

8a. `topology` of the 200 snapshots, against `check` of the runbook it writes
    (both whole processes): for the report.
8b. `check --live` of a 1,000-line runbook (those declarations and upgrades of
    every cluster, followers first) against the 200 snapshots, against the same
    `check` without `--live`: target <= 1.5.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from collections.abc import Callable
from typing import Any

CLUSTERS = 200
INDICES = 50


def _write(path: str, body: Any) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(body, handle)


def make_snapshots(folder: str) -> None:
    """The snapshots, in the shapes of the documented responses (tests/data/live/fixtures)."""
    for number in range(CLUSTERS):
        name = f"c{number:03d}"
        root = os.path.join(folder, name)
        _write(
            os.path.join(root, "version.json"),
            {"cluster_name": name, "version": {"number": "8.14.3"}},
        )
        nodes = {
            f"{name}n{k}": {
                "name": f"{name}-node-{k}",
                "version": "8.14.3",
                "roles": ["master", "data_hot", "ingest"],
                "transport_address": f"10.{number // 250}.{number % 250}.{k + 1}:9300",
                "host": f"{name}-node-{k}.example.com",
                "ip": f"10.{number // 250}.{number % 250}.{k + 1}",
            }
            for k in range(3)
        }
        _write(
            os.path.join(root, "nodes.json"), {"_nodes": {}, "cluster_name": name, "nodes": nodes}
        )
        remote: dict[str, Any] = {}
        followers: list[dict[str, Any]] = []
        if number > 0:
            leader = number - 1
            remote["upstream"] = {
                "seeds": [f"10.{leader // 250}.{leader % 250}.1:9300"],
                "connected": True,
                "mode": "sniff",
            }
            followers = [
                {
                    "follower_index": f"index-{i:02d}",
                    "remote_cluster": "upstream",
                    "leader_index": f"index-{i:02d}",
                    "status": "active",
                }
                for i in range(INDICES)
            ]
        _write(os.path.join(root, "remote_cluster_info.json"), remote)
        _write(
            os.path.join(root, "commercial", "ccr_follower_info.json"),
            {"follower_indices": followers},
        )
        _write(os.path.join(root, "commercial", "ccr_autofollow_patterns.json"), {"patterns": []})


def make_runbook(topology_text: str, path: str, lines: int = 1000) -> None:
    body = [topology_text.rstrip("\n"), ""]
    for number in reversed(range(CLUSTERS)):  # followers first: the chain's end back to c000
        body.append(f"upgrade c{number:03d} to 8.15.1")
    while len(body) + topology_text.count("\n") < lines:
        body.append('note "wait for green health"')
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(body) + "\n")


def case(
    work: str,
    runs: int,
    report: Callable[..., bool],
    run_process: Callable[[list[str]], tuple[float, float, int]],
    command: list[str],
) -> list[bool]:
    snapshots = os.path.join(work, "live-snapshots")
    make_snapshots(snapshots)
    written = subprocess.run(
        [*command, "topology", "--isolated", snapshots], capture_output=True, check=True, text=True
    ).stdout
    topology_file = os.path.join(work, "live-topology.rbk")
    with open(topology_file, "w", encoding="utf-8") as handle:
        handle.write(written)
    runbook = os.path.join(work, "live-runbook.rbk")
    make_runbook(written, runbook)

    topology = [*command, "topology", "--isolated", snapshots, "-o", os.devnull]
    check_it = [*command, "check", "--isolated", "--format", "json", topology_file]
    pairs = [(run_process(topology), run_process(check_it)) for _ in range(runs)]
    detail = (
        f"topology {statistics.median(a[0] for a, _ in pairs):.2f} s vs check"
        f" {statistics.median(b[0] for _, b in pairs):.2f} s"
        f" ({CLUSTERS} clusters, {(CLUSTERS - 1) * INDICES} follower indices)"
    )
    results = [
        report(
            "8a. topology of 200 snapshots (wall, report)",
            [a[0] / b[0] for a, b in pairs],
            float("inf"),
            detail,
        )
    ]

    live = [*command, "check", "--isolated", "--format", "json", "--live", snapshots, runbook]
    plain = [*command, "check", "--isolated", "--format", "json", runbook]
    pairs = [(run_process(live), run_process(plain)) for _ in range(runs)]
    detail = (
        f"--live {statistics.median(a[0] for a, _ in pairs):.2f} s vs without"
        f" {statistics.median(b[0] for _, b in pairs):.2f} s"
    )
    results.append(
        report(
            "8b. check --live, 1,000-line runbook (wall)",
            [a[0] / b[0] for a, b in pairs],
            1.5,
            detail,
        )
    )
    return results
