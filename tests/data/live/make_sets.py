"""Builds the snapshot sets under sets/ from the documented response shapes in fixtures/.

Each response is the documented one (fixtures/README.md names its origin) with
only the values changed: names, versions, addresses, roles, statuses. Run it
again after changing it: `python tests/data/live/make_sets.py`.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SETS = HERE / "sets"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


# An error body as a cluster without a licence for CCR answers (the shape of every
# Elasticsearch error response: `error` with `root_cause`/`type`/`reason`, and `status`).
UNLICENSED = {
    "error": {
        "root_cause": [
            {
                "type": "security_exception",
                "reason": "current license is non-compliant for [ccr]",
                "license.expired.feature": "ccr",
            }
        ],
        "type": "security_exception",
        "reason": "current license is non-compliant for [ccr]",
        "license.expired.feature": "ccr",
    },
    "status": 403,
}


def root(cluster: str, version: str) -> Any:
    body = fixture("root_info.json")
    body["cluster_name"] = cluster
    body["version"]["number"] = version
    return body


def nodes(cluster: str, specs: list[tuple[str, str, str, list[str]]]) -> Any:
    """specs: (name, version, ip:port, roles)."""
    body = fixture("nodes_info_abbreviated.json")
    template = next(iter(body["nodes"].values()))
    body["cluster_name"] = cluster
    body["nodes"] = {}
    for number, (name, version, address, roles) in enumerate(specs):
        node = copy.deepcopy(template)
        ip = address.rsplit(":", 1)[0]
        node.update(
            name=name,
            version=version,
            transport_address=address,
            ip=ip,
            host=f"{name}.example.com",
            roles=roles,
        )
        node_id = f"{cluster[:4]}{number:02d}AbCdEfGhIjKlMn"
        body["nodes"][node_id] = node
    return body


def remotes(entries: dict[str, list[str] | str]) -> Any:
    """alias -> seeds (sniff) or a proxy address (proxy: the fields of ClusterRemoteInfoResponse.ts)."""
    sniff = fixture("remote_info_sniff_ccr_tutorial.json")["leader"]
    body: dict[str, Any] = {}
    for alias, address in entries.items():
        if isinstance(address, list):
            entry = copy.deepcopy(sniff)
            entry["seeds"] = address
        else:
            entry = {
                "mode": "proxy",
                "connected": True,
                "initial_connect_timeout": "30s",
                "skip_unavailable": False,
                "proxy_address": address,
                "server_name": "",
                "num_proxy_sockets_connected": 18,
                "max_proxy_socket_connections": 18,
            }
        body[alias] = entry
    return body


def followers(entries: list[tuple[str, str, str]]) -> Any:
    """(follower index, alias, status)."""
    active = fixture("index_ccr_info_active.json")["follower_indices"][0]
    paused = fixture("index_ccr_info_paused.json")["follower_indices"][0]
    items = []
    for index, alias, status in entries:
        item = copy.deepcopy(active if status == "active" else paused)
        item.update(follower_index=index, remote_cluster=alias, leader_index=index)
        items.append(item)
    return {"follower_indices": items}


def patterns(entries: list[tuple[str, str, bool]]) -> Any:
    """(name, alias, active)."""
    template = fixture("auto_follow_pattern_by_name.json")["patterns"][0]
    items = []
    for name, alias, active in entries:
        item = copy.deepcopy(template)
        item["name"] = name
        item["pattern"]["remote_cluster"] = alias
        item["pattern"]["active"] = active
        items.append(item)
    return {"patterns": items}


def write(folder: Path, files: dict[str, Any]) -> None:
    for name, body in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body, indent=2) + "\n")


def cluster(
    set_name: str,
    name: str,
    version: str,
    node_specs: list[tuple[str, str, str, list[str]]],
    remote: dict[str, list[str] | str] | None = None,
    follow: list[tuple[str, str, str]] | None = None,
    pats: list[tuple[str, str, bool]] | None = None,
    unlicensed: bool = False,
) -> None:
    files: dict[str, Any] = {
        "version.json": root(name, version),
        "nodes.json": nodes(name, node_specs),
        "remote_cluster_info.json": remotes(remote or {}),
    }
    if unlicensed:
        files["commercial/ccr_follower_info.json"] = UNLICENSED
        files["commercial/ccr_autofollow_patterns.json"] = UNLICENSED
    else:
        files["commercial/ccr_follower_info.json"] = followers(follow or [])
        files["commercial/ccr_autofollow_patterns.json"] = patterns(pats or [])
    write(SETS / set_name / name, files)


HOT = ["data_hot", "ingest", "master"]


def main() -> None:
    shutil.rmtree(SETS, ignore_errors=True)
    # Uni-directional pair; eu-west's alias `us` resolved by its seed.
    cluster("uni", "us-east", "8.14.3", [("es-us-1", "8.14.3", "10.0.1.1:9300", HOT)])
    cluster(
        "uni",
        "eu-west",
        "8.14.3",
        [("es-eu-1", "8.14.3", "10.0.2.1:9300", HOT), ("es-eu-2", "8.14.3", "10.0.2.2:9300", HOT)],
        remote={"us": ["10.0.1.1:9300"]},
        follow=[("orders", "us", "active"), ("customers", "us", "active")],
    )
    # A chain us-east <- eu-west <- dr; aliases equal to the cluster names.
    cluster("chain", "us-east", "8.14.3", [("es-us-1", "8.14.3", "10.0.1.1:9300", HOT)])
    cluster(
        "chain",
        "eu-west",
        "8.14.3",
        [("es-eu-1", "8.14.3", "10.0.2.1:9300", HOT)],
        remote={"us-east": ["us-east-seed.example.com:9300"]},
        follow=[("orders", "us-east", "active")],
    )
    cluster(
        "chain",
        "dr",
        "8.14.3",
        [("es-dr-1", "8.14.3", "10.0.3.1:9300", HOT)],
        remote={"eu-west": ["eu-west-seed.example.com:9300"]},
        follow=[("orders", "eu-west", "active")],
    )
    # A bi-directional pair with patterns; one alias by host name + port (sniff),
    # the other by proxy address.
    cluster(
        "bidi",
        "site-a",
        "9.0.3",
        [("a-1", "9.0.3", "10.1.0.1:9300", HOT)],
        remote={"b": ["b-1.example.com:9300"]},
        follow=[("catalog-b", "b", "active")],
        pats=[("logs-b", "b", True)],
    )
    cluster(
        "bidi",
        "site-b",
        "9.0.3",
        [("b-1", "9.0.3", "10.1.0.2:9300", HOT)],
        remote={"a": "10.1.0.1:9300"},
        follow=[("catalog-a", "a", "active")],
        pats=[("logs-a", "a", True)],
    )
    # Paused index and pattern.
    cluster("paused", "leader", "8.15.1", [("l-1", "8.15.1", "10.2.0.1:9300", HOT)])
    cluster(
        "paused",
        "follower",
        "8.15.1",
        [("f-1", "8.15.1", "10.2.0.2:9300", HOT)],
        remote={"leader": ["10.2.0.1:9300"]},
        follow=[("metrics", "leader", "paused"), ("orders", "leader", "active")],
        pats=[("audit", "leader", False)],
    )
    # Mid-rolling-upgrade with roles; an unlicensed cluster beside it.
    cluster(
        "rolling",
        "search",
        "8.15.1",
        [
            ("es-m1", "8.15.1", "10.3.0.1:9300", ["master"]),
            ("es-h1", "8.14.3", "10.3.0.2:9300", ["data_hot", "ingest"]),
            ("es-c1", "8.14.3", "10.3.0.3:9300", ["data_cold"]),
        ],
    )
    cluster(
        "rolling",
        "basic",
        "8.15.1",
        [("es-b1", "8.15.1", "10.3.1.1:9300", HOT)],
        unlicensed=True,
    )
    # An alias that nothing resolves.
    cluster("unresolvable", "x", "8.15.1", [("x-1", "8.15.1", "10.4.0.1:9300", HOT)])
    cluster(
        "unresolvable",
        "y",
        "8.15.1",
        [("y-1", "8.15.1", "10.4.0.2:9300", HOT)],
        remote={"far": ["10.9.9.9:9300"]},
        follow=[("orders", "far", "active")],
    )
    # An alias whose seeds match nodes of two snapshots.
    cluster("ambiguous", "p", "8.15.1", [("p-1", "8.15.1", "10.5.0.1:9300", HOT)])
    cluster("ambiguous", "q", "8.15.1", [("q-1", "8.15.1", "10.5.0.2:9300", HOT)])
    cluster(
        "ambiguous",
        "r",
        "8.15.1",
        [("r-1", "8.15.1", "10.5.0.3:9300", HOT)],
        remote={"src": ["10.5.0.1:9300", "10.5.0.2:9300"]},
        follow=[("orders", "src", "active")],
    )


if __name__ == "__main__":
    main()
