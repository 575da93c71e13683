"""The simulation state: every node's version and every relation's state.

The one mutable thing in the checker.  Each cluster's lowest and highest node
version are kept up to date as nodes move, and so is, for each bi-directional
group, how many of its relations are active and how many nodes run each
version, so that the checks after an action cost time proportional to what the
action touches, not to the whole topology.
"""

from __future__ import annotations

from runbook_lint.check.ranks import RankIndex, index_of
from runbook_lint.model.topology import Topology
from runbook_lint.model.versions import Version
from runbook_lint.syntax.ast import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence


class State:
    __slots__ = (
        "topology",
        "nodes",
        "low",
        "high",
        "counts",
        "active",
        "last_pause",
        "group_active",
        "group_listed",
        "group_versions",
        "ranks",
    )

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        clusters = topology.clusters
        # Each node on its own starting version (model/topology.py: a node's
        # `version` attribute, else its cluster's).
        self.nodes: list[list[Version]] = [list(c.starts) for c in clusters]
        self.low: list[Version] = [min(c.starts) for c in clusters]
        self.high: list[Version] = [max(c.starts) for c in clusters]
        # Per cluster with several nodes: how many nodes run each version.
        self.counts: list[dict[Version, int] | None] = [
            _count(c.starts) if len(c.nodes) > 1 else None for c in clusters
        ]
        # Per cluster that declares roles: its nodes by rank and version (RL309).
        self.ranks: list[RankIndex | None] = [index_of(c) for c in clusters]
        self.active: list[bool] = [True] * len(topology.relations)
        self.last_pause: list[Span | None] = [None] * len(topology.relations)
        self.group_active: list[int] = [len(rels) for rels in topology.group_relations]
        # Each group's active relations in declaration order, kept until a switch
        # changes one (ExactView.active_in_group): every upgrade of a cluster of an
        # unpaused group asks, and rebuilding it each time made a cycle quadratic.
        self.group_listed: list[list[int] | None] = [None] * len(topology.group_relations)
        self.group_versions: list[dict[Version, int]] = []
        for members in topology.groups:
            versions: dict[Version, int] = {}
            for member in members:
                for start in clusters[member].starts:
                    versions[start] = versions.get(start, 0) + 1
            self.group_versions.append(versions)

    # -- nodes ---------------------------------------------------------------

    def move(self, cluster: int, node: int | None, version: Version) -> Sequence[Version]:
        """Apply an upgrade as written: the named node, or every node, to ``version``.

        Returns the versions the named nodes ran before (RL301-RL303 judge them).
        """
        nodes = self.nodes[cluster]
        group = self.topology.clusters[cluster].group
        group_versions = self.group_versions[group] if group is not None else None
        counts = self.counts[cluster]
        before: Sequence[Version]
        ranks = self.ranks[cluster]
        if node is None:
            # A new list, so that the old one can be handed out as ``before``.
            before = nodes
            self.nodes[cluster] = [version] * len(nodes)
            if ranks is not None:
                ranks.reset(version)
        else:
            before = (nodes[node],)
            nodes[node] = version
            if ranks is not None:
                ranks.moved(node, before[0], version)
        for old in before:
            if old == version:
                continue
            if counts is not None:
                _decrement(counts, old)
                counts[version] = counts.get(version, 0) + 1
            if group_versions is not None:
                _decrement(group_versions, old)
                group_versions[version] = group_versions.get(version, 0) + 1
        if counts is None:
            self.low[cluster] = self.high[cluster] = version
        else:
            self.low[cluster] = min(counts)
            self.high[cluster] = max(counts)
        return before

    def group_uniform(self, group: int) -> bool:
        """Every node of every cluster of the group on one and the same version."""
        return len(self.group_versions[group]) == 1

    # -- relations -----------------------------------------------------------

    def set_active(self, relation: int, active: bool, pause_span: Span | None = None) -> None:
        if self.active[relation] == active:
            return
        self.active[relation] = active
        if not active:
            self.last_pause[relation] = pause_span
        group = self.topology.relations[relation].group
        if group is not None:
            self.group_active[group] += 1 if active else -1
            self.group_listed[group] = None


def _count(versions: Sequence[Version]) -> dict[Version, int]:
    counts: dict[Version, int] = {}
    for version in versions:
        counts[version] = counts.get(version, 0) + 1
    return counts


def _decrement(counts: dict[Version, int], version: Version) -> None:
    left = counts[version] - 1
    if left:
        counts[version] = left
    else:
        del counts[version]
