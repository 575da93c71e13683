"""What a file's diagnostics are about: the clusters and relations its diagram highlights.

Diagnostics carry no structured subject, only where they are: their own span
and their related locations ("'b follows a' is declared here").  The
statements at those lines say what they are about.  Used by the markdown
report (``mermaid.diagram`` draws the result).
"""

from __future__ import annotations

from runbook_lint.records import record
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

    from runbook_lint.diagnostics import Diagnostic
    from runbook_lint.model.topology import Topology

__all__ = ["Highlight", "Pair", "about"]

Pair = tuple[int, int]  # (follower, leader) cluster indices


@record
class Highlight:
    """The clusters and (follower, leader) pairs a file's diagnostics are about.

    Each maps to the highest severity rank among those diagnostics.
    """

    clusters: dict[int, int]
    pairs: dict[Pair, int]


def _pair_of(topology: Topology, relation: ast.Relation) -> Pair | None:
    follower = topology.by_name.get(relation.follower.text)
    leader = topology.by_name.get(relation.leader.text)
    if follower is None or leader is None:
        return None
    pair = (follower.index, leader.index)
    return pair if pair in topology.by_pair else None


def about(runbook: ast.Runbook, topology: Topology, diagnostics: Iterable[Diagnostic]) -> Highlight:
    """What each diagnostic is about, read from the statements at its lines.

    A diagnostic's own line and the lines of its related locations ("declared
    here") are looked up: a cluster declaration or an upgrade names a cluster;
    a relation declaration, or a ``pause``/``resume`` of one, names its pair
    (``pause all`` and ``resume all`` name every pair).
    """
    cluster_at: dict[int, list[int]] = {}  # line -> the clusters its statement names
    pair_at: dict[int, list[Pair]] = {}  # line -> the pairs its statement names
    every_pair_at: set[int] = set()  # the lines of `pause all` and `resume all`

    def cluster(name: ast.Name, span: ast.Span) -> None:
        model = topology.by_name.get(name.text)
        if model is not None:
            for line in range(span.line, span.end_line + 1):
                cluster_at.setdefault(line, []).append(model.index)

    def pair(relation: ast.Relation, span: ast.Span) -> None:
        found = _pair_of(topology, relation)
        if found is not None:
            for line in range(span.line, span.end_line + 1):
                pair_at.setdefault(line, []).append(found)

    for statement in runbook.statements:
        if isinstance(statement, ast.Cluster):
            cluster(statement.name, statement.span)
        elif isinstance(statement, ast.Relation):
            pair(statement, statement.span)
    for action in ast.actions(runbook.statements):
        if isinstance(action, ast.Upgrade):
            cluster(action.cluster, action.span)
        elif isinstance(action, (ast.Pause, ast.Resume)):
            if action.relation is not None:
                pair(action.relation, action.span)
            else:
                every_pair_at.update(range(action.span.line, action.span.end_line + 1))

    # The most severe diagnostic at each line first, so that many diagnostics
    # at one line (or at many `pause all` lines) cost one pass, not one each.
    line_rank: dict[int, int] = {}
    for diagnostic in diagnostics:
        rank = diagnostic.severity.rank
        for line in (diagnostic.span.line, *(r.span.line for r in diagnostic.related)):
            line_rank[line] = max(line_rank.get(line, rank), rank)
    clusters: dict[int, int] = {}
    pairs: dict[Pair, int] = {}
    every = -1  # the rank that `pause all`/`resume all` gives every pair
    for line, rank in line_rank.items():
        for index in cluster_at.get(line, ()):
            clusters[index] = max(clusters.get(index, rank), rank)
        for found in pair_at.get(line, ()):
            pairs[found] = max(pairs.get(found, rank), rank)
        if line in every_pair_at:
            every = max(every, rank)
    if every >= 0:
        for found in topology.by_pair:
            pairs[found] = max(pairs.get(found, every), every)
    return Highlight(clusters, pairs)
