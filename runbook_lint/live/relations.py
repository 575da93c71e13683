"""Whose leader is it? Remote aliases resolved to clusters, and the live relations (live.md)."""

from __future__ import annotations

from runbook_lint.live.names import escaped
from runbook_lint.live.snapshot import Node, Snapshot, SnapshotError
from runbook_lint.records import record

Aliases = dict[str, dict[str, str]]  # follower cluster -> remote alias -> leader cluster


@record
class LiveRelation:
    follower: str
    leader: str
    kind: str  # "index" or "auto-follow"
    label: str
    active: bool


def _split(address: str) -> tuple[str, str]:
    """`host:port` (or `[v6]:port`) to (host lowercased, port)."""
    if address.startswith("["):
        host, _, rest = address[1:].partition("]")
        return host.lower(), rest.lstrip(":")
    host, _, port = address.rpartition(":")
    return (host.lower(), port) if host else (address.lower(), "")


class _Addresses:
    """Every node address of every snapshot, indexed once per resolution (not per alias)."""

    def __init__(self, snapshots: list[Snapshot]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.by_host: dict[tuple[str, str], set[str]] = {}
        for snapshot in snapshots:
            for node in snapshot.nodes:
                self._add(snapshot.name, node)

    def _add(self, cluster: str, node: Node) -> None:
        if node.transport_address is None:
            return
        self.exact.setdefault(node.transport_address.lower(), set()).add(cluster)
        _, port = _split(node.transport_address)
        for value in (node.host, node.ip):
            if value:
                self.by_host.setdefault((value.lower(), port), set()).add(cluster)

    def clusters(self, address: str) -> set[str]:
        found = set(self.exact.get(address.lower(), ()))
        found |= self.by_host.get(_split(address), set())
        return found


def resolve(
    snapshots: list[Snapshot],
    aliases: Aliases,
    declared: frozenset[str] = frozenset(),
    runbook: str | None = None,
) -> dict[tuple[str, str], str]:
    """(follower, alias) to the leader's cluster name, for each alias a follower uses."""
    names = {snapshot.name for snapshot in snapshots}
    addresses = _Addresses(snapshots)
    resolved: dict[tuple[str, str], str] = {}
    for snapshot in snapshots:
        if not snapshot.follower_side_known:
            continue
        used = {f.alias for f in snapshot.followers or ()} | {
            p.alias for p in snapshot.patterns or ()
        }
        for alias in sorted(used):
            resolved[(snapshot.name, alias)] = _resolve_one(
                snapshot, alias, addresses, aliases, names | declared, runbook
            )
    return resolved


def _resolve_one(
    follower: Snapshot,
    alias: str,
    addresses: _Addresses,
    aliases: Aliases,
    names: set[str] | frozenset[str],
    runbook: str | None,
) -> str:
    explicit = aliases.get(follower.name, {}).get(alias)
    if explicit is not None:
        return explicit
    remote = (follower.remotes or {}).get(alias)
    tried = ["no --alias or configured alias"]
    if remote is not None and remote.addresses:
        found: set[str] = set()
        for address in remote.addresses:
            found |= addresses.clusters(address)
        found.discard(follower.name)
        matched = sorted(found)
        if len(matched) == 1:
            return matched[0]
        shown = ", ".join(escaped(address) for address in remote.addresses)
        if len(matched) > 1:
            raise SnapshotError(
                f"remote alias '{escaped(alias)}' of follower cluster '{follower.name}' is"
                f" ambiguous: its address {shown} matches nodes of {', '.join(matched)};"
                f" settle it with --alias {follower.name}:{escaped(alias)}=LEADER"
            )
        tried.append(f"its address {shown} matches no node of another snapshot")
    else:
        tried.append("remote_cluster_info.json gives it no address")
    if alias in names and alias != follower.name:
        return alias
    where = f" or declared in {runbook}" if runbook is not None else ""
    tried.append(f"no snapshot's cluster{where} is named '{escaped(alias)}'")
    raise SnapshotError(
        f"cannot resolve remote alias '{escaped(alias)}' of follower cluster '{follower.name}'"
        f" ({'; '.join(tried)}); settle it with --alias {follower.name}:{escaped(alias)}=LEADER"
    )


def live_relations(
    snapshots: list[Snapshot], resolved: dict[tuple[str, str], str]
) -> list[LiveRelation]:
    """Every live relation, sorted by follower, leader, kind and label."""
    relations: list[LiveRelation] = []
    for snapshot in snapshots:
        for follower in snapshot.followers or ():
            leader = resolved.get((snapshot.name, follower.alias))
            if leader is not None:
                relations.append(
                    LiveRelation(snapshot.name, leader, "index", follower.index, follower.active)
                )
        for pattern in snapshot.patterns or ():
            leader = resolved.get((snapshot.name, pattern.alias))
            if leader is not None:
                relations.append(
                    LiveRelation(snapshot.name, leader, "auto-follow", pattern.name, pattern.active)
                )
    relations.sort(key=lambda r: (r.follower, r.leader, r.kind == "index", r.label))
    return relations


def parse_alias(text: str) -> tuple[str, str, str]:
    """`FOLLOWER:ALIAS=LEADER` to its three parts; a ValueError names what is wrong."""
    head, sep, leader = text.partition("=")
    follower, colon, alias = head.partition(":")
    if not sep or not colon or not follower or not alias or not leader:
        raise ValueError(f"--alias '{escaped(text)}' is not FOLLOWER:ALIAS=LEADER")
    return follower, alias, leader
