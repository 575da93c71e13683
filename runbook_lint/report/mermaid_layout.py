"""How a topology's flowchart is laid out: its direction, and what fits in Mermaid's limits.

Plain arithmetic over the topology, apart from the text (``mermaid.py``
writes it): the estimate of the picture's width, which picks left to right or
top-down, and the clusters to draw when the whole topology would be over
Mermaid's edge or text limit.
"""

from __future__ import annotations

from collections import deque

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.model.topology import Topology
    from runbook_lint.report.highlight import Highlight, Pair

__all__ = ["CHAR_WIDTH", "MAX_WIDTH", "NODE_PADDING", "choose", "direction"]

# GitHub's content column is about 1,012 px wide; past it Mermaid scales the
# whole picture down until its text is unreadable.
MAX_WIDTH = 1000
# The estimate of a node's width: 8 px per character of its longest label line
# (Mermaid's 16 px font) plus 80 px of padding and spacing between ranks or nodes.
CHAR_WIDTH = 8
NODE_PADDING = 80


def choose(
    topology: Topology,
    pairs: Sequence[Pair],
    node_sizes: Sequence[int],
    edge_sizes: Sequence[int],
    highlight: Highlight,
    max_edges: int,
    budget: int,
) -> set[int]:
    """The clusters to draw when the whole topology is over Mermaid's limits.

    Clusters join in order: those the diagnostics are about (and the ends of
    their pairs), then their neighbours breadth first, then the others in
    declaration order, each as long as the edges it brings stay within
    ``max_edges`` and the text within ``budget``, counted from above from the
    sizes of each cluster's and each pair's line (plus room for their IDs in
    the styling statements).
    """
    neighbours: list[list[tuple[int, int]]] = [[] for _ in topology.clusters]
    for number, (follower, leader) in enumerate(pairs):
        neighbours[follower].append((leader, number))
        neighbours[leader].append((follower, number))
    seeds = set(highlight.clusters)
    for follower, leader in highlight.pairs:
        seeds.update((follower, leader))

    chosen: set[int] = set()
    groups_open: set[int] = set()
    edges = 0
    size = 2_000  # the first line, comments and classDef statements
    queue = deque(sorted(seeds))  # breadth first from all of them at once
    queued = set(seeds)
    rest = iter(c.index for c in topology.clusters)
    while True:
        if not queue:
            start = next((c for c in rest if c not in queued), None)
            if start is None:
                return chosen
            queue.append(start)
            queued.add(start)
        cluster = queue.popleft()
        new_edges = [n for other, n in neighbours[cluster] if other in chosen]
        cost = node_sizes[cluster] + 12  # its line, and its ID in a class statement
        cost += sum(edge_sizes[n] + 10 for n in new_edges)  # lines, and IDs in linkStyle
        group = topology.clusters[cluster].group
        if group is not None and group not in groups_open:
            cost += 60  # the subgraph's two lines
        if edges + len(new_edges) > max_edges or size + cost > budget:
            return chosen
        chosen.add(cluster)
        edges += len(new_edges)
        size += cost
        if group is not None:
            groups_open.add(group)
        for other, _ in neighbours[cluster]:
            if other not in queued:
                queued.add(other)
                queue.append(other)


def direction(topology: Topology, pairs: Sequence[Pair], widths: dict[int, int]) -> str:
    """``LR`` while the estimated width fits MAX_WIDTH; else ``TD`` if that is narrower.

    The estimate lays the drawn clusters out in ranks as Mermaid's layout does
    (longest path from a cluster no edge enters; a bi-directional group, a
    cycle, spans as many ranks as it has members). Left to right, the width
    is the sum over the ranks of their widest node; top-down, the widest
    rank's nodes side by side. A node counts CHAR_WIDTH px per character of
    its longest label line plus NODE_PADDING px.
    """
    component: dict[int, int] = {}  # cluster -> its component's first member
    members: dict[int, list[int]] = {}
    for cluster in sorted(widths):
        group = topology.clusters[cluster].group
        key = cluster if group is None else topology.groups[group][0]
        component[cluster] = key
        members.setdefault(key, []).append(cluster)
    successors: dict[int, list[int]] = {key: [] for key in members}
    entering = dict.fromkeys(members, 0)
    for follower, leader in pairs:
        source, target = component[leader], component[follower]
        if source != target:
            successors[source].append(target)
            entering[target] += 1
    start = dict.fromkeys(members, 0)
    ready = [key for key, n in entering.items() if n == 0]
    while ready:  # Kahn's algorithm: components in topological order
        key = ready.pop()
        end = start[key] + len(members[key])
        for target in successors[key]:
            start[target] = max(start[target], end)
            entering[target] -= 1
            if entering[target] == 0:
                ready.append(target)
    widest: dict[int, int] = {}  # rank -> its widest node
    side_by_side: dict[int, int] = {}  # rank -> its nodes' widths added up
    for key, group_members in members.items():
        for offset, cluster in enumerate(group_members):
            rank = start[key] + offset
            width = CHAR_WIDTH * widths[cluster] + NODE_PADDING
            widest[rank] = max(widest.get(rank, 0), width)
            side_by_side[rank] = side_by_side.get(rank, 0) + width
    left_to_right = sum(widest.values())
    if left_to_right <= MAX_WIDTH:
        return "LR"
    return "TD" if max(side_by_side.values()) < left_to_right else "LR"
