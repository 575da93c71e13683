"""Whose leader is it? Remote aliases resolved to clusters, and the live relations (live.md)."""

from __future__ import annotations

from operator import attrgetter

from runbook_lint.live.names import escaped
from runbook_lint.live.snapshot import Follower, Node, Pattern, Snapshot, SnapshotError
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


class LivePair:
    """The live relations from one leader to one follower, as their snapshot records them.

    A large estate has tens of thousands of follower indices and the drift check
    only asks whether a pair has relations, which are paused and, for a message,
    the first ten: the LiveRelation of each, sorted, is made only when asked.
    """

    __slots__ = ("follower", "leader", "indices", "patterns", "_sorted")

    def __init__(self, follower: str, leader: str) -> None:
        self.follower = follower
        self.leader = leader
        self.indices: list[Follower] = []
        self.patterns: list[Pattern] = []
        self._sorted: list[LiveRelation] | None = None

    def __len__(self) -> int:
        return len(self.indices) + len(self.patterns)

    def relations(self) -> list[LiveRelation]:
        """Patterns before indices, each kind by label (the order of every listing)."""
        if self._sorted is None:
            patterns = sorted(self.patterns, key=attrgetter("name"))
            indices = sorted(self.indices, key=attrgetter("index"))
            self._sorted = [
                LiveRelation(self.follower, self.leader, "auto-follow", p.name, p.active)
                for p in patterns
            ] + [
                LiveRelation(self.follower, self.leader, "index", f.index, f.active)
                for f in indices
            ]
        return self._sorted

    def any_paused(self) -> bool:
        return not all(f.active for f in self.indices) or not all(p.active for p in self.patterns)


def live_pairs(
    snapshots: list[Snapshot], resolved: dict[tuple[str, str], str]
) -> dict[tuple[str, str], LivePair]:
    """The live relations by (follower, leader), in that order."""
    pairs: dict[tuple[str, str], LivePair] = {}

    def pair(follower: str, alias: str) -> LivePair | None:
        leader = resolved.get((follower, alias))
        if leader is None:
            return None
        found = pairs.get((follower, leader))
        if found is None:
            found = pairs[(follower, leader)] = LivePair(follower, leader)
        return found

    for snapshot in snapshots:
        # The pair of each alias looked up once; the followers kept in the
        # snapshot's order (the sort by label is stable, as it was).
        of_alias: dict[str, LivePair | None] = {}
        for follower in snapshot.followers or ():
            alias = follower.alias
            found = (
                of_alias[alias]
                if alias in of_alias
                else of_alias.setdefault(alias, pair(snapshot.name, alias))
            )
            if found is not None:
                found.indices.append(follower)
        for pattern in snapshot.patterns or ():
            found = pair(snapshot.name, pattern.alias)
            if found is not None:
                found.patterns.append(pattern)
    return dict(sorted(pairs.items()))


def parse_alias(text: str) -> tuple[str, str, str]:
    """`FOLLOWER:ALIAS=LEADER` to its three parts; a ValueError names what is wrong."""
    head, sep, leader = text.partition("=")
    follower, colon, alias = head.partition(":")
    if not sep or not colon or not follower or not alias or not leader:
        raise ValueError(f"--alias '{escaped(text)}' is not FOLLOWER:ALIAS=LEADER")
    return follower, alias, leader
