"""The simulation state: every node's version and every relation's state.

The one mutable thing in the checker.  Each cluster's lowest and highest node
version are kept up to date as nodes move, and so is, for each bi-directional
group, how many of its relations are active and how many nodes run each
version, so that the checks after an action cost time proportional to what the
action touches, not to the whole topology.
"""

from __future__ import annotations

from runbook_lint.model.topology import Topology
from runbook_lint.model.versions import Version
from runbook_lint.syntax.ast import Span


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
        "group_versions",
    )

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        clusters = topology.clusters
        self.nodes: list[list[Version]] = [[c.version] * len(c.nodes) for c in clusters]
        self.low: list[Version] = [c.version for c in clusters]
        self.high: list[Version] = [c.version for c in clusters]
        # Per cluster with several nodes: how many nodes run each version.
        self.counts: list[dict[Version, int] | None] = [
            {c.version: len(c.nodes)} if len(c.nodes) > 1 else None for c in clusters
        ]
        self.active: list[bool] = [True] * len(topology.relations)
        self.last_pause: list[Span | None] = [None] * len(topology.relations)
        self.group_active: list[int] = [len(rels) for rels in topology.group_relations]
        self.group_versions: list[dict[Version, int]] = []
        for members in topology.groups:
            versions: dict[Version, int] = {}
            for member in members:
                c = clusters[member]
                versions[c.version] = versions.get(c.version, 0) + len(c.nodes)
            self.group_versions.append(versions)

    # -- nodes ---------------------------------------------------------------

    def move(self, cluster: int, node: int | None, version: Version) -> None:
        """Apply an upgrade as written: the named node, or every node, to ``version``."""
        nodes = self.nodes[cluster]
        group = self.topology.clusters[cluster].group
        group_versions = self.group_versions[group] if group is not None else None
        counts = self.counts[cluster]
        targets = range(len(nodes)) if node is None else (node,)
        for i in targets:
            old = nodes[i]
            if old == version:
                continue
            nodes[i] = version
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


def _decrement(counts: dict[Version, int], version: Version) -> None:
    left = counts[version] - 1
    if left:
        counts[version] = left
    else:
        del counts[version]
